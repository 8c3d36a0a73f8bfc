//! The fostering panel: the dates it sits with how many households it can
//! hear, households booked onto a date once their assessment is done, and
//! the recommendation the panel makes. The decision is the agency decision
//! maker's own (`decision`).

use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::entities::{panel, panel_booking};
use crate::names::stored_names;
use crate::policy::{Permission, household_for};
use crate::recruitment::entities::household;
use crate::recruitment::funnel::Event;
use crate::recruitment::move_in_funnel;
use crate::{Actor, Ctx, DomainError, FieldError};

/// The largest panel: a full day hears about six households.
const MOST_HOUSEHOLDS: i64 = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Recommendation {
    Approve,
    NotApprove,
}

stored_names!(Recommendation {
    Approve => "approve", "Recommends approval",
    NotApprove => "not_approve", "Does not recommend approval",
});

/// A date the panel sits, with the households booked onto it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelDate {
    pub id: i32,
    pub sits_on: NaiveDate,
    pub place: String,
    pub capacity: i32,
    /// Household id and name.
    pub booked: Vec<(i32, String)>,
}

impl PanelDate {
    pub fn places_left(&self) -> i32 {
        let booked = i32::try_from(self.booked.len()).unwrap_or(i32::MAX);
        (self.capacity - booked).max(0)
    }
}

/// What is typed to add a panel date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PanelInput {
    pub sits_on: Option<NaiveDate>,
    pub place: String,
    pub capacity: Option<i64>,
}

pub(super) fn today(ctx: &Ctx) -> NaiveDate {
    crate::clock::london_day(ctx.clock.now())
}

/// Adds a date the organisation's panel sits.
pub async fn schedule_panel(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    input: &PanelInput,
) -> Result<i32, DomainError> {
    if !actor.may(Permission::SchedulePanel, organisation_id) {
        return Err(actor.refusal());
    }
    let mut errors = Vec::new();
    match input.sits_on {
        None => errors.push(FieldError::new("sits_on", "Enter the date the panel sits")),
        Some(day) if day < today(ctx) => errors.push(FieldError::new(
            "sits_on",
            "The date must be today or in the future",
        )),
        Some(_) => {}
    }
    let place = input.place.trim();
    if place.is_empty() {
        errors.push(FieldError::new(
            "place",
            "Enter where the panel sits, or that it meets online",
        ));
    } else if place.chars().count() > 200 {
        errors.push(FieldError::new("place", crate::text::too_long(200)));
    }
    let capacity = match input.capacity {
        Some(n) if (1..=MOST_HOUSEHOLDS).contains(&n) => i32::try_from(n).ok(),
        _ => {
            errors.push(FieldError::new(
                "capacity",
                format!("Enter how many households it can hear, from 1 to {MOST_HOUSEHOLDS}"),
            ));
            None
        }
    };
    let (Some(sits_on), Some(capacity), true) = (input.sits_on, capacity, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let row = panel::ActiveModel {
        id: NotSet,
        organisation_id: Set(organisation_id),
        sits_on: Set(sits_on),
        place: Set(place.to_owned()),
        capacity: Set(capacity),
        created_at: Set(ctx.clock.now()),
        created_by_id: Set(actor.person_id()),
    }
    .insert(&ctx.db)
    .await?;
    Ok(row.id)
}

pub(super) async fn dates_with_bookings(
    ctx: &Ctx,
    rows: Vec<panel::Model>,
) -> Result<Vec<PanelDate>, DomainError> {
    let bookings = panel_booking::Entity::find()
        .filter(panel_booking::Column::PanelId.is_in(rows.iter().map(|p| p.id)))
        .all(&ctx.db)
        .await?;
    // A household that withdrew, was closed or put on hold gives its place up.
    let households = household::Entity::find()
        .filter(household::Column::Id.is_in(bookings.iter().map(|b| b.household_id)))
        .filter(household::Column::Status.eq("open"))
        .order_by_asc(household::Column::Name)
        .all(&ctx.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|p| PanelDate {
            booked: households
                .iter()
                .filter(|h| {
                    bookings
                        .iter()
                        .any(|b| b.panel_id == p.id && b.household_id == h.id)
                })
                .map(|h| (h.id, h.name.clone()))
                .collect(),
            id: p.id,
            sits_on: p.sits_on,
            place: p.place,
            capacity: p.capacity,
        })
        .collect())
}

/// The organisation's panel dates from 90 days ago on, soonest first.
pub async fn panel_dates(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<PanelDate>, DomainError> {
    if !actor.may(Permission::SeePanel, organisation_id) {
        return Err(actor.refusal());
    }
    let from = today(ctx) - chrono::Days::new(90);
    let rows = panel::Entity::find()
        .filter(panel::Column::OrganisationId.eq(organisation_id))
        .filter(panel::Column::SitsOn.gte(from))
        .order_by_asc(panel::Column::SitsOn)
        .all(&ctx.db)
        .await?;
    dates_with_bookings(ctx, rows).await
}

/// Dates still to come with a place for the household, other than the
/// one it is booked onto: where it could be booked, or moved to.
pub(super) async fn open_dates(
    ctx: &Ctx,
    organisation_id: i32,
    household_id: i32,
) -> Result<Vec<PanelDate>, DomainError> {
    let rows = panel::Entity::find()
        .filter(panel::Column::OrganisationId.eq(organisation_id))
        .filter(panel::Column::SitsOn.gte(today(ctx)))
        .order_by_asc(panel::Column::SitsOn)
        .all(&ctx.db)
        .await?;
    Ok(dates_with_bookings(ctx, rows)
        .await?
        .into_iter()
        .filter(|p| p.places_left() > 0 && !p.booked.iter().any(|(id, _)| *id == household_id))
        .collect())
}

/// Books the household onto a panel date (or moves it to another), once
/// its Stage 2 assessment is done.
pub async fn book_panel(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    panel_id: Option<i32>,
) -> Result<(), DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::SeePanel).await?;
    if !actor.may(Permission::BookPanel, row.organisation_id) {
        return Err(actor.refusal());
    }
    let Some(panel_id) = panel_id else {
        return Err(DomainError::invalid("panel", "Select a panel date"));
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    move_in_funnel(
        &txn,
        row.id,
        actor.person_id(),
        Event::BookedForPanel,
        (None, None),
        now,
    )
    .await?;
    // The date's row is locked while its places are counted, so two
    // bookings at once cannot both take the last place (SQLite's write
    // transactions already run one at a time).
    let mut date = panel::Entity::find_by_id(panel_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        date = date.lock_exclusive();
    }
    let chosen = date
        .one(&txn)
        .await?
        .filter(|p| p.organisation_id == row.organisation_id && p.sits_on >= today(ctx))
        .ok_or_else(|| DomainError::invalid("panel", "Select one of the panel dates to come"))?;
    let already = panel_booking::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .is_some_and(|b| b.panel_id == chosen.id);
    if already {
        return Err(DomainError::invalid(
            "panel",
            "The household is already booked onto that date: choose another to move it",
        ));
    }
    let booked: Vec<i32> = panel_booking::Entity::find()
        .filter(panel_booking::Column::PanelId.eq(chosen.id))
        .filter(panel_booking::Column::HouseholdId.ne(row.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|b| b.household_id)
        .collect();
    let taken = household::Entity::find()
        .filter(household::Column::Id.is_in(booked))
        .filter(household::Column::Status.eq("open"))
        .count(&txn)
        .await?;
    if taken >= u64::try_from(chosen.capacity).unwrap_or(0) {
        return Err(DomainError::Conflict(
            "That panel date is full: choose another".into(),
        ));
    }
    panel_booking::Entity::insert(panel_booking::ActiveModel {
        household_id: Set(row.id),
        panel_id: Set(chosen.id),
        booked_at: Set(now),
        booked_by_id: Set(actor.person_id()),
        recommendation: Set(None),
        recommendation_reasons: Set(None),
        recommended_at: Set(None),
        recommended_by_id: Set(None),
    })
    .on_conflict(
        OnConflict::column(panel_booking::Column::HouseholdId)
            .update_columns([
                panel_booking::Column::PanelId,
                panel_booking::Column::BookedAt,
                panel_booking::Column::BookedById,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records the panel's recommendation, once it has sat.
pub async fn record_recommendation(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    recommendation: Option<Recommendation>,
    reasons: &str,
) -> Result<(), DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::SeePanel).await?;
    if !actor.may(Permission::Recommend, row.organisation_id) {
        return Err(actor.refusal());
    }
    let mut errors = Vec::new();
    if recommendation.is_none() {
        errors.push(FieldError::new(
            "recommendation",
            "Select what the panel recommended",
        ));
    }
    let reasons = reasons.trim();
    if reasons.is_empty() {
        errors.push(FieldError::new("reasons", "Enter the panel's reasons"));
    } else if reasons.chars().count() > 5_000 {
        errors.push(FieldError::new("reasons", crate::text::too_long(5000)));
    }
    let (Some(recommendation), true) = (recommendation, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    move_in_funnel(
        &txn,
        row.id,
        actor.person_id(),
        Event::PanelRecommended,
        (Some(recommendation.as_str()), None),
        now,
    )
    .await?;
    let booking = panel_booking::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let sat = panel::Entity::find_by_id(booking.panel_id)
        .one(&txn)
        .await?
        .is_some_and(|p| p.sits_on <= today(ctx));
    if !sat {
        return Err(DomainError::Conflict(
            "The panel has not sat yet: record its recommendation on or after its date".into(),
        ));
    }
    panel_booking::ActiveModel {
        household_id: Set(row.id),
        recommendation: Set(Some(recommendation.as_str().to_owned())),
        recommendation_reasons: Set(Some(reasons.to_owned())),
        recommended_at: Set(Some(now)),
        recommended_by_id: Set(actor.person_id()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}
