//! A long list on a page: 50 at a time, with GOV.UK's previous and next
//! links that keep the filters and carry a cursor (`after` or `before`).

use domain::pagination::{Page, PageRequest};

use super::forms::value;

/// Items on one page of a list.
pub const PAGE_SIZE: i64 = 50;

/// The page a list's links asked for. A cursor from an old or mangled link
/// starts the list again, rather than failing.
pub fn page_request(query: &[(String, String)]) -> PageRequest {
    let request = match value(query, "before") {
        "" => {
            let after = Some(value(query, "after")).filter(|a| !a.is_empty());
            PageRequest::parse(Some(PAGE_SIZE), after, None, None)
        }
        before => PageRequest::parse(None, None, Some(PAGE_SIZE), Some(before)),
    };
    request.unwrap_or_else(|_| PageRequest::first(PAGE_SIZE as u64))
}

/// Which page of a list this is, counted by the links that led here (a
/// cursor knows where it is, not how far): for the page's title.
pub fn page_number(query: &[(String, String)]) -> u32 {
    value(query, "page")
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=100_000).contains(n))
        .unwrap_or(1)
}

/// The previous and next links of `page`, at `base` with the query's other
/// parameters kept, each carrying its page number.
pub fn page_links<T>(
    page: &Page<T>,
    base: &str,
    query: &[(String, String)],
) -> (Option<String>, Option<String>) {
    let number = page_number(query);
    let href = |cursor: (&str, String), number: u32| {
        let kept = query
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "after" | "before" | "done" | "page"));
        let pairs = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(kept)
            .append_pair(cursor.0, &cursor.1)
            .append_pair("page", &number.to_string())
            .finish();
        format!("{base}?{pairs}")
    };
    let previous = page
        .has_previous_page
        .then(|| page.items.first())
        .flatten()
        .map(|(cursor, _)| href(("before", cursor.encode()), number.saturating_sub(1).max(1)));
    let next = page
        .has_next_page
        .then(|| page.items.last())
        .flatten()
        .map(|(cursor, _)| href(("after", cursor.encode()), number + 1));
    (previous, next)
}
