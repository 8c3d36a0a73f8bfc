//! Information events: an organisation publishes them (online, or in person
//! at an address), anyone finds the upcoming ones near a postcode, and
//! staff cancel one that cannot go ahead.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use validator::ValidateUrl;

use super::enquiries::london_display;
use super::entities::{event_registration, information_event};
use super::event_registrations::Attendance;
use super::routing::route;
use crate::accounts::entities::organisation;
use crate::geography::entities::postcode_district;
use crate::geography::{Outcode, Postcode, box_around, district_of, miles_between};
use crate::jobs::enqueue;
use crate::names::stored_names;
use crate::notifications::{CalendarEntry, Email, EmailAddress, EventDetails, SendEmail};
use crate::pagination::{
    Cursor, Page, PageRequest, count_up_to_cap, fetch_window_by_moment, moment_key,
};
use crate::policy::Permission;
use crate::text::bounded;
use crate::{Actor, Ctx, DomainError, FieldError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventFormat {
    Online,
    InPerson,
}

stored_names!(EventFormat {
    Online => "online", "Online",
    InPerson => "in_person", "In person",
});

/// Whom an event is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum EventPurpose {
    /// For anyone thinking about fostering: listed publicly.
    #[default]
    Information,
    /// Preparation training ("Skills to Foster"), booked by applicants.
    Training,
    /// A kinship group's session, booked by its members.
    KinshipSession,
    /// A kinship group's workshop: for its members, or open to any
    /// registered kinship carer.
    KinshipWorkshop,
}

stored_names!(EventPurpose {
    Information => "information", "Information event",
    Training => "training", "Preparation training",
    KinshipSession => "kinship_session", "Group session",
    KinshipWorkshop => "kinship_workshop", "Workshop",
});

impl EventPurpose {
    /// Recruitment's own events: what its staff publish and manage.
    pub const RECRUITMENT: &'static [Self] = &[Self::Information, Self::Training];

    pub fn is_kinship(self) -> bool {
        matches!(self, Self::KinshipSession | Self::KinshipWorkshop)
    }

    /// The email that confirms a place.
    pub(crate) fn booked(self, name: String, event: EventDetails) -> Email {
        if self.is_kinship() {
            Email::SessionBooked {
                name,
                event,
                path: KINSHIP_HOME.to_owned(),
            }
        } else {
            Email::EventRegistered { name, event }
        }
    }

    /// The reminder the day before.
    pub(crate) fn reminder(self, name: String, event: EventDetails) -> Email {
        if self.is_kinship() {
            Email::SessionReminder {
                name,
                event,
                path: KINSHIP_HOME.to_owned(),
            }
        } else {
            Email::EventReminder { name, event }
        }
    }
}

/// Where a kinship carer finds their groups and sessions.
const KINSHIP_HOME: &str = "/kinship/my-groups";

/// How far people are shown in-person events from: a journey most would
/// make for an evening.
pub const NEAR_MILES: f64 = 40.0;
/// The most places an event may offer.
pub const MAX_CAPACITY: i32 = 1_000;
const MAX_TITLE: usize = 120;
const MAX_DESCRIPTION: usize = 2_000;
const MAX_VENUE: usize = 500;
/// The most events one search lists.
const LISTED: u64 = 100;

/// What publishing an event asks.
#[derive(Clone, Debug, Default)]
pub struct NewEvent {
    pub organisation_id: i32,
    pub purpose: EventPurpose,
    pub title: String,
    pub description: String,
    pub format: Option<EventFormat>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub venue: String,
    pub postcode: String,
    pub joining_link: String,
    pub capacity: Option<i32>,
}

/// An event as anyone may see it: never its joining link.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSummary {
    pub id: i32,
    pub purpose: EventPurpose,
    pub organisation_id: i32,
    pub organisation: String,
    pub title: String,
    pub description: String,
    pub format: EventFormat,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue: Option<String>,
    pub postcode: Option<String>,
    pub capacity: i32,
    pub places_left: i32,
    pub cancelled: bool,
    /// From the postcode searched near, for an in-person event.
    pub miles_away: Option<f64>,
}

impl EventSummary {
    pub fn when(&self) -> String {
        london_display(self.starts_at)
    }

    /// The address, or "Online".
    pub fn place(&self) -> String {
        match (&self.venue, &self.postcode) {
            (Some(venue), Some(postcode)) => format!("{venue}, {postcode}"),
            (Some(venue), None) => venue.clone(),
            _ => EventFormat::Online.label().to_owned(),
        }
    }
}

/// Every problem with `input`, field by field, as of `now`: used by the
/// publish form to name them all at once, with its own date errors.
pub fn event_problems(input: &NewEvent, now: DateTime<Utc>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    bounded(
        &mut errors,
        "title",
        &input.title,
        MAX_TITLE,
        Some("Enter the event's title"),
    );
    bounded(
        &mut errors,
        "description",
        &input.description,
        MAX_DESCRIPTION,
        Some("Say what the event is about and who it is for"),
    );
    match input.starts_at {
        None => errors.push(FieldError::new(
            "starts_at",
            "Enter the date and time it starts",
        )),
        Some(starts) if starts <= now => errors.push(FieldError::new(
            "starts_at",
            "The event must start in the future",
        )),
        Some(_) => {}
    }
    match (input.starts_at, input.ends_at) {
        (_, None) => errors.push(FieldError::new("ends_at", "Enter the time it ends")),
        (Some(starts), Some(ends)) if ends <= starts => errors.push(FieldError::new(
            "ends_at",
            "The event must end after it starts",
        )),
        (Some(starts), Some(ends)) if ends - starts > TimeDelta::hours(12) => errors.push(
            FieldError::new("ends_at", "An event can last 12 hours at most"),
        ),
        _ => {}
    }
    match input.capacity {
        Some(places) if (1..=MAX_CAPACITY).contains(&places) => {}
        _ => errors.push(FieldError::new(
            "capacity",
            format!("Enter how many places there are, from 1 to {MAX_CAPACITY}"),
        )),
    }
    match input.format {
        None => errors.push(FieldError::new(
            "format",
            "Select whether the event is online or in person",
        )),
        Some(EventFormat::Online) => {
            let link = input.joining_link.trim();
            if !(link.starts_with("https://") && link.validate_url()) {
                errors.push(FieldError::new(
                    "joining_link",
                    "Enter the joining link, starting https://",
                ));
            }
        }
        Some(EventFormat::InPerson) => {
            bounded(
                &mut errors,
                "venue",
                &input.venue,
                MAX_VENUE,
                Some("Enter the venue's name and address"),
            );
            if let Err(message) = Postcode::parse(&input.postcode) {
                errors.push(FieldError::new("postcode", message));
            }
        }
    }
    errors
}

/// Publishes an event for `input.organisation_id`, whose recruitment staff
/// the actor must be.
pub async fn publish_event(ctx: &Ctx, actor: &Actor, input: &NewEvent) -> Result<i32, DomainError> {
    actor.require(Permission::WorkEnquiries, input.organisation_id)?;
    if input.purpose.is_kinship() {
        return Err(DomainError::invalid(
            "purpose",
            "Choose an information event or preparation training",
        ));
    }
    let now = ctx.clock.now();
    let mut errors = event_problems(input, now);
    let (Some(format), Some(starts_at), Some(ends_at), Some(capacity)) =
        (input.format, input.starts_at, input.ends_at, input.capacity)
    else {
        return Err(DomainError::InvalidInput(errors));
    };
    let mut place = (None, None, None, None);
    if format == EventFormat::InPerson
        && let Ok(postcode) = Postcode::parse(&input.postcode)
    {
        match postcode_district::Entity::find_by_id(postcode.outcode().as_str())
            .one(&ctx.db)
            .await?
        {
            Some(district) => {
                place = (
                    Some(input.venue.trim().to_owned()),
                    Some(postcode.to_string()),
                    Some(district.latitude),
                    Some(district.longitude),
                );
            }
            None => errors.push(FieldError::new(
                "postcode",
                "We do not know that postcode: check it and try again",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let (venue, postcode, latitude, longitude) = place;
    let event = information_event::ActiveModel {
        id: NotSet,
        organisation_id: Set(input.organisation_id),
        title: Set(input.title.trim().to_owned()),
        description: Set(input.description.trim().to_owned()),
        purpose: Set(input.purpose.as_str().to_owned()),
        format: Set(format.as_str().to_owned()),
        starts_at: Set(starts_at),
        ends_at: Set(ends_at),
        venue: Set(venue),
        postcode: Set(postcode),
        latitude: Set(latitude),
        longitude: Set(longitude),
        joining_link: Set(
            (format == EventFormat::Online).then(|| input.joining_link.trim().to_owned())
        ),
        capacity: Set(capacity),
        cancelled_at: Set(None),
        created_by_id: Set(actor.person_id()),
        created_at: Set(now),
    };
    let txn = ctx.write().await?;
    let event = event.insert(&*txn).await?;
    // Only information events are listed publicly, so only they are found.
    if input.purpose == EventPurpose::Information {
        crate::search::public::note_event(&*txn, event.id, now).await?;
    }
    txn.commit().await?;
    Ok(event.id)
}

/// How many registered for an event, and how many of them came.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Registered {
    pub registered: i64,
    pub attended: i64,
}

/// Registrations held on each of `events`, and how many came: one read.
pub(super) async fn registered_on(
    conn: &impl ConnectionTrait,
    events: &[i32],
) -> Result<HashMap<i32, Registered>, DomainError> {
    use event_registration::Column;
    let came = Expr::case(Column::Attendance.eq(Attendance::Attended.as_str()), 1).finally(0);
    let counts: Vec<(i32, i64, i64)> = event_registration::Entity::find()
        .select_only()
        .column(Column::EventId)
        .column_as(Column::Id.count(), "registered")
        // A group holds a row at least, so its sum is never null.
        .column_as(Expr::expr(Func::sum(came)), "attended")
        .filter(Column::EventId.is_in(events.iter().copied()))
        .group_by(Column::EventId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(counts
        .into_iter()
        .map(|(event, registered, attended)| {
            let counted = Registered {
                registered,
                attended,
            };
            (event, counted)
        })
        .collect())
}

async fn summaries(
    conn: &impl ConnectionTrait,
    rows: Vec<information_event::Model>,
    from: Option<(f64, f64)>,
) -> Result<Vec<EventSummary>, DomainError> {
    let ids: Vec<i32> = rows.iter().map(|e| e.id).collect();
    let registered = registered_on(conn, &ids).await?;
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(rows.iter().map(|e| e.organisation_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    rows.into_iter()
        .map(|row| {
            let taken = registered
                .get(&row.id)
                .map_or(0, |counted| counted.registered);
            let taken = i32::try_from(taken).unwrap_or(i32::MAX);
            Ok(EventSummary {
                id: row.id,
                organisation_id: row.organisation_id,
                organisation: organisations
                    .get(&row.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                format: EventFormat::from_stored(&row.format)?,
                purpose: EventPurpose::from_stored(&row.purpose)?,
                miles_away: from
                    .zip(row.latitude.zip(row.longitude))
                    .map(|(a, b)| miles_between(a, b)),
                places_left: Ord::max(row.capacity - taken, 0),
                cancelled: row.cancelled_at.is_some(),
                title: row.title,
                description: row.description,
                starts_at: row.starts_at,
                ends_at: row.ends_at,
                venue: row.venue,
                postcode: row.postcode,
                capacity: row.capacity,
            })
        })
        .collect()
}

/// Upcoming events, soonest first. Near a postcode (or a postcode
/// district), only in-person events within [`NEAR_MILES`] and the online
/// events of the service that recruits there and of the national programme.
/// With `matching`, only those events (found by words).
pub async fn upcoming_events(
    ctx: &Ctx,
    near: Option<&str>,
    matching: Option<&[i32]>,
) -> Result<Vec<EventSummary>, DomainError> {
    let now = ctx.clock.now();
    // Never the whole country's events: the soonest, in the database.
    let mut upcoming = information_event::Entity::find();
    // Found by words (`search::public`): among those, the page's own rule.
    if let Some(ids) = matching {
        upcoming = upcoming.filter(information_event::Column::Id.is_in(ids.iter().copied()));
    }
    let upcoming = upcoming
        .filter(information_event::Column::StartsAt.gt(now))
        .filter(information_event::Column::CancelledAt.is_null())
        .filter(information_event::Column::Purpose.eq(EventPurpose::Information.as_str()))
        .order_by_asc(information_event::Column::StartsAt)
        .order_by_asc(information_event::Column::Id);
    let Some(near) = near.map(str::trim).filter(|n| !n.is_empty()) else {
        let listed = upcoming.limit(LISTED).all(&ctx.db).await?;
        return summaries(&ctx.db, listed, None).await;
    };
    let district = district_of(&ctx.db, near, "postcode").await?;
    let outcode =
        Outcode::parse(&district.outcode).map_err(|m| DomainError::invalid("postcode", m))?;
    let here = (district.latitude, district.longitude);
    // Any full postcode in the district routes the same way.
    let routed = Postcode::parse(&format!("{} 1AA", outcode.as_str()))
        .map_err(|m| DomainError::invalid("postcode", m))?;
    let online_from = [
        route(&ctx.db, &routed, now).await?.organisation_id,
        crate::accounts::national_programme(&ctx.db, now).await?,
    ];
    // In person within a box around the circle, or online from the two
    // services: the database narrows, the exact distance decides.
    let (lat_span, lon_span) = box_around(here.0, NEAR_MILES);
    let in_box = information_event::Column::Latitude
        .between(here.0 - lat_span, here.0 + lat_span)
        .and(information_event::Column::Longitude.between(here.1 - lon_span, here.1 + lon_span));
    let online = information_event::Column::Latitude
        .is_null()
        .and(information_event::Column::OrganisationId.is_in(online_from));
    let rows = upcoming
        .filter(in_box.or(online))
        .limit(LISTED * 4)
        .all(&ctx.db)
        .await?;
    let near_rows = rows
        .into_iter()
        .filter(|row| match row.latitude.zip(row.longitude) {
            Some(there) => miles_between(here, there) <= NEAR_MILES,
            None => online_from.contains(&row.organisation_id),
        })
        .take(LISTED as usize)
        .collect();
    summaries(&ctx.db, near_rows, Some(here)).await
}

/// One information event, as anyone may see it, cancelled or past as
/// well. Preparation training is for applicants only: not found here.
pub async fn event(ctx: &Ctx, event_id: i32) -> Result<EventSummary, DomainError> {
    let row = information_event::Entity::find_by_id(event_id)
        .one(&ctx.db)
        .await?
        .filter(|e| e.purpose == EventPurpose::Information.as_str())
        .ok_or(DomainError::NotFound)?;
    summary(&ctx.db, row).await
}

/// Any of an organisation's events, training too, for its recruitment staff.
pub async fn managed_event_summary(
    ctx: &Ctx,
    actor: &Actor,
    event_id: i32,
) -> Result<EventSummary, DomainError> {
    let row = managed_event(&ctx.db, actor, event_id).await?;
    summary(&ctx.db, row).await
}

async fn summary(
    conn: &impl ConnectionTrait,
    row: information_event::Model,
) -> Result<EventSummary, DomainError> {
    summaries(conn, vec![row], None)
        .await?
        .pop()
        .ok_or(DomainError::NotFound)
}

/// The events of the organisations the actor recruits for, a page at a
/// time: upcoming ones soonest first, or (`past`) those of the last 90
/// days, whose attendance may still be recorded, most recent first.
pub async fn organisation_events(
    ctx: &Ctx,
    actor: &Actor,
    past: bool,
    page: &PageRequest,
) -> Result<Page<EventSummary>, DomainError> {
    if matches!(actor, Actor::Anonymous) {
        return Err(DomainError::Unauthenticated);
    }
    let organisations = actor.organisations_where(Permission::WorkEnquiries);
    if organisations.is_empty() {
        return Err(DomainError::Forbidden);
    }
    let now = ctx.clock.now();
    let mut query = information_event::Entity::find()
        .filter(information_event::Column::OrganisationId.is_in(organisations))
        .filter(recruitment_purposes());
    query = if past {
        query
            .filter(information_event::Column::StartsAt.gt(now - TimeDelta::days(90)))
            .filter(information_event::Column::StartsAt.lte(now))
    } else {
        query.filter(information_event::Column::StartsAt.gt(now))
    };
    let total_count = count_up_to_cap(&ctx.db, query.clone()).await?;
    let mut cursor = query.cursor_by((
        information_event::Column::StartsAt,
        information_event::Column::Id,
    ));
    if past {
        cursor.desc();
    }
    let (rows, has_more) = fetch_window_by_moment(&ctx.db, cursor, page).await?;
    let items = summaries(&ctx.db, rows, None)
        .await?
        .into_iter()
        .map(|event| {
            let cursor = Cursor {
                key: moment_key(event.starts_at),
                id: event.id,
            };
            (cursor, event)
        })
        .collect();
    Ok(Page::new(items, has_more, page, total_count))
}

/// The event, if the actor works its organisation's recruitment: anyone
/// else is told it is not there.
pub(super) async fn managed_event(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    event_id: i32,
) -> Result<information_event::Model, DomainError> {
    managed_events(conn, actor, &[event_id])
        .await?
        .pop()
        .ok_or(DomainError::NotFound)
}

/// Those of `event_ids` the actor may manage; the others are left out, as
/// not found: staff of another organisation learn nothing of its events.
pub(super) async fn managed_events(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    event_ids: &[i32],
) -> Result<Vec<information_event::Model>, DomainError> {
    if matches!(actor, Actor::Anonymous) {
        return Err(DomainError::Unauthenticated);
    }
    let rows = information_event::Entity::find()
        .filter(information_event::Column::Id.is_in(event_ids.iter().copied()))
        .filter(recruitment_purposes())
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|row| actor.may(Permission::WorkEnquiries, row.organisation_id))
        .collect())
}

/// Recruitment's own events, not kinship groups' sessions.
pub(crate) fn recruitment_purposes() -> sea_orm::sea_query::SimpleExpr {
    information_event::Column::Purpose.is_in(EventPurpose::RECRUITMENT.iter().map(|p| p.as_str()))
}

/// The event inside `txn`, locked on PostgreSQL until it ends, so places
/// are counted and taken one registration at a time.
pub(crate) async fn locked_event(
    txn: &DatabaseTransaction,
    event_id: i32,
) -> Result<information_event::Model, DomainError> {
    let mut query = information_event::Entity::find_by_id(event_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query.one(txn).await?.ok_or(DomainError::NotFound)
}

/// What the event's emails say of it.
pub(super) fn details(event: &information_event::Model, organisation: &str) -> EventDetails {
    let place = match (&event.venue, &event.postcode) {
        (Some(venue), Some(postcode)) => format!("{venue}, {postcode}"),
        _ => EventFormat::Online.label().to_owned(),
    };
    EventDetails {
        title: event.title.clone(),
        organisation: organisation.to_owned(),
        when: london_display(event.starts_at),
        joining_link: event.joining_link.clone(),
        calendar: CalendarEntry {
            uid: format!("information-event-{}", event.id),
            title: event.title.clone(),
            starts_at: event.starts_at,
            ends_at: event.ends_at,
            location: event.joining_link.clone().unwrap_or_else(|| place.clone()),
            description: event.description.clone(),
        },
        place,
    }
}

pub(super) async fn organisation_name(
    conn: &impl ConnectionTrait,
    id: i32,
) -> Result<String, DomainError> {
    Ok(organisation::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(|o| o.name)
        .unwrap_or_default())
}

/// Cancels an event that has not started, and tells everyone registered.
pub async fn cancel_event(ctx: &Ctx, actor: &Actor, event_id: i32) -> Result<(), DomainError> {
    managed_event(&ctx.db, actor, event_id).await?;
    cancel_held_event(ctx, event_id).await
}

/// Cancels an event the caller has checked the actor may cancel.
pub(crate) async fn cancel_held_event(ctx: &Ctx, event_id: i32) -> Result<(), DomainError> {
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let event = locked_event(&txn, event_id).await?;
    if event.cancelled_at.is_some() {
        return Err(DomainError::Conflict(
            "This event is already cancelled".into(),
        ));
    }
    if event.starts_at <= now {
        return Err(DomainError::Conflict(
            "This event has started: it can no longer be cancelled".into(),
        ));
    }
    information_event::Entity::update_many()
        .col_expr(information_event::Column::CancelledAt, Expr::value(now))
        .filter(information_event::Column::Id.eq(event.id))
        .exec(&txn)
        .await?;
    crate::search::public::note_event(&txn, event.id, now).await?;
    let organisation = organisation_name(&txn, event.organisation_id).await?;
    let registrations = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(event.id))
        .all(&txn)
        .await?;
    for registration in registrations {
        let Ok(to) = EmailAddress::parse(&registration.email) else {
            continue;
        };
        let email = Email::EventCancelled {
            name: registration.name,
            title: event.title.clone(),
            when: london_display(event.starts_at),
            organisation: organisation.clone(),
        };
        enqueue(&txn, &SendEmail::new(to, email), now, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The upcoming preparation training of an organisation, soonest first.
pub(crate) async fn upcoming_training(
    ctx: &Ctx,
    organisation_id: i32,
) -> Result<Vec<EventSummary>, DomainError> {
    let rows = information_event::Entity::find()
        .filter(information_event::Column::OrganisationId.eq(organisation_id))
        .filter(information_event::Column::Purpose.eq(EventPurpose::Training.as_str()))
        .filter(information_event::Column::StartsAt.gt(ctx.clock.now()))
        .filter(information_event::Column::CancelledAt.is_null())
        .order_by_asc(information_event::Column::StartsAt)
        .all(&ctx.db)
        .await?;
    summaries(&ctx.db, rows, None).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn online(now: DateTime<Utc>) -> NewEvent {
        NewEvent {
            organisation_id: 1,
            purpose: EventPurpose::Information,
            title: "Fostering: an evening to ask anything".into(),
            description: "Meet foster carers and ask them anything.".into(),
            format: Some(EventFormat::Online),
            starts_at: Some(now + TimeDelta::days(7)),
            ends_at: Some(now + TimeDelta::days(7) + TimeDelta::hours(1)),
            joining_link: "https://meet.example.org/abc".into(),
            capacity: Some(40),
            ..NewEvent::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_complete_online_event_has_no_problems() {
        let now = Utc::now();
        assert!(event_problems(&online(now), now).is_empty());
    }

    #[test]
    fn an_online_event_needs_an_https_joining_link() {
        let now = Utc::now();
        let event = NewEvent {
            joining_link: "http://meet.example.org".into(),
            ..online(now)
        };
        assert_eq!(fields(&event_problems(&event, now)), ["joining_link"]);
    }

    #[test]
    fn an_in_person_event_needs_a_venue_and_a_postcode() {
        let now = Utc::now();
        let event = NewEvent {
            format: Some(EventFormat::InPerson),
            ..online(now)
        };
        assert_eq!(fields(&event_problems(&event, now)), ["venue", "postcode"]);
    }

    #[test]
    fn an_event_ending_before_it_starts_or_in_the_past_is_refused() {
        let now = Utc::now();
        let event = NewEvent {
            starts_at: Some(now - TimeDelta::hours(1)),
            ends_at: Some(now - TimeDelta::hours(2)),
            capacity: Some(0),
            ..online(now)
        };
        assert_eq!(
            fields(&event_problems(&event, now)),
            ["starts_at", "ends_at", "capacity"]
        );
    }
}
