//! The hub's beds, night by night: how many children are staying (each
//! accepted or started sleepover keeps a bed for each of its children,
//! each of its nights), the nights the hub is unavailable, and the calendar
//! a constellation reads them in. Beds are given under the constellation's
//! lock, so no night ever has more children than beds.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};

use super::access::{locked, standing};
use super::entities::{sleepover, sleepover_child, unavailable_night};
use super::states::SleepoverState;
use crate::clock::london_day;
use crate::{Actor, Ctx, DomainError, FieldError};

/// How far ahead the calendar looks: eight weeks.
pub const CALENDAR_NIGHTS: u64 = 56;
/// The most nights one change of availability covers.
const MOST_NIGHTS_AT_ONCE: u64 = 62;

/// The nights from `first` to `last`, both included.
pub(crate) fn nights(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    first.iter_days().take_while(move |night| *night <= last)
}

/// Children staying each night from `first` to `last`, leaving out the
/// sleepover `except` (the one being decided).
pub(crate) async fn children_staying(
    conn: &impl ConnectionTrait,
    constellation_id: i32,
    (first, last): (NaiveDate, NaiveDate),
    except: Option<i32>,
) -> Result<BTreeMap<NaiveDate, i32>, DomainError> {
    let keeping: Vec<&str> = SleepoverState::ALL
        .iter()
        .filter(|s| s.takes_beds())
        .map(|s| s.as_str())
        .collect();
    let mut query = sleepover::Entity::find()
        .filter(sleepover::Column::ConstellationId.eq(constellation_id))
        .filter(sleepover::Column::State.is_in(keeping))
        .filter(sleepover::Column::FirstNight.lte(last))
        .filter(sleepover::Column::LastNight.gte(first));
    if let Some(id) = except {
        query = query.filter(sleepover::Column::Id.ne(id));
    }
    let stays = query.all(conn).await?;
    let counts = children_per_stay(conn, stays.iter().map(|s| s.id)).await?;
    let mut staying: BTreeMap<NaiveDate, i32> = nights(first, last).map(|n| (n, 0)).collect();
    for stay in &stays {
        let children = counts
            .iter()
            .find(|(id, _)| *id == stay.id)
            .map_or(0, |(_, n)| i32::try_from(*n).unwrap_or(i32::MAX));
        for night in nights(stay.first_night.max(first), stay.last_night.min(last)) {
            *staying.entry(night).or_default() += children;
        }
    }
    Ok(staying)
}

/// How many children each of the sleepovers is for.
async fn children_per_stay(
    conn: &impl ConnectionTrait,
    ids: impl Iterator<Item = i32>,
) -> Result<Vec<(i32, i64)>, DomainError> {
    use sea_orm::sea_query::ExprTrait;
    Ok(sleepover_child::Entity::find()
        .select_only()
        .column(sleepover_child::Column::SleepoverId)
        .column_as(
            Expr::col(sleepover_child::Column::ChildId).count(),
            "children",
        )
        .filter(sleepover_child::Column::SleepoverId.is_in(ids))
        .group_by(sleepover_child::Column::SleepoverId)
        .into_tuple()
        .all(conn)
        .await?)
}

/// The nights from `first` to `last` the hub is unavailable.
pub(crate) async fn unavailable_nights(
    conn: &impl ConnectionTrait,
    constellation_id: i32,
    (first, last): (NaiveDate, NaiveDate),
) -> Result<Vec<NaiveDate>, DomainError> {
    Ok(unavailable_night::Entity::find()
        .filter(unavailable_night::Column::ConstellationId.eq(constellation_id))
        .filter(unavailable_night::Column::Night.gte(first))
        .filter(unavailable_night::Column::Night.lte(last))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| u.night)
        .collect())
}

/// Whether `children` more fit every night from `first` to `last` beside
/// those staying: none fit a night the hub is unavailable. Call it inside
/// the transaction holding the constellation's lock.
pub(crate) async fn beds_free(
    conn: &impl ConnectionTrait,
    constellation: (i32, i32),
    (first, last): (NaiveDate, NaiveDate),
    children: i32,
    except: Option<i32>,
) -> Result<Result<(), String>, DomainError> {
    let (constellation_id, beds) = constellation;
    let away = unavailable_nights(conn, constellation_id, (first, last)).await?;
    if let Some(night) = away.first() {
        return Ok(Err(format!(
            "The hub is not available on the night of {}",
            night.format("%-d %B %Y")
        )));
    }
    let staying = children_staying(conn, constellation_id, (first, last), except).await?;
    if let Some((night, _)) = staying.iter().find(|(_, n)| **n + children > beds) {
        return Ok(Err(format!(
            "The hub has no bed free on the night of {}",
            night.format("%-d %B %Y")
        )));
    }
    Ok(Ok(()))
}

/// The most children staying on any night from `from` on.
pub(crate) async fn busiest_night_from(
    conn: &impl ConnectionTrait,
    constellation_id: i32,
    from: NaiveDate,
) -> Result<i32, DomainError> {
    let last = from.checked_add_days(Days::new(400)).unwrap_or(from);
    Ok(children_staying(conn, constellation_id, (from, last), None)
        .await?
        .into_values()
        .max()
        .unwrap_or(0))
}

/// One night of the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Night {
    pub night: NaiveDate,
    pub beds: i32,
    pub taken: i32,
    pub unavailable: bool,
}

impl Night {
    pub fn free(&self) -> i32 {
        if self.unavailable {
            0
        } else {
            (self.beds - self.taken).max(0)
        }
    }
}

/// Each night of the next eight weeks, from today.
pub(crate) async fn calendar_nights(
    conn: &impl ConnectionTrait,
    constellation_id: i32,
    beds: i32,
    today: NaiveDate,
) -> Result<Vec<Night>, DomainError> {
    let last = today
        .checked_add_days(Days::new(CALENDAR_NIGHTS - 1))
        .unwrap_or(today);
    let staying = children_staying(conn, constellation_id, (today, last), None).await?;
    let away = unavailable_nights(conn, constellation_id, (today, last)).await?;
    Ok(nights(today, last)
        .map(|night| Night {
            night,
            beds,
            taken: staying.get(&night).copied().unwrap_or(0),
            unavailable: away.contains(&night),
        })
        .collect())
}

/// Nights the hub marks unavailable, or available again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Availability {
    pub first_night: Option<NaiveDate>,
    pub last_night: Option<NaiveDate>,
    pub available: bool,
}

/// Marks the hub unavailable (or available again) from one night to
/// another: for the hub's carers and the service's managers. A night a
/// child is already staying cannot be made unavailable.
pub async fn set_hub_availability(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
    input: &Availability,
) -> Result<(), DomainError> {
    let found = standing(ctx, actor, constellation_id).await?;
    if !(found.manages || found.is_hub()) {
        return Err(DomainError::NotFound);
    }
    let today = london_day(ctx.clock.now());
    let mut errors = Vec::new();
    let first = input.first_night.filter(|n| *n >= today);
    if first.is_none() {
        errors.push(FieldError::new(
            "first_night",
            "Enter the first night, today or later",
        ));
    }
    let last = input.last_night.or(input.first_night);
    let fits = match (first, last) {
        (Some(first), Some(last)) => {
            last >= first && (last - first).num_days() < MOST_NIGHTS_AT_ONCE as i64
        }
        _ => false,
    };
    if first.is_some() && !fits {
        errors.push(FieldError::new(
            "last_night",
            format!(
                "Enter a last night on or after the first, at most {MOST_NIGHTS_AT_ONCE} nights on"
            ),
        ));
    }
    let (Some(first), Some(last), true) = (first, last, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    locked(&txn, constellation_id).await?;
    if input.available {
        unavailable_night::Entity::delete_many()
            .filter(unavailable_night::Column::ConstellationId.eq(constellation_id))
            .filter(unavailable_night::Column::Night.gte(first))
            .filter(unavailable_night::Column::Night.lte(last))
            .exec(&*txn)
            .await?;
    } else {
        let staying = children_staying(&*txn, constellation_id, (first, last), None).await?;
        if let Some((night, _)) = staying.iter().find(|(_, n)| **n > 0) {
            return Err(DomainError::Conflict(format!(
                "A child is staying on the night of {}: cancel that sleepover first",
                night.format("%-d %B %Y")
            )));
        }
        let away = unavailable_nights(&*txn, constellation_id, (first, last)).await?;
        for night in nights(first, last).filter(|n| !away.contains(n)) {
            unavailable_night::Entity::insert(unavailable_night::ActiveModel {
                constellation_id: Set(constellation_id),
                night: Set(night),
                added_by_id: Set(actor.person_id()),
                added_at: Set(now),
            })
            .exec_without_returning(&*txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_night_the_hub_is_away_has_no_bed_free_whatever_it_keeps() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 10).expect("a day");
        let away = Night {
            night: day,
            beds: 2,
            taken: 0,
            unavailable: true,
        };
        assert_eq!(away.free(), 0);
        let busy = Night {
            unavailable: false,
            taken: 1,
            ..away
        };
        assert_eq!(busy.free(), 1);
    }

    #[test]
    fn nights_run_from_the_first_to_the_last_inclusive() {
        let first = NaiveDate::from_ymd_opt(2026, 12, 30).expect("a day");
        let last = NaiveDate::from_ymd_opt(2027, 1, 2).expect("a day");
        assert_eq!(nights(first, last).count(), 4);
        assert_eq!(nights(last, first).count(), 0);
    }
}
