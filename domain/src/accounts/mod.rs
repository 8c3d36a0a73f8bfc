//! People, organisations, roles and sessions.

mod actor;
mod administrators;
pub mod entities;
mod organisations;
mod password;
mod roles;
mod sessions;

pub use actor::{Actor, Membership, SignedIn, load_actor};
pub use administrators::{NATIONAL_PROGRAMME, NewAdministrator, create_administrator};
pub use organisations::{
    NewRegionalCareCooperative, create_regional_care_cooperative,
    ensure_local_authority_organisations, find_regional_care_cooperative,
};
pub use password::{MIN_PASSWORD_LENGTH, verify_password};
pub use roles::{OrganisationKind, Role};
pub use sessions::{
    ABSOLUTE_TIMEOUT, BLOCK_FOR, FAILURES_BEFORE_BLOCK, IDLE_TIMEOUT, SessionToken,
    WRONG_EMAIL_OR_PASSWORD, random_token, session_actor, sign_in_with_password, sign_out,
};
