//! Every kind of job Hearth runs, and its schedule: what `hearth serve` and
//! `hearth worker` run.

use std::error::Error;
use std::sync::Arc;

use chrono::{NaiveTime, TimeDelta};
use domain::accounts::{
    PruneSignInRecords, SendSignInLink, prune_sign_in_records, send_sign_in_link,
};
use domain::jobs::{PruneCompletedJobs, prune_completed_jobs};
use domain::{Actor, Ctx, DomainError};

use crate::email::{Mailer, register as register_email};
use crate::handlers::{HandlerError, Handlers};
use crate::schedule::{Cadence, Scheduler};

/// When the daily housekeeping runs: a quiet hour.
const HOUSEKEEPING_AT: NaiveTime = match NaiveTime::from_hms_opt(3, 0, 0) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

/// A housekeeping use case's failure, for the job: the database's words go
/// to the log, the job keeps only the kind.
fn retry_later(what: &str, error: DomainError) -> HandlerError {
    let cause = error.source().map(ToString::to_string).unwrap_or_default();
    tracing::error!(error = %cause, "{what} failed");
    HandlerError::retry(error.to_string())
}

pub fn handlers(ctx: &Ctx, mailer: Arc<Mailer>) -> Handlers {
    let (jobs_ctx, sign_in_ctx, links_ctx) = (ctx.clone(), ctx.clone(), ctx.clone());
    register_email(Handlers::new(), mailer)
        .register(move |_, job: SendSignInLink| {
            let ctx = links_ctx.clone();
            async move {
                send_sign_in_link(&ctx, &Actor::System, &job)
                    .await
                    .map_err(|e| retry_later("making a sign-in link", e))?;
                Ok(())
            }
        })
        .register(move |_, _: PruneCompletedJobs| {
            let ctx = jobs_ctx.clone();
            async move {
                let removed = prune_completed_jobs(&ctx, &Actor::System)
                    .await
                    .map_err(|e| retry_later("pruning completed jobs", e))?;
                tracing::info!(removed, "completed jobs pruned");
                Ok(())
            }
        })
        .register(move |_, _: PruneSignInRecords| {
            let ctx = sign_in_ctx.clone();
            async move {
                let removed = prune_sign_in_records(&ctx, &Actor::System)
                    .await
                    .map_err(|e| retry_later("pruning sign-in records", e))?;
                tracing::info!(removed, "ended sessions, links and attempt counts pruned");
                Ok(())
            }
        })
}

pub fn schedule() -> Scheduler {
    Scheduler::new()
        .add(
            "prune completed jobs",
            Cadence::DailyAt(HOUSEKEEPING_AT),
            PruneCompletedJobs::default,
        )
        .add(
            "prune sign-in records",
            Cadence::Every(TimeDelta::hours(1)),
            PruneSignInRecords::default,
        )
}
