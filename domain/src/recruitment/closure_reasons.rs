//! Why enquiries close: the standard list every service starts with, and
//! the reasons an organisation's managers add to it. An added reason that is
//! no longer wanted is retired, never deleted, so the history still says
//! what it was.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::contact::ClosureReason;
use super::entities::closure_reason;
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError, Named};

const SHORTEST: usize = 3;
const LONGEST: usize = 100;

/// A reason as chosen: one of the standard list, or one an organisation added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReasonChoice {
    Standard(ClosureReason),
    Added(i32),
}

impl ReasonChoice {
    /// How the history stores it.
    pub fn code(self) -> String {
        match self {
            Self::Standard(reason) => reason.as_str().to_owned(),
            Self::Added(id) => format!("added:{id}"),
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code.strip_prefix("added:") {
            Some(id) => id.parse().ok().map(Self::Added),
            None => ClosureReason::parse(code).map(Self::Standard),
        }
    }
}

/// A reason on an organisation's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReasonEntry {
    pub choice: ReasonChoice,
    pub label: String,
}

/// The reasons the organisation's staff choose from: the standard ones,
/// then those its managers added, by name ("Another reason" last).
pub async fn closure_reasons(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<ReasonEntry>, DomainError> {
    // Those who close enquiries, and those who keep the list.
    actor
        .require(Permission::WorkEnquiries, organisation_id)
        .or_else(|_| actor.require(Permission::ManageRecruitment, organisation_id))?;
    let added = closure_reason::Entity::find()
        .filter(closure_reason::Column::OrganisationId.eq(organisation_id))
        .filter(closure_reason::Column::RetiredAt.is_null())
        .order_by_asc(closure_reason::Column::Label)
        .all(&ctx.db)
        .await?;
    let standard = |reasons: &mut dyn Iterator<Item = &ClosureReason>| {
        reasons
            .map(|r| ReasonEntry {
                choice: ReasonChoice::Standard(*r),
                label: r.label().to_owned(),
            })
            .collect::<Vec<_>>()
    };
    let mut list = standard(
        &mut ClosureReason::ALL
            .iter()
            .filter(|r| **r != ClosureReason::Other),
    );
    list.extend(added.into_iter().map(|r| ReasonEntry {
        choice: ReasonChoice::Added(r.id),
        label: r.label,
    }));
    list.extend(standard(&mut [ClosureReason::Other].iter()));
    Ok(list)
}

/// Adds a reason to the organisation's list: for its recruitment managers.
pub async fn add_closure_reason(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    label: &str,
) -> Result<i32, DomainError> {
    actor.require(Permission::ManageRecruitment, organisation_id)?;
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    let length = label.chars().count();
    if !(SHORTEST..=LONGEST).contains(&length) {
        return Err(DomainError::invalid(
            "label",
            format!("Enter the reason, in {SHORTEST} to {LONGEST} characters"),
        ));
    }
    let same_label = closure_reason::Entity::find()
        .filter(closure_reason::Column::OrganisationId.eq(organisation_id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .find(|r| r.label.to_lowercase() == label.to_lowercase());
    let standard = ClosureReason::ALL
        .iter()
        .any(|r| r.label().to_lowercase() == label.to_lowercase());
    let taken = || DomainError::invalid("label", "That reason is already on the list");
    match same_label {
        _ if standard => Err(taken()),
        Some(existing) if existing.retired_at.is_none() => Err(taken()),
        // Added before and retired: it comes back, history and all.
        Some(retired) => {
            closure_reason::Entity::update_many()
                .col_expr(
                    closure_reason::Column::RetiredAt,
                    Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
                )
                .filter(closure_reason::Column::Id.eq(retired.id))
                .exec(&ctx.db)
                .await?;
            Ok(retired.id)
        }
        None => {
            let row = closure_reason::ActiveModel {
                id: NotSet,
                organisation_id: Set(organisation_id),
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

/// Takes an added reason off the list; closures that gave it keep it.
pub async fn retire_closure_reason(
    ctx: &Ctx,
    actor: &Actor,
    reason: Named,
) -> Result<(), DomainError> {
    actor.require_signed_in()?;
    let row = closure_reason::Entity::find_by_id(reason.id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    reason.must_be_within(row.organisation_id)?;
    actor
        .require(Permission::ManageRecruitment, row.organisation_id)
        .map_err(|_| DomainError::NotFound)?;
    closure_reason::Entity::update_many()
        .col_expr(
            closure_reason::Column::RetiredAt,
            Expr::value(ctx.clock.now()),
        )
        .filter(closure_reason::Column::Id.eq(row.id))
        .exec(&ctx.db)
        .await?;
    Ok(())
}

/// Whether `choice` may close a household of `organisation_id` now.
pub(super) async fn offered(
    conn: &impl ConnectionTrait,
    choice: ReasonChoice,
    organisation_id: i32,
) -> Result<bool, DomainError> {
    Ok(match choice {
        ReasonChoice::Standard(_) => true,
        ReasonChoice::Added(id) => closure_reason::Entity::find_by_id(id)
            .one(conn)
            .await?
            .is_some_and(|r| r.organisation_id == organisation_id && r.retired_at.is_none()),
    })
}

/// How a stored reason code reads.
pub(super) async fn reason_labels(
    conn: &impl ConnectionTrait,
    codes: &[&str],
) -> Result<Vec<(String, String)>, DomainError> {
    let added: Vec<i32> = codes
        .iter()
        .filter_map(|c| match ReasonChoice::parse(c) {
            Some(ReasonChoice::Added(id)) => Some(id),
            _ => None,
        })
        .collect();
    let rows = closure_reason::Entity::find()
        .filter(closure_reason::Column::Id.is_in(added))
        .all(conn)
        .await?;
    Ok(codes
        .iter()
        .map(|code| {
            let label = match ReasonChoice::parse(code) {
                Some(ReasonChoice::Standard(r)) => r.label().to_owned(),
                Some(ReasonChoice::Added(id)) => rows
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

    #[test]
    fn a_reason_reads_back_from_its_code() {
        for choice in [
            ReasonChoice::Standard(ClosureReason::WorkCommitments),
            ReasonChoice::Added(12),
        ] {
            assert_eq!(ReasonChoice::parse(&choice.code()), Some(choice));
        }
        assert_eq!(ReasonChoice::parse("added:x"), None);
    }
}
