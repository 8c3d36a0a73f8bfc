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
        roles,
    }))
}
