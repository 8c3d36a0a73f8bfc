//! People, organisations, roles and sessions.

mod actor;

pub use actor::Actor;
