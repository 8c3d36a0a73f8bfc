//! A household's time in its constellation ends, when a manager records
//! it leaving the constellation or the household leaves the service: its
//! membership gets the date and reason, requests still being decided are
//! withdrawn and stays not yet begun are cancelled, each a row of their
//! history, so no bed is kept and nothing escalates for a family that has
//! gone. What it did stays.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::entities::{member, sleepover};
use super::states::SleepoverState;
use crate::DomainError;
use crate::workflow::{Step, Workflow, record};

/// Who ended it, when, and why.
pub(crate) struct Ending<'a> {
    pub carer_household_id: i32,
    /// The household's id, for the history.
    pub household_id: i32,
    pub left_on: NaiveDate,
    pub reason: &'a str,
    pub actor_id: Option<i32>,
    pub at: DateTime<Utc>,
}

/// Ends the household's membership `member_id` (or, with none, whichever
/// it has now) and closes its sleepovers still to come. Returns how many
/// memberships it ended. Call it inside the transaction making the change.
pub(crate) async fn end_membership(
    conn: &impl ConnectionTrait,
    member_id: Option<i32>,
    ending: &Ending<'_>,
) -> Result<u64, DomainError> {
    let mut open = member::Entity::find()
        .filter(member::Column::CarerHouseholdId.eq(ending.carer_household_id))
        .filter(member::Column::LeftOn.is_null());
    if let Some(id) = member_id {
        open = open.filter(member::Column::Id.eq(id));
    }
    let mut ended = 0;
    for membership in open.all(conn).await? {
        ended += member::Entity::update_many()
            .col_expr(member::Column::LeftOn, Expr::value(ending.left_on))
            .col_expr(member::Column::LeavingReason, Expr::value(ending.reason))
            .filter(member::Column::Id.eq(membership.id))
            .filter(member::Column::LeftOn.is_null())
            .exec(conn)
            .await?
            .rows_affected;
        record(
            conn,
            Step {
                workflow: Workflow::ConstellationMember,
                record_id: membership.id,
                household_id: Some(ending.household_id),
                at: ending.at,
                actor_id: ending.actor_id,
                event: "left",
                from: "joined",
                to: "left",
                reason: Some(ending.reason),
            },
        )
        .await?;
    }
    if ended == 0 {
        return Ok(0);
    }
    let still_to_come = sleepover::Entity::find()
        .filter(sleepover::Column::CarerHouseholdId.eq(ending.carer_household_id))
        .filter(sleepover::Column::State.is_in([
            SleepoverState::WithSocialWorker.as_str(),
            SleepoverState::Requested.as_str(),
            SleepoverState::Proposed.as_str(),
            SleepoverState::Accepted.as_str(),
        ]))
        .all(conn)
        .await?;
    for stay in still_to_come {
        let from = SleepoverState::from_stored(&stay.state)?;
        let to = if from == SleepoverState::Accepted {
            SleepoverState::CancelledByFamily
        } else {
            SleepoverState::Withdrawn
        };
        sleepover::Entity::update_many()
            .col_expr(sleepover::Column::State, Expr::value(to.as_str()))
            .col_expr(sleepover::Column::UpdatedAt, Expr::value(ending.at))
            .filter(sleepover::Column::Id.eq(stay.id))
            .exec(conn)
            .await?;
        record(
            conn,
            Step {
                workflow: Workflow::Sleepover,
                record_id: stay.id,
                household_id: Some(ending.household_id),
                at: ending.at,
                actor_id: ending.actor_id,
                event: "family_left",
                from: from.as_str(),
                to: to.as_str(),
                reason: Some("The family left the constellation"),
            },
        )
        .await?;
    }
    Ok(ended)
}
