use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::NotSet, ConnectionTrait, EntityTrait, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::JobState;
use super::entity;
use crate::DomainError;

/// A typed job payload with its name.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The name stored with the job; a handler is registered under it.
    const KIND: &'static str;
    /// How many times it is tried before it is dead.
    const MAX_ATTEMPTS: i32 = 10;
}

fn row<J: Job>(
    job: &J,
    run_at: DateTime<Utc>,
    now: DateTime<Utc>,
    dedupe_key: Option<String>,
) -> Result<entity::ActiveModel, DomainError> {
    let payload = serde_json::to_string(job).map_err(|e| DomainError::Internal(Box::new(e)))?;
    Ok(entity::ActiveModel {
        id: NotSet,
        kind: Set(J::KIND.to_owned()),
        payload: Set(payload),
        state: Set(JobState::Available.as_str().to_owned()),
        attempt: Set(0),
        max_attempts: Set(J::MAX_ATTEMPTS),
        run_at: Set(run_at),
        locked_by: Set(None),
        locked_until: Set(None),
        last_error: Set(None),
        dedupe_key: Set(dedupe_key),
        created_at: Set(now),
        updated_at: Set(now),
    })
}

/// Writes `job` to run at `run_at`, on `conn`: pass the transaction of the
/// change that causes it, so the job exists exactly when the change does.
pub async fn enqueue<J: Job>(
    conn: &impl ConnectionTrait,
    job: &J,
    run_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let inserted = entity::Entity::insert(row(job, run_at, now, None)?)
        .exec(conn)
        .await?;
    Ok(inserted.last_insert_id)
}

/// Like [`enqueue`], but only if no job with this key is stored (such as one
/// slot of a schedule): several processes may try, one succeeds. Keys must
/// name their slot, since pruning removes old jobs and their keys.
/// Returns whether this call wrote it.
pub async fn enqueue_once<J: Job>(
    conn: &impl ConnectionTrait,
    job: &J,
    dedupe_key: &str,
    run_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let inserted = entity::Entity::insert(row(job, run_at, now, Some(dedupe_key.to_owned()))?)
        .on_conflict(
            OnConflict::column(entity::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(inserted == 1)
}
