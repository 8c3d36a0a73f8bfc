//! A peer supporter's profile in their organisation: how long they have
//! fostered, the kinds of fostering they know, languages, the postcode
//! district they cover, how they meet, how many mentees they take, and
//! their time: weekly windows and days away. Never public: the supporter
//! keeps it, their service's coordinator reads it.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Europe::London;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::bookings::BookingState;
use super::entities::{availability, booking, supporter, time_away};
use super::slots::{Slot, Window, slots};
use crate::accounts::entities::person;
use crate::accounts::organisation_names;
use crate::geography::Outcode;
use crate::names::stored_names;
use crate::policy::Permission;
use crate::recruitment::interest::FosteringKind;
use crate::text::{bounded, is_https_link};
use crate::{Actor, Ctx, DomainError, FieldError};

/// How a supporter meets their mentees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Way {
    Phone,
    Video,
    InPerson,
}

stored_names!(Way {
    Phone => "phone", "By phone",
    Video => "video", "By video call",
    InPerson => "in_person", "In person",
});

const MOST_MENTEES: i32 = 10;
const MOST_YEARS: i32 = 60;
const MAX_LANGUAGES: usize = 200;
/// How many days of slots are shown at once.
pub const SLOTS_DAYS: u64 = 28;

/// What the profile form asks.
#[derive(Clone, Debug, Default)]
pub struct ProfileInput {
    pub years_fostering: Option<i32>,
    pub kinds: Vec<FosteringKind>,
    pub languages: String,
    pub outcode: String,
    pub ways: Vec<Way>,
    pub capacity: Option<i32>,
    pub meeting_minutes: Option<i32>,
    pub video_link: String,
}

/// A supporter's profile and time, for them and their coordinator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupporterProfile {
    pub id: i32,
    pub organisation_id: i32,
    pub organisation: String,
    pub name: String,
    pub years_fostering: i32,
    pub kinds: Vec<FosteringKind>,
    pub languages: Vec<String>,
    pub outcode: String,
    pub ways: Vec<Way>,
    pub capacity: i32,
    pub meeting_minutes: i32,
    pub video_link: Option<String>,
    /// Window id and window, by weekday and time.
    pub windows: Vec<(i32, Window)>,
    /// Id, first and last day, from today on.
    pub away: Vec<(i32, NaiveDate, NaiveDate)>,
    /// The times of their booked meetings to come: not free.
    pub booked: Vec<Slot>,
}

fn list<T>(stored: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    stored.split(',').filter_map(|s| parse(s.trim())).collect()
}

/// Saves the actor's profile in an organisation where they are a peer
/// supporter, making it the first time. Returns its id.
pub async fn save_profile(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    input: &ProfileInput,
) -> Result<i32, DomainError> {
    actor.require(Permission::OfferPeerSupport, organisation_id)?;
    let person_id = actor.person_id().ok_or_else(|| actor.refusal())?;
    let mut errors = Vec::new();
    if !input
        .years_fostering
        .is_some_and(|y| (0..=MOST_YEARS).contains(&y))
    {
        errors.push(FieldError::new(
            "years_fostering",
            format!("Enter how many years you have fostered, from 0 to {MOST_YEARS}"),
        ));
    }
    if input.kinds.is_empty() {
        errors.push(FieldError::new(
            "kinds",
            "Select the kinds of fostering you know",
        ));
    }
    let languages = bounded(
        &mut errors,
        "languages",
        &input.languages,
        MAX_LANGUAGES,
        Some("Enter the languages you speak, like English, Polish"),
    );
    let outcode = match Outcode::parse(&input.outcode) {
        Ok(outcode) => outcode.as_str().to_owned(),
        Err(message) => {
            errors.push(FieldError::new("area", message));
            String::new()
        }
    };
    if input.ways.is_empty() {
        errors.push(FieldError::new("ways", "Select how you can meet"));
    }
    if !input
        .capacity
        .is_some_and(|c| (1..=MOST_MENTEES).contains(&c))
    {
        errors.push(FieldError::new(
            "capacity",
            format!("Enter how many people you can support at once, from 1 to {MOST_MENTEES}"),
        ));
    }
    if !input
        .meeting_minutes
        .is_some_and(|m| [30, 45, 60, 90].contains(&m))
    {
        errors.push(FieldError::new(
            "meeting_minutes",
            "Choose how long a meeting lasts",
        ));
    }
    let link = input.video_link.trim();
    if input.ways.contains(&Way::Video) && !is_https_link(link) {
        errors.push(FieldError::new(
            "video_link",
            "Enter the link for your video calls, starting https://",
        ));
    }
    let (Some(years), Some(capacity), Some(minutes), true) = (
        input.years_fostering,
        input.capacity,
        input.meeting_minutes,
        errors.is_empty(),
    ) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let join = |names: Vec<&str>| names.join(",");
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let existing = supporter::Entity::find()
        .filter(supporter::Column::OrganisationId.eq(organisation_id))
        .filter(supporter::Column::PersonId.eq(person_id))
        .one(&*txn)
        .await?;
    let row = supporter::ActiveModel {
        id: existing.as_ref().map_or(NotSet, |e| Set(e.id)),
        organisation_id: Set(organisation_id),
        person_id: Set(person_id),
        years_fostering: Set(years),
        kinds: Set(join(input.kinds.iter().map(|k| k.as_str()).collect())),
        languages: Set(languages),
        outcode: Set(outcode),
        ways: Set(join(input.ways.iter().map(|w| w.as_str()).collect())),
        capacity: Set(capacity),
        meeting_minutes: Set(minutes),
        video_link: Set(input.ways.contains(&Way::Video).then(|| link.to_owned())),
        updated_at: Set(now),
    };
    let saved = if existing.is_some() {
        row.update(&*txn).await?
    } else {
        row.insert(&*txn).await?
    };
    txn.commit().await?;
    Ok(saved.id)
}

/// The actor's profiles, one per organisation where they are a peer
/// supporter and have saved one.
pub async fn my_profiles(ctx: &Ctx, actor: &Actor) -> Result<Vec<SupporterProfile>, DomainError> {
    let Some(person_id) = actor.person_id() else {
        return Err(actor.refusal());
    };
    let organisations = actor.organisations_where(Permission::OfferPeerSupport);
    let rows = supporter::Entity::find()
        .filter(supporter::Column::PersonId.eq(person_id))
        .filter(supporter::Column::OrganisationId.is_in(organisations))
        .all(&ctx.db)
        .await?;
    profiles(ctx, rows).await
}

/// The organisation's supporters, for its peer support coordinators.
pub async fn supporters(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<SupporterProfile>, DomainError> {
    actor.require(Permission::CoordinatePeerSupport, organisation_id)?;
    let rows = supporter::Entity::find()
        .filter(supporter::Column::OrganisationId.eq(organisation_id))
        .all(&ctx.db)
        .await?;
    let mut found = profiles(ctx, rows).await?;
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

async fn profiles(
    ctx: &Ctx,
    rows: Vec<supporter::Model>,
) -> Result<Vec<SupporterProfile>, DomainError> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let windows = availability::Entity::find()
        .filter(availability::Column::SupporterId.is_in(ids.clone()))
        .order_by_asc(availability::Column::Weekday)
        .order_by_asc(availability::Column::StartsAt)
        .all(&ctx.db)
        .await?;
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let away = time_away::Entity::find()
        .filter(time_away::Column::SupporterId.is_in(ids))
        .filter(time_away::Column::LastDay.gte(today))
        .order_by_asc(time_away::Column::FirstDay)
        .all(&ctx.db)
        .await?;
    let booked = booking::Entity::find()
        .filter(booking::Column::SupporterId.is_in(rows.iter().map(|r| r.id)))
        .filter(booking::Column::State.eq(BookingState::Booked.as_str()))
        .filter(booking::Column::EndsAt.gt(ctx.clock.now()))
        .order_by_asc(booking::Column::StartsAt)
        .all(&ctx.db)
        .await?;
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().map(|r| r.person_id)))
        .all(&ctx.db)
        .await?;
    let names = organisation_names(&ctx.db, rows.iter().map(|r| r.organisation_id)).await?;
    rows.into_iter()
        .map(|row| {
            Ok(SupporterProfile {
                windows: windows
                    .iter()
                    .filter(|w| w.supporter_id == row.id)
                    .map(|w| Ok((w.id, window_of(w)?)))
                    .collect::<Result<_, DomainError>>()?,
                away: away
                    .iter()
                    .filter(|a| a.supporter_id == row.id)
                    .map(|a| (a.id, a.first_day, a.last_day))
                    .collect(),
                booked: booked
                    .iter()
                    .filter(|b| b.supporter_id == row.id)
                    .map(|b| Slot {
                        starts_at: b.starts_at,
                        ends_at: b.ends_at,
                    })
                    .collect(),
                name: people
                    .iter()
                    .find(|p| p.id == row.person_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                organisation: names.get(&row.organisation_id).cloned().unwrap_or_default(),
                id: row.id,
                organisation_id: row.organisation_id,
                years_fostering: row.years_fostering,
                kinds: list(&row.kinds, FosteringKind::parse),
                languages: list(&row.languages, |l| (!l.is_empty()).then(|| l.to_owned())),
                outcode: row.outcode,
                ways: list(&row.ways, Way::parse),
                capacity: row.capacity,
                meeting_minutes: row.meeting_minutes,
                video_link: row.video_link,
            })
        })
        .collect()
}

fn window_of(row: &availability::Model) -> Result<Window, DomainError> {
    let broken = || DomainError::Internal(format!("window {} is not as stored", row.id).into());
    let time = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| broken());
    Ok(Window {
        weekday: u8::try_from(row.weekday - 1)
            .ok()
            .and_then(|n| Weekday::try_from(n).ok())
            .ok_or_else(broken)?,
        starts_at: time(&row.starts_at)?,
        ends_at: time(&row.ends_at)?,
    })
}

/// The supporter's own profile row, for changing their time.
async fn own(ctx: &Ctx, actor: &Actor, supporter_id: i32) -> Result<supporter::Model, DomainError> {
    actor.require_signed_in()?;
    let row = supporter::Entity::find_by_id(supporter_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if actor.person_id() == Some(row.person_id)
        && actor.may(Permission::OfferPeerSupport, row.organisation_id)
    {
        Ok(row)
    } else {
        Err(DomainError::NotFound)
    }
}

/// Adds a weekly window: a weekday and London times, at least one meeting
/// long.
pub async fn add_window(
    ctx: &Ctx,
    actor: &Actor,
    supporter_id: i32,
    window: Option<Window>,
) -> Result<i32, DomainError> {
    let row = own(ctx, actor, supporter_id).await?;
    let Some(window) = window else {
        return Err(DomainError::invalid(
            "weekday",
            "Choose a day and the times, like 18:00 to 20:00",
        ));
    };
    if window.ends_at <= window.starts_at
        || window.ends_at - window.starts_at
            < chrono::TimeDelta::minutes(i64::from(row.meeting_minutes))
    {
        return Err(DomainError::invalid(
            "ends_at",
            format!(
                "The window must end after it starts, with room for a {}-minute meeting",
                row.meeting_minutes
            ),
        ));
    }
    let txn = ctx.write().await?;
    let added = availability::ActiveModel {
        id: NotSet,
        supporter_id: Set(row.id),
        weekday: Set(window.weekday.number_from_monday() as i32),
        starts_at: Set(window.starts_at.format("%H:%M").to_string()),
        ends_at: Set(window.ends_at.format("%H:%M").to_string()),
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok(added.id)
}

/// Takes a weekly window away.
pub async fn remove_window(ctx: &Ctx, actor: &Actor, window_id: i32) -> Result<(), DomainError> {
    let window = availability::Entity::find_by_id(window_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    own(ctx, actor, window.supporter_id).await?;
    let txn = ctx.write().await?;
    availability::Entity::delete_by_id(window.id)
        .exec(&*txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds days away: no slot is offered on them.
pub async fn add_time_away(
    ctx: &Ctx,
    actor: &Actor,
    supporter_id: i32,
    days: Option<(NaiveDate, NaiveDate)>,
) -> Result<i32, DomainError> {
    let row = own(ctx, actor, supporter_id).await?;
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let Some((first, last)) = days else {
        return Err(DomainError::invalid(
            "first_day",
            "Enter the first day you are away",
        ));
    };
    if first < today || last < first || last > today + Days::new(366) {
        return Err(DomainError::invalid(
            "last_day",
            "Enter days from today, the last on or after the first, within a year",
        ));
    }
    let txn = ctx.write().await?;
    let added = time_away::ActiveModel {
        id: NotSet,
        supporter_id: Set(row.id),
        first_day: Set(first),
        last_day: Set(last),
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok(added.id)
}

/// The supporter's free slots for the next four weeks, less those booked:
/// for them and their coordinator.
pub async fn free_slots(
    ctx: &Ctx,
    actor: &Actor,
    supporter_id: i32,
) -> Result<Vec<Slot>, DomainError> {
    actor.require_signed_in()?;
    let row = supporter::Entity::find_by_id(supporter_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let theirs = actor.person_id() == Some(row.person_id)
        && actor.may(Permission::OfferPeerSupport, row.organisation_id);
    if !theirs && !actor.may(Permission::CoordinatePeerSupport, row.organisation_id) {
        return Err(DomainError::NotFound);
    }
    Ok(profile_of(ctx, row).await?.slots_ahead(ctx.clock.now()))
}

/// One supporter's profile, with their windows and days away.
pub(super) async fn profile_of(
    ctx: &Ctx,
    row: supporter::Model,
) -> Result<SupporterProfile, DomainError> {
    profiles(ctx, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::NotFound)
}

impl SupporterProfile {
    /// The free slots of the four weeks from `now`, from the profile as
    /// read: for a page that has its reader's profiles already. A slot a
    /// booked meeting overlaps is not free.
    pub fn slots_ahead(&self, now: DateTime<Utc>) -> Vec<Slot> {
        let today = now.with_timezone(&London).date_naive();
        self.slots_between(now, (today, today + Days::new(SLOTS_DAYS)))
    }

    /// The free slots on the days from the first to the last (London
    /// dates), starting after `now`.
    pub fn slots_between(&self, now: DateTime<Utc>, days: (NaiveDate, NaiveDate)) -> Vec<Slot> {
        let windows: Vec<Window> = self.windows.iter().map(|(_, w)| *w).collect();
        let away: Vec<(NaiveDate, NaiveDate)> =
            self.away.iter().map(|(_, f, l)| (*f, *l)).collect();
        slots(&windows, i64::from(self.meeting_minutes), days, &away, now)
            .into_iter()
            .filter(|slot| !self.booked.iter().any(|b| b.overlaps(slot)))
            .collect()
    }
}
