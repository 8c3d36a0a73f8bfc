//! Every kind of job Hearth runs, and its schedule: what `hearth serve` and
//! `hearth worker` run.

use std::error::Error;
use std::sync::Arc;

use chrono::{NaiveTime, TimeDelta};
use domain::accounts::{
    PruneSignInRecords, SendSignInLink, prune_sign_in_records, send_sign_in_link,
};
use domain::applications::decision::{FinaliseProposals, finalise_proposals};
use domain::applications::references::{SendReferenceReminders, send_reference_reminders};
use domain::jobs::{PruneCompletedJobs, prune_completed_jobs};
use domain::recruitment::event_registrations::{SendEventReminders, send_event_reminders};
use domain::recruitment::{
    ResumeEndedHolds, SendOfficerDigests, resume_ended_holds, send_officer_digests,
};
use domain::{Actor, Ctx, DomainError};

use crate::email::{Mailer, register as register_email};
use crate::handlers::{HandlerError, Handlers};
use crate::schedule::{Cadence, Scheduler};

/// When the daily housekeeping runs: a quiet hour.
const HOUSEKEEPING_AT: NaiveTime = match NaiveTime::from_hms_opt(3, 0, 0) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

/// When officers get their list of overdue enquiries: before the working
/// day (06:00 UTC is 06:00 or 07:00 in London).
const DIGESTS_AT: NaiveTime = match NaiveTime::from_hms_opt(6, 0, 0) {
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
    let (holds_ctx, digests_ctx, reminders_ctx) = (ctx.clone(), ctx.clone(), ctx.clone());
    let (references_ctx, proposals_ctx) = (ctx.clone(), ctx.clone());
    register_email(Handlers::new(), mailer)
        .register(move |_, _: SendReferenceReminders| {
            let ctx = references_ctx.clone();
            async move {
                let queued = send_reference_reminders(&ctx, &Actor::System)
                    .await
                    .map_err(|e| retry_later("queueing reference reminders", e))?;
                tracing::info!(queued, "reference reminders queued");
                Ok(())
            }
        })
        .register(move |_, _: FinaliseProposals| {
            let ctx = proposals_ctx.clone();
            async move {
                let finalised = finalise_proposals(&ctx, &Actor::System)
                    .await
                    .map_err(|e| retry_later("making proposals final", e))?;
                tracing::info!(finalised, "proposals not to approve made final");
                Ok(())
            }
        })
        .register(move |_, _: SendEventReminders| {
            let ctx = reminders_ctx.clone();
            async move {
                let queued = send_event_reminders(&ctx, &Actor::System)
                    .await
                    .map_err(|e| retry_later("queueing event reminders", e))?;
                tracing::info!(queued, "event reminders queued");
                Ok(())
            }
        })
        .register(move |_, _: ResumeEndedHolds| {
            let ctx = holds_ctx.clone();
            async move {
                let resumed = resume_ended_holds(&ctx, &Actor::System)
                    .await
                    .map_err(|e| retry_later("resuming ended holds", e))?;
                tracing::info!(resumed, "households back from hold");
                Ok(())
            }
        })
        .register(move |_, _: SendOfficerDigests| {
            let ctx = digests_ctx.clone();
            async move {
                let queued = send_officer_digests(&ctx, &Actor::System)
                    .await
                    .map_err(|e| retry_later("queueing officers' digests", e))?;
                tracing::info!(queued, "officers' digests queued");
                Ok(())
            }
        })
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
        .add(
            "make final the proposals not to approve whose 28 days have passed",
            Cadence::Every(TimeDelta::hours(1)),
            FinaliseProposals::default,
        )
        .add(
            "resume ended holds",
            Cadence::Every(TimeDelta::hours(1)),
            ResumeEndedHolds::default,
        )
        .add(
            "remind people of tomorrow's information events",
            Cadence::Every(TimeDelta::hours(1)),
            SendEventReminders::default,
        )
        .add(
            "remind referees who have not answered",
            Cadence::Every(TimeDelta::hours(1)),
            SendReferenceReminders::default,
        )
        .add(
            "email officers their overdue enquiries",
            Cadence::DailyAt(DIGESTS_AT),
            SendOfficerDigests::default,
        )
}
