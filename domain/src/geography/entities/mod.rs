//! The stored rows. They are not the API: the faces map from them explicitly.

pub mod local_authority;
pub mod postcode_district;
pub mod region;
