//! Side effects as jobs: written in the same transaction as the change that
//! causes them, so a change that rolls back leaves none, and run later by the
//! workers, at least once. Handlers must therefore be idempotent.

mod admin;
mod enqueue;
pub mod entity;
mod housekeeping;

pub use admin::{DeadJob, list_dead_jobs, retry_job};
pub use enqueue::{Job, enqueue, enqueue_once};
pub use housekeeping::{KEEP_COMPLETED, PruneCompletedJobs, prune_completed_jobs};

/// Where a job is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    /// Waiting for its `run_at`.
    Available,
    /// Claimed by a worker until its lease ends.
    Running,
    Completed,
    /// Failed as often as it may: it waits for someone to retry it.
    Dead,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Running => "running",
            Self::Completed => "completed",
            Self::Dead => "dead",
        }
    }
}
