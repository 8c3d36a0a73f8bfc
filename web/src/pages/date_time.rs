//! Dates and times as people type them into GOV.UK date inputs and time
//! fields, read as London time.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::London;

use super::PageFieldError;

/// A time of day: `18:30`, `18.30`, `6:30pm`, `6pm` or `0930`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim().to_ascii_lowercase().replace(' ', "");
    let (text, afternoon) = match (text.strip_suffix("pm"), text.strip_suffix("am")) {
        (Some(rest), _) => (rest.to_owned(), Some(true)),
        (_, Some(rest)) => (rest.to_owned(), Some(false)),
        _ => (text, None),
    };
    let (hours, minutes) = match text.split_once([':', '.']) {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None if text.len() == 4 && afternoon.is_none() => {
            (text[..2].parse().ok()?, text[2..].parse().ok()?)
        }
        None => (text.parse().ok()?, 0),
    };
    let hours = match afternoon {
        Some(_) if !(1..=12).contains(&hours) => return None,
        Some(true) if hours < 12 => hours + 12,
        Some(false) if hours == 12 => 0,
        _ => hours,
    };
    NaiveTime::from_hms_opt(hours, minutes, 0)
}

/// A date from its day, month and year boxes.
pub fn parse_date(day: &str, month: &str, year: &str) -> Option<NaiveDate> {
    let year: i32 = year.trim().parse().ok()?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month.trim().parse().ok()?, day.trim().parse().ok()?)
}

/// That day and time in London, as an instant. In the hour the clocks go
/// back it is the first of the two; in the hour they skip, there is none.
pub fn in_london(date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    date.and_time(time)
        .and_local_timezone(London)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// The boxes of one date input: `{id}` (the day, which its error links
/// to), `{id}-month` and `{id}-year`.
#[derive(Default)]
pub struct DateBoxes {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateBoxes {
    pub fn from_form(form: &[(String, String)], id: &str) -> Self {
        let get = |key: String| {
            form.iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or_default()
        };
        Self {
            day: get(id.to_owned()),
            month: get(format!("{id}-month")),
            year: get(format!("{id}-year")),
        }
    }

    /// A date's boxes, filled in.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            day: date.day().to_string(),
            month: date.month().to_string(),
            year: date.year().to_string(),
        }
    }

    /// The date, or the error against `id` that says what is wrong.
    pub fn date(&self, id: &str, what: &str) -> Result<NaiveDate, PageFieldError> {
        let error = |message: String| PageFieldError {
            field: id.to_owned(),
            message,
        };
        if self.day.is_empty() && self.month.is_empty() && self.year.is_empty() {
            return Err(error(format!("Enter the date of the {what}")));
        }
        parse_date(&self.day, &self.month, &self.year).ok_or_else(|| {
            error(format!(
                "The date of the {what} must be a real date, like 27 3 2027"
            ))
        })
    }
}

/// A time field's value, or the error against `id`.
pub fn time_field(text: &str, id: &str, what: &str) -> Result<NaiveTime, PageFieldError> {
    let message = if text.trim().is_empty() {
        format!("Enter the time {what}")
    } else {
        format!("Enter the time {what} like 18:30 or 6:30pm")
    };
    parse_time(text).ok_or(PageFieldError {
        field: id.to_owned(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(h: u32, m: u32) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(h, m, 0)
    }

    #[test]
    fn times_are_read_as_people_write_them() {
        assert_eq!(parse_time("18:30"), time(18, 30));
        assert_eq!(parse_time("18.30"), time(18, 30));
        assert_eq!(parse_time("6:30pm"), time(18, 30));
        assert_eq!(parse_time("6 PM"), time(18, 0));
        assert_eq!(parse_time("12am"), time(0, 0));
        assert_eq!(parse_time("12pm"), time(12, 0));
        assert_eq!(parse_time("0930"), time(9, 30));
    }

    #[test]
    fn impossible_times_are_not_read() {
        for text in ["", "25:00", "13pm", "6:75", "soon"] {
            assert_eq!(parse_time(text), None, "{text}");
        }
    }

    #[test]
    fn a_date_must_be_real() {
        assert_eq!(
            parse_date("29", "2", "2028"),
            NaiveDate::from_ymd_opt(2028, 2, 29)
        );
        assert_eq!(parse_date("29", "2", "2027"), None);
        assert_eq!(parse_date("1", "1", "27"), None);
    }

    #[test]
    fn london_summer_time_is_an_hour_ahead_of_utc() {
        let date = NaiveDate::from_ymd_opt(2027, 7, 1).expect("a date");
        let at = in_london(date, NaiveTime::from_hms_opt(18, 0, 0).expect("a time"));
        assert_eq!(
            at.map(|a| a.format("%H:%M").to_string()),
            Some("17:00".into())
        );
    }
}
