//! When a group's regular sessions fall: weekly on a weekday, or monthly
//! on the first to fourth (or last) such weekday, at a time in London. The
//! time is kept as people say it, so a 6pm group stays at 6pm when the
//! clocks change; the instant in UTC is worked out date by date.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Europe::London;

use crate::names::stored_names;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Repeats {
    Weekly,
    Monthly,
}

stored_names!(Repeats {
    Weekly => "weekly", "Every week",
    Monthly => "monthly", "Every month",
});

/// A series' rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub repeats: Repeats,
    pub weekday: Weekday,
    /// Monthly: 1 to 4, or 5 for the last such weekday of the month.
    pub week_of_month: u32,
    pub starts_at: NaiveTime,
}

/// The last week of a month, as `week_of_month` says it.
pub const LAST_WEEK: u32 = 5;

impl Rule {
    /// The dates the rule gives from `from` to `until`, both included.
    pub fn dates(&self, from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
        let mut dates = Vec::new();
        let mut day = from;
        while day <= until {
            if day.weekday() == self.weekday && self.falls_in_its_week(day) {
                dates.push(day);
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => break,
            }
        }
        dates
    }

    fn falls_in_its_week(&self, day: NaiveDate) -> bool {
        match self.repeats {
            Repeats::Weekly => true,
            Repeats::Monthly if self.week_of_month == LAST_WEEK => day
                .checked_add_days(Days::new(7))
                .is_some_and(|a_week_on| a_week_on.month() != day.month()),
            Repeats::Monthly => (day.day() - 1) / 7 + 1 == self.week_of_month,
        }
    }

    /// How people read the rule: "Every Tuesday at 6pm", "The first
    /// Tuesday of each month at 6pm".
    pub fn describe(&self) -> String {
        let day = weekday_name(self.weekday);
        let time = twelve_hour(self.starts_at);
        match self.repeats {
            Repeats::Weekly => format!("Every {day} at {time}"),
            Repeats::Monthly => {
                let nth = ["first", "second", "third", "fourth", "last"]
                    .get(self.week_of_month.saturating_sub(1) as usize)
                    .copied()
                    .unwrap_or("last");
                format!("The {nth} {day} of each month at {time}")
            }
        }
    }
}

/// The instant a London wall-clock time happens on `date`. On the morning
/// the clocks go forward an hour is skipped: a time in it happens an hour
/// later, as a clock put right would show. On the night they go back an
/// hour comes twice: the first is taken.
pub fn london_instant(date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    let local = date.and_time(time);
    local
        .and_local_timezone(London)
        .earliest()
        .or_else(|| {
            (local + TimeDelta::hours(1))
                .and_local_timezone(London)
                .earliest()
        })
        .map(|at| at.with_timezone(&Utc))
}

pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn twelve_hour(time: NaiveTime) -> String {
    time.format("%-I:%M%P").to_string().replace(":00", "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    fn six_pm() -> NaiveTime {
        NaiveTime::from_hms_opt(18, 0, 0).expect("a time")
    }

    #[test]
    fn a_weekly_six_pm_session_stays_at_six_pm_in_london_across_the_autumn_change() {
        let rule = Rule {
            repeats: Repeats::Weekly,
            weekday: Weekday::Tue,
            week_of_month: 1,
            starts_at: six_pm(),
        };
        // The clocks went back on Sunday 25 October 2026.
        let dates = rule.dates(date(2026, 10, 19), date(2026, 11, 1));
        assert_eq!(dates, [date(2026, 10, 20), date(2026, 10, 27)]);
        let utc: Vec<_> = dates
            .iter()
            .map(|d| london_instant(*d, six_pm()).expect("an instant"))
            .collect();
        assert_eq!(
            utc,
            [
                Utc.with_ymd_and_hms(2026, 10, 20, 17, 0, 0)
                    .single()
                    .expect("bst"),
                Utc.with_ymd_and_hms(2026, 10, 27, 18, 0, 0)
                    .single()
                    .expect("gmt"),
            ]
        );
    }

    #[test]
    fn a_time_the_spring_change_skips_happens_an_hour_later() {
        // The clocks go forward at 1am on Sunday 28 March 2027.
        let half_one = NaiveTime::from_hms_opt(1, 30, 0).expect("a time");
        assert_eq!(
            london_instant(date(2027, 3, 28), half_one),
            Utc.with_ymd_and_hms(2027, 3, 28, 1, 30, 0).single()
        );
        assert_eq!(
            london_instant(date(2027, 3, 29), six_pm()),
            Utc.with_ymd_and_hms(2027, 3, 29, 17, 0, 0).single()
        );
    }

    #[test]
    fn monthly_sessions_fall_on_the_nth_or_last_weekday() {
        let first = Rule {
            repeats: Repeats::Monthly,
            weekday: Weekday::Tue,
            week_of_month: 1,
            starts_at: six_pm(),
        };
        assert_eq!(
            first.dates(date(2026, 11, 1), date(2027, 1, 31)),
            [date(2026, 11, 3), date(2026, 12, 1), date(2027, 1, 5)]
        );
        let last = Rule {
            week_of_month: LAST_WEEK,
            ..first
        };
        assert_eq!(
            last.dates(date(2026, 11, 1), date(2026, 12, 31)),
            [date(2026, 11, 24), date(2026, 12, 29)]
        );
        assert_eq!(last.describe(), "The last Tuesday of each month at 6pm");
    }
}
