//! Meetings a mentee books in their supporter's free slots. A supporter is
//! in one booked meeting a moment: the unique index on their booked
//! meetings' starts (migration 43) decides between mentees pressing "Book"
//! at once, on PostgreSQL as on SQLite, and the loser is told the time has
//! gone. Both sides are emailed the meeting for their calendar, and
//! reminded the day before, by the information events' calendar and
//! reminder code. Either side may move or cancel it until the service's
//! notice (two hours by default); a move takes the new time before it
//! frees the old, so a move never leaves a mentee with neither.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};
use serde::{Deserialize, Serialize};

use super::Way;
use super::entities::{booking, relationship, supporter};
use super::pair::{Pair, Side, pair_of};
use super::profiles::profile_of;
use super::settings::settings_of;
use super::slots::Slot;
use crate::accounts::entities::person;
use crate::accounts::organisation_names;
use crate::jobs::{Job, enqueue};
use crate::names::stored_names;
use crate::notifications::{
    CalendarEntry, Email, EmailAddress, EventDetails, SendEmail, people_to_tell, tell,
};
use crate::recruitment::london_display;
use crate::reminders::tomorrow_in_london;
use crate::{Actor, Ctx, DomainError, FieldError};

/// A mentee holds at most this many meetings to come, so one cannot take
/// a supporter's every evening.
const MOST_TO_COME: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BookingState {
    Booked,
    /// Moved to another time: the booking that replaced it is booked.
    Moved,
    Cancelled,
}

stored_names!(BookingState {
    Booked => "booked", "Booked",
    Moved => "moved", "Moved",
    Cancelled => "cancelled", "Cancelled",
});

/// A booked meeting as one of its two people sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Booking {
    pub id: i32,
    pub relationship_id: i32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub way: Way,
    /// The supporter's link, for a video meeting: only the two see it.
    pub video_link: Option<String>,
    /// Whether it may still be moved or cancelled.
    pub may_change: bool,
}

pub(crate) fn relationship_path(id: i32) -> String {
    format!("/peer-support/relationships/{id}")
}

/// The supporter's booked meetings ending after `from`.
async fn booked_from(
    conn: &impl ConnectionTrait,
    supporter_id: i32,
    from: DateTime<Utc>,
) -> Result<Vec<booking::Model>, DomainError> {
    Ok(booking::Entity::find()
        .filter(booking::Column::SupporterId.eq(supporter_id))
        .filter(booking::Column::State.eq(BookingState::Booked.as_str()))
        .filter(booking::Column::EndsAt.gt(from))
        .order_by_asc(booking::Column::StartsAt)
        .all(conn)
        .await?)
}

fn overlaps(slot: &Slot, booked: &booking::Model) -> bool {
    slot.overlaps(&Slot {
        starts_at: booked.starts_at,
        ends_at: booked.ends_at,
    })
}

/// A meeting of the actor's, as they see it, with the supporter's free
/// times it could move to.
pub async fn meeting_to_move(
    ctx: &Ctx,
    actor: &Actor,
    booking_id: i32,
) -> Result<(Booking, Vec<Slot>), DomainError> {
    let (row, pair) = booking_of(&ctx.db, actor, booking_id).await?;
    let notice = settings_of(&ctx.db, pair.relationship.organisation_id)
        .await?
        .change_notice_hours;
    let booking = as_seen(&pair, row, notice, ctx.clock.now())?;
    Ok((booking, unbooked_for(ctx, &pair).await?))
}

fn as_seen(
    pair: &Pair,
    row: booking::Model,
    notice: i32,
    now: DateTime<Utc>,
) -> Result<Booking, DomainError> {
    let way = Way::from_stored(&row.way)?;
    Ok(Booking {
        id: row.id,
        relationship_id: row.relationship_id,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        video_link: (way == Way::Video)
            .then(|| pair.supporter.video_link.clone())
            .flatten(),
        way,
        may_change: changeable(&row, notice, now),
    })
}

/// The supporter's free slots for the next four weeks.
async fn unbooked_for(ctx: &Ctx, pair: &Pair) -> Result<Vec<Slot>, DomainError> {
    let profile = profile_of(ctx, pair.supporter.clone()).await?;
    Ok(profile.slots_ahead(ctx.clock.now()))
}

/// The time and way chosen, each said if missing, or a way the supporter
/// does not offer.
fn chosen(
    pair: &Pair,
    starts_at: Option<DateTime<Utc>>,
    way: Option<Way>,
) -> Result<(DateTime<Utc>, Way), DomainError> {
    let offered = |way: &Way| pair.supporter.ways.split(',').any(|w| w == way.as_str());
    let mut errors = Vec::new();
    if starts_at.is_none() {
        errors.push(FieldError::new("starts_at", "Choose a time"));
    }
    let way = way.filter(offered);
    if way.is_none() {
        errors.push(FieldError::new(
            "way",
            "Choose how you will meet, from the ways your supporter offers",
        ));
    }
    match (starts_at, way) {
        (Some(starts_at), Some(way)) => Ok((starts_at, way)),
        _ => Err(DomainError::InvalidInput(errors)),
    }
}

/// Books one of the supporter's free slots, for the mentee of an active
/// relationship whose agreement both have accepted. Returns its id.
pub async fn book_meeting(
    ctx: &Ctx,
    actor: &Actor,
    relationship_id: i32,
    starts_at: Option<DateTime<Utc>>,
    way: Option<Way>,
) -> Result<i32, DomainError> {
    let pair = pair_of(&ctx.db, actor, relationship_id).await?;
    if pair.side != Side::Mentee {
        return Err(DomainError::Forbidden);
    }
    ready_to_meet(&pair)?;
    let (starts_at, way) = chosen(&pair, starts_at, way)?;
    let slot = chosen_slot(ctx, &pair, Some(starts_at)).await?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let pair = pair_of(&*txn, actor, relationship_id).await?;
    ready_to_meet(&pair)?;
    let to_come = booking::Entity::find()
        .filter(booking::Column::RelationshipId.eq(pair.relationship.id))
        .filter(booking::Column::State.eq(BookingState::Booked.as_str()))
        .filter(booking::Column::StartsAt.gt(now))
        .all(&*txn)
        .await?;
    if to_come.len() >= MOST_TO_COME {
        return Err(DomainError::Conflict(format!(
            "You have {MOST_TO_COME} meetings booked already: book another after one has happened"
        )));
    }
    let uid = format!(
        "peer-meeting-{}-{}",
        pair.relationship.id,
        slot.starts_at.timestamp()
    );
    let row = take(&*txn, &pair, (slot, way), uid, (actor, now)).await?;
    email_both(&*txn, &pair, &row, false, now).await?;
    txn.commit().await?;
    Ok(row.id)
}

fn ready_to_meet(pair: &Pair) -> Result<(), DomainError> {
    if !pair.is_active() {
        return Err(DomainError::Conflict("This match has ended".into()));
    }
    if pair.relationship.mentee_agreed_at.is_none() {
        return Err(DomainError::Conflict(
            "Accept the mentoring agreement before you book a meeting".into(),
        ));
    }
    if !pair.both_agreed() {
        return Err(DomainError::Conflict(
            "Your supporter has not accepted the mentoring agreement yet: you can book once they have"
                .into(),
        ));
    }
    Ok(())
}

/// The free slot starting at `starts_at`, or why it cannot be had: any
/// free slot of the supporter's before the relationship ends.
async fn chosen_slot(
    ctx: &Ctx,
    pair: &Pair,
    starts_at: Option<DateTime<Utc>>,
) -> Result<Slot, DomainError> {
    let Some(starts_at) = starts_at else {
        return Err(DomainError::invalid("starts_at", "Choose a time"));
    };
    let day = starts_at.with_timezone(&London).date_naive();
    if day > pair.relationship.ends_on {
        return Err(DomainError::invalid(
            "starts_at",
            "Choose a time before your time together ends",
        ));
    }
    let profile = profile_of(ctx, pair.supporter.clone()).await?;
    profile
        .slots_between(ctx.clock.now(), (day, day))
        .into_iter()
        .find(|s| s.starts_at == starts_at)
        .ok_or_else(|| DomainError::Conflict("That time is no longer free: choose another".into()))
}

/// Inserts the booking inside `txn`. Another booked meeting of the
/// supporter's overlapping it, or one starting at the same moment that
/// the unique index finds, means the time has gone.
async fn take(
    txn: &impl ConnectionTrait,
    pair: &Pair,
    (slot, way): (Slot, Way),
    calendar_uid: String,
    (actor, now): (&Actor, DateTime<Utc>),
) -> Result<booking::Model, DomainError> {
    let gone = || DomainError::Conflict("That time has just been booked: choose another".into());
    let booked = booked_from(txn, pair.supporter.id, now).await?;
    if booked.iter().any(|b| overlaps(&slot, b)) {
        return Err(gone());
    }
    booking::ActiveModel {
        id: NotSet,
        relationship_id: Set(pair.relationship.id),
        supporter_id: Set(pair.supporter.id),
        starts_at: Set(slot.starts_at),
        ends_at: Set(slot.ends_at),
        way: Set(way.as_str().to_owned()),
        state: Set(BookingState::Booked.as_str().to_owned()),
        calendar_uid: Set(calendar_uid),
        booked_by_id: Set(actor.person_id()),
        booked_at: Set(now),
        reminder_queued_at: Set(None),
        changed_at: Set(None),
        changed_by_id: Set(None),
    }
    .insert(txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => gone(),
        _ => e.into(),
    })
}

/// What the meeting's emails say of it, to `name`, who meets `other`.
fn details(
    row: &booking::Model,
    (other, organisation): (&str, &str),
    link: Option<&str>,
) -> EventDetails {
    let way = Way::parse(&row.way).unwrap_or(Way::Phone);
    let title = format!("Peer support meeting with {other}");
    let joining_link = (way == Way::Video).then(|| link.unwrap_or_default().to_owned());
    EventDetails {
        title: title.clone(),
        organisation: organisation.to_owned(),
        when: london_display(row.starts_at),
        place: way.label().to_owned(),
        joining_link: joining_link.clone(),
        calendar: CalendarEntry {
            uid: row.calendar_uid.clone(),
            title,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            location: joining_link.unwrap_or_else(|| way.label().to_owned()),
            description: format!("A {} peer support meeting.", organisation),
        },
    }
}

/// Queues the meeting's email to each side, naming the other: the booking
/// with its calendar entry, or (`reminder`) the day-before reminder.
async fn email_both(
    conn: &impl ConnectionTrait,
    pair: &Pair,
    row: &booking::Model,
    reminder: bool,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let organisation = organisation_names(conn, [pair.relationship.organisation_id])
        .await?
        .remove(&pair.relationship.organisation_id)
        .unwrap_or_default();
    let (supporter_id, mentee_id) = (pair.supporter.person_id, pair.relationship.mentee_id);
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in([supporter_id, mentee_id]))
        .all(conn)
        .await?;
    let named = |id: i32| people.iter().find(|p| p.id == id);
    let path = relationship_path(pair.relationship.id);
    for (to, other) in [(mentee_id, supporter_id), (supporter_id, mentee_id)] {
        let (Some(to), Some(other)) = (named(to), named(other)) else {
            continue;
        };
        let Ok(address) = EmailAddress::parse(&to.email) else {
            continue;
        };
        if to.deactivated_at.is_some() {
            continue;
        }
        let event = details(
            row,
            (&other.name, &organisation),
            pair.supporter.video_link.as_deref(),
        );
        let (name, path) = (to.name.clone(), path.clone());
        let email = if reminder {
            Email::PeerMeetingReminder { name, event, path }
        } else {
            Email::PeerMeetingBooked { name, event, path }
        };
        enqueue(conn, &SendEmail::new(address, email), now, now).await?;
    }
    Ok(())
}

/// The booking, if the actor is one of its two people, with the pair.
async fn booking_of(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    booking_id: i32,
) -> Result<(booking::Model, Pair), DomainError> {
    let row = booking::Entity::find_by_id(booking_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let pair = pair_of(conn, actor, row.relationship_id).await?;
    Ok((row, pair))
}

/// Whether a booked meeting may still be changed at `now`, with the
/// service's notice.
fn changeable(row: &booking::Model, notice_hours: i32, now: DateTime<Utc>) -> bool {
    row.state == BookingState::Booked.as_str()
        && row.starts_at - TimeDelta::hours(i64::from(notice_hours)) >= now
}

async fn checked_change(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    booking_id: i32,
    now: DateTime<Utc>,
) -> Result<(booking::Model, Pair), DomainError> {
    let (row, pair) = booking_of(txn, actor, booking_id).await?;
    let notice = settings_of(txn, pair.relationship.organisation_id)
        .await?
        .change_notice_hours;
    if row.state != BookingState::Booked.as_str() {
        return Err(DomainError::Conflict(
            "This meeting has already been moved or cancelled".into(),
        ));
    }
    if !changeable(&row, notice, now) {
        return Err(DomainError::Conflict(format!(
            "A meeting can be changed until {notice} hours before it starts: to change it now, contact the other person"
        )));
    }
    Ok((row, pair))
}

/// Marks the booking moved or cancelled by the actor.
async fn close(
    txn: &impl ConnectionTrait,
    row: &booking::Model,
    state: BookingState,
    (actor, now): (&Actor, DateTime<Utc>),
) -> Result<(), DomainError> {
    booking::Entity::update_many()
        .col_expr(booking::Column::State, Expr::value(state.as_str()))
        .col_expr(booking::Column::ChangedAt, Expr::value(now))
        .col_expr(booking::Column::ChangedById, Expr::value(actor.person_id()))
        .filter(booking::Column::Id.eq(row.id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Moves a booked meeting to another free slot of the supporter's: the new
/// time is taken first, then the old freed, in one transaction. Either
/// side may move it, until the notice. Returns the new booking's id.
pub async fn move_meeting(
    ctx: &Ctx,
    actor: &Actor,
    booking_id: i32,
    starts_at: Option<DateTime<Utc>>,
) -> Result<i32, DomainError> {
    let (_, pair) = booking_of(&ctx.db, actor, booking_id).await?;
    let slot = chosen_slot(ctx, &pair, starts_at).await?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let (old, pair) = checked_change(&*txn, actor, booking_id, now).await?;
    if !pair.is_active() {
        return Err(DomainError::Conflict("This match has ended".into()));
    }
    let way = Way::from_stored(&old.way)?;
    let new = take(
        &*txn,
        &pair,
        (slot, way),
        old.calendar_uid.clone(),
        (actor, now),
    )
    .await?;
    close(&*txn, &old, BookingState::Moved, (actor, now)).await?;
    email_both(&*txn, &pair, &new, false, now).await?;
    txn.commit().await?;
    Ok(new.id)
}

/// Cancels a booked meeting, until the notice; the other side is told
/// there is something to see.
pub async fn cancel_meeting(ctx: &Ctx, actor: &Actor, booking_id: i32) -> Result<(), DomainError> {
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let (row, pair) = checked_change(&*txn, actor, booking_id, now).await?;
    close(&*txn, &row, BookingState::Cancelled, (actor, now)).await?;
    let told = people_to_tell(&*txn, &[pair.other_person()]).await?;
    tell(
        &*txn,
        told,
        &relationship_path(pair.relationship.id),
        now,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The pair's booked meetings to come, for one of the two.
pub async fn meetings_booked(
    ctx: &Ctx,
    actor: &Actor,
    relationship_id: i32,
) -> Result<Vec<Booking>, DomainError> {
    let pair = pair_of(&ctx.db, actor, relationship_id).await?;
    let now = ctx.clock.now();
    let notice = settings_of(&ctx.db, pair.relationship.organisation_id)
        .await?
        .change_notice_hours;
    let rows = booking::Entity::find()
        .filter(booking::Column::RelationshipId.eq(pair.relationship.id))
        .filter(booking::Column::State.eq(BookingState::Booked.as_str()))
        .filter(booking::Column::EndsAt.gt(now))
        .order_by_asc(booking::Column::StartsAt)
        .all(&ctx.db)
        .await?;
    rows.into_iter()
        .map(|row| as_seen(&pair, row, notice, now))
        .collect()
}

/// The job that queues the day-before reminders of tomorrow's peer
/// support meetings, hourly, as the information events' does.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendPeerMeetingReminders {}

impl Job for SendPeerMeetingReminders {
    const KIND: &'static str = "peer_support.send_meeting_reminders";
    const MAX_ATTEMPTS: i32 = 5;
}

/// Queues a reminder to both sides of each meeting booked for tomorrow
/// (London time) not yet reminded. Returns how many meetings.
pub async fn send_peer_meeting_reminders(ctx: &Ctx, actor: &Actor) -> Result<usize, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    let Some((from, to)) = tomorrow_in_london(now) else {
        return Ok(0);
    };
    let due = booking::Entity::find()
        .filter(booking::Column::State.eq(BookingState::Booked.as_str()))
        .filter(booking::Column::StartsAt.gte(from))
        .filter(booking::Column::StartsAt.lt(to))
        .filter(booking::Column::ReminderQueuedAt.is_null())
        .all(&ctx.db)
        .await?;
    let mut queued = 0;
    for row in due {
        let txn = ctx.write().await?;
        // Marked in the transaction that queues the emails, and only where
        // no other runner marked it first.
        let marked = booking::Entity::update_many()
            .col_expr(booking::Column::ReminderQueuedAt, Expr::value(now))
            .filter(booking::Column::Id.eq(row.id))
            .filter(booking::Column::State.eq(BookingState::Booked.as_str()))
            .filter(booking::Column::ReminderQueuedAt.is_null())
            .exec(&*txn)
            .await?;
        if marked.rows_affected == 1 {
            let relationship = relationship::Entity::find_by_id(row.relationship_id)
                .one(&*txn)
                .await?
                .ok_or(DomainError::NotFound)?;
            let supporter = supporter::Entity::find_by_id(row.supporter_id)
                .one(&*txn)
                .await?
                .ok_or(DomainError::NotFound)?;
            let pair = Pair {
                relationship,
                supporter,
                side: Side::Supporter,
            };
            email_both(&*txn, &pair, &row, true, now).await?;
            queued += 1;
        }
        txn.commit().await?;
    }
    Ok(queued)
}
