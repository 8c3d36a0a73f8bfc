//! The lists on a household's record (its history, contacts, notes,
//! events, visits and possible duplicates), each read for many households
//! in one query, so a record, or a page of them, costs the same few
//! statements however large the organisation. Only households the reader
//! has already been allowed to see can be asked about: a [`Readable`] is
//! made nowhere else.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::closure_reasons::reason_labels;
use super::contact::{ContactMethod, ContactOutcome};
use super::entities::{
    contact_attempt, event_registration, home_visit, household, household_history, household_note,
    information_event,
};
use super::event_registrations::Attendance;
use super::funnel::{HistoryEvent, Stage};
use super::households::{ContactEntry, HistoryEntry, NoteEntry};
use super::visits::{VisitEntry, VisitOutcome};
use crate::accounts::entities::person;
use crate::{Ctx, DomainError};

/// A household its reader has been allowed to see, the read logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Readable {
    id: i32,
}

impl Readable {
    /// Only the domain's authorised reads make one.
    pub(crate) fn new(row: &household::Model) -> Self {
        Self { id: row.id }
    }

    pub fn id(self) -> i32 {
        self.id
    }
}

/// An information event a household registered for: its title, when, and
/// whether they came.
pub type HouseholdEvent = (String, DateTime<Utc>, Option<Attendance>);

/// Every list on one household's record, for its page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HouseholdParts {
    /// Other households of the organisation that gave the same telephone
    /// number.
    pub possible_duplicates: Vec<(i32, String)>,
    /// Every move, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Newest first.
    pub contacts: Vec<ContactEntry>,
    /// Newest first.
    pub notes: Vec<NoteEntry>,
    pub events: Vec<HouseholdEvent>,
    /// Soonest first.
    pub visits: Vec<VisitEntry>,
}

/// All of one household's lists: six reads, whatever else there is.
pub async fn household_parts(
    ctx: &Ctx,
    household: Readable,
) -> Result<HouseholdParts, DomainError> {
    let one = [household];
    let id = household.id;
    Ok(HouseholdParts {
        possible_duplicates: possible_duplicates(ctx, &one)
            .await?
            .remove(&id)
            .unwrap_or_default(),
        history: histories(ctx, &one).await?.remove(&id).unwrap_or_default(),
        contacts: contacts(ctx, &one).await?.remove(&id).unwrap_or_default(),
        notes: notes(ctx, &one).await?.remove(&id).unwrap_or_default(),
        events: events(ctx, &one).await?.remove(&id).unwrap_or_default(),
        visits: visits(ctx, &one).await?.remove(&id).unwrap_or_default(),
    })
}

fn ids(households: &[Readable]) -> Vec<i32> {
    households.iter().map(|h| h.id).collect()
}

/// The names of these people, by id: one read.
async fn names(
    ctx: &Ctx,
    ids: impl Iterator<Item = i32>,
) -> Result<HashMap<i32, String>, DomainError> {
    let mut ids: Vec<i32> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

/// The households' moves, oldest first, with who made them and why.
pub async fn histories(
    ctx: &Ctx,
    households: &[Readable],
) -> Result<HashMap<i32, Vec<HistoryEntry>>, DomainError> {
    let rows = household_history::Entity::find()
        .filter(household_history::Column::HouseholdId.is_in(ids(households)))
        .order_by_asc(household_history::Column::Id)
        .all(&ctx.db)
        .await?;
    let people = names(ctx, rows.iter().filter_map(|h| h.actor_id)).await?;
    let codes: Vec<&str> = rows
        .iter()
        .filter_map(|h| h.reason_code.as_deref())
        .collect();
    let reasons = reason_labels(&ctx.db, &codes).await?;
    let stage_label = |status: &str, stage: &str| -> Result<String, DomainError> {
        let stage = Stage::from_stored(stage)?.label();
        Ok(match status {
            "on_hold" => format!("{stage} (on hold)"),
            "closed" => format!("{stage} (closed)"),
            _ => stage.to_owned(),
        })
    };
    let mut found: HashMap<i32, Vec<HistoryEntry>> = HashMap::new();
    for h in &rows {
        let reason = h
            .reason_code
            .as_deref()
            .map(|code| {
                reasons
                    .iter()
                    .find(|(c, _)| c == code)
                    .map_or_else(|| code.to_owned(), |(_, label)| label.clone())
            })
            .map(|label| match &h.reason_text {
                Some(text) => format!("{label}: {text}"),
                None => label,
            });
        found.entry(h.household_id).or_default().push(HistoryEntry {
            at: h.at,
            by: h.actor_id.and_then(|id| people.get(&id).cloned()),
            event: HistoryEvent::from_stored(&h.event)?,
            from: h
                .from_status
                .as_deref()
                .zip(h.from_stage.as_deref())
                .map(|(status, stage)| stage_label(status, stage))
                .transpose()?,
            to: stage_label(&h.to_status, &h.to_stage)?,
            reason,
        });
    }
    Ok(found)
}

/// The attempts to contact the households, newest first.
pub async fn contacts(
    ctx: &Ctx,
    households: &[Readable],
) -> Result<HashMap<i32, Vec<ContactEntry>>, DomainError> {
    let rows = contact_attempt::Entity::find()
        .filter(contact_attempt::Column::HouseholdId.is_in(ids(households)))
        .order_by_desc(contact_attempt::Column::Id)
        .all(&ctx.db)
        .await?;
    let people = names(ctx, rows.iter().filter_map(|c| c.by_id)).await?;
    let mut found: HashMap<i32, Vec<ContactEntry>> = HashMap::new();
    for c in rows {
        let method = ContactMethod::from_stored(&c.method)?;
        let outcome = ContactOutcome::from_stored(&c.outcome)?;
        found.entry(c.household_id).or_default().push(ContactEntry {
            at: c.at,
            by: c.by_id.and_then(|id| people.get(&id).cloned()),
            method,
            outcome,
            note: c.note,
        });
    }
    Ok(found)
}

/// The notes kept on the households, newest first.
pub async fn notes(
    ctx: &Ctx,
    households: &[Readable],
) -> Result<HashMap<i32, Vec<NoteEntry>>, DomainError> {
    let rows = household_note::Entity::find()
        .filter(household_note::Column::HouseholdId.is_in(ids(households)))
        .order_by_desc(household_note::Column::Id)
        .all(&ctx.db)
        .await?;
    let people = names(ctx, rows.iter().filter_map(|n| n.by_id)).await?;
    let mut found: HashMap<i32, Vec<NoteEntry>> = HashMap::new();
    for n in rows {
        found.entry(n.household_id).or_default().push(NoteEntry {
            at: n.at,
            by: n.by_id.and_then(|id| people.get(&id).cloned()),
            text: n.text,
        });
    }
    Ok(found)
}

/// The information events the households registered for, soonest first.
pub async fn events(
    ctx: &Ctx,
    households: &[Readable],
) -> Result<HashMap<i32, Vec<HouseholdEvent>>, DomainError> {
    let registrations = event_registration::Entity::find()
        .filter(event_registration::Column::HouseholdId.is_in(ids(households)))
        .all(&ctx.db)
        .await?;
    let mut event_ids: Vec<i32> = registrations.iter().map(|r| r.event_id).collect();
    event_ids.sort_unstable();
    event_ids.dedup();
    let events: HashMap<i32, information_event::Model> = if event_ids.is_empty() {
        HashMap::new()
    } else {
        information_event::Entity::find()
            .filter(information_event::Column::Id.is_in(event_ids))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect()
    };
    let mut found: HashMap<i32, Vec<HouseholdEvent>> = HashMap::new();
    for r in &registrations {
        let (Some(household_id), Some(event)) = (r.household_id, events.get(&r.event_id)) else {
            continue;
        };
        let attendance = r
            .attendance
            .as_deref()
            .map(Attendance::from_stored)
            .transpose()?;
        found.entry(household_id).or_default().push((
            event.title.clone(),
            event.starts_at,
            attendance,
        ));
    }
    for list in found.values_mut() {
        list.sort_by_key(|(_, at, _)| *at);
    }
    Ok(found)
}

/// The households' initial home visits, soonest first.
pub async fn visits(
    ctx: &Ctx,
    households: &[Readable],
) -> Result<HashMap<i32, Vec<VisitEntry>>, DomainError> {
    let rows = home_visit::Entity::find()
        .filter(home_visit::Column::HouseholdId.is_in(ids(households)))
        .order_by_asc(home_visit::Column::StartsAt)
        .all(&ctx.db)
        .await?;
    let officers = names(ctx, rows.iter().map(|v| v.officer_id)).await?;
    let mut found: HashMap<i32, Vec<VisitEntry>> = HashMap::new();
    for v in rows {
        found.entry(v.household_id).or_default().push(VisitEntry {
            id: v.id,
            officer: officers.get(&v.officer_id).cloned().unwrap_or_default(),
            starts_at: v.starts_at,
            place: v.place,
            outcome: v
                .outcome
                .as_deref()
                .map(VisitOutcome::from_stored)
                .transpose()?,
            outcome_note: v.outcome_note,
        });
    }
    Ok(found)
}

/// For each household, the others of its organisation that gave the same
/// telephone number: found through the indexed digits, one read.
pub async fn possible_duplicates(
    ctx: &Ctx,
    households: &[Readable],
) -> Result<HashMap<i32, Vec<(i32, String)>>, DomainError> {
    let own = household::Entity::find()
        .filter(household::Column::Id.is_in(ids(households)))
        .all(&ctx.db)
        .await?;
    let mut found: HashMap<i32, Vec<(i32, String)>> = HashMap::new();
    let mut by_organisation: HashMap<i32, Vec<&household::Model>> = HashMap::new();
    for row in own.iter().filter(|h| !h.phone_digits.is_empty()) {
        by_organisation
            .entry(row.organisation_id)
            .or_default()
            .push(row);
    }
    for (organisation_id, rows) in by_organisation {
        let digits: Vec<&str> = rows.iter().map(|h| h.phone_digits.as_str()).collect();
        let same = household::Entity::find()
            .filter(household::Column::OrganisationId.eq(organisation_id))
            .filter(household::Column::PhoneDigits.is_in(digits))
            .order_by_asc(household::Column::Id)
            .all(&ctx.db)
            .await?;
        for row in rows {
            let others = same
                .iter()
                .filter(|other| other.id != row.id && other.phone_digits == row.phone_digits)
                .map(|other| (other.id, other.name.clone()))
                .collect();
            found.insert(row.id, others);
        }
    }
    Ok(found)
}
