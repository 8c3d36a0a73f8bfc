use crate::DomainError;

/// Who is acting in a use case. Use cases decide what an actor may do; nothing
/// else does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Someone who has not signed in: a member of the public.
    Anonymous,
    /// Hearth itself, acting from the command line (`hearth seed`) or a worker.
    System,
}

impl Actor {
    /// The signed-in person's id, if anyone is signed in.
    pub fn person_id(&self) -> Option<i64> {
        match self {
            Self::Anonymous | Self::System => None,
        }
    }

    pub fn require_system(&self) -> Result<(), DomainError> {
        match self {
            Self::System => Ok(()),
            Self::Anonymous => Err(DomainError::Unauthenticated),
        }
    }
}
