//! Moving a sleepover on: the hub's answers, the family's replies, a
//! child's social worker agreeing, and the stay itself. Accepting takes the
//! beds under the constellation's lock.

use super::ask::reach_the_hub;
use super::sides::seen;
use super::*;
use crate::carers::entities::carer_household;
use crate::clock::london_day;
use crate::constellations::access::{carers_to_tell, hub_of, locked};
use crate::constellations::beds::beds_free;
use crate::constellations::entities::{sleepover, sleepover_child};
use crate::constellations::states::{Side, SleepoverKind, SleepoverState};
use crate::text::bounded;
use crate::workflow::{Step, Workflow, record};
use crate::{Actor, Ctx, DomainError};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// Moves the sleepover on, as the reader's side may: the hub answers, the
/// family accepts a proposal, withdraws or cancels, a child's social worker
/// agrees. Accepting takes the beds, or is refused (CONFLICT) when a night
/// has none free.
pub async fn move_sleepover(
    ctx: &Ctx,
    actor: &Actor,
    sleepover_id: i32,
    step: &SleepoverStep,
) -> Result<SleepoverState, DomainError> {
    let (row, children, sides) = seen(ctx, actor, sleepover_id).await?;
    let now = ctx.clock.now();
    let today = london_day(now);
    let the_move = step.as_move();
    let mut errors = Vec::new();
    let (reason, proposed) = match step {
        SleepoverStep::Decline { reason } => (
            Some(bounded(
                &mut errors,
                "reason",
                reason,
                REASON_LONGEST,
                Some("Enter why the hub cannot have them"),
            )),
            None,
        ),
        SleepoverStep::Propose {
            first_night,
            last_night,
        } => (
            None,
            checked_nights(
                &mut errors,
                (*first_night, *last_night),
                today,
                ("proposed_first_night", "proposed_last_night"),
            ),
        ),
        _ => (None, None),
    };
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let txn = ctx.write().await?;
    let constellation = locked(&txn, row.constellation_id).await?;
    // As it is now, under the lock: another move may have come first.
    let row = sleepover::Entity::find_by_id(row.id)
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let state = SleepoverState::from_stored(&row.state)?;
    let Some(side) = sides.side_for(state, the_move) else {
        // A move the reader could make in no state is not theirs to make.
        if !SleepoverState::ALL.iter().any(|s| sides.may(*s, the_move)) {
            return Err(DomainError::Forbidden);
        }
        return Err(DomainError::Conflict(format!(
            "This sleepover is {} now: it cannot be moved that way",
            state.label().to_lowercase()
        )));
    };
    let mut next = state.after(the_move, side).ok_or_else(|| {
        DomainError::Conflict("This sleepover cannot be moved that way".to_owned())
    })?;
    let (mut first, mut last) = (row.first_night, row.last_night);
    match step {
        SleepoverStep::Agree { child_id } | SleepoverStep::Refuse { child_id } => {
            let waits_for_them = sleepover_child::Entity::find()
                .filter(sleepover_child::Column::SleepoverId.eq(row.id))
                .filter(sleepover_child::Column::ChildId.eq(*child_id))
                .filter(sleepover_child::Column::NeedsAgreement.eq(true))
                .filter(sleepover_child::Column::AgreedAt.is_null())
                .count(&*txn)
                .await?;
            if !sides.social_worker_of.contains(child_id) || waits_for_them == 0 {
                return Err(DomainError::NotFound);
            }
            if matches!(step, SleepoverStep::Agree { .. }) {
                sleepover_child::Entity::update_many()
                    .col_expr(sleepover_child::Column::AgreedAt, Expr::value(now))
                    .col_expr(
                        sleepover_child::Column::AgreedById,
                        Expr::value(actor.person_id()),
                    )
                    .filter(sleepover_child::Column::SleepoverId.eq(row.id))
                    .filter(sleepover_child::Column::ChildId.eq(*child_id))
                    .exec(&*txn)
                    .await?;
                let waiting = sleepover_child::Entity::find()
                    .filter(sleepover_child::Column::SleepoverId.eq(row.id))
                    .filter(sleepover_child::Column::NeedsAgreement.eq(true))
                    .filter(sleepover_child::Column::AgreedAt.is_null())
                    .count(&*txn)
                    .await?;
                if waiting > 0 {
                    next = state;
                }
            }
        }
        SleepoverStep::Accept | SleepoverStep::AcceptProposal => {
            if let SleepoverStep::AcceptProposal = step {
                (first, last) = row
                    .proposed_first_night
                    .zip(row.proposed_last_night)
                    .ok_or_else(|| {
                        DomainError::Conflict("No other nights were proposed".to_owned())
                    })?;
            }
            if first < today {
                return Err(DomainError::Conflict(
                    "The first night has passed: ask for new nights".to_owned(),
                ));
            }
            let count = i32::try_from(children.len()).unwrap_or(i32::MAX);
            if let Err(why) = beds_free(
                &*txn,
                (constellation.id, constellation.beds),
                (first, last),
                count,
                Some(row.id),
            )
            .await?
            {
                return Err(DomainError::Conflict(why));
            }
        }
        SleepoverStep::Start | SleepoverStep::DidNotHappen if today < row.first_night => {
            return Err(DomainError::Conflict(
                "The first night has not come yet".to_owned(),
            ));
        }
        _ => {}
    }
    let mut update = sleepover::Entity::update_many()
        .col_expr(sleepover::Column::State, Expr::value(next.as_str()))
        .col_expr(sleepover::Column::UpdatedAt, Expr::value(now))
        .col_expr(sleepover::Column::FirstNight, Expr::value(first))
        .col_expr(sleepover::Column::LastNight, Expr::value(last))
        .filter(sleepover::Column::Id.eq(row.id))
        .filter(sleepover::Column::State.eq(state.as_str()));
    if side == Side::Hub && row.answered_at.is_none() {
        update = update.col_expr(sleepover::Column::AnsweredAt, Expr::value(now));
    }
    if next == SleepoverState::Accepted {
        let hub_now = hub_of(&*txn, constellation.id)
            .await?
            .map(|h| h.carer_household_id);
        update = update.col_expr(sleepover::Column::HubCarerHouseholdId, Expr::value(hub_now));
    }
    if let Some(reason) = &reason {
        update = update.col_expr(
            sleepover::Column::DeclineReason,
            Expr::value(reason.clone()),
        );
    }
    if let Some((p_first, p_last)) = proposed {
        update = update
            .col_expr(sleepover::Column::ProposedFirstNight, Expr::value(p_first))
            .col_expr(sleepover::Column::ProposedLastNight, Expr::value(p_last));
    }
    update.exec(&*txn).await?;
    let family_household = carer_household::Entity::find_by_id(row.carer_household_id)
        .one(&*txn)
        .await?
        .map_or(0, |c| c.household_id);
    if next != state {
        let why = match (&reason, proposed) {
            (Some(reason), _) => Some(reason.clone()),
            (None, Some((f, l))) => Some(describe_nights(f, l)),
            _ => None,
        };
        record(
            &*txn,
            Step {
                workflow: Workflow::Sleepover,
                record_id: row.id,
                household_id: Some(family_household),
                at: now,
                actor_id: actor.person_id(),
                event: the_move.as_str(),
                from: state.as_str(),
                to: next.as_str(),
                reason: why.as_deref(),
            },
        )
        .await?;
    }
    let path = sleepover_path(row.id);
    let hub = hub_of(&*txn, constellation.id).await?;
    let hub_carers = match &hub {
        Some(h) => carers_to_tell(&*txn, h.carer_household_id).await?,
        None => Vec::new(),
    };
    let family_carers = carers_to_tell(&*txn, row.carer_household_id).await?;
    let to = match side {
        Side::Hub => family_carers,
        Side::Family => hub_carers,
        // Agreed by all: now the hub has a request to answer, as if it had
        // just been asked.
        Side::SocialWorker if next == SleepoverState::Requested => {
            let kind = SleepoverKind::from_stored(&row.kind)?;
            reach_the_hub(&*txn, &constellation, (row.id, kind), hub_carers, now).await?;
            family_carers
        }
        Side::SocialWorker if next != state => family_carers,
        Side::SocialWorker => Vec::new(),
    };
    tell(&*txn, to, &path, now, now).await?;
    txn.commit().await?;
    Ok(next)
}
