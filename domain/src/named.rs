//! A record as a request names it.

use crate::DomainError;

/// A record's id and, when the request's address names it, its parent's
/// (the household of a visit or a check, the event of a registration, the
/// organisation of a closure reason). A record of another parent is not
/// found, so no address acts on one record while showing another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Named {
    pub id: i32,
    pub within: Option<i32>,
}

impl Named {
    /// Named by its own id alone, as the API names records.
    pub fn alone(id: i32) -> Self {
        Self { id, within: None }
    }

    /// Named under its parent, as the pages' addresses name records.
    pub fn within(parent: i32, id: i32) -> Self {
        Self {
            id,
            within: Some(parent),
        }
    }

    /// Not found when the request named a parent other than its own.
    pub(crate) fn must_be_within(self, parent: i32) -> Result<(), DomainError> {
        match self.within {
            Some(named) if named != parent => Err(DomainError::NotFound),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_named_under_another_parent_is_not_found() {
        assert!(Named::within(7, 1).must_be_within(7).is_ok());
        assert!(Named::alone(1).must_be_within(7).is_ok());
        let other = Named::within(8, 1).must_be_within(7);
        assert!(matches!(other, Err(DomainError::NotFound)));
    }
}
