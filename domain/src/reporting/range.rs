//! The date ranges reports are asked for. A range is of London dates, both
//! ends included, as people say "from 1 April to 31 March"; the database is
//! asked for the instants from the first day's midnight in London up to,
//! not including, the midnight after the last day, so British Summer Time
//! moves no enquiry into the wrong month or year.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::{DomainError, FieldError};

/// The longest range a report may cover: reports look back over years,
/// never centuries, and a bound keeps every query's work bounded.
const LONGEST_YEARS: u32 = 20;

/// London dates, first and last both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// The ranges a report page offers with one click.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The financial year so far: from 1 April to today.
    ThisFinancialYear,
    /// The last whole calendar month.
    LastMonth,
    /// The last whole quarter of the financial year (April to June, July
    /// to September, October to December, January to March).
    LastQuarter,
    /// The last whole financial year: what Ofsted's annual return counts.
    LastFinancialYear,
    /// Everything, as far back as a range may go.
    AllTime,
}

crate::names::stored_names!(Preset {
    ThisFinancialYear => "this_year", "This financial year so far",
    LastMonth => "last_month", "Last month",
    LastQuarter => "last_quarter", "Last quarter",
    LastFinancialYear => "last_year", "Last financial year",
    AllTime => "all_time", "All time",
});

/// The 1 April that starts the financial year `day` falls in.
fn financial_year_start(day: NaiveDate) -> NaiveDate {
    let year = if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    };
    NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or(day)
}

impl DateRange {
    /// The range from `first` to `last`, checked: `first_field` and
    /// `last_field` name the fields a bad one is reported against.
    pub fn new(
        first: Option<NaiveDate>,
        last: Option<NaiveDate>,
        (first_field, last_field): (&str, &str),
    ) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        if first.is_none() {
            errors.push(FieldError::new(
                first_field,
                "Enter the first day of the range",
            ));
        }
        if last.is_none() {
            errors.push(FieldError::new(
                last_field,
                "Enter the last day of the range",
            ));
        }
        if let (Some(first), Some(last)) = (first, last) {
            if last < first {
                errors.push(FieldError::new(
                    last_field,
                    "The last day must be the same as or after the first",
                ));
            } else if first.checked_add_months(Months::new(12 * LONGEST_YEARS)) < Some(last) {
                errors.push(FieldError::new(
                    last_field,
                    format!("A range can be at most {LONGEST_YEARS} years"),
                ));
            }
        }
        match (first, last, errors.is_empty()) {
            (Some(first), Some(last), true) => Ok(Self { first, last }),
            _ => Err(DomainError::InvalidInput(errors)),
        }
    }

    /// The financial year `today` is in, from 1 April to today: what a
    /// report shows when no range is asked for.
    pub fn this_financial_year(today: NaiveDate) -> Self {
        Self {
            first: financial_year_start(today),
            last: today,
        }
    }

    /// The range a preset names, as of `today`.
    pub fn preset(preset: Preset, today: NaiveDate) -> Self {
        let month_start = today.with_day(1).unwrap_or(today);
        let year_start = financial_year_start(today);
        let day_before = |day: NaiveDate| day.checked_sub_days(Days::new(1)).unwrap_or(day);
        match preset {
            Preset::ThisFinancialYear => Self::this_financial_year(today),
            Preset::LastMonth => {
                let first = month_start
                    .checked_sub_months(Months::new(1))
                    .unwrap_or(month_start);
                Self {
                    first,
                    last: day_before(month_start),
                }
            }
            Preset::LastQuarter => {
                // Quarters run from April: the months since 1 April, in
                // threes, say which this is.
                let months_in = (today.year() - year_start.year()) * 12 + today.month() as i32 - 4;
                let this_quarter = year_start
                    .checked_add_months(Months::new(u32::try_from(months_in / 3 * 3).unwrap_or(0)))
                    .unwrap_or(year_start);
                Self {
                    first: this_quarter
                        .checked_sub_months(Months::new(3))
                        .unwrap_or(this_quarter),
                    last: day_before(this_quarter),
                }
            }
            Preset::LastFinancialYear => Self {
                first: year_start
                    .checked_sub_months(Months::new(12))
                    .unwrap_or(year_start),
                last: day_before(year_start),
            },
            // From a month's first day, as far back as a range may go, so
            // that it is counted from the monthly counts.
            Preset::AllTime => Self {
                first: month_start
                    .checked_sub_months(Months::new(12 * LONGEST_YEARS - 1))
                    .unwrap_or(month_start),
                last: today,
            },
        }
    }

    /// The range a reader asked for: their own first and last days when
    /// they gave either, else a preset, else this financial year so far.
    pub fn asked(
        preset: Option<Preset>,
        first: Option<NaiveDate>,
        last: Option<NaiveDate>,
        fields: (&str, &str),
        today: NaiveDate,
    ) -> Result<Self, DomainError> {
        if first.is_some() || last.is_some() {
            return Self::new(first, last, fields);
        }
        Ok(Self::preset(
            preset.unwrap_or(Preset::ThisFinancialYear),
            today,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    fn range(first: &str, last: &str) -> DateRange {
        DateRange {
            first: day(first),
            last: day(last),
        }
    }

    #[test]
    fn the_financial_year_starts_on_1_april() {
        assert_eq!(
            DateRange::this_financial_year(day("2026-12-04")),
            range("2026-04-01", "2026-12-04")
        );
        assert_eq!(
            DateRange::this_financial_year(day("2027-03-31")),
            range("2026-04-01", "2027-03-31")
        );
        assert_eq!(
            DateRange::this_financial_year(day("2027-04-01")),
            range("2027-04-01", "2027-04-01")
        );
    }

    #[test]
    fn each_preset_is_the_last_whole_period_before_today() {
        let today = day("2026-12-04");
        assert_eq!(
            DateRange::preset(Preset::LastMonth, today),
            range("2026-11-01", "2026-11-30")
        );
        assert_eq!(
            DateRange::preset(Preset::LastQuarter, today),
            range("2026-07-01", "2026-09-30")
        );
        assert_eq!(
            DateRange::preset(Preset::LastFinancialYear, today),
            range("2025-04-01", "2026-03-31")
        );
        // In January the last quarter is October to December.
        assert_eq!(
            DateRange::preset(Preset::LastQuarter, day("2027-01-15")),
            range("2026-10-01", "2026-12-31")
        );
        // In April, the last quarter is the previous year's last.
        assert_eq!(
            DateRange::preset(Preset::LastQuarter, day("2027-04-02")),
            range("2027-01-01", "2027-03-31")
        );
        assert_eq!(
            DateRange::preset(Preset::LastMonth, day("2027-01-03")),
            range("2026-12-01", "2026-12-31")
        );
        assert_eq!(
            DateRange::preset(Preset::AllTime, today),
            range("2007-01-01", "2026-12-04")
        );
    }

    #[test]
    fn a_range_asked_for_by_its_days_wins_over_a_preset() {
        let today = day("2026-12-04");
        let fields = ("from", "to");
        let asked = |preset, first: Option<&str>, last: Option<&str>| {
            DateRange::asked(preset, first.map(day), last.map(day), fields, today)
        };
        assert_eq!(
            asked(None, None, None).ok(),
            Some(range("2026-04-01", "2026-12-04"))
        );
        assert_eq!(
            asked(Some(Preset::LastMonth), None, None).ok(),
            Some(range("2026-11-01", "2026-11-30"))
        );
        assert_eq!(
            asked(
                Some(Preset::LastMonth),
                Some("2026-05-01"),
                Some("2026-05-02")
            )
            .ok(),
            Some(range("2026-05-01", "2026-05-02"))
        );
        assert!(
            asked(None, Some("2026-05-01"), None).is_err(),
            "half a range is refused"
        );
    }

    #[test]
    fn a_range_backwards_empty_or_too_long_is_refused_against_its_field() {
        let fields = ("from", "to");
        let backwards = DateRange::new(Some(day("2026-05-01")), Some(day("2026-04-01")), fields);
        assert!(matches!(backwards, Err(DomainError::InvalidInput(ref f)) if f[0].field == "to"));
        let empty = DateRange::new(None, None, fields);
        assert!(matches!(empty, Err(DomainError::InvalidInput(ref f)) if f.len() == 2));
        let long = DateRange::new(Some(day("1990-01-01")), Some(day("2026-01-01")), fields);
        assert!(long.is_err());
        let fine = DateRange::new(Some(day("2026-04-01")), Some(day("2026-04-01")), fields);
        assert_eq!(fine.ok(), Some(range("2026-04-01", "2026-04-01")));
    }
}
