//! Relay-style pages over a stable sort key, with opaque cursors.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect, QueryTrait, Select, SelectorTrait};

use crate::{DomainError, FieldError};

/// The page size when the caller asks for none.
pub const DEFAULT_PAGE_SIZE: u64 = 20;
/// The largest page anyone may ask for: bounds the work one request can cause.
pub const MAX_PAGE_SIZE: u64 = 100;

/// Which page a caller wants, already checked: either the first `size` items
/// after a cursor, or the last `size` items before one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub direction: Direction,
    pub size: u64,
    pub after: Option<Cursor>,
    pub before: Option<Cursor>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

/// A position in a list sorted by a text key, ties broken by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub key: String,
    pub id: i32,
}

impl Cursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{}", self.id, self.key))
    }

    fn decode(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (id, key) = text.split_once(':')?;
        Some(Self {
            key: key.to_owned(),
            id: id.parse().ok()?,
        })
    }
}

impl PageRequest {
    /// Checks Relay's four arguments. Field names are those of the arguments,
    /// so every face reports a bad one against what the caller sent.
    pub fn parse(
        first: Option<i64>,
        after: Option<&str>,
        last: Option<i64>,
        before: Option<&str>,
    ) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        let mut size = |field: &str, value: Option<i64>| match value {
            Some(n) if !(1..=MAX_PAGE_SIZE as i64).contains(&n) => {
                errors.push(FieldError::new(
                    field,
                    format!("Must be between 1 and {MAX_PAGE_SIZE}"),
                ));
                None
            }
            other => other.map(|n| n as u64),
        };
        let first_size = size("first", first);
        let last_size = size("last", last);
        let mut cursor = |field: &str, value: Option<&str>| {
            value.and_then(|text| {
                let decoded = Cursor::decode(text);
                if decoded.is_none() {
                    errors.push(FieldError::new(field, "Is not a cursor from this list"));
                }
                decoded
            })
        };
        let after = cursor("after", after);
        let before = cursor("before", before);
        if first.is_some() && last.is_some() {
            errors.push(FieldError::new(
                "last",
                "Give either first or last, not both",
            ));
        }
        if !errors.is_empty() {
            return Err(DomainError::InvalidInput(errors));
        }
        let (direction, size) = match (first_size, last_size) {
            (_, Some(n)) => (Direction::Backward, n),
            (Some(n), None) => (Direction::Forward, n),
            (None, None) => (Direction::Forward, DEFAULT_PAGE_SIZE),
        };
        Ok(Self {
            direction,
            size,
            after,
            before,
        })
    }

    /// The size asked for, when this asks for a list's first page.
    pub fn first_page_size(&self) -> Option<u64> {
        let first_page =
            self.direction == Direction::Forward && self.after.is_none() && self.before.is_none();
        first_page.then_some(self.size)
    }

    pub fn first(size: u64) -> Self {
        Self {
            direction: Direction::Forward,
            size,
            after: None,
            before: None,
        }
    }
}

/// The most a list's total counts to: past it, the count says "more than",
/// so no request's cost grows with the list (counting a region's 100,000
/// households would cost more than showing a page of them).
pub const COUNT_CAP: u64 = 10_000;

/// One page of a list, with the cursor of each item.
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub items: Vec<(Cursor, T)>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
    /// How many the list holds, up to [`COUNT_CAP`].
    pub total_count: u64,
    /// The list holds more than [`COUNT_CAP`]: `total_count` is a floor.
    pub more_than_total: bool,
}

/// No items: a list not yet asked for.
impl<T> Default for Page<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            has_previous_page: false,
            has_next_page: false,
            total_count: 0,
            more_than_total: false,
        }
    }
}

/// How many rows `query` finds, counting no further than [`COUNT_CAP`]:
/// the count, and whether there are more.
pub(crate) async fn count_up_to_cap<E>(
    db: &impl ConnectionTrait,
    query: Select<E>,
) -> Result<(u64, bool), DomainError>
where
    E: EntityTrait,
{
    let limited = query
        .select_only()
        .expr(Expr::value(1))
        .limit(COUNT_CAP + 1)
        .into_query();
    let counting = sea_orm::sea_query::Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(limited, "counted")
        .to_owned();
    let found: i64 = db
        .query_one(&counting)
        .await?
        .map(|row| row.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or_default();
    let found = u64::try_from(found).unwrap_or_default();
    Ok((found.min(COUNT_CAP), found > COUNT_CAP))
}

impl<T> Page<T> {
    /// The page `request` asked for, from its items and whether the
    /// database had more in the direction it read.
    pub fn new(
        items: Vec<(Cursor, T)>,
        has_more: bool,
        request: &PageRequest,
        (total_count, more_than_total): (u64, bool),
    ) -> Self {
        let (has_previous_page, has_next_page) = match request.direction {
            Direction::Forward => (request.after.is_some(), has_more),
            Direction::Backward => (has_more, request.before.is_some()),
        };
        Self {
            items,
            has_previous_page,
            has_next_page,
            total_count,
            more_than_total,
        }
    }
}

/// Reads the rows of one page by their text sort key and id, after or
/// before a cursor: one row more than asked for says whether there is
/// another page, and is dropped. The rows come back in the list's order.
pub(crate) async fn fetch_window<S>(
    db: &impl ConnectionTrait,
    cursor: sea_orm::Cursor<S>,
    page: &PageRequest,
) -> Result<(Vec<S::Item>, bool), DomainError>
where
    S: SelectorTrait,
{
    fetch_window_keyed(db, cursor, page, |key| Some(key.to_owned())).await
}

/// A moment as a cursor's key, and back.
pub(crate) fn moment_key(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn moment_of(key: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(key)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// The same, for a list sorted by a moment and id.
pub(crate) async fn fetch_window_by_moment<S>(
    db: &impl ConnectionTrait,
    cursor: sea_orm::Cursor<S>,
    page: &PageRequest,
) -> Result<(Vec<S::Item>, bool), DomainError>
where
    S: SelectorTrait,
{
    fetch_window_keyed(db, cursor, page, moment_of).await
}

/// The same, for a list sorted by a day and id.
pub(crate) async fn fetch_window_by_day<S>(
    db: &impl ConnectionTrait,
    cursor: sea_orm::Cursor<S>,
    page: &PageRequest,
) -> Result<(Vec<S::Item>, bool), DomainError>
where
    S: SelectorTrait,
{
    fetch_window_keyed(db, cursor, page, |key| {
        chrono::NaiveDate::parse_from_str(key, "%Y-%m-%d").ok()
    })
    .await
}

async fn fetch_window_keyed<S, K>(
    db: &impl ConnectionTrait,
    mut cursor: sea_orm::Cursor<S>,
    page: &PageRequest,
    key: impl Fn(&str) -> Option<K>,
) -> Result<(Vec<S::Item>, bool), DomainError>
where
    S: SelectorTrait,
    K: Into<sea_orm::Value>,
{
    let read = |field: &str, cursor: &Cursor| {
        key(&cursor.key)
            .ok_or_else(|| DomainError::invalid(field, "Is not a cursor from this list"))
    };
    if let Some(after) = &page.after {
        cursor.after((read("after", after)?, after.id));
    }
    if let Some(before) = &page.before {
        cursor.before((read("before", before)?, before.id));
    }
    match page.direction {
        Direction::Forward => cursor.first(page.size + 1),
        Direction::Backward => cursor.last(page.size + 1),
    };
    let mut rows = cursor.all(db).await?;
    let has_more = rows.len() as u64 > page.size;
    if has_more {
        match page.direction {
            Direction::Forward => rows.truncate(page.size as usize),
            Direction::Backward => {
                rows.remove(0);
            }
        }
    }
    Ok((rows, has_more))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_encoding() {
        let cursor = Cursor {
            key: "Bristol, City of".into(),
            id: 42,
        };
        let text = cursor.encode();
        assert_eq!(
            PageRequest::parse(None, Some(&text), None, None)
                .expect("a cursor we made is accepted")
                .after,
            Some(cursor)
        );
    }

    #[test]
    fn no_arguments_ask_for_the_first_default_page() {
        let page = PageRequest::parse(None, None, None, None).expect("valid");
        assert_eq!(page, PageRequest::first(DEFAULT_PAGE_SIZE));
    }

    #[test]
    fn last_asks_for_a_backward_page() {
        let page = PageRequest::parse(None, None, Some(5), None).expect("valid");
        assert_eq!((page.direction, page.size), (Direction::Backward, 5));
    }

    #[test]
    fn every_bad_argument_is_reported_against_its_name() {
        let error = PageRequest::parse(Some(0), Some("!!"), Some(500), Some("bm90IGEgY3Vyc29y"))
            .expect_err("all four are wrong");
        let fields: Vec<_> = error
            .field_errors()
            .iter()
            .map(|e| e.field.as_str())
            .collect();
        assert_eq!(fields, ["first", "last", "after", "before", "last"]);
    }
}
