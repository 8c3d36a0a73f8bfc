//! A supporter's free slots, from their weekly windows: each window is a
//! weekday and London wall-clock times, so Tuesdays 18:00 stay 18:00 when
//! the clocks change. Slots are worked out date by date as instants: on the
//! morning the clocks go forward, a time in the skipped hour does not
//! exist and is not offered; on the night they go back, a time in the
//! repeated hour is offered once (its first).

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Europe::London;

/// A weekly window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub weekday: Weekday,
    pub starts_at: NaiveTime,
    pub ends_at: NaiveTime,
}

/// A meeting a mentee may book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Slot {
    pub fn overlaps(&self, other: &Slot) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }
}

/// The slots of `windows`, each `minutes` long, on the days from `from`
/// to `until` (both included) that are not `away`, starting after `now`.
pub fn slots(
    windows: &[Window],
    minutes: i64,
    (from, until): (NaiveDate, NaiveDate),
    away: &[(NaiveDate, NaiveDate)],
    now: DateTime<Utc>,
) -> Vec<Slot> {
    let length = TimeDelta::minutes(minutes.max(1));
    let mut found = Vec::new();
    let mut day = from;
    while day <= until {
        let is_away = away
            .iter()
            .any(|(first, last)| *first <= day && day <= *last);
        for window in windows
            .iter()
            .filter(|w| w.weekday == day.weekday() && !is_away)
        {
            let mut start = window.starts_at;
            // Times of day within the window, which never crosses midnight.
            loop {
                let (end, days_on) = start.overflowing_add_signed(length);
                if days_on != 0 || end > window.ends_at {
                    break;
                }
                if let Some(starts_at) = day.and_time(start).and_local_timezone(London).earliest() {
                    let starts_at = starts_at.with_timezone(&Utc);
                    if starts_at > now {
                        found.push(Slot {
                            starts_at,
                            ends_at: starts_at + length,
                        });
                    }
                }
                start = end;
            }
        }
        match day.checked_add_days(Days::new(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    found.sort_by_key(|s| s.starts_at);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("a time")
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("a moment")
    }

    const LONG_AGO: fn() -> DateTime<Utc> = || utc(2020, 1, 1, 0, 0);

    #[test]
    fn a_weekly_six_pm_window_stays_at_six_pm_across_both_clock_changes() {
        let tuesdays = [Window {
            weekday: Weekday::Tue,
            starts_at: time(18, 0),
            ends_at: time(19, 0),
        }];
        // 2027: forward on 28 March, back on 31 October.
        let spring = slots(
            &tuesdays,
            60,
            (date(2027, 3, 22), date(2027, 4, 4)),
            &[],
            LONG_AGO(),
        );
        assert_eq!(
            spring.iter().map(|s| s.starts_at).collect::<Vec<_>>(),
            [utc(2027, 3, 23, 18, 0), utc(2027, 3, 30, 17, 0)]
        );
        let autumn = slots(
            &tuesdays,
            60,
            (date(2027, 10, 25), date(2027, 11, 7)),
            &[],
            LONG_AGO(),
        );
        assert_eq!(
            autumn.iter().map(|s| s.starts_at).collect::<Vec<_>>(),
            [utc(2027, 10, 26, 17, 0), utc(2027, 11, 2, 18, 0)]
        );
    }

    #[test]
    fn the_hour_the_clocks_skip_is_not_offered() {
        // Sunday 28 March 2027: 01:00 becomes 02:00.
        let night = [Window {
            weekday: Weekday::Sun,
            starts_at: time(0, 30),
            ends_at: time(3, 0),
        }];
        let offered = slots(
            &night,
            30,
            (date(2027, 3, 28), date(2027, 3, 28)),
            &[],
            LONG_AGO(),
        );
        let london: Vec<String> = offered
            .iter()
            .map(|s| {
                s.starts_at
                    .with_timezone(&London)
                    .format("%H:%M")
                    .to_string()
            })
            .collect();
        assert_eq!(london, ["00:30", "02:00", "02:30"]);
    }

    #[test]
    fn the_hour_the_clocks_repeat_is_offered_once() {
        // Sunday 31 October 2027: 02:00 goes back to 01:00.
        let night = [Window {
            weekday: Weekday::Sun,
            starts_at: time(0, 30),
            ends_at: time(2, 30),
        }];
        let offered = slots(
            &night,
            30,
            (date(2027, 10, 31), date(2027, 10, 31)),
            &[],
            LONG_AGO(),
        );
        assert_eq!(
            offered.iter().map(|s| s.starts_at).collect::<Vec<_>>(),
            [
                utc(2027, 10, 30, 23, 30),
                utc(2027, 10, 31, 0, 0),
                utc(2027, 10, 31, 0, 30),
                utc(2027, 10, 31, 2, 0),
            ]
        );
    }

    #[test]
    fn no_slot_is_offered_on_days_away_or_in_the_past() {
        let mondays = [Window {
            weekday: Weekday::Mon,
            starts_at: time(10, 0),
            ends_at: time(11, 0),
        }];
        let away = [(date(2026, 11, 16), date(2026, 11, 22))];
        let offered = slots(
            &mondays,
            30,
            (date(2026, 11, 9), date(2026, 11, 23)),
            &away,
            utc(2026, 11, 9, 10, 15),
        );
        assert_eq!(
            offered.iter().map(|s| s.starts_at).collect::<Vec<_>>(),
            [
                utc(2026, 11, 9, 10, 30),
                utc(2026, 11, 23, 10, 0),
                utc(2026, 11, 23, 10, 30)
            ]
        );
    }
}
