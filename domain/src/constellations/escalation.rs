//! An emergency request the hub has not answered in the constellation's
//! waking minutes (15 unless set otherwise; the clock stops in quiet
//! hours) goes to its liaison workers. The job is queued with the request,
//! to run when the minutes are up, and does nothing if the hub answered.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::access::locked;
use super::entities::sleepover;
use super::sleepovers::tell_liaison_workers;
use super::states::SleepoverState;
use crate::carers::entities::carer_household;
use crate::jobs::Job;
use crate::workflow::{Step, Workflow, record};
use crate::{Actor, Ctx, DomainError};

/// The job: escalate the sleepover if it is still unanswered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalateSleepover {
    pub sleepover_id: i32,
}

impl Job for EscalateSleepover {
    const KIND: &'static str = "constellations.escalate_sleepover";
    const MAX_ATTEMPTS: i32 = 10;
}

/// Escalates the sleepover to the liaison workers if the hub has not
/// answered it; returns whether it did. Run again, it does nothing more.
pub async fn escalate_sleepover(
    ctx: &Ctx,
    actor: &Actor,
    job: &EscalateSleepover,
) -> Result<bool, DomainError> {
    actor.require_system()?;
    let Some(row) = sleepover::Entity::find_by_id(job.sleepover_id)
        .one(&ctx.db)
        .await?
    else {
        return Ok(false);
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    locked(&txn, row.constellation_id).await?;
    let Some(row) = sleepover::Entity::find_by_id(row.id).one(&*txn).await? else {
        return Ok(false);
    };
    let state = SleepoverState::from_stored(&row.state)?;
    // Only a request the hub has been asked: one still with a child's social
    // worker gets its own job once they agree.
    if state != SleepoverState::Requested || row.answered_at.is_some() || row.escalated_at.is_some()
    {
        return Ok(false);
    }
    sleepover::Entity::update_many()
        .col_expr(sleepover::Column::EscalatedAt, Expr::value(now))
        .filter(sleepover::Column::Id.eq(row.id))
        .exec(&*txn)
        .await?;
    let household_id = carer_household::Entity::find_by_id(row.carer_household_id)
        .one(&*txn)
        .await?
        .map_or(0, |c| c.household_id);
    record(
        &*txn,
        Step {
            workflow: Workflow::Sleepover,
            record_id: row.id,
            household_id: Some(household_id),
            at: now,
            actor_id: None,
            event: "escalated",
            from: state.as_str(),
            to: state.as_str(),
            reason: Some("Not answered in time: sent to the liaison worker"),
        },
    )
    .await?;
    tell_liaison_workers(&*txn, row.constellation_id, row.id, now).await?;
    txn.commit().await?;
    Ok(true)
}
