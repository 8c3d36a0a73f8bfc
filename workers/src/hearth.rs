//! Every kind of job Hearth runs, and its schedule: what `hearth serve` and
//! `hearth worker` run.

use std::error::Error;
use std::future::Future;
use std::sync::Arc;

use chrono::{NaiveTime, TimeDelta};
use domain::accounts::{
    PruneSignInRecords, SendSignInLink, prune_sign_in_records, send_sign_in_link,
};
use domain::applications::decision::{FinaliseProposals, finalise_proposals};
use domain::applications::references::{SendReferenceReminders, send_reference_reminders};
use domain::constellations::{
    EscalateSleepover, SendMeetingReminders, escalate_sleepover, send_meeting_reminders,
};
use domain::jobs::Job;
use domain::jobs::{PruneCompletedJobs, prune_completed_jobs};
use domain::kinship::{MakeKinshipSessions, make_kinship_sessions};
use domain::peer_support::{
    EndMentoringRelationships, SendPeerMeetingReminders, end_mentoring_relationships,
    send_peer_meeting_reminders,
};
use domain::recruitment::event_registrations::{SendEventReminders, send_event_reminders};
use domain::recruitment::{
    ResumeEndedHolds, SendOfficerDigests, resume_ended_holds, send_officer_digests,
};
use domain::search::drift::{CheckSearchIndex, check_search_index};
use domain::search::port::SearchIndex;
use domain::search::rebuild::{RebuildSearchIndex, run_requested_rebuild};
use domain::search::{UpdateSearchIndex, update_search_index};
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

/// Registers a job of type `J` that runs a use case as the system on `ctx`:
/// `what` names it in the log when it fails, and the job is tried again.
fn system_job<J, F, Fut>(handlers: Handlers, ctx: &Ctx, what: &'static str, run: F) -> Handlers
where
    J: Job,
    F: Fn(Ctx, J) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), DomainError>> + Send + 'static,
{
    let ctx = ctx.clone();
    handlers.register(move |_, job: J| {
        let work = run(ctx.clone(), job);
        async move { work.await.map_err(|error| retry_later(what, error)) }
    })
}

pub fn handlers(ctx: &Ctx, mailer: Arc<Mailer>, search: Arc<dyn SearchIndex>) -> Handlers {
    let mut handlers = register_email(Handlers::new(), mailer);
    // While the search server is down the job fails and is retried,
    // backing off; the changes it has not indexed wait in the database.
    handlers = system_job(handlers, ctx, "checking the search index", {
        let search = search.clone();
        move |ctx, _: CheckSearchIndex| {
            let search = search.clone();
            async move {
                for check in check_search_index(&ctx, search.as_ref()).await? {
                    if check.drifted() {
                        tracing::warn!(
                            index = %check.index_name,
                            in_database = check.in_database,
                            in_index = check.in_index,
                            differing = check.differing,
                            "the search index has drifted from the database: run `hearth reindex`"
                        );
                    }
                }
                Ok(())
            }
        }
    });
    handlers = system_job(handlers, ctx, "rebuilding the search index", {
        let search = search.clone();
        move |ctx, job: RebuildSearchIndex| {
            let search = search.clone();
            async move {
                let rebuilt = run_requested_rebuild(&ctx, search.as_ref(), job.rebuild_id).await?;
                tracing::info!(
                    indexed = rebuilt.indexed,
                    replayed = rebuilt.replayed,
                    "search index rebuilt"
                );
                Ok(())
            }
        }
    });
    handlers = system_job(
        handlers,
        ctx,
        "updating the search index",
        move |ctx, _: UpdateSearchIndex| {
            let search = search.clone();
            async move {
                let indexed = update_search_index(&ctx, search.as_ref()).await?;
                if indexed > 0 {
                    tracing::info!(indexed, "search index updated");
                }
                Ok(())
            }
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "queueing reference reminders",
        |ctx, _: SendReferenceReminders| async move {
            let queued = send_reference_reminders(&ctx, &Actor::System).await?;
            tracing::info!(queued, "reference reminders queued");
            Ok(())
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "making proposals final",
        |ctx, _: FinaliseProposals| async move {
            let finalised = finalise_proposals(&ctx, &Actor::System).await?;
            tracing::info!(finalised, "proposals not to approve made final");
            Ok(())
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "queueing event reminders",
        |ctx, _: SendEventReminders| async move {
            let queued = send_event_reminders(&ctx, &Actor::System).await?;
            tracing::info!(queued, "event reminders queued");
            Ok(())
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "resuming ended holds",
        |ctx, _: ResumeEndedHolds| async move {
            let resumed = resume_ended_holds(&ctx, &Actor::System).await?;
            tracing::info!(resumed, "households back from hold");
            Ok(())
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "queueing officers' digests",
        |ctx, _: SendOfficerDigests| async move {
            let queued = send_officer_digests(&ctx, &Actor::System).await?;
            tracing::info!(queued, "officers' digests queued");
            Ok(())
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "queueing constellation meeting reminders",
        |ctx, _: SendMeetingReminders| async move {
            let queued = send_meeting_reminders(&ctx, &Actor::System).await?;
            tracing::info!(queued, "constellation meeting reminders queued");
            Ok(())
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "queueing peer support meeting reminders",
        |ctx, _: SendPeerMeetingReminders| async move {
            let queued = send_peer_meeting_reminders(&ctx, &Actor::System).await?;
            tracing::info!(queued, "peer support meeting reminders queued");
            Ok(())
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "ending mentoring relationships",
        |ctx, _: EndMentoringRelationships| async move {
            let ended = end_mentoring_relationships(&ctx, &Actor::System).await?;
            tracing::info!(ended, "mentoring relationships ended");
            Ok(())
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "making kinship groups' regular sessions",
        |ctx, _: MakeKinshipSessions| async move {
            let series = make_kinship_sessions(&ctx, &Actor::System).await?;
            tracing::info!(series, "kinship series kept 13 weeks ahead");
            Ok(())
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "escalating an unanswered emergency sleepover",
        |ctx, job: EscalateSleepover| async move {
            let escalated = escalate_sleepover(&ctx, &Actor::System, &job).await?;
            tracing::info!(escalated, "emergency sleepover checked");
            Ok(())
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "making a sign-in link",
        |ctx, job: SendSignInLink| async move {
            send_sign_in_link(&ctx, &Actor::System, &job).await?;
            Ok(())
        },
    );
    handlers = system_job(
        handlers,
        ctx,
        "pruning completed jobs",
        |ctx, _: PruneCompletedJobs| async move {
            let removed = prune_completed_jobs(&ctx, &Actor::System).await?;
            tracing::info!(removed, "completed jobs pruned");
            Ok(())
        },
    );
    system_job(
        handlers,
        ctx,
        "pruning sign-in records",
        |ctx, _: PruneSignInRecords| async move {
            let removed = prune_sign_in_records(&ctx, &Actor::System).await?;
            tracing::info!(removed, "ended sessions, links and attempt counts pruned");
            Ok(())
        },
    )
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
            "make kinship groups' regular sessions 13 weeks ahead",
            Cadence::Every(TimeDelta::hours(6)),
            MakeKinshipSessions::default,
        )
        .add(
            "remind people of tomorrow's information events and kinship sessions",
            Cadence::Every(TimeDelta::hours(1)),
            SendEventReminders::default,
        )
        .add(
            "remind families of tomorrow's constellation get-togethers",
            Cadence::Every(TimeDelta::hours(1)),
            SendMeetingReminders::default,
        )
        .add(
            "remind both sides of tomorrow's peer support meetings",
            Cadence::Every(TimeDelta::hours(1)),
            SendPeerMeetingReminders::default,
        )
        .add(
            "remind pairs of their end, and end those past it",
            Cadence::Every(TimeDelta::hours(6)),
            EndMentoringRelationships::default,
        )
        .add(
            "remind referees who have not answered",
            Cadence::Every(TimeDelta::hours(1)),
            SendReferenceReminders::default,
        )
        .add(
            "compare the search index with the database",
            Cadence::DailyAt(HOUSEKEEPING_AT),
            CheckSearchIndex::default,
        )
        .add(
            "email officers their overdue enquiries",
            Cadence::DailyAt(DIGESTS_AT),
            SendOfficerDigests::default,
        )
}
