use std::time::Duration;

use chrono::TimeDelta;
use domain::Ctx;
use sea_orm::DbErr;
use tokio::sync::watch;

use crate::handlers::{HandlerError, Handlers};
use crate::queue::{self, ClaimedJob, Outcome};
use crate::schedule::Scheduler;

#[derive(Clone, Debug)]
pub struct RunnerConfig {
    /// How long a claimed job is a worker's own. A worker that dies holding
    /// one leaves it to be claimed again when this runs out.
    pub lease: TimeDelta,
    /// How long to wait before looking again when no job was due.
    pub idle_poll: Duration,
}

impl Default for RunnerConfig {
    fn default() -> Self {
        Self {
            lease: TimeDelta::minutes(5),
            idle_poll: Duration::from_secs(1),
        }
    }
}

/// Claims jobs one at a time and runs each with its kind's handler, and
/// keeps the schedule's jobs enqueued.
pub struct Runner {
    ctx: Ctx,
    handlers: Handlers,
    scheduler: Scheduler,
    config: RunnerConfig,
    worker: String,
}

impl Runner {
    pub fn new(ctx: Ctx, handlers: Handlers, config: RunnerConfig) -> Self {
        let worker = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
        Self {
            ctx,
            handlers,
            scheduler: Scheduler::new(),
            config,
            worker,
        }
    }

    /// Enqueues `scheduler`'s jobs as their slots come round.
    pub fn with_schedule(mut self, scheduler: Scheduler) -> Self {
        self.scheduler = scheduler;
        self
    }

    /// Claims one due job and runs it; `None` when none was due.
    pub async fn run_one(&self) -> Result<Option<Outcome>, DbErr> {
        let kinds = self.handlers.kinds();
        let now = self.ctx.clock.now();
        let claimed = queue::claim(
            &self.ctx.db,
            &self.worker,
            &kinds,
            1,
            self.config.lease,
            now,
        )
        .await?;
        let Some(job) = claimed.into_iter().next() else {
            // Nothing due: a quiet moment to settle jobs whose worker died on
            // their last attempt.
            queue::bury_crash_loops(&self.ctx.db, now).await?;
            return Ok(None);
        };
        let result = self.execute(&job).await;
        let now = self.ctx.clock.now();
        let outcome = match result {
            Ok(()) => queue::complete(&self.ctx.db, &job, &self.worker, now).await?,
            Err(error) => queue::fail(&self.ctx.db, &job, &self.worker, &error, now).await?,
        };
        let (id, kind, attempt, worker) = (job.id, &job.kind, job.attempt, &self.worker);
        match &outcome {
            // Each one at debug: `run` says how many at once, so a batch of
            // emails is one line, not a flood.
            Outcome::Completed => {
                tracing::debug!(job_id = id, %kind, attempt, %worker, "job completed")
            }
            Outcome::Retrying { run_at } => {
                tracing::warn!(job_id = id, %kind, attempt, %run_at, "job failed; it will be retried")
            }
            Outcome::Dead => {
                tracing::error!(job_id = id, %kind, attempt, "job failed for the last time; it is dead")
            }
            Outcome::LeaseLost => {
                tracing::warn!(job_id = id, %kind, "job ran past its lease; another worker owns it now")
            }
        }
        Ok(Some(outcome))
    }

    /// Runs the handler on a task of its own, so a panic is a failed run,
    /// not a dead worker, and keeps the job's lease alive while it runs.
    async fn execute(&self, job: &ClaimedJob) -> Result<(), HandlerError> {
        let Some(handler) = self.handlers.get(&job.kind).cloned() else {
            return Err(HandlerError::retry(format!("no handler for {}", job.kind)));
        };
        let (id, payload) = (job.id, job.payload.clone());
        let mut run = tokio::spawn(async move { handler.handle(id, &payload).await });
        let beat = (self.config.lease / 3)
            .to_std()
            .unwrap_or(Duration::from_secs(1));
        let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + beat, beat);
        loop {
            tokio::select! {
                finished = &mut run => {
                    return match finished {
                        Ok(result) => result,
                        // The panic's message may quote the job's data.
                        Err(_) => Err(HandlerError::retry("the handler panicked")),
                    };
                }
                _ = heartbeat.tick() => {
                    let until = self.ctx.clock.now() + self.config.lease;
                    match queue::extend_lease(&self.ctx.db, job, &self.worker, until).await {
                        Ok(true) => {}
                        Ok(false) => {
                            run.abort();
                            return Err(HandlerError::retry("the lease passed to another worker"));
                        }
                        Err(error) => tracing::warn!(%error, job_id = job.id, "the lease could not be extended"),
                    }
                }
            }
        }
    }

    /// Runs jobs until `shutdown` turns true. The job in hand is finished
    /// first; no new one is claimed after.
    pub async fn run(&self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(worker = %self.worker, kinds = ?self.handlers.kinds(), "worker started");
        // Jobs completed since the queue was last empty: one summary line.
        let mut completed = 0_u64;
        while !*shutdown.borrow() {
            if let Err(error) = self.scheduler.tick(&self.ctx).await {
                tracing::error!(%error, "the schedule could not be enqueued");
            }
            if *shutdown.borrow() {
                break;
            }
            let idle = match self.run_one().await {
                Ok(Some(outcome)) => {
                    completed += u64::from(outcome == Outcome::Completed);
                    false
                }
                Ok(None) => true,
                Err(error) => {
                    tracing::error!(%error, "the job queue could not be read");
                    true
                }
            };
            if idle {
                if completed > 0 {
                    tracing::info!(completed, worker = %self.worker, "jobs completed");
                    completed = 0;
                }
                tokio::select! {
                    _ = tokio::time::sleep(self.config.idle_poll) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
        if completed > 0 {
            tracing::info!(completed, worker = %self.worker, "jobs completed");
        }
        tracing::info!(worker = %self.worker, "worker stopped");
    }
}
