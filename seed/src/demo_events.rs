//! Demo information events and home visits for each demo RCC: a past event
//! whose attendance is recorded, two upcoming ones with registrations, and
//! visits done and to come. Made through the same use cases as real ones.

use std::sync::Arc;

use chrono::{DateTime, Days, NaiveTime, TimeDelta, Utc};
use chrono_tz::Europe::London;
use domain::Named;
use domain::clock::FrozenClock;
use domain::pagination::{MAX_PAGE_SIZE, PageRequest};
use domain::recruitment::event_registrations::{
    Attendance, NewRegistration, event_registrations, record_attendance, register_for_event,
};
use domain::recruitment::events::{EventFormat, EventPurpose, NewEvent, publish_event};
use domain::recruitment::visits::{NewVisit, VisitOutcome, book_visit, record_visit_outcome};
use domain::{Actor, Ctx, DomainError};

/// `days` from today (back, when negative), at `hour`:`minute` London time.
pub fn london_at(
    ctx: &Ctx,
    days: i64,
    hour: u32,
    minute: u32,
) -> Result<DateTime<Utc>, DomainError> {
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let day = if days >= 0 {
        today.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    day.zip(NaiveTime::from_hms_opt(hour, minute, 0))
        .and_then(|(day, time)| day.and_time(time).and_local_timezone(London).earliest())
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| DomainError::Internal("a demo date is out of range".into()))
}

/// A context whose clock reads `at`: for what happened in the past.
pub fn as_of(ctx: &Ctx, at: DateTime<Utc>) -> Ctx {
    ctx.on_clock(Arc::new(FrozenClock::at(at)))
}

/// Where an RCC's demo events are held.
pub struct DemoVenue {
    pub venue: &'static str,
    pub postcode: &'static str,
}

fn event(rcc: i32, title: &str, format: EventFormat, venue: &DemoVenue) -> NewEvent {
    NewEvent {
        organisation_id: rcc,
        purpose: EventPurpose::Information,
        title: title.to_owned(),
        description: "Meet foster carers and the team who support them, hear what fostering is really like, and ask anything. No commitment, and you do not need to have enquired first.".to_owned(),
        format: Some(format),
        capacity: Some(30),
        venue: venue.venue.to_owned(),
        postcode: venue.postcode.to_owned(),
        joining_link: "https://meet.example.org/hearth-demo".to_owned(),
        ..NewEvent::default()
    }
}

/// Publishes the RCC's demo events and registers `households` (the
/// emails and names of demo households): the first two came to the past
/// event, the last two are booked on the next online one. Someone who
/// had not enquired missed the past event and gets a follow-up.
pub async fn load_demo_events(
    ctx: &Ctx,
    officer: &Actor,
    rcc: i32,
    venue: &DemoVenue,
    came: [(&str, &str); 2],
    booked: [(&str, &str); 2],
) -> Result<(), DomainError> {
    let starts = london_at(ctx, -8, 18, 30)?;
    let past = NewEvent {
        starts_at: Some(starts),
        ends_at: Some(starts + TimeDelta::hours(2)),
        ..event(
            rcc,
            "Could you foster? An evening with carers",
            EventFormat::InPerson,
            venue,
        )
    };
    let before = as_of(ctx, starts - TimeDelta::days(21));
    let past_id = publish_event(&before, officer, &past).await?;
    let missed = ("Alex Turner", "alex.turner@example.org");
    for (n, (name, email)) in came.into_iter().chain([missed]).enumerate() {
        let registration = NewRegistration {
            name: name.to_owned(),
            email: email.to_owned(),
            trap: String::new(),
        };
        register_for_event(
            &before,
            &Actor::Anonymous,
            past_id,
            &registration,
            &format!("demo-seed-event-{n}"),
        )
        .await?;
    }
    let registered = event_registrations(ctx, officer, past_id, &PageRequest::first(MAX_PAGE_SIZE))
        .await?
        .page
        .items;
    for (_, entry) in registered {
        let attendance = if entry.email == missed.1 {
            Attendance::DidNotAttend
        } else {
            Attendance::Attended
        };
        record_attendance(ctx, officer, Named::alone(entry.id), Some(attendance)).await?;
    }
    let online_at = london_at(ctx, 6, 19, 0)?;
    let online = NewEvent {
        starts_at: Some(online_at),
        ends_at: Some(online_at + TimeDelta::minutes(90)),
        ..event(
            rcc,
            "Fostering teenagers: ask us anything (online)",
            EventFormat::Online,
            venue,
        )
    };
    let online_id = publish_event(ctx, officer, &online).await?;
    for (n, (name, email)) in booked.into_iter().enumerate() {
        let registration = NewRegistration {
            name: name.to_owned(),
            email: email.to_owned(),
            trap: String::new(),
        };
        register_for_event(
            ctx,
            &Actor::Anonymous,
            online_id,
            &registration,
            &format!("demo-seed-online-{n}"),
        )
        .await?;
    }
    let in_person_at = london_at(ctx, 13, 10, 30)?;
    let in_person = NewEvent {
        starts_at: Some(in_person_at),
        ends_at: Some(in_person_at + TimeDelta::hours(2)),
        ..event(
            rcc,
            "Fostering information morning",
            EventFormat::InPerson,
            venue,
        )
    };
    publish_event(ctx, officer, &in_person).await?;
    let training_at = london_at(ctx, 20, 9, 30)?;
    let training = NewEvent {
        purpose: EventPurpose::Training,
        starts_at: Some(training_at),
        ends_at: Some(training_at + TimeDelta::hours(6)),
        description: "Preparation training for applicants: three days with experienced foster carers and social workers.".to_owned(),
        ..event(rcc, "Skills to Foster: preparation training", EventFormat::InPerson, venue)
    };
    publish_event(ctx, officer, &training).await?;
    Ok(())
}

/// Books a visit: one that took place two days ago, or one in three days.
pub async fn demo_visit(
    ctx: &Ctx,
    officer: &Actor,
    officer_id: i32,
    household_id: i32,
    done: bool,
) -> Result<(), DomainError> {
    let (days, booking) = if done {
        (-2, as_of(ctx, london_at(ctx, -10, 9, 0)?))
    } else {
        (3, ctx.clone())
    };
    let visit = NewVisit {
        officer_id: Some(officer_id),
        starts_at: Some(london_at(ctx, days, 10, 30)?),
        place: "Their home".to_owned(),
    };
    let id = book_visit(&booking, officer, household_id, &visit).await?;
    if done {
        record_visit_outcome(
            ctx,
            officer,
            Named::alone(id),
            Some(VisitOutcome::Completed),
            "Warm, thoughtful household; a spare room ready.",
        )
        .await?;
    }
    Ok(())
}
