//! What runs on its own each day: holds that have ended are resumed, and
//! each officer is emailed what of theirs is overdue.

use std::collections::{BTreeSet, HashMap};

use chrono_tz::Europe::London;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::bank_holidays::bank_holidays;
use super::entities::household;
use super::funnel::Event;
use super::history::{apply, state_of};
use super::queue::is_overdue;
use crate::accounts::entities::person;
use crate::accounts::people_holding;
use crate::jobs::{Job, enqueue};
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError};

/// The job that resumes households whose hold has ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeEndedHolds {}

impl Job for ResumeEndedHolds {
    const KIND: &'static str = "recruitment.resume_ended_holds";
}

/// Resumes every household whose hold ends today or ended before (London's
/// day); returns how many.
pub async fn resume_ended_holds(ctx: &Ctx, actor: &Actor) -> Result<usize, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    let today = now.with_timezone(&London).date_naive();
    let due = household::Entity::find()
        .filter(household::Column::Status.eq("on_hold"))
        .filter(household::Column::OnHoldUntil.lte(today))
        .all(&ctx.db)
        .await?;
    for row in &due {
        let txn = ctx.write().await?;
        let reason = (Some("hold_ended"), None);
        // Moved meanwhile (closed, resumed by hand): nothing to do.
        match apply(&txn, row.id, None, Event::Resumed, reason, now).await {
            Ok(_) | Err(DomainError::Conflict(_)) => {}
            Err(other) => return Err(other),
        }
        txn.commit().await?;
    }
    Ok(due.len())
}

/// The job that emails each officer what of theirs is overdue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendOfficerDigests {}

impl Job for SendOfficerDigests {
    const KIND: &'static str = "recruitment.send_officer_digests";
}

/// Queues, for each officer who owns overdue households, one email listing
/// them: first calls not made in time, next actions whose date has passed.
/// Returns how many emails.
pub async fn send_officer_digests(ctx: &Ctx, actor: &Actor) -> Result<usize, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    // Nobody is at work to read it at weekends or on bank holidays.
    let today = now.with_timezone(&London).date_naive();
    if !bank_holidays(&ctx.db).await?.is_working_day(today) {
        return Ok(0);
    }
    // Only the overdue, found by the index on when each is due.
    let owned = household::Entity::find()
        .filter(household::Column::Status.eq("open"))
        .filter(household::Column::OwnerId.is_not_null())
        .filter(household::Column::DueAt.lte(now))
        .all(&ctx.db)
        .await?;
    let mut by_officer: Vec<(&person::Model, Vec<(i32, String)>)> = Vec::new();
    // Only people who still recruit for the household's organisation, and
    // can still sign in, hear about its households.
    let organisations: BTreeSet<i32> = owned.iter().map(|row| row.organisation_id).collect();
    let mut recruiters: HashMap<(i32, i32), person::Model> = HashMap::new();
    for organisation in organisations {
        let people = people_holding(&ctx.db, organisation, Permission::WorkEnquiries).await?;
        recruiters.extend(
            people
                .into_iter()
                .map(|person| ((organisation, person.id), person)),
        );
    }
    for row in &owned {
        let state = state_of(row)?;
        let (Some(owner), true) = (row.owner_id, is_overdue(row, state, now)) else {
            continue;
        };
        let Some(officer) = recruiters.get(&(row.organisation_id, owner)) else {
            continue;
        };
        let what = if row.first_contact_at.is_none()
            && row.first_contact_due_at.is_some_and(|due| due < now)
        {
            format!("{}: first call overdue", row.name)
        } else {
            format!("{}: next action was due", row.name)
        };
        match by_officer
            .iter_mut()
            .find(|(someone, _)| someone.id == owner)
        {
            Some((_, items)) => items.push((row.id, what)),
            None => by_officer.push((officer, vec![(row.id, what)])),
        }
    }
    let txn = ctx.write().await?;
    let mut sent = 0;
    for (officer, items) in by_officer {
        let Ok(to) = EmailAddress::parse(&officer.email) else {
            continue;
        };
        let email = Email::OfficerDigest {
            name: officer.name.clone(),
            items: items
                .into_iter()
                .map(|(id, what)| (format!("enquiries/{id}"), what))
                .collect(),
        };
        enqueue(&txn, &SendEmail::new(to, email), now, now).await?;
        sent += 1;
    }
    txn.commit().await?;
    Ok(sent)
}
