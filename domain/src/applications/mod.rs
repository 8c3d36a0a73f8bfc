//! Applications: the application form a household fills in once invited to
//! apply, its references, Stage 1 checks, the Stage 2 assessment, panel and
//! decision, and the connected persons route, moving the funnel through
//! `recruitment`'s transitions.

pub mod assessment;
pub mod decision;
pub mod documents;
pub mod entities;
pub mod form;
pub mod joint;
pub mod messages;
pub mod panel;
pub mod references;
pub mod sections;
pub mod staff_view;
pub mod stage_one;
pub mod training;

use crate::accounts::Role;
use crate::recruitment::entities::household;
use crate::{Actor, Ctx, DomainError};

/// The household, for staff of its organisation holding one of `roles`;
/// to anyone else it does not exist.
pub(crate) async fn household_for(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    roles: &[Role],
) -> Result<household::Model, DomainError> {
    use sea_orm::EntityTrait;
    if matches!(actor, Actor::Anonymous) {
        return Err(DomainError::Unauthenticated);
    }
    let row = household::Entity::find_by_id(household_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !actor.holds_any_of(row.organisation_id, roles) {
        return Err(DomainError::NotFound);
    }
    Ok(row)
}
