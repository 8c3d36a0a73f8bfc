//! Reading sleepovers: one with its history and what the reader may do,
//! the lists a constellation and a child's social worker see.

use super::ask::out_of_hours;
use super::sides::seen;
use super::*;
use crate::accounts::entities::person;
use crate::audit::{Subject, record_access};
use crate::carers::entities::{carer_household, child};
use crate::carers::{age_on, child_name, is_childs_social_worker};
use crate::clock::london_day;
use crate::constellations::access::{Standing, household_names};
use crate::constellations::entities::{sleepover, sleepover_child};
use crate::constellations::states::{SleepoverKind, SleepoverMove, SleepoverState};
use crate::workflow::{Workflow, history_of};
use crate::{Actor, Ctx, DomainError};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The summaries of `rows`, in their order.
pub(crate) async fn summaries(
    ctx: &Ctx,
    rows: &[sleepover::Model],
) -> Result<Vec<SleepoverSummary>, DomainError> {
    let links = sleepover_child::Entity::find()
        .filter(sleepover_child::Column::SleepoverId.is_in(rows.iter().map(|r| r.id)))
        .all(&ctx.db)
        .await?;
    let children = child::Entity::find()
        .filter(child::Column::Id.is_in(links.iter().map(|l| l.child_id)))
        .all(&ctx.db)
        .await?;
    let households = carer_household::Entity::find()
        .filter(carer_household::Column::Id.is_in(rows.iter().map(|r| r.carer_household_id)))
        .all(&ctx.db)
        .await?;
    let names = household_names(&ctx.db, &households).await?;
    let today = london_day(ctx.clock.now());
    rows.iter()
        .map(|row| {
            let mut listed: Vec<SleepoverChild> = links
                .iter()
                .filter(|l| l.sleepover_id == row.id)
                .filter_map(|l| {
                    let c = children.iter().find(|c| c.id == l.child_id)?;
                    Some(SleepoverChild {
                        child_id: c.id,
                        name: child_name(c),
                        age: age_on(c.date_of_birth, today),
                        needs_agreement: l.needs_agreement,
                        agreed: l.agreed_at.is_some(),
                    })
                })
                .collect();
            listed.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(SleepoverSummary {
                id: row.id,
                constellation_id: row.constellation_id,
                carer_household_id: row.carer_household_id,
                family: names
                    .iter()
                    .find(|(id, _)| *id == row.carer_household_id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default(),
                kind: SleepoverKind::from_stored(&row.kind)?,
                first_night: row.first_night,
                last_night: row.last_night,
                proposed: row.proposed_first_night.zip(row.proposed_last_night),
                state: SleepoverState::from_stored(&row.state)?,
                children: listed,
                decline_reason: row.decline_reason.clone(),
                escalated: row.escalated_at.is_some(),
                asked_at: row.created_at,
            })
        })
        .collect()
}

/// One move of a sleepover's history, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SleepoverHistoryLine {
    pub at: DateTime<Utc>,
    pub what: String,
    pub by: Option<String>,
}

/// A sleepover as its page shows it to the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SleepoverRecord {
    pub summary: SleepoverSummary,
    pub constellation: String,
    /// What the hub needs to know: for the family that asked, and for the
    /// hub once the stay is accepted. Every read by the hub is logged.
    pub note: Option<String>,
    pub history: Vec<SleepoverHistoryLine>,
    /// What the reader may do now.
    pub moves: Vec<SleepoverMove>,
    /// The children the reader may agree for, as their social worker.
    pub to_agree: Vec<SleepoverChild>,
    pub reader_is_family: bool,
    pub reader_is_hub: bool,
    /// For the family, while an emergency request waits in the hub's
    /// quiet hours: the service's out-of-hours number.
    pub out_of_hours_phone: Option<String>,
}

/// The sleepover, for the family that asked, the hub, the constellation's
/// liaison workers and managers, and the children's social workers.
pub async fn sleepover_record(
    ctx: &Ctx,
    actor: &Actor,
    sleepover_id: i32,
) -> Result<SleepoverRecord, DomainError> {
    let (row, _, sides) = seen(ctx, actor, sleepover_id).await?;
    let mut summary = summaries(ctx, std::slice::from_ref(&row))
        .await?
        .pop()
        .ok_or(DomainError::NotFound)?;
    if sides.only_social_worker() {
        summary
            .children
            .retain(|c| sides.social_worker_of.contains(&c.child_id));
    }
    let state = summary.state;
    // Only the hub home that accepted the stay reads it, not a later one.
    let accepting_hub =
        sides.hub_household.is_some() && sides.hub_household == row.hub_carer_household_id;
    let note = if sides.family || (accepting_hub && state.hub_reads_note()) {
        if sides.hub {
            let organisation = sides.standing.as_ref().map_or(0, |s| s.row.organisation_id);
            record_access(
                ctx,
                actor,
                organisation,
                Subject::SleepoverNote,
                Some(row.id),
            )
            .await?;
        }
        Some(row.note.clone())
    } else {
        None
    };
    let moves = SleepoverMove::ALL
        .iter()
        .copied()
        .filter(|m| !matches!(m, SleepoverMove::Agree | SleepoverMove::Refuse))
        .filter(|m| sides.may(state, *m))
        .collect();
    let to_agree = if state == SleepoverState::WithSocialWorker {
        summary
            .children
            .iter()
            .filter(|c| {
                c.needs_agreement && !c.agreed && sides.social_worker_of.contains(&c.child_id)
            })
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let constellation = sides
        .standing
        .as_ref()
        .map(|s| s.row.name.clone())
        .unwrap_or_default();
    let lines = history_of(&ctx.db, Workflow::Sleepover, row.id).await?;
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(lines.iter().filter_map(|l| l.actor_id)))
        .all(&ctx.db)
        .await?;
    let history = lines
        .iter()
        .map(|l| SleepoverHistoryLine {
            at: l.at,
            what: SleepoverState::parse(&l.to_state)
                .map_or_else(|| l.event.clone(), |s| s.label().to_owned()),
            by: l
                .actor_id
                .and_then(|id| people.iter().find(|p| p.id == id))
                .map(|p| p.name.clone()),
        })
        .collect();
    let out_of_hours_phone = match &sides.standing {
        Some(standing) if sides.family && state.unanswered() => {
            out_of_hours(ctx, &standing.row, summary.kind).await?
        }
        _ => None,
    };
    Ok(SleepoverRecord {
        out_of_hours_phone,
        summary,
        constellation,
        note,
        history,
        moves,
        to_agree,
        reader_is_family: sides.family,
        reader_is_hub: sides.hub,
    })
}

/// The sleepovers a satellite family asked for, newest first, or every one
/// of the constellation for its hub and staff.
pub(crate) async fn sleepovers_for(
    ctx: &Ctx,
    standing: &Standing,
    nights_from: NaiveDate,
) -> Result<Vec<SleepoverSummary>, DomainError> {
    let mut query = sleepover::Entity::find()
        .filter(sleepover::Column::ConstellationId.eq(standing.row.id))
        .filter(sleepover::Column::LastNight.gte(nights_from));
    if !(standing.staff() || standing.is_hub()) {
        let Some(family) = standing.satellite() else {
            return Ok(Vec::new());
        };
        query = query.filter(sleepover::Column::CarerHouseholdId.eq(family.id));
    }
    let rows = query
        .order_by_asc(sleepover::Column::FirstNight)
        .order_by_asc(sleepover::Column::Id)
        .limit(200)
        .all(&ctx.db)
        .await?;
    summaries(ctx, &rows).await
}

/// The sleepovers waiting for the reader to agree, as the social worker of
/// a child they are for.
pub async fn sleepovers_to_agree(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<SleepoverSummary>, DomainError> {
    let Some(me) = actor.person_id() else {
        return Ok(Vec::new());
    };
    let mine = child::Entity::find()
        .filter(child::Column::SocialWorkerId.eq(me))
        .all(&ctx.db)
        .await?;
    let mut children = Vec::new();
    for c in mine {
        if is_childs_social_worker(ctx, actor, &c).await? {
            children.push(c.id);
        }
    }
    let waiting: Vec<i32> = sleepover_child::Entity::find()
        .filter(sleepover_child::Column::ChildId.is_in(children.iter().copied()))
        .filter(sleepover_child::Column::NeedsAgreement.eq(true))
        .filter(sleepover_child::Column::AgreedAt.is_null())
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|l| l.sleepover_id)
        .collect();
    let rows = sleepover::Entity::find()
        .filter(sleepover::Column::Id.is_in(waiting))
        .filter(sleepover::Column::State.eq(SleepoverState::WithSocialWorker.as_str()))
        .order_by_asc(sleepover::Column::FirstNight)
        .limit(100)
        .all(&ctx.db)
        .await?;
    let mut listed = summaries(ctx, &rows).await?;
    // Their own children of each, no other.
    for summary in &mut listed {
        summary.children.retain(|c| children.contains(&c.child_id));
    }
    Ok(listed)
}
