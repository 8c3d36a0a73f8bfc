//! Ids as clients see them: `Kind:number`, so an id says what it names and a
//! person's id is never taken for an organisation's.

use async_graphql::ID;
use domain::DomainError;

use crate::errors::to_graphql;

pub fn to_id(kind: &str, id: impl std::fmt::Display) -> ID {
    ID::from(format!("{kind}:{id}"))
}

/// The number in `id`, which must name a `kind`; `field` names the argument
/// at fault otherwise.
pub fn from_id<N: std::str::FromStr>(kind: &str, id: &ID, field: &str) -> async_graphql::Result<N> {
    id.strip_prefix(kind)
        .and_then(|rest| rest.strip_prefix(':'))
        .and_then(|number| number.parse().ok())
        .ok_or_else(|| {
            to_graphql(DomainError::invalid(
                field,
                format!("Give the id of a {kind}, like {kind}:12"),
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_back_only_as_its_own_kind() {
        let id = to_id("Person", 12);
        assert_eq!(from_id::<i32>("Person", &id, "personId").ok(), Some(12));
        assert!(from_id::<i32>("Organisation", &id, "organisationId").is_err());
        assert!(from_id::<i32>("Person", &ID::from("Person:x"), "personId").is_err());
        assert!(from_id::<i32>("Person", &ID::from("Personnel:1"), "personId").is_err());
    }
}
