//! The schedule: it only enqueues. Each slot of each schedule becomes one job,
//! keyed by the schedule's name and the slot, so however many processes tick
//! at once, the database keeps exactly one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, NaiveTime, TimeDelta, Utc};
use domain::jobs::{Job, enqueue_once};
use domain::{Ctx, DomainError};

/// When a schedule's slots begin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    /// Once a day, at this time in UTC.
    DailyAt(NaiveTime),
    /// Every so often (at least a second), from midnight UTC on 1 January 1970.
    Every(TimeDelta),
}

impl Cadence {
    /// The start of the slot `now` is in.
    pub fn slot(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Self::DailyAt(at) => {
                let today = now.date_naive().and_time(at).and_utc();
                if today <= now {
                    today
                } else {
                    today - TimeDelta::days(1)
                }
            }
            Self::Every(period) => {
                let period_ms = period.num_milliseconds().max(1_000);
                let start = now.timestamp_millis().div_euclid(period_ms) * period_ms;
                DateTime::from_timestamp_millis(start).unwrap_or(now)
            }
        }
    }
}

#[async_trait::async_trait]
trait ScheduledJob: Send + Sync {
    async fn enqueue(&self, ctx: &Ctx, key: &str) -> Result<bool, DomainError>;
}

struct Make<J>(fn() -> J);

#[async_trait::async_trait]
impl<J: Job> ScheduledJob for Make<J> {
    /// Due now, behind the work already waiting (not at the slot's start,
    /// which may be hours ago and would jump the queue).
    async fn enqueue(&self, ctx: &Ctx, key: &str) -> Result<bool, DomainError> {
        let now = ctx.clock.now();
        enqueue_once(&ctx.db, &(self.0)(), key, now, now).await
    }
}

struct Schedule {
    name: &'static str,
    cadence: Cadence,
    job: Arc<dyn ScheduledJob>,
}

/// The schedules a process keeps.
#[derive(Default)]
pub struct Scheduler {
    schedules: Vec<Schedule>,
    /// The last slot this process saw written for each schedule, so a tick
    /// writes only when a new slot begins.
    seen: Mutex<HashMap<&'static str, DateTime<Utc>>>,
}

impl Scheduler {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a schedule that enqueues `make()` once per slot of `cadence`.
    pub fn add<J: Job>(mut self, name: &'static str, cadence: Cadence, make: fn() -> J) -> Self {
        self.schedules.push(Schedule {
            name,
            cadence,
            job: Arc::new(Make(make)),
        });
        self
    }

    /// Enqueues each schedule's current slot, if no process has yet; returns
    /// how many this call wrote, or the last error (a failing schedule does
    /// not keep the others from their slots).
    pub async fn tick(&self, ctx: &Ctx) -> Result<usize, DomainError> {
        let now = ctx.clock.now();
        let mut written = 0;
        let mut failed = None;
        for schedule in &self.schedules {
            let slot = schedule.cadence.slot(now);
            let seen = self
                .seen
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(schedule.name)
                .copied();
            if seen == Some(slot) {
                continue;
            }
            let key = format!("{}@{}", schedule.name, slot.to_rfc3339());
            match schedule.job.enqueue(ctx, &key).await {
                Ok(true) => {
                    written += 1;
                    tracing::info!(schedule = schedule.name, %slot, "scheduled job enqueued");
                }
                Ok(false) => {}
                Err(error) => {
                    failed = Some(error);
                    continue;
                }
            }
            self.seen
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(schedule.name, slot);
        }
        failed.map_or(Ok(written), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("a time")
            .with_timezone(&Utc)
    }

    #[test]
    fn a_daily_slot_starts_at_its_time_today_or_yesterday() {
        let three = Cadence::DailyAt(NaiveTime::from_hms_opt(3, 0, 0).expect("a time"));
        assert_eq!(
            three.slot(at("2026-11-24T10:00:00Z")),
            at("2026-11-24T03:00:00Z")
        );
        assert_eq!(
            three.slot(at("2026-11-24T03:00:00Z")),
            at("2026-11-24T03:00:00Z")
        );
        assert_eq!(
            three.slot(at("2026-11-24T02:59:59Z")),
            at("2026-11-23T03:00:00Z")
        );
    }

    #[test]
    fn a_periodic_slot_starts_on_a_multiple_of_its_period() {
        let quarter = Cadence::Every(TimeDelta::minutes(15));
        assert_eq!(
            quarter.slot(at("2026-11-24T10:44:59Z")),
            at("2026-11-24T10:30:00Z")
        );
        assert_eq!(
            quarter.slot(at("2026-11-24T10:45:00Z")),
            at("2026-11-24T10:45:00Z")
        );
    }
}
