//! Where a household sits in its organisation's queue, kept on its row so
//! that the database orders, filters and pages the queue by an index
//! however many households there are (a region's year is about 10,000).
//!
//! Three columns, recomputed whenever anything they depend on changes:
//! - `due_at`: the earliest moment the household is late, while its clocks
//!   run (its first call, its next action, a Stage 1 check, Stage 2 by the
//!   service's clocks, a connected person's temporary approval); it is
//!   overdue once that has passed;
//! - `queue_key`: digits that sort the queue (known and trusted adults
//!   first, then the earliest due, then the oldest enquiry; on hold after
//!   those, closed last), the same in any collation;
//! - `phone_digits`: the telephone number as digits, national form, so
//!   that possible duplicates are found by an index, never by comparing
//!   every pair.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entities::household;
use super::funnel::{Stage, State};
use super::history::state_of;
use super::service_profile::{clocks_of, stage_two_due};
use crate::applications::entities::{application, stage_one_check, temporary_approval};
use crate::applications::stage_one::CheckStatus;
use crate::{Ctx, DomainError};

/// Where a closed household's key starts: every key before it is a
/// household still open or on hold.
pub const CLOSED_RANK: &str = "9";

/// A telephone number as digits in national form: spaces, brackets and
/// dashes go, and +44 or 0044 becomes 0, so "+44 7700 900123" and
/// "07700900123" are the same number.
pub fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let national = digits.strip_prefix("0044").or_else(|| {
        digits
            .strip_prefix("44")
            .filter(|_| phone.trim_start().starts_with('+'))
    });
    match national {
        Some(rest) => format!("0{rest}"),
        None => digits,
    }
}

/// The first instant of the day after `day` in London: a date that has
/// passed is late from then.
fn late_from(day: NaiveDate) -> Option<DateTime<Utc>> {
    let next = day.checked_add_days(Days::new(1))?;
    next.and_hms_opt(0, 0, 0)?
        .and_local_timezone(London)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// The household's position, from its row and what else makes it late.
pub(crate) struct Position {
    pub(crate) due_at: Option<DateTime<Utc>>,
    pub(crate) queue_key: String,
}

/// What else makes a household late, read for `refresh`: the earliest
/// Stage 1 check not done, a temporary approval's end, and the day Stage 2
/// should be finished by.
#[derive(Default)]
pub(crate) struct LateDays {
    pub(crate) earliest_check: Option<NaiveDate>,
    pub(crate) approval_until: Option<NaiveDate>,
    pub(crate) stage_two_due: Option<NaiveDate>,
}

pub(crate) fn position(row: &household::Model, state: State, late: &LateDays) -> Position {
    let due_at = if state.clocks_run() {
        let undecided = matches!(state, State::Open(stage) if stage.not_yet_approved());
        [
            row.first_contact_due_at
                .filter(|_| row.first_contact_at.is_none()),
            row.next_action_on.and_then(late_from),
            late.earliest_check.and_then(late_from),
            late.approval_until
                .filter(|_| undecided)
                .and_then(late_from),
            late.stage_two_due
                .filter(|_| state == State::Open(Stage::Assessment))
                .and_then(late_from),
        ]
        .into_iter()
        .flatten()
        .min()
    } else {
        None
    };
    let rank = match state {
        State::Closed { .. } => CLOSED_RANK,
        State::OnHold { .. } => "5",
        State::Open(_) if row.known_adult_for.is_some() => "0",
        State::Open(_) => "1",
    };
    let due = due_at.map_or_else(
        || "99999999999999".to_owned(),
        |at| at.format("%Y%m%d%H%M%S").to_string(),
    );
    Position {
        due_at,
        queue_key: format!("{rank}{due}{}", row.created_at.format("%Y%m%d%H%M%S%6f")),
    }
}

/// Recomputes the household's position after a change to it, its checks
/// or its approval: called inside the change's own transaction (and after
/// any change made to its rows other than through Hearth).
pub async fn refresh(
    conn: &impl ConnectionTrait,
    household_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    reposition(conn, household_id).await?;
    // Everything that moves a household (its stage, its deadlines, its
    // details) comes through here: the search index hears of it too.
    crate::search::note_household(conn, household_id, now).await
}

/// `refresh` without telling the search index: for households placed in
/// bulk, which `hearth reindex` indexes afterwards.
async fn reposition(conn: &impl ConnectionTrait, household_id: i32) -> Result<(), DomainError> {
    let row = household::Entity::find_by_id(household_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let state = state_of(&row)?;
    let earliest_check: Option<NaiveDate> = stage_one_check::Entity::find()
        .select_only()
        .column(stage_one_check::Column::DueOn)
        .filter(stage_one_check::Column::HouseholdId.eq(household_id))
        .filter(stage_one_check::Column::Status.ne(CheckStatus::Done.as_str()))
        .filter(stage_one_check::Column::DueOn.is_not_null())
        .order_by_asc(stage_one_check::Column::DueOn)
        .into_tuple()
        .one(conn)
        .await?;
    let approval_until: Option<NaiveDate> = temporary_approval::Entity::find_by_id(household_id)
        .select_only()
        .column(temporary_approval::Column::Until)
        .into_tuple()
        .one(conn)
        .await?;
    let stage_two_due = if state == State::Open(Stage::Assessment) {
        let sent: Option<Option<DateTime<Utc>>> = application::Entity::find()
            .select_only()
            .column(application::Column::SubmittedAt)
            .filter(application::Column::HouseholdId.eq(household_id))
            .into_tuple()
            .one(conn)
            .await?;
        match sent.flatten() {
            Some(at) => stage_two_due(at, &clocks_of(conn, row.organisation_id).await?),
            None => None,
        }
    } else {
        None
    };
    let late = LateDays {
        earliest_check,
        approval_until,
        stage_two_due,
    };
    let found = position(&row, state, &late);
    household::Entity::update_many()
        .col_expr(household::Column::DueAt, Expr::value(found.due_at))
        .col_expr(household::Column::QueueKey, Expr::value(found.queue_key))
        .col_expr(
            household::Column::PhoneDigits,
            Expr::value(phone_digits(&row.phone)),
        )
        .filter(household::Column::Id.eq(household_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Gives every household made before positions were kept its position:
/// run after migrating, a batch at a time, telling `progress` how many so
/// far; returns how many it placed.
pub async fn place_unplaced_households(
    ctx: &Ctx,
    mut progress: impl FnMut(u64),
) -> Result<u64, DomainError> {
    const BATCH: u64 = 500;
    let mut placed = 0;
    loop {
        let ids: Vec<i32> = household::Entity::find()
            .select_only()
            .column(household::Column::Id)
            .filter(household::Column::QueueKey.eq(""))
            .limit(BATCH)
            .into_tuple()
            .all(&ctx.db)
            .await?;
        if ids.is_empty() {
            return Ok(placed);
        }
        let txn = ctx.write().await?;
        for id in &ids {
            reposition(&txn, *id).await?;
        }
        txn.commit().await?;
        placed += ids.len() as u64;
        progress(placed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_the_same_however_it_is_written() {
        assert_eq!(phone_digits("+44 7700 900123"), "07700900123");
        assert_eq!(phone_digits("0044 (7700) 900-123"), "07700900123");
        assert_eq!(phone_digits("07700 900 123"), "07700900123");
        assert_eq!(
            phone_digits("4477 0090 0123"),
            "447700900123",
            "no + means no country code"
        );
    }

    #[test]
    fn a_date_is_late_from_the_start_of_the_next_day_in_london() {
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1).expect("a date");
        assert_eq!(
            late_from(summer).map(|at| at.to_rfc3339()),
            Some("2026-07-01T23:00:00+00:00".to_owned())
        );
        let winter = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
        assert_eq!(
            late_from(winter).map(|at| at.to_rfc3339()),
            Some("2026-12-02T00:00:00+00:00".to_owned())
        );
    }
}
