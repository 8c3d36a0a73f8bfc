//! Counting attempts (sign-ins, emailed links) per account and per client
//! address, in the database so every process shares the count.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::entities::sign_in_failure;
use super::secret::hash_token;
use crate::{Ctx, DomainError};

/// Every [`Limit`]'s window and block are at most this long, so counts older
/// than it can go.
pub const LONGEST_WINDOW: TimeDelta = TimeDelta::hours(1);

/// How many attempts, within how long, before refusing for how long.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub attempts: i32,
    pub window: TimeDelta,
    pub block_for: TimeDelta,
}

/// Counts one attempt against `key` and says whether it is refused.
/// Attempts are counted before anything is checked, each in one atomic
/// statement, so parallel guesses cannot slip past the limit. The key is
/// stored hashed: people sometimes type their password in the email field.
pub(crate) async fn attempt_refused(
    conn: &impl ConnectionTrait,
    limit: Limit,
    key: &str,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let key = hash_token(key);
    count_row(conn, &key, now).await?;
    let in_window = Expr::col(sign_in_failure::Column::FirstFailureAt).gt(now - limit.window);
    let attempts = Expr::case(
        in_window.clone(),
        Expr::col(sign_in_failure::Column::Failures).add(1),
    )
    .finally(1);
    let blocked = Expr::case(
        in_window
            .clone()
            .and(Expr::col(sign_in_failure::Column::Failures).gte(limit.attempts)),
        Expr::value(now + limit.block_for),
    )
    .finally(Expr::col(sign_in_failure::Column::BlockedUntil));
    let count = Query::update()
        .table(sign_in_failure::Entity)
        .value(sign_in_failure::Column::Failures, attempts)
        .value(
            sign_in_failure::Column::FirstFailureAt,
            Expr::case(
                in_window,
                Expr::col(sign_in_failure::Column::FirstFailureAt),
            )
            .finally(Expr::value(now)),
        )
        .value(sign_in_failure::Column::BlockedUntil, blocked)
        .and_where(Expr::col(sign_in_failure::Column::Key).eq(key))
        .returning(Query::returning().column(sign_in_failure::Column::BlockedUntil))
        .to_owned();
    let row = conn.query_one(&count).await?;
    let blocked_until: Option<DateTime<Utc>> = match row {
        Some(row) => row.try_get("", "blocked_until")?,
        None => None,
    };
    Ok(blocked_until.is_some_and(|until| until > now))
}

/// Makes sure `key` (already hashed) has a row to count in, in one
/// statement that two requests at once cannot both make.
pub(super) async fn count_row(
    conn: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    sign_in_failure::Entity::insert(sign_in_failure::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        first_failure_at: Set(now),
        blocked_until: Set(None),
    })
    .on_conflict(
        OnConflict::column(sign_in_failure::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Takes one attempt off the count for `key`.
pub(super) async fn take_one_off(ctx: &Ctx, key: &str) -> Result<(), DomainError> {
    sign_in_failure::Entity::update_many()
        .col_expr(
            sign_in_failure::Column::Failures,
            Expr::col(sign_in_failure::Column::Failures).sub(1),
        )
        .filter(sign_in_failure::Column::Key.eq(hash_token(key)))
        .filter(sign_in_failure::Column::Failures.gt(0))
        .exec(&ctx.db)
        .await?;
    Ok(())
}

/// Removes counts whose window and block have both ended, so the table does
/// not keep every address that ever tried. Returns how many went.
pub async fn prune_attempt_counts(ctx: &Ctx, now: DateTime<Utc>) -> Result<u64, DomainError> {
    let removed = sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::FirstFailureAt.lt(now - LONGEST_WINDOW))
        .filter(
            sign_in_failure::Column::BlockedUntil
                .is_null()
                .or(sign_in_failure::Column::BlockedUntil.lt(now)),
        )
        .exec(&ctx.db)
        .await?;
    Ok(removed.rows_affected)
}
