//! "The day before": what information events and a constellation's
//! meetings share for their reminders. A reminder job runs hourly and
//! looks for what starts tomorrow in London, so one missed run, or a place
//! taken the day before, still gets its reminder.

use chrono::{DateTime, Days, Utc};
use chrono_tz::Europe::London;

/// The start of `days` days from today, in London.
fn london_midnight(now: DateTime<Utc>, days: u64) -> Option<DateTime<Utc>> {
    let date = now
        .with_timezone(&London)
        .date_naive()
        .checked_add_days(Days::new(days))?;
    date.and_hms_opt(0, 0, 0)?
        .and_local_timezone(London)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// Tomorrow in London, from its first moment to the next day's.
pub(crate) fn tomorrow_in_london(now: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    Some((london_midnight(now, 1)?, london_midnight(now, 2)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn tomorrow_starts_at_midnight_in_london_in_summer_and_winter() {
        let at = |y, m, d, h| {
            Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
                .single()
                .expect("a time")
        };
        assert_eq!(
            tomorrow_in_london(at(2026, 7, 1, 12)).map(|t| t.0),
            Some(at(2026, 7, 1, 23))
        );
        assert_eq!(
            tomorrow_in_london(at(2026, 12, 1, 12)).map(|t| t.0),
            Some(at(2026, 12, 2, 0))
        );
    }

    #[test]
    fn tomorrow_is_a_london_day_even_across_the_clock_change() {
        // The clocks went back at 02:00 on 25 October 2026: that day is 25 hours.
        let now = Utc
            .with_ymd_and_hms(2026, 10, 24, 12, 0, 0)
            .single()
            .expect("a moment");
        let (from, to) = tomorrow_in_london(now).expect("tomorrow");
        assert_eq!(
            from,
            Utc.with_ymd_and_hms(2026, 10, 24, 23, 0, 0)
                .single()
                .expect("a moment")
        );
        assert_eq!(to - from, chrono::TimeDelta::hours(25));
    }
}
