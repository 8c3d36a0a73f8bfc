//! What the two people of a mentoring relationship see of it: the other's
//! name, how they meet, the supporter's video link, the agreement and who
//! has accepted it, the meetings booked and, for the mentee, the times
//! they can book. And each person's relationships, for their pages.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Europe::London;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};

use super::Way;
use super::bookings::{Booking, BookingState, meetings_booked};
use super::ending::feedback_open;
use super::entities::{booking, feedback, relationship, supporter};
use super::meeting_log::{LoggedMeeting, meetings_logged};
use super::pair::{Side, pair_of};
use super::profiles::{SLOTS_DAYS, profile_of};
use super::requests::RelationshipState;
use super::settings::settings_of;
use super::slots::Slot;
use crate::accounts::entities::person;
use crate::accounts::organisation_names;
use crate::{Actor, Ctx, DomainError};

/// A relationship as one of its two people sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairView {
    pub id: i32,
    pub side: Side,
    pub other_name: String,
    pub organisation: String,
    pub ways: Vec<Way>,
    pub video_link: Option<String>,
    pub agreement: String,
    pub you_agreed: bool,
    pub other_agreed: bool,
    pub active: bool,
    pub ends_on: NaiveDate,
    pub notice_hours: i32,
    pub pays_mileage: bool,
    pub booked: Vec<Booking>,
    /// For the mentee, once both have agreed: the times they can book,
    /// four weeks of them from `free_from`.
    pub free: Vec<Slot>,
    pub free_from: NaiveDate,
    /// The first day of the four weeks before and after, where there are
    /// any to book.
    pub earlier: Option<NaiveDate>,
    pub later: Option<NaiveDate>,
    /// The meetings the supporter logged, latest first.
    pub logged: Vec<LoggedMeeting>,
    /// Whether feedback may be given now, and whether the actor gave it.
    pub feedback_open: bool,
    pub feedback_given: bool,
}

/// The relationship, for one of its two people.
pub async fn mentoring_relationship(
    ctx: &Ctx,
    actor: &Actor,
    relationship_id: i32,
    slots_from: Option<NaiveDate>,
) -> Result<PairView, DomainError> {
    let pair = pair_of(&ctx.db, actor, relationship_id).await?;
    let settings = settings_of(&ctx.db, pair.relationship.organisation_id).await?;
    let other_name = person::Entity::find_by_id(pair.other_person())
        .one(&ctx.db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let organisation = organisation_names(&ctx.db, [pair.relationship.organisation_id])
        .await?
        .remove(&pair.relationship.organisation_id)
        .unwrap_or_default();
    let (you, other) = match pair.side {
        Side::Mentee => (
            pair.relationship.mentee_agreed_at,
            pair.relationship.supporter_agreed_at,
        ),
        Side::Supporter => (
            pair.relationship.supporter_agreed_at,
            pair.relationship.mentee_agreed_at,
        ),
    };
    let now = ctx.clock.now();
    let today = now.with_timezone(&London).date_naive();
    let ends_on = pair.relationship.ends_on;
    let from = slots_from.unwrap_or(today).clamp(today, ends_on.max(today));
    let until = (from + Days::new(SLOTS_DAYS - 1)).min(ends_on);
    let free = if pair.side == Side::Mentee && pair.is_active() && pair.both_agreed() {
        profile_of(ctx, pair.supporter.clone())
            .await?
            .slots_between(now, (from, until))
    } else {
        Vec::new()
    };
    let earlier = (from > today).then(|| (from - Days::new(SLOTS_DAYS)).max(today));
    let later = (until < ends_on).then(|| until + Days::new(1));
    Ok(PairView {
        id: pair.relationship.id,
        side: pair.side,
        other_name,
        organisation,
        ways: pair
            .supporter
            .ways
            .split(',')
            .filter_map(Way::parse)
            .collect(),
        video_link: pair.supporter.video_link.clone(),
        agreement: settings.agreement().to_owned(),
        you_agreed: you.is_some(),
        other_agreed: other.is_some(),
        active: pair.is_active(),
        ends_on: pair.relationship.ends_on,
        notice_hours: settings.change_notice_hours,
        pays_mileage: settings.pays_mileage,
        booked: meetings_booked(ctx, actor, relationship_id).await?,
        free,
        free_from: from,
        earlier,
        later,
        logged: meetings_logged(ctx, actor, relationship_id).await?,
        feedback_open: feedback_open(&pair.relationship, today),
        feedback_given: feedback::Entity::find()
            .filter(feedback::Column::RelationshipId.eq(pair.relationship.id))
            .filter(feedback::Column::Side.eq(pair.side.as_str()))
            .one(&ctx.db)
            .await?
            .is_some(),
    })
}

/// One of the actor's relationships, for their pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MyRelationship {
    pub id: i32,
    pub side: Side,
    pub other_name: String,
    pub organisation_id: i32,
    pub ends_on: NaiveDate,
    pub next_meeting: Option<DateTime<Utc>>,
}

/// The actor's active relationships, as mentee and as supporter, each
/// with the next meeting booked.
pub async fn my_relationships(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<MyRelationship>, DomainError> {
    let Some(person_id) = actor.person_id() else {
        return Ok(Vec::new());
    };
    let mine: Vec<i32> = supporter::Entity::find()
        .filter(supporter::Column::PersonId.eq(person_id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let rows = relationship::Entity::find()
        .filter(relationship::Column::State.eq(RelationshipState::Active.as_str()))
        .filter(
            Condition::any()
                .add(relationship::Column::MenteeId.eq(person_id))
                .add(relationship::Column::SupporterId.is_in(mine.clone())),
        )
        .order_by_asc(relationship::Column::StartedAt)
        .all(&ctx.db)
        .await?;
    let supporters = supporter::Entity::find()
        .filter(supporter::Column::Id.is_in(rows.iter().map(|r| r.supporter_id)))
        .all(&ctx.db)
        .await?;
    let now = ctx.clock.now();
    let coming = booking::Entity::find()
        .filter(booking::Column::RelationshipId.is_in(rows.iter().map(|r| r.id)))
        .filter(booking::Column::State.eq(BookingState::Booked.as_str()))
        .filter(booking::Column::EndsAt.gt(now))
        .order_by_asc(booking::Column::StartsAt)
        .all(&ctx.db)
        .await?;
    let others: Vec<i32> = rows
        .iter()
        .map(|r| {
            if mine.contains(&r.supporter_id) {
                r.mentee_id
            } else {
                supporters
                    .iter()
                    .find(|s| s.id == r.supporter_id)
                    .map_or(0, |s| s.person_id)
            }
        })
        .collect();
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(others.clone()))
        .all(&ctx.db)
        .await?;
    Ok(rows
        .iter()
        .zip(others)
        .map(|(r, other)| MyRelationship {
            id: r.id,
            side: if mine.contains(&r.supporter_id) {
                Side::Supporter
            } else {
                Side::Mentee
            },
            other_name: people
                .iter()
                .find(|p| p.id == other)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            organisation_id: r.organisation_id,
            ends_on: r.ends_on,
            next_meeting: coming
                .iter()
                .find(|b| b.relationship_id == r.id)
                .map(|b| b.starts_at),
        })
        .collect())
}
