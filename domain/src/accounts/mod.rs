//! People, organisations, roles and sessions.

mod actor;
mod administrators;
pub mod entities;
mod password;
mod roles;

pub use actor::Actor;
pub use administrators::{NATIONAL_PROGRAMME, NewAdministrator, create_administrator};
pub use password::{MIN_PASSWORD_LENGTH, verify_password};
pub use roles::{OrganisationKind, Role};
