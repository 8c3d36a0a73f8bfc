//! When things are due, in working days: Monday to Friday in London, less
//! the bank holidays of England and Wales. "Within one working day" means by
//! 17:00 London time on the next working day.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::London;

/// The end of a working day, London time.
pub const CLOSE_OF_BUSINESS: NaiveTime = match NaiveTime::from_hms_opt(17, 0, 0) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

/// The days offices in England are shut besides weekends.
#[derive(Clone, Debug, Default)]
pub struct BankHolidays(Vec<NaiveDate>);

impl BankHolidays {
    pub fn new(mut dates: Vec<NaiveDate>) -> Self {
        dates.sort_unstable();
        dates.dedup();
        Self(dates)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
            && self.0.binary_search(&date).is_err()
    }

    /// The `n`th working day after `date` (the day itself does not count).
    pub fn working_days_after(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut counted = 0;
        while counted < n {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }

    /// When something received at `received` is due, `n` working days
    /// later: by close of business, London time, on the `n`th working day
    /// after the day it came in (London's day, whatever the hour).
    pub fn due_after(&self, received: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let received_on = received.with_timezone(&London).date_naive();
        let due_on = self.working_days_after(received_on, n);
        london_time(due_on, CLOSE_OF_BUSINESS)
    }
}

/// A London wall-clock time as an instant. 17:00 always exists and is never
/// ambiguous (the clocks change at night), but the earliest reading is taken
/// should either ever happen.
pub fn london_time(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    London
        .from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a time")
    }

    fn holidays() -> BankHolidays {
        BankHolidays::new(vec![
            date("2026-12-25"),
            date("2026-12-28"),
            date("2027-01-01"),
        ])
    }

    #[test]
    fn an_enquiry_on_a_monday_is_due_by_five_on_tuesday_london_time() {
        // Winter: London is on UTC.
        assert_eq!(
            holidays().due_after(at("2026-11-23T10:00:00Z"), 1),
            at("2026-11-24T17:00:00Z")
        );
        // Summer: 17:00 in London is 16:00 UTC.
        assert_eq!(
            holidays().due_after(at("2026-07-06T10:00:00Z"), 1),
            at("2026-07-07T16:00:00Z")
        );
    }

    #[test]
    fn a_friday_enquiry_is_due_on_monday() {
        assert_eq!(
            holidays().due_after(at("2026-11-27T16:30:00Z"), 1),
            at("2026-11-30T17:00:00Z")
        );
    }

    #[test]
    fn bank_holidays_are_skipped() {
        // Christmas Eve 2026 is a Thursday; 25 and 28 December are bank
        // holidays, 26 and 27 the weekend.
        assert_eq!(
            holidays().due_after(at("2026-12-24T09:00:00Z"), 1),
            at("2026-12-29T17:00:00Z")
        );
    }

    #[test]
    fn the_day_is_londons_not_utcs() {
        // 23:30 UTC on a summer Monday is already Tuesday in London.
        assert_eq!(
            holidays().due_after(at("2026-07-06T23:30:00Z"), 1),
            at("2026-07-08T16:00:00Z")
        );
    }

    #[test]
    fn more_than_one_working_day_counts_each() {
        assert_eq!(
            holidays().working_days_after(date("2026-12-23"), 3),
            date("2026-12-30")
        );
    }
}
