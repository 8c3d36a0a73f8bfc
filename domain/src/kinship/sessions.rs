//! A group's sessions and workshops. Each is an event (`information_events`)
//! with a row saying whose it is, so a place is taken, confirmed with a
//! calendar file and reminded of the day before by the events' own code.
//! Regular sessions come from a series, made 13 weeks ahead and kept so by
//! a daily job; a one-off session or workshop is made as it is published.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use super::carers::registered;
use super::entities::{group, series, session};
use super::groups::{GroupFormat, facilitated_group};
use super::membership::{MembershipState, current};
use super::recurrence::{LAST_WEEK, Repeats, Rule, london_instant};
use crate::accounts::entities::person;
use crate::jobs::Job;
use crate::notifications::EmailAddress;
use crate::recruitment::entities::{event_registration, information_event};
use crate::recruitment::event_registrations::{Attendance, place_in};
use crate::recruitment::events::locked_event;
use crate::recruitment::events::{EventFormat, EventPurpose, MAX_CAPACITY};
use crate::text::{bounded, is_https_link};
use crate::{Actor, Ctx, DomainError, FieldError};

/// How far ahead a series' sessions are made.
pub const AHEAD_DAYS: u64 = 91;
/// A group is listed only with a session this many days ahead at most.
pub const LISTED_WITHIN: TimeDelta = TimeDelta::days(90);

/// The groups with a session, not cancelled, in the next 90 days: for a
/// query to keep only those.
pub(crate) fn groups_meeting_soon(now: DateTime<Utc>) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::sea_query::{ExprTrait, Query};
    Query::select()
        .column((session::Entity, session::Column::GroupId))
        .from(session::Entity)
        .inner_join(
            information_event::Entity,
            Expr::col((information_event::Entity, information_event::Column::Id))
                .equals((session::Entity, session::Column::EventId)),
        )
        .and_where(
            Expr::col((
                information_event::Entity,
                information_event::Column::StartsAt,
            ))
            .gt(now),
        )
        .and_where(
            Expr::col((
                information_event::Entity,
                information_event::Column::StartsAt,
            ))
            .lte(now + LISTED_WITHIN),
        )
        .and_where(
            Expr::col((
                information_event::Entity,
                information_event::Column::CancelledAt,
            ))
            .is_null(),
        )
        .to_owned()
}
const MAX_TITLE: usize = 120;
const MAX_ABOUT: usize = 2_000;
const LONGEST_MINUTES: i32 = 8 * 60;

/// What publishing asks.
#[derive(Clone, Debug, Default)]
pub struct NewSessions {
    pub group_id: i32,
    /// A workshop, rather than the group's own session.
    pub workshop: bool,
    /// Any registered kinship carer may book a workshop, not only members.
    pub open_to_all: bool,
    pub title: String,
    pub about: String,
    /// The first (or only) date.
    pub on: Option<NaiveDate>,
    /// London time.
    pub starts_at: Option<NaiveTime>,
    pub minutes: Option<i32>,
    pub capacity: Option<i32>,
    /// None for a one-off.
    pub repeats: Option<Repeats>,
    /// Monthly on the last such weekday rather than its week's.
    pub last_of_month: bool,
    pub until: Option<NaiveDate>,
    /// An open workshop of a group that meets online: its own link, since
    /// the group's is for members only.
    pub joining_link: String,
}

struct Checked {
    on: NaiveDate,
    starts_at: NaiveTime,
    minutes: i32,
    capacity: i32,
}

fn check(input: &NewSessions, today: NaiveDate) -> Result<Checked, DomainError> {
    let mut errors = Vec::new();
    bounded(
        &mut errors,
        "title",
        &input.title,
        MAX_TITLE,
        Some("Enter a title"),
    );
    bounded(&mut errors, "about", &input.about, MAX_ABOUT, None);
    match input.on {
        None => errors.push(FieldError::new("on", "Enter the date, like 24 11 2026")),
        Some(on) if on < today => {
            errors.push(FieldError::new("on", "The date must be today or later"));
        }
        Some(on) if on > today + Days::new(366) => {
            errors.push(FieldError::new("on", "The date must be within a year"));
        }
        Some(_) => {}
    }
    if input.starts_at.is_none() {
        errors.push(FieldError::new(
            "starts_at",
            "Enter the time it starts, like 18:00",
        ));
    }
    if !input
        .minutes
        .is_some_and(|m| (15..=LONGEST_MINUTES).contains(&m))
    {
        errors.push(FieldError::new(
            "minutes",
            format!("Enter how many minutes it lasts, from 15 to {LONGEST_MINUTES}"),
        ));
    }
    if !input
        .capacity
        .is_some_and(|c| (1..=MAX_CAPACITY).contains(&c))
    {
        errors.push(FieldError::new(
            "capacity",
            format!("Enter how many places there are, from 1 to {MAX_CAPACITY}"),
        ));
    }
    let link = input.joining_link.trim();
    if !link.is_empty() && !is_https_link(link) {
        errors.push(FieldError::new(
            "joining_link",
            "Enter the workshop's link, starting https://",
        ));
    }
    if let (Some(on), Some(until)) = (input.on, input.until)
        && until < on
    {
        errors.push(FieldError::new(
            "until",
            "The last date must be on or after the first",
        ));
    }
    match (input.on, input.starts_at, input.minutes, input.capacity) {
        (Some(on), Some(starts_at), Some(minutes), Some(capacity)) if errors.is_empty() => {
            Ok(Checked {
                on,
                starts_at,
                minutes,
                capacity,
            })
        }
        _ => Err(DomainError::InvalidInput(errors)),
    }
}

/// Publishes a one-off session or workshop, or a series of sessions, for a
/// group the actor facilitates. Returns the first session's event id
/// (none when a series has no date in the next 13 weeks yet).
pub async fn publish_sessions(
    ctx: &Ctx,
    actor: &Actor,
    input: &NewSessions,
) -> Result<Option<i32>, DomainError> {
    let found = facilitated_group(&ctx.db, actor, input.group_id).await?;
    if found.closed_at.is_some() {
        return Err(DomainError::Conflict("This group is closed".into()));
    }
    let now = ctx.clock.now();
    let today = now.with_timezone(&London).date_naive();
    let checked = check(input, today)?;
    if input.repeats.is_some() && input.workshop {
        return Err(DomainError::invalid(
            "repeats",
            "A workshop happens once: publish each date on its own",
        ));
    }
    let workshop_link = input.joining_link.trim();
    let open_to_all = input.workshop && input.open_to_all;
    if open_to_all
        && GroupFormat::from_stored(&found.format)?.meets_online()
        && workshop_link.is_empty()
    {
        return Err(DomainError::invalid(
            "joining_link",
            "Enter a link to join this open workshop online: the group's own link is for its members",
        ));
    }
    let txn = ctx.write().await?;
    let first = match input.repeats {
        None => {
            let starts = london_instant(checked.on, checked.starts_at)
                .filter(|at| *at > now)
                .ok_or_else(|| DomainError::invalid("starts_at", "It must start in the future"))?;
            let made = Made {
                group: &found,
                title: input.title.trim(),
                about: input.about.trim(),
                starts_at: starts,
                minutes: checked.minutes,
                capacity: checked.capacity,
                series_id: None,
                workshop: input.workshop,
                open_to_all,
                joining_link: open_to_all
                    .then(|| workshop_link.to_owned())
                    .filter(|l| !l.is_empty()),
            };
            Some(make_session(&*txn, actor, made, now).await?)
        }
        Some(repeats) => {
            let week = (checked.on.day() - 1) / 7 + 1;
            let row = series::ActiveModel {
                id: NotSet,
                group_id: Set(found.id),
                title: Set(input.title.trim().to_owned()),
                repeats: Set(repeats.as_str().to_owned()),
                weekday: Set(checked.on.weekday().number_from_monday() as i32),
                week_of_month: Set((repeats == Repeats::Monthly).then_some(
                    if input.last_of_month || week > 4 {
                        LAST_WEEK as i32
                    } else {
                        week as i32
                    },
                )),
                starts_at: Set(checked.starts_at.format("%H:%M").to_string()),
                minutes: Set(checked.minutes),
                capacity: Set(checked.capacity),
                starts_on: Set(checked.on),
                ends_on: Set(input.until),
                made_until: Set(None),
                created_by_id: Set(actor.person_id()),
                created_at: Set(now),
                stopped_at: Set(None),
            }
            .insert(&*txn)
            .await?;
            make_series_sessions(&*txn, actor, &found, &row, now).await?
        }
    };
    txn.commit().await?;
    Ok(first)
}

/// One session to make.
struct Made<'a> {
    group: &'a group::Model,
    title: &'a str,
    about: &'a str,
    starts_at: DateTime<Utc>,
    minutes: i32,
    capacity: i32,
    series_id: Option<i32>,
    workshop: bool,
    open_to_all: bool,
    /// An open workshop's own link; other sessions carry the group's.
    joining_link: Option<String>,
}

async fn make_session(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    made: Made<'_>,
    now: DateTime<Utc>,
) -> Result<i32, DomainError> {
    let format = GroupFormat::from_stored(&made.group.format)?;
    let purpose = if made.workshop {
        EventPurpose::KinshipWorkshop
    } else {
        EventPurpose::KinshipSession
    };
    let event = information_event::ActiveModel {
        id: NotSet,
        organisation_id: Set(made.group.organisation_id),
        title: Set(made.title.to_owned()),
        description: Set(made.about.to_owned()),
        purpose: Set(purpose.as_str().to_owned()),
        format: Set(if format.meets_in_person() {
            EventFormat::InPerson
        } else {
            EventFormat::Online
        }
        .as_str()
        .to_owned()),
        starts_at: Set(made.starts_at),
        ends_at: Set(made.starts_at + TimeDelta::minutes(i64::from(made.minutes))),
        venue: Set(made.group.venue.clone()),
        postcode: Set(made.group.postcode.clone()),
        latitude: Set(made.group.latitude),
        longitude: Set(made.group.longitude),
        joining_link: Set(if made.open_to_all {
            made.joining_link
        } else {
            made.group.joining_link.clone()
        }),
        capacity: Set(made.capacity),
        cancelled_at: Set(None),
        created_by_id: Set(actor.person_id()),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    session::ActiveModel {
        event_id: Set(event.id),
        group_id: Set(made.group.id),
        series_id: Set(made.series_id),
        open_to_all: Set(made.open_to_all),
    }
    .insert(conn)
    .await?;
    Ok(event.id)
}

/// Makes a series' sessions up to 13 weeks from today; returns the first
/// made.
async fn make_series_sessions(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    found: &group::Model,
    row: &series::Model,
    now: DateTime<Utc>,
) -> Result<Option<i32>, DomainError> {
    let today = now.with_timezone(&London).date_naive();
    let horizon = today + Days::new(AHEAD_DAYS);
    let until = row.ends_on.map_or(horizon, |ends| ends.min(horizon));
    let from = row
        .made_until
        .and_then(|made| made.checked_add_days(Days::new(1)))
        .unwrap_or(row.starts_on)
        .max(today);
    let rule = rule_of(row)?;
    let mut first = None;
    for date in rule.dates(from, until) {
        let Some(starts_at) = london_instant(date, rule.starts_at).filter(|at| *at > now) else {
            continue;
        };
        let made = Made {
            group: found,
            title: &row.title,
            about: "",
            starts_at,
            minutes: row.minutes,
            capacity: row.capacity,
            series_id: Some(row.id),
            workshop: false,
            open_to_all: false,
            joining_link: None,
        };
        let id = make_session(conn, actor, made, now).await?;
        first.get_or_insert(id);
    }
    if from <= until {
        series::Entity::update_many()
            .col_expr(series::Column::MadeUntil, Expr::value(until))
            .filter(series::Column::Id.eq(row.id))
            .exec(conn)
            .await?;
    }
    Ok(first)
}

pub(crate) fn rule_of(row: &series::Model) -> Result<Rule, DomainError> {
    let broken = || DomainError::Internal(format!("series {} is not as stored", row.id).into());
    Ok(Rule {
        repeats: Repeats::from_stored(&row.repeats)?,
        weekday: u8::try_from(row.weekday - 1)
            .ok()
            .and_then(|n| Weekday::try_from(n).ok())
            .ok_or_else(broken)?,
        week_of_month: row
            .week_of_month
            .unwrap_or(1)
            .try_into()
            .map_err(|_| broken())?,
        starts_at: NaiveTime::parse_from_str(&row.starts_at, "%H:%M").map_err(|_| broken())?,
    })
}

/// The job that keeps every running series' sessions made 13 weeks ahead.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeKinshipSessions {}

impl Job for MakeKinshipSessions {
    const KIND: &'static str = "kinship.make_sessions";
    const MAX_ATTEMPTS: i32 = 5;
}

/// Makes the sessions of every series of an open group that are due
/// within 13 weeks. Returns how many series it looked at.
pub async fn make_kinship_sessions(ctx: &Ctx, actor: &Actor) -> Result<usize, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    let running = series::Entity::find()
        .filter(series::Column::StoppedAt.is_null())
        .all(&ctx.db)
        .await?;
    let mut looked = 0;
    for listed in running {
        let txn = ctx.write().await?;
        // Read again under the write lock (and the row's, on PostgreSQL):
        // two runs, or a run and a stop, must not both make its sessions.
        let mut fresh =
            series::Entity::find_by_id(listed.id).filter(series::Column::StoppedAt.is_null());
        if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
            fresh = fresh.lock_exclusive();
        }
        let Some(row) = fresh.one(&*txn).await? else {
            continue;
        };
        let Some(found) = group::Entity::find_by_id(row.group_id)
            .one(&*txn)
            .await?
            .filter(|g| g.closed_at.is_none())
        else {
            continue;
        };
        make_series_sessions(&*txn, actor, &found, &row, now).await?;
        txn.commit().await?;
        looked += 1;
    }
    Ok(looked)
}

/// Stops a series: no more sessions are made from it; those made stay.
/// Returns its group.
pub async fn stop_series(ctx: &Ctx, actor: &Actor, series_id: i32) -> Result<i32, DomainError> {
    let row = series::Entity::find_by_id(series_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    facilitated_group(&ctx.db, actor, row.group_id).await?;
    let txn = ctx.write().await?;
    series::Entity::update_many()
        .col_expr(series::Column::StoppedAt, Expr::value(ctx.clock.now()))
        .filter(series::Column::Id.eq(row.id))
        .filter(series::Column::StoppedAt.is_null())
        .exec(&*txn)
        .await?;
    txn.commit().await?;
    Ok(row.group_id)
}

/// The group's session or workshop, if the event is one.
pub(crate) async fn session_of(
    conn: &impl ConnectionTrait,
    event_id: i32,
) -> Result<(session::Model, information_event::Model), DomainError> {
    let kinship = session::Entity::find_by_id(event_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let event = information_event::Entity::find_by_id(event_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok((kinship, event))
}

/// Books the actor a place; returns the session's group. A member who has
/// accepted the group's agreement books its sessions and workshops; any
/// registered kinship carer books an open workshop. Who may book is
/// checked under the session's lock, so nobody who has just left takes a
/// place; a full session is refused with CONFLICT.
pub async fn book_session(ctx: &Ctx, actor: &Actor, event_id: i32) -> Result<i32, DomainError> {
    let carer = registered(&ctx.db, actor).await?;
    let me = person::Entity::find_by_id(carer.person_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let email = EmailAddress::parse(&me.email).map_err(|m| DomainError::Internal(m.into()))?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let event = locked_event(&txn, event_id).await?;
    let kinship = session::Entity::find_by_id(event.id)
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let found = group::Entity::find_by_id(kinship.group_id)
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let membership = current(&*txn, kinship.group_id, carer.person_id)
        .await?
        .filter(|m| m.state == MembershipState::Member.as_str());
    match membership {
        _ if found.closed_at.is_some() => {
            return Err(DomainError::Conflict("This group has closed".into()));
        }
        // An open workshop is for anyone registered, agreement or not.
        _ if kinship.open_to_all => {}
        Some(member) if member.agreement_accepted_at.is_none() => {
            return Err(DomainError::Conflict(
                "Accept the group's agreement before your first session".into(),
            ));
        }
        Some(_) => {}
        None => return Err(DomainError::NotFound),
    }
    place_in(
        &txn,
        &event,
        &[EventPurpose::KinshipSession, EventPurpose::KinshipWorkshop],
        (me.name, email),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(found.id)
}

/// Gives up the actor's place at a session that has not started; returns
/// the session's group.
pub async fn cancel_booking(ctx: &Ctx, actor: &Actor, event_id: i32) -> Result<i32, DomainError> {
    let carer = registered(&ctx.db, actor).await?;
    let (kinship, event) = session_of(&ctx.db, event_id).await?;
    if event.starts_at <= ctx.clock.now() {
        return Err(DomainError::Conflict(
            "This session has started: your place can no longer be given up".into(),
        ));
    }
    let me = person::Entity::find_by_id(carer.person_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let txn = ctx.write().await?;
    let gone = event_registration::Entity::delete_many()
        .filter(event_registration::Column::EventId.eq(event.id))
        .filter(event_registration::Column::Email.eq(me.email.to_lowercase()))
        .exec(&*txn)
        .await?;
    if gone.rows_affected == 0 {
        return Err(DomainError::Conflict(
            "You do not have a place at this session".into(),
        ));
    }
    txn.commit().await?;
    Ok(kinship.group_id)
}

/// Gives up, inside `conn`'s transaction, the places someone has at the
/// group's sessions still to come: when they leave it.
pub(crate) async fn give_up_places(
    conn: &impl ConnectionTrait,
    group_id: i32,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    use sea_orm::sea_query::{ExprTrait, Query};
    let coming = Query::select()
        .column((information_event::Entity, information_event::Column::Id))
        .from(information_event::Entity)
        .inner_join(
            session::Entity,
            Expr::col((session::Entity, session::Column::EventId))
                .equals((information_event::Entity, information_event::Column::Id)),
        )
        .and_where(Expr::col((session::Entity, session::Column::GroupId)).eq(group_id))
        .and_where(
            Expr::col((
                information_event::Entity,
                information_event::Column::StartsAt,
            ))
            .gt(now),
        )
        .to_owned();
    event_registration::Entity::delete_many()
        .filter(event_registration::Column::EventId.in_subquery(coming))
        .filter(event_registration::Column::Email.eq(email.to_lowercase()))
        .exec(conn)
        .await?;
    Ok(())
}

/// The group's sessions still to come, not cancelled: to cancel when it
/// closes.
pub(crate) async fn coming_sessions(
    conn: &impl ConnectionTrait,
    group_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<i32>, DomainError> {
    Ok(upcoming_of(conn, &[group_id], now, None)
        .await?
        .into_iter()
        .map(|(_, event)| event.id)
        .collect())
}

/// Records whether someone with a place came, once the session has
/// started: by a facilitator of its group.
pub async fn record_session_attendance(
    ctx: &Ctx,
    actor: &Actor,
    registration_id: i32,
    attendance: Option<Attendance>,
) -> Result<(), DomainError> {
    actor.require_signed_in()?;
    let registration = event_registration::Entity::find_by_id(registration_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let (kinship, event) = session_of(&ctx.db, registration.event_id).await?;
    facilitated_group(&ctx.db, actor, kinship.group_id).await?;
    let Some(attendance) = attendance else {
        return Err(DomainError::invalid(
            "attendance",
            "Select whether they came",
        ));
    };
    let now = ctx.clock.now();
    if event.cancelled_at.is_some() || event.starts_at > now {
        return Err(DomainError::Conflict(
            "Attendance is recorded once the session has started".into(),
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
        .exec(&*txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Cancels a session that has not started; everyone with a place is told
/// by the events' own cancellation email.
pub async fn cancel_session(ctx: &Ctx, actor: &Actor, event_id: i32) -> Result<(), DomainError> {
    let (kinship, _) = session_of(&ctx.db, event_id).await?;
    facilitated_group(&ctx.db, actor, kinship.group_id).await?;
    crate::recruitment::events::cancel_held_event(ctx, event_id).await
}

/// The sessions of each group still to start and not cancelled, soonest
/// first: those `within` from now, or all.
pub(crate) async fn upcoming_of(
    conn: &impl ConnectionTrait,
    groups: &[i32],
    now: DateTime<Utc>,
    within: Option<TimeDelta>,
) -> Result<Vec<(session::Model, information_event::Model)>, DomainError> {
    use sea_orm::sea_query::Query;
    let horizon = now + within.unwrap_or(TimeDelta::days(3_660));
    let events = information_event::Entity::find()
        .filter(
            information_event::Column::Id.in_subquery(
                Query::select()
                    .column(session::Column::EventId)
                    .from(session::Entity)
                    .and_where(session::Column::GroupId.is_in(groups.iter().copied()))
                    .to_owned(),
            ),
        )
        .filter(information_event::Column::StartsAt.gt(now))
        .filter(information_event::Column::StartsAt.lte(horizon))
        .filter(information_event::Column::CancelledAt.is_null())
        .order_by_asc(information_event::Column::StartsAt)
        .order_by_asc(information_event::Column::Id)
        .all(conn)
        .await?;
    let sessions = session::Entity::find()
        .filter(session::Column::EventId.is_in(events.iter().map(|e| e.id)))
        .all(conn)
        .await?;
    Ok(events
        .into_iter()
        .filter_map(|event| {
            sessions
                .iter()
                .find(|s| s.event_id == event.id)
                .map(|s| (s.clone(), event))
        })
        .collect())
}
