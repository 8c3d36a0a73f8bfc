//! Wrong passwords for one account slow its sign-in down, exponentially,
//! rather than locking its owner out: after a few free attempts each failure
//! makes the next wait twice as long (at most 15 minutes), and an attempt
//! that comes too soon is refused at once with how long to wait, without the
//! password being checked. Counted in the database, so every process shares
//! the count; one check at a time per account, so parallel guesses gain
//! nothing. A browser that has signed in to the account before (its device
//! cookie) does not wait: a stranger's guessing cannot keep the owner out.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::entities::sign_in_failure;
use super::secret::hash_token;
use super::throttle::count_row;
use crate::DomainError;

/// Failures before any wait.
pub const FREE_FAILURES: i32 = 5;
/// The longest wait between attempts.
pub const LONGEST_WAIT: TimeDelta = TimeDelta::minutes(15);
/// How long one attempt holds the account's turn while its password is
/// checked: longer than any check takes.
const CHECKING: TimeDelta = TimeDelta::seconds(10);

/// How long to wait after `failures` failures: none for the first few, then
/// 1, 2, 4 … seconds, at most [`LONGEST_WAIT`].
pub fn wait_after(failures: i32) -> TimeDelta {
    let over = failures - FREE_FAILURES;
    if over < 0 {
        return TimeDelta::zero();
    }
    let seconds = 1_i64
        .checked_shl(Ord::min(over, 30) as u32)
        .unwrap_or(i64::MAX);
    TimeDelta::seconds(seconds).min(LONGEST_WAIT)
}

fn key(email: &str) -> String {
    hash_token(&format!("backoff:{email}"))
}

/// Takes the account's turn to check a password, or says how long to wait.
/// One atomic statement: of parallel attempts, one gets the turn.
pub(super) async fn take_turn(
    conn: &impl ConnectionTrait,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let key = key(email);
    count_row(conn, &key, now).await?;
    let free = Expr::col(sign_in_failure::Column::BlockedUntil)
        .is_null()
        .or(Expr::col(sign_in_failure::Column::BlockedUntil).lte(now));
    let turn = Query::update()
        .table(sign_in_failure::Entity)
        .value(
            sign_in_failure::Column::BlockedUntil,
            Expr::value(now + CHECKING),
        )
        .and_where(Expr::col(sign_in_failure::Column::Key).eq(key.clone()))
        .and_where(free)
        .to_owned();
    if conn.execute(&turn).await?.rows_affected() == 1 {
        return Ok(());
    }
    let until = sign_in_failure::Entity::find_by_id(key)
        .one(conn)
        .await?
        .and_then(|row| row.blocked_until)
        .unwrap_or(now);
    let seconds = Ord::max((until - now).num_seconds(), 1);
    Err(DomainError::RateLimitedFor(seconds as u64))
}

/// The password was wrong: the account waits longer before the next try.
pub(super) async fn failed(
    conn: &impl ConnectionTrait,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let key = key(email);
    let failures = sign_in_failure::Entity::find_by_id(key.clone())
        .one(conn)
        .await?
        .map_or(0, |row| row.failures)
        + 1;
    let wait = wait_after(failures);
    sign_in_failure::Entity::update_many()
        .col_expr(sign_in_failure::Column::Failures, Expr::value(failures))
        .col_expr(sign_in_failure::Column::FirstFailureAt, Expr::value(now))
        .col_expr(
            sign_in_failure::Column::BlockedUntil,
            Expr::value((wait > TimeDelta::zero()).then(|| now + wait)),
        )
        .filter(sign_in_failure::Column::Key.eq(key))
        .exec(conn)
        .await?;
    Ok(())
}

/// The password was right: the count starts again.
pub(super) async fn succeeded(conn: &impl ConnectionTrait, email: &str) -> Result<(), DomainError> {
    sign_in_failure::Entity::delete_by_id(key(email))
        .exec(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_the_free_attempts_up_to_fifteen_minutes() {
        let waits: Vec<i64> = (1..=8).map(|n| wait_after(n).num_seconds()).collect();
        assert_eq!(waits, [0, 0, 0, 0, 1, 2, 4, 8]);
        assert_eq!(wait_after(40), LONGEST_WAIT);
    }
}
