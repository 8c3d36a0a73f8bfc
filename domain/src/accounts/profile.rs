//! The signed-in person's own account: who they are and the roles they hold.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::entities::{organisation, person};
use super::organisations::OrganisationSummary;
use super::{Actor, Role};
use crate::{Ctx, DomainError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub person_id: i32,
    pub name: String,
    pub email: String,
    /// Their work telephone number, for staff who have given one.
    pub work_phone: Option<String>,
    /// Each role with the organisation it is held in.
    pub roles: Vec<(OrganisationSummary, Role)>,
}

/// The signed-in person's profile; `None` for anyone else (signed out, an
/// API client, Hearth itself).
pub async fn profile(ctx: &Ctx, actor: &Actor) -> Result<Option<Profile>, DomainError> {
    let Some(person_id) = actor.person_id() else {
        return Ok(None);
    };
    let person = person::Entity::find_by_id(person_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::Unauthenticated)?;
    let memberships = actor.memberships();
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(memberships.iter().map(|m| m.organisation_id)))
        .all(&ctx.db)
        .await?;
    let mut roles: Vec<(OrganisationSummary, Role)> = memberships
        .iter()
        .filter_map(|m| {
            let found = organisations.iter().find(|o| o.id == m.organisation_id)?;
            let summary = OrganisationSummary {
                id: found.id,
                kind: m.organisation_kind,
                name: found.name.clone(),
            };
            Some((summary, m.role))
        })
        .collect();
    roles.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.1.label().cmp(b.1.label())));
    Ok(Some(Profile {
        person_id,
        name: person.name,
        email: person.email,
        work_phone: person.work_phone,
        roles,
    }))
}

/// The longest work telephone number: a number with an extension.
const PHONE_LONGEST: usize = 40;

/// Staff give (or, empty, take away) the work telephone number that the
/// households they are the contact for see. Only someone with a role may:
/// the public's numbers are on their enquiries.
pub async fn set_work_phone(ctx: &Ctx, actor: &Actor, phone: &str) -> Result<(), DomainError> {
    let person_id = actor.require_person()?;
    if actor.memberships().is_empty() {
        return Err(DomainError::Forbidden);
    }
    let phone = phone.trim();
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = |c: char| c.is_ascii_digit() || " +()-".contains(c) || c.is_ascii_alphabetic();
    if phone.chars().count() > PHONE_LONGEST {
        return Err(DomainError::invalid(
            "work_phone",
            crate::text::too_long(PHONE_LONGEST),
        ));
    }
    if !phone.is_empty() && (digits < 10 || !phone.chars().all(allowed)) {
        return Err(DomainError::invalid(
            "work_phone",
            "Enter a telephone number, like 01632 960 001 or +44 1632 960 001",
        ));
    }
    let stored = Some(phone.to_owned()).filter(|p| !p.is_empty());
    person::Entity::update_many()
        .col_expr(
            person::Column::WorkPhone,
            sea_orm::sea_query::Expr::value(stored),
        )
        .filter(person::Column::Id.eq(person_id))
        .exec(&ctx.db)
        .await?;
    Ok(())
}
