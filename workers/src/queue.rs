//! The queue's SQL: claiming due jobs, and recording how a run ended. Every
//! finishing update is guarded by the worker's id, so a worker that lost its
//! lease (it was too slow, or thought dead) cannot overwrite the new owner's.

use chrono::{DateTime, TimeDelta, Utc};
use domain::jobs::JobState;
use domain::jobs::entity::{Column, Entity};
use sea_orm::sea_query::{
    Condition, Expr, ExprTrait, LockBehavior, LockType, Order, Query, UpdateStatement,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr};

use crate::backoff::delay_after;
use crate::handlers::HandlerError;

/// A job a worker holds until its lease ends.
#[derive(Clone, Debug)]
pub(crate) struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    /// This run's number, from 1.
    pub attempt: i32,
    pub max_attempts: i32,
}

/// How a run ended, as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    Retrying {
        run_at: DateTime<Utc>,
    },
    Dead,
    /// The lease had passed to another worker: nothing was recorded.
    LeaseLost,
}

/// Claims up to `limit` jobs of `kinds` that are due, or whose worker's lease
/// ran out, in one statement. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets
/// several workers claim at once without taking the same job; SQLite runs one
/// writing statement at a time, so the statement alone is enough there.
pub async fn claim(
    db: &DatabaseConnection,
    worker: &str,
    kinds: &[&str],
    limit: u64,
    lease: TimeDelta,
    now: DateTime<Utc>,
) -> Result<Vec<ClaimedJob>, DbErr> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let due = Condition::any()
        .add(
            Condition::all()
                .add(Expr::col(Column::State).eq(JobState::Available.as_str()))
                .add(Expr::col(Column::RunAt).lte(now)),
        )
        .add(
            Condition::all()
                .add(Expr::col(Column::State).eq(JobState::Running.as_str()))
                .add(Expr::col(Column::LockedUntil).lt(now))
                // One that has used its last attempt is left for the burial.
                .add(Expr::col(Column::Attempt).lt(Expr::col(Column::MaxAttempts))),
        );
    let mut pick = Query::select();
    pick.column(Column::Id)
        .from(Entity)
        .cond_where(due)
        .and_where(Expr::col(Column::Kind).is_in(kinds.iter().copied()))
        .order_by(Column::RunAt, Order::Asc)
        .order_by(Column::Id, Order::Asc)
        .limit(limit);
    if db.get_database_backend() == DbBackend::Postgres {
        pick.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let claim = Query::update()
        .table(Entity)
        .value(Column::State, JobState::Running.as_str())
        .value(Column::Attempt, Expr::col(Column::Attempt).add(1))
        .value(Column::LockedBy, worker)
        .value(Column::LockedUntil, now + lease)
        .value(Column::UpdatedAt, now)
        .and_where(Expr::col(Column::Id).in_subquery(pick))
        .returning(Query::returning().columns([
            Column::Id,
            Column::Kind,
            Column::Payload,
            Column::Attempt,
            Column::MaxAttempts,
        ]))
        .to_owned();
    let rows = db.query_all(&claim).await?;
    rows.into_iter()
        .map(|row| {
            Ok(ClaimedJob {
                id: row.try_get("", "id")?,
                kind: row.try_get("", "kind")?,
                payload: row.try_get("", "payload")?,
                attempt: row.try_get("", "attempt")?,
                max_attempts: row.try_get("", "max_attempts")?,
            })
        })
        .collect()
}

/// A job whose worker died on each of its attempts (the job may be what
/// kills it) is dead, rather than claimed for ever.
pub async fn bury_crash_loops(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<(), DbErr> {
    let bury = Query::update()
        .table(Entity)
        .value(Column::State, JobState::Dead.as_str())
        .value(
            Column::LastError,
            "its worker stopped while running it, on every attempt",
        )
        .value(Column::LockedBy, Option::<String>::None)
        .value(Column::LockedUntil, Option::<DateTime<Utc>>::None)
        .value(Column::UpdatedAt, now)
        .and_where(Expr::col(Column::State).eq(JobState::Running.as_str()))
        .and_where(Expr::col(Column::LockedUntil).lt(now))
        .and_where(Expr::col(Column::Attempt).gte(Expr::col(Column::MaxAttempts)))
        .to_owned();
    db.execute(&bury).await.map(drop)
}

/// Extends `worker`'s lease on `job` to `until`; false if it lost the job.
pub async fn extend_lease(
    db: &DatabaseConnection,
    job: &ClaimedJob,
    worker: &str,
    until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let extend = Query::update()
        .table(Entity)
        .value(Column::LockedUntil, until)
        .and_where(Expr::col(Column::Id).eq(job.id))
        .and_where(Expr::col(Column::State).eq(JobState::Running.as_str()))
        .and_where(Expr::col(Column::LockedBy).eq(worker))
        .to_owned();
    Ok(db.execute(&extend).await?.rows_affected() == 1)
}

/// The update that ends `job`'s run by `worker`, if it still holds it.
fn finish(job: &ClaimedJob, worker: &str, now: DateTime<Utc>) -> UpdateStatement {
    Query::update()
        .table(Entity)
        .value(Column::LockedBy, Option::<String>::None)
        .value(Column::LockedUntil, Option::<DateTime<Utc>>::None)
        .value(Column::UpdatedAt, now)
        .and_where(Expr::col(Column::Id).eq(job.id))
        .and_where(Expr::col(Column::State).eq(JobState::Running.as_str()))
        .and_where(Expr::col(Column::LockedBy).eq(worker))
        .to_owned()
}

async fn record(
    db: &DatabaseConnection,
    update: UpdateStatement,
    outcome: Outcome,
) -> Result<Outcome, DbErr> {
    let result = db.execute(&update).await?;
    Ok(if result.rows_affected() == 1 {
        outcome
    } else {
        Outcome::LeaseLost
    })
}

/// What a completed job's payload becomes.
pub const COMPLETED_PAYLOAD: &str = "{}";

pub async fn complete(
    db: &DatabaseConnection,
    job: &ClaimedJob,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<Outcome, DbErr> {
    let mut update = finish(job, worker, now);
    // Nothing reads a done job's payload again, and it may hold an address
    // or a link's secret: only its kind and times are kept.
    update
        .value(Column::State, JobState::Completed.as_str())
        .value(Column::Payload, COMPLETED_PAYLOAD);
    record(db, update, Outcome::Completed).await
}

/// Schedules the next try with backoff, or, after the last attempt or a
/// permanent failure, makes the job dead.
pub async fn fail(
    db: &DatabaseConnection,
    job: &ClaimedJob,
    worker: &str,
    error: &HandlerError,
    now: DateTime<Utc>,
) -> Result<Outcome, DbErr> {
    let mut update = finish(job, worker, now);
    update.value(Column::LastError, error.message.as_str());
    let outcome = if error.permanent || job.attempt >= job.max_attempts {
        update.value(Column::State, JobState::Dead.as_str());
        Outcome::Dead
    } else {
        let run_at = now + delay_after(job.attempt);
        update
            .value(Column::State, JobState::Available.as_str())
            .value(Column::RunAt, run_at);
        Outcome::Retrying { run_at }
    };
    record(db, update, outcome).await
}
