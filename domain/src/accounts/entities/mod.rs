//! The stored rows. They are not the API: the faces map from them explicitly.

pub mod api_token;
pub mod invitation;
pub mod known_device;
pub mod membership;
pub mod organisation;
pub mod organisation_profile;
pub mod person;
pub mod rcc_local_authority;
pub mod server_secret;
pub mod session;
pub mod sign_in_failure;
pub mod sign_in_link;
