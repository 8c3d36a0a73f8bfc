//! Lists of reasons every service starts with and its managers extend: why
//! an enquiry closed, why a carer household left. Each list is a standard
//! enum plus the reasons an organisation added, kept in one table by list.
//! An added reason that is no longer wanted is retired, never deleted, so
//! the history still says what it was.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::policy::Permission;
use crate::recruitment::entities::closure_reason::{self as added_reason, Column as C};
use crate::{Actor, Ctx, DomainError, Named};

const SHORTEST: usize = 3;
const LONGEST: usize = 100;

/// The standard reasons of one list.
pub trait StandardReason: Copy + PartialEq + Eq + std::fmt::Debug + 'static {
    /// The list's stored name.
    const LIST: &'static str;
    /// Who keeps the list: adds and retires its reasons.
    const KEEPERS: Permission;
    /// Who chooses from it, besides its keepers.
    const CHOOSERS: Permission;
    /// "Another reason", listed last: the list's `Other`.
    const OTHER: Self;
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self>;
    fn label(self) -> &'static str;
}

/// Makes a `stored_names!` enum the standard reasons of list `$list`, kept
/// by holders of `$keepers` and chosen from by holders of `$choosers`.
macro_rules! standard_reasons {
    ($type:ident, $list:literal, $keepers:ident, $choosers:ident) => {
        impl $crate::reason_lists::StandardReason for $type {
            const LIST: &'static str = $list;
            const KEEPERS: $crate::policy::Permission = $crate::policy::Permission::$keepers;
            const CHOOSERS: $crate::policy::Permission = $crate::policy::Permission::$choosers;
            const OTHER: Self = Self::Other;

            fn all() -> &'static [Self] {
                Self::ALL
            }

            fn code(self) -> &'static str {
                self.as_str()
            }

            fn from_code(code: &str) -> Option<Self> {
                Self::parse(code)
            }

            fn label(self) -> &'static str {
                $type::label(self)
            }
        }
    };
}
pub(crate) use standard_reasons;

/// A reason as chosen: one of the standard list, or one an organisation added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice<S> {
    Standard(S),
    Added(i32),
}

impl<S: StandardReason> Choice<S> {
    /// How the history stores it.
    pub fn code(self) -> String {
        match self {
            Self::Standard(reason) => reason.code().to_owned(),
            Self::Added(id) => format!("added:{id}"),
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code.strip_prefix("added:") {
            Some(id) => id.parse().ok().map(Self::Added),
            None => S::from_code(code).map(Self::Standard),
        }
    }
}

/// A reason on an organisation's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry<S> {
    pub choice: Choice<S>,
    pub label: String,
}

impl<S> Entry<S> {
    /// The id of a reason the organisation added: one its keepers may retire.
    pub fn added_id(&self) -> Option<i32> {
        match self.choice {
            Choice::Added(id) => Some(id),
            Choice::Standard(_) => None,
        }
    }
}

/// The reasons the organisation's staff choose from: the standard ones,
/// then those its managers added, by name ("Another reason" last).
pub async fn reasons<S: StandardReason>(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<Entry<S>>, DomainError> {
    actor
        .require(S::CHOOSERS, organisation_id)
        .or_else(|_| actor.require(S::KEEPERS, organisation_id))?;
    let added = added_reason::Entity::find()
        .filter(C::List.eq(S::LIST))
        .filter(C::OrganisationId.eq(organisation_id))
        .filter(C::RetiredAt.is_null())
        .order_by_asc(C::Label)
        .all(&ctx.db)
        .await?;
    let standard = |reason: S| Entry {
        choice: Choice::Standard(reason),
        label: reason.label().to_owned(),
    };
    let mut list: Vec<Entry<S>> = S::all()
        .iter()
        .filter(|r| **r != S::OTHER)
        .map(|r| standard(*r))
        .collect();
    list.extend(added.into_iter().map(|r| Entry {
        choice: Choice::Added(r.id),
        label: r.label,
    }));
    list.push(standard(S::OTHER));
    Ok(list)
}

/// Adds a reason to the organisation's list: for those who keep it.
pub async fn add_reason<S: StandardReason>(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    label: &str,
) -> Result<i32, DomainError> {
    actor.require(S::KEEPERS, organisation_id)?;
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    let length = label.chars().count();
    if !(SHORTEST..=LONGEST).contains(&length) {
        return Err(DomainError::invalid(
            "label",
            format!("Enter the reason, in {SHORTEST} to {LONGEST} characters"),
        ));
    }
    let same_label = added_reason::Entity::find()
        .filter(C::List.eq(S::LIST))
        .filter(C::OrganisationId.eq(organisation_id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .find(|r| r.label.to_lowercase() == label.to_lowercase());
    let standard = S::all()
        .iter()
        .any(|r| r.label().to_lowercase() == label.to_lowercase());
    let taken = || DomainError::invalid("label", "That reason is already on the list");
    match same_label {
        _ if standard => Err(taken()),
        Some(existing) if existing.retired_at.is_none() => Err(taken()),
        // Added before and retired: it comes back, history and all.
        Some(retired) => {
            added_reason::Entity::update_many()
                .col_expr(
                    C::RetiredAt,
                    Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
                )
                .filter(C::Id.eq(retired.id))
                .exec(&ctx.db)
                .await?;
            Ok(retired.id)
        }
        None => {
            let row = added_reason::ActiveModel {
                id: NotSet,
                organisation_id: Set(organisation_id),
                list: Set(S::LIST.to_owned()),
                label: Set(label),
                created_by_id: Set(actor.person_id()),
                created_at: Set(ctx.clock.now()),
                retired_at: Set(None),
            }
            .insert(&ctx.db)
            .await
            .map_err(|e| {
                DomainError::unless_unique(e, "label", "That reason is already on the list")
            })?;
            Ok(row.id)
        }
    }
}

/// Takes an added reason off the list; what gave it keeps it.
pub async fn retire_reason<S: StandardReason>(
    ctx: &Ctx,
    actor: &Actor,
    reason: Named,
) -> Result<(), DomainError> {
    actor.require_signed_in()?;
    let row = added_reason::Entity::find_by_id(reason.id)
        .one(&ctx.db)
        .await?
        .filter(|r| r.list == S::LIST)
        .ok_or(DomainError::NotFound)?;
    reason.must_be_within(row.organisation_id)?;
    actor
        .require(S::KEEPERS, row.organisation_id)
        .map_err(|_| DomainError::NotFound)?;
    added_reason::Entity::update_many()
        .col_expr(C::RetiredAt, Expr::value(ctx.clock.now()))
        .filter(C::Id.eq(row.id))
        .exec(&ctx.db)
        .await?;
    Ok(())
}

/// Whether `choice` may be given by a record of `organisation_id` now.
pub(crate) async fn offered<S: StandardReason>(
    conn: &impl ConnectionTrait,
    choice: Choice<S>,
    organisation_id: i32,
) -> Result<bool, DomainError> {
    Ok(match choice {
        Choice::Standard(_) => true,
        Choice::Added(id) => added_reason::Entity::find_by_id(id)
            .one(conn)
            .await?
            .is_some_and(|r| {
                r.list == S::LIST && r.organisation_id == organisation_id && r.retired_at.is_none()
            }),
    })
}

/// How each stored reason code reads, as `(code, label)`.
pub(crate) async fn labels<S: StandardReason>(
    conn: &impl ConnectionTrait,
    codes: &[&str],
) -> Result<Vec<(String, String)>, DomainError> {
    let added: Vec<i32> = codes
        .iter()
        .filter_map(|c| match Choice::<S>::parse(c) {
            Some(Choice::Added(id)) => Some(id),
            _ => None,
        })
        .collect();
    let rows = added_reason::Entity::find()
        .filter(C::Id.is_in(added))
        .all(conn)
        .await?;
    Ok(codes
        .iter()
        .map(|code| {
            let label = match Choice::<S>::parse(code) {
                Some(Choice::Standard(r)) => r.label().to_owned(),
                Some(Choice::Added(id)) => rows
                    .iter()
                    .find(|r| r.id == id)
                    .map_or_else(|| (*code).to_owned(), |r| r.label.clone()),
                None => (*code).to_owned(),
            };
            ((*code).to_owned(), label)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recruitment::contact::ClosureReason;

    #[test]
    fn a_reason_reads_back_from_its_code() {
        for choice in [
            Choice::Standard(ClosureReason::WorkCommitments),
            Choice::Added(12),
        ] {
            assert_eq!(Choice::parse(&choice.code()), Some(choice));
        }
        assert_eq!(Choice::<ClosureReason>::parse("added:x"), None);
    }
}
