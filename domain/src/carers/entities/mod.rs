//! The stored rows. They are not the API: the faces map from them explicitly.

pub mod carer_household;
pub mod carer_review;
pub mod child;
pub mod delegated_decision;
pub mod delegated_exception;
pub mod delegated_item;
pub mod placement;
pub mod placement_exemption;
