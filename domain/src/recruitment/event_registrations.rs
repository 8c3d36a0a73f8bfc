//! Registering for an information event, the reminder the day before, and
//! what staff record afterwards: who came, and a friendly word to those who
//! could not.

use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Func, Order, Query, WindowStatement};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, DatabaseTransaction, EntityTrait,
    FromQueryResult, Iterable, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::enquiries::name_and_email;
use super::entities::{event_registration, household, information_event};
use super::events::{
    EventPurpose, Registered, details, locked_event, managed_event, managed_events,
    organisation_name, registered_on,
};
use super::funnel::{Event, transition};
use super::history::{apply, current, state_of};
use crate::accounts::{Limit, attempt_refused};
use crate::audit::{Subject, record_access, record_accesses};
use crate::jobs::{Job, enqueue};
use crate::names::stored_names;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::pagination::{Cursor, Page, PageRequest, fetch_window};
use crate::reminders::tomorrow_in_london;
use crate::{Actor, Ctx, DomainError, Named};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Attendance {
    Attended,
    DidNotAttend,
}

stored_names!(Attendance {
    Attended => "attended", "Came",
    DidNotAttend => "did_not_attend", "Did not come",
});

/// Registrations from one client address: a family or an office, not a
/// script filling an event.
pub const REGISTRATIONS_PER_CLIENT: Limit = Limit {
    attempts: 10,
    window: TimeDelta::hours(1),
    block_for: TimeDelta::hours(1),
};

/// What the registration form asks.
#[derive(Clone, Debug, Default)]
pub struct NewRegistration {
    pub name: String,
    pub email: String,
    /// A field people never see and robots fill in.
    pub trap: String,
}

/// One registration, as the event's organisers see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationEntry {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub household_id: Option<i32>,
    pub attendance: Option<Attendance>,
    pub registered_at: DateTime<Utc>,
}

/// Registers someone (signed in or not, with an enquiry or without) for an
/// event. Registering again with the same address changes nothing and gets
/// the same answer; a full, cancelled or started event is refused.
pub async fn register_for_event(
    ctx: &Ctx,
    _actor: &Actor,
    event_id: i32,
    input: &NewRegistration,
    client_address: &str,
) -> Result<(), DomainError> {
    register_for(
        ctx,
        event_id,
        input,
        client_address,
        EventPurpose::Information,
    )
    .await
}

/// Registers for an event of `purpose` (preparation training is booked by
/// applicants, through their application, never as the public would).
pub(crate) async fn register_for(
    ctx: &Ctx,
    event_id: i32,
    input: &NewRegistration,
    client_address: &str,
    purpose: EventPurpose,
) -> Result<(), DomainError> {
    let now = ctx.clock.now();
    let mut errors = Vec::new();
    let (name, email) = name_and_email(&mut errors, &input.name, &input.email);
    let (Some(email), true) = (email, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let key = format!("event-registration-address:{client_address}");
    if attempt_refused(&ctx.db, REGISTRATIONS_PER_CLIENT, &key, now).await? {
        return Err(DomainError::RateLimited);
    }
    // A robot that filled the hidden field is told all went well.
    if !input.trap.trim().is_empty() {
        return Ok(());
    }
    take_place(ctx, event_id, &[purpose], (name, email)).await
}

/// Gives `name` at `email` a place at an event of one of `purposes`, under
/// the event's lock so places are counted and taken one at a time, and
/// emails it to them with the event for their calendar. Having one
/// already changes nothing; a full, cancelled or started event is refused.
/// Information events, preparation training and kinship sessions are all
/// booked here.
pub(crate) async fn take_place(
    ctx: &Ctx,
    event_id: i32,
    purposes: &[EventPurpose],
    who: (String, EmailAddress),
) -> Result<(), DomainError> {
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let event = locked_event(&txn, event_id).await?;
    place_in(&txn, &event, purposes, who, now).await?;
    txn.commit().await?;
    Ok(())
}

/// `take_place` inside the caller's transaction, the event already locked
/// by it: for a caller that must check more under the same lock.
pub(crate) async fn place_in(
    txn: &DatabaseTransaction,
    event: &information_event::Model,
    purposes: &[EventPurpose],
    (name, email): (String, EmailAddress),
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let purpose = EventPurpose::from_stored(&event.purpose)?;
    if !purposes.contains(&purpose) {
        return Err(DomainError::NotFound);
    }
    if event.cancelled_at.is_some() {
        return Err(DomainError::Conflict(
            "This event has been cancelled".into(),
        ));
    }
    if event.starts_at <= now {
        return Err(DomainError::Conflict(
            "This event has already started".into(),
        ));
    }
    let address = email.as_str().to_lowercase();
    let registrations = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(event.id))
        .all(txn)
        .await?;
    if registrations.iter().any(|r| r.email == address) {
        return Ok(());
    }
    if registrations.len() >= usize::try_from(event.capacity).unwrap_or(0) {
        return Err(DomainError::Conflict(
            "This event is full: choose another date".into(),
        ));
    }
    // Their enquiry with this service, if they have one: the event counts
    // towards its stage once they have come. A kinship session is no
    // step towards fostering.
    let household_id = if purpose.is_kinship() {
        None
    } else {
        household::Entity::find()
            .filter(household::Column::OrganisationId.eq(event.organisation_id))
            .filter(household::Column::Email.eq(address.clone()))
            .order_by_desc(household::Column::LastEnquiryAt)
            .one(txn)
            .await?
            .map(|h| h.id)
    };
    event_registration::ActiveModel {
        id: NotSet,
        event_id: Set(event.id),
        name: Set(name.clone()),
        email: Set(address),
        household_id: Set(household_id),
        attendance: Set(None),
        attendance_by_id: Set(None),
        attendance_at: Set(None),
        registered_at: Set(now),
        reminder_queued_at: Set(None),
        follow_up_queued_at: Set(None),
    }
    .insert(txn)
    .await?;
    let organisation = organisation_name(txn, event.organisation_id).await?;
    let details = details(event, &organisation);
    let email_job = SendEmail::new(email, purpose.booked(name, details));
    enqueue(txn, &email_job, now, now).await?;
    Ok(())
}

/// The job that queues the day-before reminders: run every hour, so one
/// missed run, or a registration made the day before, still gets one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendEventReminders {}

impl Job for SendEventReminders {
    const KIND: &'static str = "recruitment.send_event_reminders";
    const MAX_ATTEMPTS: i32 = 5;
}

/// Queues a reminder for everyone registered for an event tomorrow (London
/// time) who has not had one. Returns how many were queued.
pub async fn send_event_reminders(ctx: &Ctx, actor: &Actor) -> Result<usize, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    let Some((from, to)) = tomorrow_in_london(now) else {
        return Ok(0);
    };
    let events = information_event::Entity::find()
        .filter(information_event::Column::StartsAt.gte(from))
        .filter(information_event::Column::StartsAt.lt(to))
        .filter(information_event::Column::CancelledAt.is_null())
        .all(&ctx.db)
        .await?;
    let mut queued = 0;
    for event in events {
        let organisation = organisation_name(&ctx.db, event.organisation_id).await?;
        let txn = ctx.write().await?;
        let due = event_registration::Entity::find()
            .filter(event_registration::Column::EventId.eq(event.id))
            .filter(event_registration::Column::ReminderQueuedAt.is_null())
            .all(&txn)
            .await?;
        for registration in due {
            // Marked in the same transaction as the email is queued, and
            // only if no other runner marked it first.
            let marked = event_registration::Entity::update_many()
                .col_expr(
                    event_registration::Column::ReminderQueuedAt,
                    Expr::value(now),
                )
                .filter(event_registration::Column::Id.eq(registration.id))
                .filter(event_registration::Column::ReminderQueuedAt.is_null())
                .exec(&txn)
                .await?;
            let Ok(to) = EmailAddress::parse(&registration.email) else {
                continue;
            };
            if marked.rows_affected == 1 {
                let purpose = EventPurpose::from_stored(&event.purpose)?;
                let email = purpose.reminder(registration.name, details(&event, &organisation));
                enqueue(&txn, &SendEmail::new(to, email), now, now).await?;
                queued += 1;
            }
        }
        txn.commit().await?;
    }
    Ok(queued)
}

/// Who registered for the event, by name, a page at a time, with how many
/// came: for its organisers.
pub async fn event_registrations(
    ctx: &Ctx,
    actor: &Actor,
    event_id: i32,
    page: &PageRequest,
) -> Result<Registrations, DomainError> {
    let event = managed_event(&ctx.db, actor, event_id).await?;
    record_access(
        ctx,
        actor,
        event.organisation_id,
        Subject::EventRegistrations,
        Some(event.id),
    )
    .await?;
    let query =
        event_registration::Entity::find().filter(event_registration::Column::EventId.eq(event.id));
    let counted = registered_on(&ctx.db, &[event.id])
        .await?
        .remove(&event.id)
        .unwrap_or_default();
    let cursor = query.cursor_by((
        event_registration::Column::Name,
        event_registration::Column::Id,
    ));
    let (rows, has_more) = fetch_window(&ctx.db, cursor, page).await?;
    let items = rows
        .into_iter()
        .map(listed)
        .collect::<Result<_, DomainError>>()?;
    Ok(Registrations::new(items, has_more, page, counted))
}

impl Registrations {
    /// A page of registrations with the event's counts (an event holds at
    /// most its capacity, so they are exact).
    fn new(
        items: Vec<(Cursor, RegistrationEntry)>,
        has_more: bool,
        page: &PageRequest,
        counted: Registered,
    ) -> Self {
        let count = |n: i64| u64::try_from(n).unwrap_or_default();
        Self {
            page: Page::new(items, has_more, page, (count(counted.registered), false)),
            attended: count(counted.attended),
        }
    }
}

/// A registration as its list shows it, with its place in the list.
fn listed(r: event_registration::Model) -> Result<(Cursor, RegistrationEntry), DomainError> {
    let cursor = Cursor {
        key: r.name.clone(),
        id: r.id,
    };
    let attendance = r
        .attendance
        .as_deref()
        .map(Attendance::from_stored)
        .transpose()?;
    let entry = RegistrationEntry {
        id: r.id,
        name: r.name,
        email: r.email,
        household_id: r.household_id,
        attendance,
        registered_at: r.registered_at,
    };
    Ok((cursor, entry))
}

/// The first `first` registrations of each of `event_ids` the actor may
/// manage, for a list of events: four statements however many events (the
/// events, the access log, the counts and the rows). An event the actor
/// may not manage is left out, as `event_registrations` finds it not found.
pub async fn first_registrations_of_events(
    ctx: &Ctx,
    actor: &Actor,
    event_ids: &[i32],
    first: u64,
) -> Result<HashMap<i32, Registrations>, DomainError> {
    let events = managed_events(&ctx.db, actor, event_ids).await?;
    if events.is_empty() {
        return Ok(HashMap::new());
    }
    record_accesses(
        ctx,
        actor,
        events.iter().map(|event| {
            (
                event.organisation_id,
                Subject::EventRegistrations,
                Some(event.id),
            )
        }),
    )
    .await?;
    let ids: Vec<i32> = events.iter().map(|event| event.id).collect();
    let counts = registered_on(&ctx.db, &ids).await?;
    let mut rows = first_rows(ctx, &ids, first + 1).await?;
    let page = PageRequest::first(first);
    ids.into_iter()
        .map(|id| {
            let mut mine = rows.remove(&id).unwrap_or_default();
            let has_more = mine.len() as u64 > first;
            mine.truncate(first as usize);
            let items = mine
                .into_iter()
                .map(listed)
                .collect::<Result<_, DomainError>>()?;
            let counted = counts.get(&id).copied().unwrap_or_default();
            let registrations = Registrations::new(items, has_more, &page, counted);
            Ok((id, registrations))
        })
        .collect()
}

/// The first `limit` registrations of each event, in name order: one
/// statement, each event's rows numbered by a window function.
async fn first_rows(
    ctx: &Ctx,
    event_ids: &[i32],
    limit: u64,
) -> Result<HashMap<i32, Vec<event_registration::Model>>, DomainError> {
    use event_registration::Column;
    let place = Alias::new("place");
    let mut numbered = Query::select();
    numbered
        .columns(Column::iter())
        .expr_window_as(
            Func::cust(Alias::new("ROW_NUMBER")),
            WindowStatement::partition_by(Column::EventId)
                .order_by(Column::Name, Order::Asc)
                .order_by(Column::Id, Order::Asc)
                .to_owned(),
            place.clone(),
        )
        .from(event_registration::Entity)
        .and_where(Column::EventId.is_in(event_ids.iter().copied()));
    let numbered_alias = Alias::new("numbered");
    let mut query = Query::select();
    query
        .column(Asterisk)
        .from_subquery(numbered, numbered_alias)
        .and_where(Expr::col(place.clone()).lte(limit))
        .order_by(Column::EventId, Order::Asc)
        .order_by(place, Order::Asc);
    let statement = ctx.db.get_database_backend().build(&query);
    let rows = event_registration::Model::find_by_statement(statement)
        .all(&ctx.db)
        .await?;
    let mut by_event: HashMap<i32, Vec<event_registration::Model>> = HashMap::new();
    for row in rows {
        by_event.entry(row.event_id).or_default().push(row);
    }
    Ok(by_event)
}

/// One page of an event's registrations, and how many of all came.
#[derive(Clone, Debug)]
pub struct Registrations {
    pub page: Page<RegistrationEntry>,
    pub attended: u64,
}

/// Records whether someone came, once the event has started. Coming moves
/// their household on (an enquiry or a contacted household reaches the
/// information event stage); not coming queues one friendly follow-up.
pub async fn record_attendance(
    ctx: &Ctx,
    actor: &Actor,
    registration: Named,
    attendance: Option<Attendance>,
) -> Result<(), DomainError> {
    if matches!(actor, Actor::Anonymous) {
        return Err(DomainError::Unauthenticated);
    }
    let named = registration;
    let registration = event_registration::Entity::find_by_id(named.id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    named.must_be_within(registration.event_id)?;
    let event = managed_event(&ctx.db, actor, registration.event_id).await?;
    let Some(attendance) = attendance else {
        return Err(DomainError::invalid(
            "attendance",
            "Select whether they came",
        ));
    };
    let now = ctx.clock.now();
    if event.cancelled_at.is_some() {
        return Err(DomainError::Conflict(
            "This event was cancelled: nobody attended it".into(),
        ));
    }
    if event.starts_at > now {
        return Err(DomainError::Conflict(
            "Attendance is recorded once the event has started".into(),
        ));
    }
    let txn = ctx.write().await?;
    event_registration::Entity::update_many()
        .col_expr(
            event_registration::Column::Attendance,
            Expr::value(attendance.as_str()),
        )
        .col_expr(
            event_registration::Column::AttendanceById,
            Expr::value(actor.person_id()),
        )
        .col_expr(event_registration::Column::AttendanceAt, Expr::value(now))
        .filter(event_registration::Column::Id.eq(registration.id))
        .exec(&txn)
        .await?;
    // Preparation training is recorded on the registration only: it moves
    // no stage, and a missed course is rebooked with the household's
    // social worker rather than by email.
    let information = event.purpose == EventPurpose::Information.as_str();
    match attendance {
        Attendance::Attended if !information => {}
        Attendance::DidNotAttend if !information => {}
        Attendance::Attended => {
            if let Some(household_id) = registration.household_id {
                let state = state_of(&current(&txn, household_id).await?)?;
                // Coming to an event is kept on the registration whatever the
                // household's state; it moves only a household it can move.
                if transition(state, Event::AttendedInformationEvent).is_ok() {
                    apply(
                        &txn,
                        household_id,
                        actor.person_id(),
                        Event::AttendedInformationEvent,
                        (None, None),
                        now,
                    )
                    .await?;
                }
            }
        }
        Attendance::DidNotAttend => {
            let marked = event_registration::Entity::update_many()
                .col_expr(
                    event_registration::Column::FollowUpQueuedAt,
                    Expr::value(now),
                )
                .filter(event_registration::Column::Id.eq(registration.id))
                .filter(event_registration::Column::FollowUpQueuedAt.is_null())
                .exec(&txn)
                .await?;
            if marked.rows_affected == 1
                && let Ok(to) = EmailAddress::parse(&registration.email)
            {
                let email = Email::EventFollowUp {
                    name: registration.name.clone(),
                    title: event.title.clone(),
                    organisation: organisation_name(&txn, event.organisation_id).await?,
                };
                enqueue(&txn, &SendEmail::new(to, email), now, now).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}
