//! The stored rows. They are not the API: the faces map from them explicitly.

pub mod concern;
pub mod route;
