//! Every kind of job Hearth runs, and its schedule: what `hearth serve` and
//! `hearth worker` run.

use std::error::Error;
use std::sync::Arc;

use chrono::NaiveTime;
use domain::jobs::{PruneCompletedJobs, prune_completed_jobs};
use domain::{Actor, Ctx};

use crate::email::{Mailer, register as register_email};
use crate::handlers::{HandlerError, Handlers};
use crate::schedule::{Cadence, Scheduler};

/// When the daily housekeeping runs: a quiet hour.
const HOUSEKEEPING_AT: NaiveTime = match NaiveTime::from_hms_opt(3, 0, 0) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

pub fn handlers(ctx: &Ctx, mailer: Arc<Mailer>) -> Handlers {
    let housekeeping = ctx.clone();
    register_email(Handlers::new(), mailer).register(move |_, _: PruneCompletedJobs| {
        let ctx = housekeeping.clone();
        async move {
            let removed = prune_completed_jobs(&ctx, &Actor::System)
                .await
                .map_err(|e| {
                    // The database's words go to the log; the job keeps the kind.
                    let cause = e.source().map(ToString::to_string).unwrap_or_default();
                    tracing::error!(error = %cause, "pruning completed jobs failed");
                    HandlerError::retry(e.to_string())
                })?;
            tracing::info!(removed, "completed jobs pruned");
            Ok(())
        }
    })
}

pub fn schedule() -> Scheduler {
    Scheduler::new().add(
        "prune completed jobs",
        Cadence::DailyAt(HOUSEKEEPING_AT),
        PruneCompletedJobs::default,
    )
}
