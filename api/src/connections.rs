//! Lists as Relay connections: at most 100 a page, with `totalCount`, over
//! the domain's pages.

use async_graphql::SimpleObject;
use async_graphql::connection::{Connection, Edge};
use domain::pagination::{Page, PageRequest};

use crate::errors::to_graphql;

#[derive(SimpleObject)]
pub struct ListInfo {
    /// How many items the whole list holds, across every page, counted up
    /// to 10,000 so no request's cost grows with the list.
    pub total_count: u64,
    /// False when the list holds more than 10,000: `totalCount` is then a
    /// floor.
    pub total_count_is_exact: bool,
}

/// A list's page as a connection, each item made into its GraphQL type.
pub type Listed<T> = Connection<String, T, ListInfo>;

/// Relay's four arguments, checked, each bad one named.
pub(crate) fn page_request(
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> async_graphql::Result<PageRequest> {
    PageRequest::parse(
        first.map(i64::from),
        after.as_deref(),
        last.map(i64::from),
        before.as_deref(),
    )
    .map_err(to_graphql)
}

pub(crate) fn connection<T, U>(page: Page<T>, into: impl Fn(T) -> U) -> Listed<U>
where
    U: async_graphql::OutputType,
{
    let mut connection = Connection::with_additional_fields(
        page.has_previous_page,
        page.has_next_page,
        ListInfo {
            total_count: page.total_count,
            total_count_is_exact: !page.more_than_total,
        },
    );
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|(cursor, item)| Edge::new(cursor.encode(), into(item))),
    );
    connection
}
