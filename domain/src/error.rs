/// The one error type of every use case. Each variant has a stable code that
/// the API puts in `extensions.code` and the pages turn into an error summary.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("Not found")]
    NotFound,
    #[error("You do not have permission to do that")]
    Forbidden,
    #[error("You need to sign in")]
    Unauthenticated,
    #[error("There is a problem with what was entered")]
    InvalidInput(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    #[error("Too many attempts: try again later")]
    RateLimited,
    /// Refused until this many seconds have passed.
    #[error("Too many attempts: try again in {0} seconds")]
    RateLimitedFor(u64),
    /// A service Hearth relies on (the search server) cannot be reached
    /// now: try again later. The reason is for the logs.
    #[error("This is not available at the moment: try again later")]
    Unavailable(String),
    /// Details stay in the source for the logs; clients only ever see the code.
    #[error("Internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A problem with one field of the input, named by its path in the domain's
/// own (snake_case, dotted) field names, such as `household.postcode`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    NotFound,
    Forbidden,
    Unauthenticated,
    InvalidInput,
    Conflict,
    RateLimited,
    Unavailable,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "NOT_FOUND",
            Self::Forbidden => "FORBIDDEN",
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::InvalidInput => "INVALID_INPUT",
            Self::Conflict => "CONFLICT",
            Self::RateLimited => "RATE_LIMITED",
            Self::Unavailable => "UNAVAILABLE",
            Self::Internal => "INTERNAL",
        }
    }
}

impl DomainError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotFound => ErrorCode::NotFound,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::Unauthenticated => ErrorCode::Unauthenticated,
            Self::InvalidInput(_) => ErrorCode::InvalidInput,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::RateLimited | Self::RateLimitedFor(_) => ErrorCode::RateLimited,
            Self::Unavailable(_) => ErrorCode::Unavailable,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::InvalidInput(vec![FieldError::new(field, message)])
    }

    /// A database error, where a unique index refusing the row is a problem
    /// with `field`: uniqueness is the database's job, never a racy look-up.
    pub fn unless_unique(error: sea_orm::DbErr, field: &str, message: &str) -> Self {
        match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Self::invalid(field, message),
            _ => error.into(),
        }
    }

    /// A name in the database that no enum of Hearth's wrote: the data is
    /// at fault, so the request fails as an internal error, the same
    /// everywhere, rather than showing a guess.
    pub fn unknown_stored(kind: &str, text: &str) -> Self {
        Self::Internal(format!("unknown stored {kind} {text:?}").into())
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::InvalidInput(errors) => errors,
            _ => &[],
        }
    }
}

impl From<sea_orm::DbErr> for DomainError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Internal(Box::new(err))
    }
}

/// A move the funnel (or a smaller workflow) refuses is a conflict with the
/// record's state, said to whoever tried.
impl From<crate::workflow::Refused> for DomainError {
    fn from(refused: crate::workflow::Refused) -> Self {
        Self::Conflict(refused.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_stable_code() {
        let cases = [
            (DomainError::NotFound, "NOT_FOUND"),
            (DomainError::Forbidden, "FORBIDDEN"),
            (DomainError::Unauthenticated, "UNAUTHENTICATED"),
            (
                DomainError::invalid("name", "Enter a name"),
                "INVALID_INPUT",
            ),
            (DomainError::Conflict("taken".into()), "CONFLICT"),
            (DomainError::RateLimited, "RATE_LIMITED"),
            (
                DomainError::from(crate::workflow::Refused("closed".into())),
                "CONFLICT",
            ),
            (DomainError::unknown_stored("Stage", "nowhere"), "INTERNAL"),
            (
                DomainError::from(sea_orm::DbErr::Custom("boom".into())),
                "INTERNAL",
            ),
        ];
        for (error, code) in cases {
            assert_eq!(error.code().as_str(), code);
        }
    }

    #[test]
    fn an_internal_error_does_not_show_its_cause_in_its_message() {
        let error = DomainError::from(sea_orm::DbErr::Custom("password=secret".into()));
        assert_eq!(error.to_string(), "Internal error");
    }
}
