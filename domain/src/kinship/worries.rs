//! "I'm worried about a child", from a kinship group: a member or a
//! facilitator raises a concern, and it goes to the organisation's
//! safeguarding leads only, never to the group.

use super::entities::group;
use super::view::{Standing, standing};
use crate::concerns::{ConcernAbout, NewConcern, Route, raise};
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError};
use sea_orm::EntityTrait;

/// Raises a concern about something in a group the actor belongs to or
/// facilitates. Returns the concern's id, which only its recipients can
/// open.
pub async fn raise_group_concern(
    ctx: &Ctx,
    actor: &Actor,
    group_id: i32,
    what: &str,
) -> Result<i32, DomainError> {
    actor.require_signed_in()?;
    let found = group::Entity::find_by_id(group_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    match standing(&ctx.db, actor, &found).await? {
        Standing::Member { .. } | Standing::Facilitator => {}
        _ => return Err(DomainError::NotFound),
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let id = raise(
        &*txn,
        actor,
        NewConcern {
            organisation_id: found.organisation_id,
            about: ConcernAbout::KinshipGroup,
            about_id: found.id,
            what,
            routes: &[Route::Holding(Permission::LeadSafeguarding)],
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}
