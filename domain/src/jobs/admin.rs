use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::JobState;
use super::entity;
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError};

/// A job that failed as often as it may.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadJob {
    pub id: i64,
    pub kind: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub failed_at: DateTime<Utc>,
}

/// Dead jobs, the most recent first. For Hearth's operators and the
/// national programme's administrators.
pub async fn list_dead_jobs(ctx: &Ctx, actor: &Actor) -> Result<Vec<DeadJob>, DomainError> {
    actor.require_anywhere(Permission::AdministerHearth)?;
    Ok(entity::Entity::find()
        .filter(entity::Column::State.eq(JobState::Dead.as_str()))
        .order_by_desc(entity::Column::UpdatedAt)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|job| DeadJob {
            id: job.id,
            kind: job.kind,
            attempts: job.attempt,
            last_error: job.last_error,
            failed_at: job.updated_at,
        })
        .collect())
}

/// Makes a dead job available to run now, with its attempts counted afresh.
pub async fn retry_job(ctx: &Ctx, actor: &Actor, id: i64) -> Result<(), DomainError> {
    actor.require_anywhere(Permission::AdministerHearth)?;
    let now = ctx.clock.now();
    let updated = entity::Entity::update_many()
        .col_expr(
            entity::Column::State,
            Expr::value(JobState::Available.as_str()),
        )
        .col_expr(entity::Column::Attempt, Expr::value(0))
        .col_expr(entity::Column::RunAt, Expr::value(now))
        .col_expr(entity::Column::UpdatedAt, Expr::value(now))
        .filter(entity::Column::Id.eq(id))
        .filter(entity::Column::State.eq(JobState::Dead.as_str()))
        .exec(&ctx.db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(())
}
