//! A child in the care of a carer household, kept with the least that
//! serves: a first name and a family-name initial, a date of birth, the
//! placing authority and its reference, and the child's allocated social
//! worker there. Who may read a child is decided here, per child; every
//! staff read is in the access log.

use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::access::supervises;
use super::entities::{carer_household, child, placement};
use crate::accounts::entities::{membership, organisation, person};
use crate::accounts::{NewStaffMember, Role, invite_staff};
use crate::applications::joint::applicants;
use crate::audit::{Subject, record_accesses};
use crate::geography::entities::local_authority;
use crate::names::stored_names;
use crate::notifications::EmailAddress;
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::text::bounded;
use crate::{Actor, Ctx, DomainError, FieldError};

/// Why the child is looked after: section 20 needs the parent's agreement
/// before the carer's delegated authority applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LegalBasis {
    CareOrder,
    Section20,
    Other,
}

stored_names!(LegalBasis {
    CareOrder => "care_order", "A care order (section 31), or an interim care order",
    Section20 => "section_20", "Accommodated with the parents' agreement (section 20)",
    Other => "other", "Another basis, such as remand",
});

/// The oldest a child placed may be: staying put lasts to 21.
const OLDEST: i32 = 21;

/// A child as a form or an import gives them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChildInput {
    pub first_name: String,
    pub family_initial: String,
    pub date_of_birth: Option<NaiveDate>,
    /// The placing local authority's GSS code.
    pub placing_authority: String,
    pub placing_reference: String,
    pub legal_basis: Option<LegalBasis>,
    /// The child's allocated social worker: both or neither.
    pub social_worker_name: String,
    pub social_worker_email: String,
}

/// A child's details, checked, ready to keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CheckedChild {
    pub first_name: String,
    pub family_initial: String,
    pub date_of_birth: NaiveDate,
    pub placing_authority_id: i32,
    pub placing_reference: String,
    pub legal_basis: LegalBasis,
    pub social_worker: Option<(String, String)>,
}

/// Whole years from `born` to `on`.
pub(crate) fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years - 1
    } else {
        years
    }
}

/// The child's details, or what is wrong with them, each under `prefix`
/// (`child.`) so a form's errors stay apart from the placement's.
pub(crate) async fn check_child(
    conn: &impl ConnectionTrait,
    input: &ChildInput,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Result<Option<CheckedChild>, DomainError> {
    let first_name = bounded(
        errors,
        "first_name",
        &input.first_name,
        40,
        Some("Enter the child's first name"),
    );
    let initial: Vec<char> = input.family_initial.trim().chars().collect();
    let family_initial = match initial.as_slice() {
        [c] if c.is_alphabetic() => Some(c.to_uppercase().collect::<String>()),
        _ => {
            errors.push(FieldError::new(
                "family_initial",
                "Enter the first letter of the child's family name",
            ));
            None
        }
    };
    let date_of_birth = match input.date_of_birth {
        None => {
            errors.push(FieldError::new(
                "date_of_birth",
                "Enter the child's date of birth",
            ));
            None
        }
        Some(born) if born > today => {
            errors.push(FieldError::new(
                "date_of_birth",
                "The date of birth must be in the past",
            ));
            None
        }
        Some(born) if age_on(born, today) > OLDEST => {
            errors.push(FieldError::new(
                "date_of_birth",
                format!("The child must be {OLDEST} or younger"),
            ));
            None
        }
        Some(born) => Some(born),
    };
    let authority = local_authority::Entity::find()
        .filter(local_authority::Column::GssCode.eq(input.placing_authority.trim()))
        .one(conn)
        .await?;
    if authority.is_none() {
        errors.push(FieldError::new(
            "placing_authority",
            "Choose the local authority that placed the child",
        ));
    }
    let placing_reference = bounded(
        errors,
        "placing_reference",
        &input.placing_reference,
        40,
        Some("Enter the placing authority's reference for the child"),
    );
    if input.legal_basis.is_none() {
        errors.push(FieldError::new(
            "legal_basis",
            "Select why the child is looked after",
        ));
    }
    let name = bounded(
        errors,
        "social_worker_name",
        &input.social_worker_name,
        200,
        None,
    );
    let email = input.social_worker_email.trim();
    let social_worker = match (name.is_empty(), email.is_empty()) {
        (true, true) => None,
        (true, false) => {
            errors.push(FieldError::new(
                "social_worker_name",
                "Enter the name of the child's social worker",
            ));
            None
        }
        (false, true) => {
            errors.push(FieldError::new(
                "social_worker_email",
                "Enter the email address of the child's social worker",
            ));
            None
        }
        (false, false) => match EmailAddress::parse(email) {
            Ok(address) => Some((name, address.as_str().to_lowercase())),
            Err(message) => {
                errors.push(FieldError::new("social_worker_email", message));
                None
            }
        },
    };
    Ok(
        match (family_initial, date_of_birth, authority, input.legal_basis) {
            (Some(family_initial), Some(date_of_birth), Some(authority), Some(legal_basis))
                if errors.is_empty() =>
            {
                Some(CheckedChild {
                    first_name,
                    family_initial,
                    date_of_birth,
                    placing_authority_id: authority.id,
                    placing_reference,
                    legal_basis,
                    social_worker,
                })
            }
            _ => None,
        },
    )
}

/// The local authority's own organisation in Hearth.
async fn authority_organisation(
    conn: &impl ConnectionTrait,
    placing_authority_id: i32,
) -> Result<Option<organisation::Model>, DomainError> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::LocalAuthorityId.eq(placing_authority_id))
        .one(conn)
        .await?)
}

/// The child's social worker as a person of Hearth: someone who already
/// is one in the placing authority; otherwise, when `invite`, someone
/// invited to be one (they see the child once they accept). An import
/// invites nobody: it sends no email.
pub(crate) async fn social_worker_person(
    ctx: &Ctx,
    placing_authority_id: i32,
    (name, email): &(String, String),
    invite: bool,
) -> Result<Option<i32>, DomainError> {
    let Some(authority) = authority_organisation(&ctx.db, placing_authority_id).await? else {
        return Ok(None);
    };
    let existing = person::Entity::find()
        .filter(person::Column::Email.eq(email.as_str()))
        .one(&ctx.db)
        .await?;
    if let Some(found) = &existing {
        let holds = membership::Entity::find()
            .filter(membership::Column::PersonId.eq(found.id))
            .filter(membership::Column::OrganisationId.eq(authority.id))
            .filter(membership::Column::Role.eq(Role::ChildsSocialWorker.as_str()))
            .one(&ctx.db)
            .await?
            .is_some();
        if holds {
            return Ok(Some(found.id));
        }
    }
    if !invite {
        return Ok(None);
    }
    invite_staff(
        ctx,
        &Actor::System,
        &NewStaffMember {
            organisation_id: authority.id,
            email: email.clone(),
            name: name.clone(),
            role: Some(Role::ChildsSocialWorker),
        },
    )
    .await?;
    Ok(person::Entity::find()
        .filter(person::Column::Email.eq(email.as_str()))
        .one(&ctx.db)
        .await?
        .map(|p| p.id))
}

/// Whether `actor` is named as the child's social worker and works with
/// children in the placing authority still.
pub(crate) async fn is_childs_social_worker(
    ctx: &Ctx,
    actor: &Actor,
    row: &child::Model,
) -> Result<bool, DomainError> {
    if actor.person_id().is_none() || row.social_worker_id != actor.person_id() {
        return Ok(false);
    }
    Ok(authority_organisation(&ctx.db, row.placing_authority_id)
        .await?
        .is_some_and(|authority| actor.may(Permission::SeeChildrenPlaced, authority.id)))
}

/// Whether `actor` may read `child`: a fostering team manager of the
/// service that recorded it or of a household it lived with; the
/// supervising social worker of such a household; the carers it lives
/// with now, while their household is approved; and the child's own
/// social worker, while they are one in the placing authority.
pub(crate) async fn may_read(
    ctx: &Ctx,
    actor: &Actor,
    row: &child::Model,
) -> Result<bool, DomainError> {
    if actor.may(Permission::ManageCarerHouseholds, row.organisation_id) {
        return Ok(true);
    }
    let Some(me) = actor.person_id() else {
        return Ok(false);
    };
    if is_childs_social_worker(ctx, actor, row).await? {
        return Ok(true);
    }
    let placements = placement::Entity::find()
        .filter(placement::Column::ChildId.eq(row.id))
        .all(&ctx.db)
        .await?;
    let households = carer_household::Entity::find()
        .filter(carer_household::Column::Id.is_in(placements.iter().map(|p| p.carer_household_id)))
        .all(&ctx.db)
        .await?;
    if households.iter().any(|h| supervises(actor, h)) {
        return Ok(true);
    }
    let open = placements
        .iter()
        .find(|p| p.ended_on.is_none())
        .and_then(|p| households.iter().find(|h| h.id == p.carer_household_id))
        .filter(|h| h.left_on.is_none());
    if let Some(lives_with) = open
        && let Some(home) = household::Entity::find_by_id(lives_with.household_id)
            .one(&ctx.db)
            .await?
    {
        return Ok(applicants(&ctx.db, &home).await?.iter().any(|p| p.id == me));
    }
    Ok(false)
}

/// The child, for someone who may read it (see [`may_read`]); anyone else
/// finds nothing. The read is in the access log.
pub(crate) async fn readable(
    ctx: &Ctx,
    actor: &Actor,
    child_id: i32,
) -> Result<child::Model, DomainError> {
    actor.require_signed_in()?;
    let row = child::Entity::find_by_id(child_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !may_read(ctx, actor, &row).await? {
        return Err(DomainError::NotFound);
    }
    logged(ctx, actor, std::slice::from_ref(&row)).await?;
    Ok(row)
}

/// Records that `actor` read each of `children`.
pub(crate) async fn logged(
    ctx: &Ctx,
    actor: &Actor,
    children: &[child::Model],
) -> Result<(), DomainError> {
    record_accesses(
        ctx,
        actor,
        children
            .iter()
            .map(|c| (c.organisation_id, Subject::Child, Some(c.id))),
    )
    .await
}

/// How a child is named everywhere: "Amira K."
pub(crate) fn child_name(row: &child::Model) -> String {
    format!("{} {}.", row.first_name, row.family_initial)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_turns_a_year_older_on_their_birthday_not_before() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(age_on(day(2015, 6, 10), day(2026, 6, 9)), 10);
        assert_eq!(age_on(day(2015, 6, 10), day(2026, 6, 10)), 11);
        assert_eq!(age_on(day(2016, 2, 29), day(2027, 2, 28)), 10);
    }
}
