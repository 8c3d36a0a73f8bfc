//! Time comes from a clock that is handed in, so tests can freeze it and move
//! it on purpose.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, TimeDelta, Utc};

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The real time.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is moved: for tests.
#[derive(Clone, Debug)]
pub struct FrozenClock(Arc<Mutex<DateTime<Utc>>>);

impl FrozenClock {
    pub fn at(now: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(now)))
    }

    pub fn advance(&self, by: TimeDelta) {
        let mut now = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }
}

impl Clock for FrozenClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The day in England at `now`: every date Hearth shows or compares is a
/// London date.
pub fn london_day(now: DateTime<Utc>) -> chrono::NaiveDate {
    now.with_timezone(&chrono_tz::Europe::London).date_naive()
}
