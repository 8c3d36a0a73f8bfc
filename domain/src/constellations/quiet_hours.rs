//! The hub's quiet hours, London time: when planned requests wait for the
//! morning and the clock on an emergency request stands still. They may
//! run past midnight ("21:00" to "07:00"); the same time twice means none.

use chrono::{DateTime, Days, NaiveTime, TimeDelta, Utc};
use chrono_tz::Europe::London;

/// Quiet from one time of day until another, in London.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuietHours {
    pub from: NaiveTime,
    pub until: NaiveTime,
}

impl QuietHours {
    pub const STANDARD: Self = Self {
        from: match NaiveTime::from_hms_opt(21, 0, 0) {
            Some(t) => t,
            None => NaiveTime::MIN,
        },
        until: match NaiveTime::from_hms_opt(7, 0, 0) {
            Some(t) => t,
            None => NaiveTime::MIN,
        },
    };

    /// From the stored "HH:MM" pair; the standard hours if either is not one.
    pub fn stored(from: &str, until: &str) -> Self {
        match (parse_time(from), parse_time(until)) {
            (Some(from), Some(until)) => Self { from, until },
            _ => Self::STANDARD,
        }
    }

    /// Whether `at` falls in them.
    pub fn contains(self, at: DateTime<Utc>) -> bool {
        let time = at.with_timezone(&London).time();
        match self.from.cmp(&self.until) {
            std::cmp::Ordering::Equal => false,
            std::cmp::Ordering::Less => self.from <= time && time < self.until,
            std::cmp::Ordering::Greater => time >= self.from || time < self.until,
        }
    }

    /// The first moment at or after `at` outside them: `at` itself when it is.
    pub fn next_waking(self, at: DateTime<Utc>) -> DateTime<Utc> {
        if !self.contains(at) {
            return at;
        }
        next_at(at, self.until).unwrap_or(at)
    }

    /// The moment `minutes` of waking time after `at`: the clock stops for
    /// quiet hours, so a request at 20:55 with 15 minutes and quiet hours
    /// from 21:00 to 07:00 is due at 07:10.
    pub fn after_waking(self, at: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        let mut left = TimeDelta::minutes(minutes.max(0));
        let mut now = self.next_waking(at);
        // Each turn passes one waking stretch; a week of stretches is far
        // more than any setting allows.
        for _ in 0..14 {
            let Some(quiet) = next_at(now, self.from).filter(|_| self.from != self.until) else {
                return now + left;
            };
            if now + left <= quiet {
                return now + left;
            }
            left -= quiet - now;
            now = self.next_waking(quiet);
        }
        now + left
    }

    /// As a person reads them: "21:00 to 07:00".
    pub fn describe(self) -> String {
        format!(
            "{} to {}",
            self.from.format("%H:%M"),
            self.until.format("%H:%M")
        )
    }
}

/// "HH:MM", as forms and the database hold a time of day.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

/// The first moment after `at` when London's clocks show `time`. On the
/// day the clocks skip it, the moment they jump to (an hour on) stands in.
fn next_at(at: DateTime<Utc>, time: NaiveTime) -> Option<DateTime<Utc>> {
    let today = at.with_timezone(&London).date_naive();
    (0..3)
        .filter_map(|d| today.checked_add_days(Days::new(d)))
        .filter_map(|day| {
            let local = day.and_time(time);
            local.and_local_timezone(London).earliest().or_else(|| {
                (local + TimeDelta::hours(1))
                    .and_local_timezone(London)
                    .earliest()
            })
        })
        .map(|moment| moment.with_timezone(&Utc))
        .find(|moment| *moment > at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn london(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        London
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("a moment")
            .with_timezone(&Utc)
    }

    #[test]
    fn quiet_hours_past_midnight_hold_late_at_night_and_early_in_the_morning() {
        let quiet = QuietHours::STANDARD;
        assert!(quiet.contains(london(2026, 11, 10, 23, 0)));
        assert!(quiet.contains(london(2026, 11, 10, 6, 59)));
        assert!(!quiet.contains(london(2026, 11, 10, 7, 0)));
        assert!(!quiet.contains(london(2026, 11, 10, 20, 59)));
    }

    #[test]
    fn the_same_time_twice_means_no_quiet_hours() {
        let none = QuietHours::stored("09:00", "09:00");
        assert!(!none.contains(london(2026, 11, 10, 9, 0)));
        let at = london(2026, 11, 10, 23, 0);
        assert_eq!(none.after_waking(at, 15), at + TimeDelta::minutes(15));
    }

    #[test]
    fn waking_minutes_run_in_the_day_and_stop_for_the_night() {
        let quiet = QuietHours::STANDARD;
        let day = london(2026, 11, 10, 10, 0);
        assert_eq!(quiet.after_waking(day, 15), london(2026, 11, 10, 10, 15));
        // Five minutes before quiet hours, ten after them.
        assert_eq!(
            quiet.after_waking(london(2026, 11, 10, 20, 55), 15),
            london(2026, 11, 11, 7, 10)
        );
        // Asked in the night: fifteen minutes from the morning.
        assert_eq!(
            quiet.after_waking(london(2026, 11, 10, 23, 30), 15),
            london(2026, 11, 11, 7, 15)
        );
    }

    #[test]
    fn quiet_hours_keep_to_london_time_across_the_clock_change() {
        // The clocks went back at 02:00 on 25 October 2026.
        let quiet = QuietHours::STANDARD;
        assert_eq!(
            quiet.next_waking(london(2026, 10, 24, 23, 0)),
            london(2026, 10, 25, 7, 0)
        );
    }

    #[test]
    fn quiet_hours_ending_in_the_hour_the_clocks_skip_end_when_they_jump() {
        // The clocks go forward at 01:00 on 28 March 2027: 01:30 never comes.
        let quiet = QuietHours::stored("23:00", "01:30");
        let at = london(2027, 3, 28, 0, 30);
        assert_eq!(quiet.next_waking(at), london(2027, 3, 28, 2, 30));
    }

    #[test]
    fn a_stored_time_that_is_not_one_falls_back_to_the_standard_hours() {
        assert_eq!(QuietHours::stored("late", "07:00"), QuietHours::STANDARD);
        assert_eq!(QuietHours::STANDARD.describe(), "21:00 to 07:00");
    }
}
