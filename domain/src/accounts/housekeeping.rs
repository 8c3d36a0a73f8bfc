//! Removing what has ended: sessions nobody signed out of, used or expired
//! links and invitations, attempt counts that no longer count.

use chrono::TimeDelta;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::entities::{invitation, known_device, sign_in_link};
use super::sessions::DEVICE_LIFETIME;
use super::sessions::prune_sessions;
use super::throttle::prune_attempt_counts;
use crate::jobs::Job;
use crate::{Actor, Ctx, DomainError};

/// Used links and invitations are kept this long, so a second press can be
/// told "already used" rather than "not found".
const KEEP_USED: TimeDelta = TimeDelta::days(1);

/// The hourly job that prunes sign-in records.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PruneSignInRecords {}

impl Job for PruneSignInRecords {
    const KIND: &'static str = "accounts.prune_sign_in_records";
}

/// Prunes every kind of sign-in record; returns how many rows went.
pub async fn prune_sign_in_records(ctx: &Ctx, actor: &Actor) -> Result<u64, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    let mut removed = prune_sessions(ctx, now).await? + prune_attempt_counts(ctx, now).await?;
    removed += sign_in_link::Entity::delete_many()
        .filter(sign_in_link::Column::ExpiresAt.lt(now - KEEP_USED))
        .exec(&ctx.db)
        .await?
        .rows_affected;
    removed += known_device::Entity::delete_many()
        .filter(known_device::Column::LastUsedAt.lt(now - DEVICE_LIFETIME))
        .exec(&ctx.db)
        .await?
        .rows_affected;
    removed += invitation::Entity::delete_many()
        .filter(invitation::Column::ExpiresAt.lt(now - KEEP_USED))
        .exec(&ctx.db)
        .await?
        .rows_affected;
    Ok(removed)
}
