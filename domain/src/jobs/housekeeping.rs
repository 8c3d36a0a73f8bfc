use chrono::TimeDelta;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::{Job, JobState, entity};
use crate::{Actor, Ctx, DomainError};

/// How long a completed job is kept, for anyone looking into what happened.
pub const KEEP_COMPLETED: TimeDelta = TimeDelta::days(7);

/// The daily job that removes completed jobs past [`KEEP_COMPLETED`]. Dead
/// ones stay until someone retries them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PruneCompletedJobs {}

impl Job for PruneCompletedJobs {
    const KIND: &'static str = "jobs.prune_completed";
}

/// Removes the completed jobs older than [`KEEP_COMPLETED`]; returns how many.
pub async fn prune_completed_jobs(ctx: &Ctx, actor: &Actor) -> Result<u64, DomainError> {
    actor.require_system()?;
    let cutoff = ctx.clock.now() - KEEP_COMPLETED;
    let deleted = entity::Entity::delete_many()
        .filter(entity::Column::State.eq(JobState::Completed.as_str()))
        .filter(entity::Column::UpdatedAt.lt(cutoff))
        .exec(&ctx.db)
        .await?;
    Ok(deleted.rows_affected)
}
