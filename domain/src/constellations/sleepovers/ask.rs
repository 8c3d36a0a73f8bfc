//! Asking the hub: the request, what the form offers a satellite family,
//! and telling the hub (in quiet hours, in the morning) with the job that
//! escalates an emergency it has not answered.

use super::*;
use crate::carers::entities::child;
use crate::carers::{age_on, carers_may, child_name, children_living_with};
use crate::clock::london_day;
use crate::constellations::access::{carers_to_tell, hub_of, locked};
use crate::constellations::entities::{constellation, sleepover, sleepover_child};
use crate::constellations::escalation::EscalateSleepover;
use crate::constellations::quiet_hours::QuietHours;
use crate::constellations::states::{SleepoverKind, SleepoverState};
use crate::jobs::enqueue;
use crate::notifications::EmailAddress;
use crate::recruitment::service_profile::service_profile;
use crate::text::bounded;
use crate::workflow::{Step, Workflow, record};
use crate::{Actor, Ctx, DomainError, FieldError};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ConnectionTrait, EntityTrait, Set};

/// Asks the hub for a sleepover: for the carers of a satellite family of
/// the constellation, for children living with them now.
pub async fn request_sleepover(
    ctx: &Ctx,
    actor: &Actor,
    input: &SleepoverRequest,
) -> Result<Requested, DomainError> {
    let found = crate::constellations::access::standing(ctx, actor, input.constellation_id).await?;
    let Some(family) = found.satellite().cloned() else {
        return Err(DomainError::Forbidden);
    };
    let now = ctx.clock.now();
    let today = london_day(now);
    let mut errors = Vec::new();
    let living_here = children_living_with(&ctx.db, family.id).await?;
    let mut children: Vec<child::Model> = Vec::new();
    for id in &input.child_ids {
        match living_here.iter().find(|c| c.id == *id) {
            Some(c) if !children.contains(c) => children.push(c.clone()),
            Some(_) => {}
            None => {
                errors.push(FieldError::new(
                    "children",
                    "Choose children living with you now",
                ));
                break;
            }
        }
    }
    if input.child_ids.is_empty() {
        errors.push(FieldError::new(
            "children",
            "Choose the children the sleepover is for",
        ));
    }
    if input.kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "Select whether it is planned or an emergency",
        ));
    }
    let nights = checked_nights(
        &mut errors,
        (input.first_night, input.last_night),
        today,
        ("first_night", "last_night"),
    );
    let note = bounded(
        &mut errors,
        "note",
        &input.note,
        NOTE_LONGEST,
        Some(
            "Enter what the hub needs to know: routines, allergies, medication and an emergency contact",
        ),
    );
    let (Some(kind), Some((first, last)), true) = (input.kind, nights, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let mut needs_agreement = Vec::with_capacity(children.len());
    for c in &children {
        let needs = !carers_may(ctx, c, HUB_STAYS).await?;
        if needs && c.social_worker_id.is_none() {
            return Err(DomainError::Conflict(format!(
                "{}'s social worker must agree a stay with the hub first, and is not in Hearth yet: ask them to accept their invitation",
                child_name(c)
            )));
        }
        needs_agreement.push(needs);
    }
    let state = if needs_agreement.iter().any(|n| *n) {
        SleepoverState::WithSocialWorker
    } else {
        SleepoverState::Requested
    };
    let row = &found.row;
    let txn = ctx.write().await?;
    locked(&txn, row.id).await?;
    let hub = hub_of(&*txn, row.id).await?.ok_or_else(|| {
        DomainError::Conflict("The constellation has no hub home at the moment".to_owned())
    })?;
    let made = sleepover::ActiveModel {
        id: NotSet,
        constellation_id: Set(row.id),
        carer_household_id: Set(family.id),
        requested_by_id: Set(actor.person_id()),
        kind: Set(kind.as_str().to_owned()),
        first_night: Set(first),
        last_night: Set(last),
        proposed_first_night: Set(None),
        proposed_last_night: Set(None),
        state: Set(state.as_str().to_owned()),
        note: Set(note),
        decline_reason: Set(None),
        answered_at: Set(None),
        escalated_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        hub_carer_household_id: Set(None),
    }
    .insert(&*txn)
    .await?;
    for (c, needs) in children.iter().zip(&needs_agreement) {
        sleepover_child::Entity::insert(sleepover_child::ActiveModel {
            sleepover_id: Set(made.id),
            child_id: Set(c.id),
            needs_agreement: Set(*needs),
            agreed_at: Set(None),
            agreed_by_id: Set(None),
        })
        .exec_without_returning(&*txn)
        .await?;
    }
    record(
        &*txn,
        Step {
            workflow: Workflow::Sleepover,
            record_id: made.id,
            household_id: Some(family.household_id),
            at: now,
            actor_id: actor.person_id(),
            event: "requested",
            from: state.as_str(),
            to: state.as_str(),
            reason: Some(kind.label()),
        },
    )
    .await?;
    let path = sleepover_path(made.id);
    if state == SleepoverState::WithSocialWorker {
        let workers: Vec<i32> = children
            .iter()
            .zip(&needs_agreement)
            .filter(|(_, needs)| **needs)
            .filter_map(|(c, _)| c.social_worker_id)
            .collect();
        tell(
            &*txn,
            people_to_tell(&*txn, &workers).await?,
            &path,
            now,
            now,
        )
        .await?;
    } else {
        let hub_carers = carers_to_tell(&*txn, hub.carer_household_id).await?;
        reach_the_hub(&*txn, row, (made.id, kind), hub_carers, now).await?;
    }
    txn.commit().await?;
    Ok(Requested {
        sleepover_id: made.id,
        state,
        out_of_hours_phone: out_of_hours(ctx, row, kind).await?,
    })
}

/// The service's out-of-hours number, for an emergency asked for in the
/// hub's quiet hours; none otherwise, or when the service gives none.
pub(super) async fn out_of_hours(
    ctx: &Ctx,
    row: &constellation::Model,
    kind: SleepoverKind,
) -> Result<Option<String>, DomainError> {
    let quiet = QuietHours::stored(&row.quiet_from, &row.quiet_until);
    if kind != SleepoverKind::Emergency || !quiet.contains(ctx.clock.now()) {
        return Ok(None);
    }
    Ok(Some(
        service_profile(ctx, row.organisation_id)
            .await?
            .out_of_hours_phone,
    )
    .filter(|p| !p.trim().is_empty()))
}

/// A child a satellite family may ask a sleepover for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildToAskFor {
    pub child_id: i32,
    pub name: String,
    pub age: i32,
    /// Their social worker must agree first.
    pub needs_agreement: bool,
}

/// What the request form offers a satellite family: the children living
/// with them, each saying whether their social worker must agree first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestChoices {
    pub constellation_id: i32,
    pub constellation: String,
    pub children: Vec<ChildToAskFor>,
    pub quiet: QuietHours,
    /// It is the hub's quiet hours now.
    pub quiet_now: bool,
    /// The service's out-of-hours number, if it gives one.
    pub out_of_hours_phone: Option<String>,
}

pub async fn request_choices(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
) -> Result<RequestChoices, DomainError> {
    let found = crate::constellations::access::standing(ctx, actor, constellation_id).await?;
    let Some(family) = found.satellite() else {
        return Err(DomainError::NotFound);
    };
    let today = london_day(ctx.clock.now());
    let mut children = Vec::new();
    for c in children_living_with(&ctx.db, family.id).await? {
        children.push(ChildToAskFor {
            child_id: c.id,
            name: child_name(&c),
            age: age_on(c.date_of_birth, today),
            needs_agreement: !carers_may(ctx, &c, HUB_STAYS).await?,
        });
    }
    let quiet = QuietHours::stored(&found.row.quiet_from, &found.row.quiet_until);
    Ok(RequestChoices {
        constellation_id,
        constellation: found.row.name.clone(),
        children,
        quiet,
        quiet_now: quiet.contains(ctx.clock.now()),
        out_of_hours_phone: Some(
            service_profile(ctx, found.row.organisation_id)
                .await?
                .out_of_hours_phone,
        )
        .filter(|p| !p.trim().is_empty()),
    })
}

/// Tells the hub of a request it now has to answer: a planned one made in
/// quiet hours in the morning, an emergency at once, with the job that
/// sends it to the liaison workers if unanswered in the waking minutes.
pub(super) async fn reach_the_hub(
    conn: &impl ConnectionTrait,
    row: &constellation::Model,
    (sleepover_id, kind): (i32, SleepoverKind),
    hub_carers: Vec<(String, EmailAddress)>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let quiet = QuietHours::stored(&row.quiet_from, &row.quiet_until);
    let at = match kind {
        SleepoverKind::Planned => quiet.next_waking(now),
        SleepoverKind::Emergency => now,
    };
    tell(conn, hub_carers, &sleepover_path(sleepover_id), now, at).await?;
    if kind == SleepoverKind::Emergency {
        let due = quiet.after_waking(now, i64::from(row.escalate_after_minutes));
        enqueue(conn, &EscalateSleepover { sleepover_id }, due, now).await?;
    }
    Ok(())
}
