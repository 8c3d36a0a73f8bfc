//! Jobs that failed as often as they may, for the national programme's
//! administrators to look into and retry.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::jobs;

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

/// A job that failed as often as it may. What it carried is not shown: it
/// may hold someone's address.
#[derive(SimpleObject)]
pub struct DeadJob {
    pub id: ID,
    /// What it does, such as `email.send`.
    pub kind: String,
    pub attempts: i32,
    /// Why its last try failed.
    pub last_error: Option<String>,
    pub failed_at: DateTime<Utc>,
}

impl From<jobs::DeadJob> for DeadJob {
    fn from(job: jobs::DeadJob) -> Self {
        Self {
            id: to_id("Job", job.id),
            kind: job.kind,
            attempts: job.attempts,
            last_error: job.last_error,
            failed_at: job.failed_at,
        }
    }
}

/// The last comparison of one search index with the database.
#[derive(SimpleObject)]
pub struct SearchIndexCheck {
    /// `households` or `public`.
    pub index_name: String,
    pub checked_at: DateTime<Utc>,
    pub in_database: i64,
    pub in_index: i64,
    /// Changes noted and not yet indexed when it was checked: on their way,
    /// not a difference.
    pub waiting: i64,
    pub sampled: i32,
    /// Sampled records whose document differs from the record.
    pub differing: i32,
    /// The index differs in a way waiting changes do not explain: run
    /// `hearth reindex`.
    pub drifted: bool,
}

impl From<domain::search::drift::IndexCheck> for SearchIndexCheck {
    fn from(check: domain::search::drift::IndexCheck) -> Self {
        Self {
            drifted: check.drifted(),
            index_name: check.index_name,
            checked_at: check.checked_at,
            in_database: check.in_database,
            in_index: check.in_index,
            waiting: check.waiting,
            sampled: check.sampled,
            differing: check.differing,
        }
    }
}

#[derive(Default)]
pub struct JobsQuery;

#[Object]
impl JobsQuery {
    /// Dead jobs, the most recent first.
    async fn dead_jobs(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<DeadJob>> {
        let found = jobs::list_dead_jobs(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(found.into_iter().map(DeadJob::from).collect())
    }

    /// The last nightly comparison of each search index with the database,
    /// for the national programme's administrators.
    async fn search_index_checks(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<SearchIndexCheck>> {
        let found = domain::search::drift::last_index_checks(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(found.into_iter().map(SearchIndexCheck::from).collect())
    }
}

#[derive(Default)]
pub struct JobsMutation;

#[Object]
impl JobsMutation {
    /// Runs a dead job again, with its attempts counted afresh. Returns true.
    async fn retry_job(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let id = from_id("Job", &id, "id")?;
        jobs::retry_job(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
