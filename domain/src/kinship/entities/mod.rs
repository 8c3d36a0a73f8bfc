//! The stored rows. They are not the API: the faces map from them explicitly.

pub mod announcement;
pub mod group;
pub mod group_area;
pub mod group_facilitator;
pub mod kinship_carer;
pub mod membership;
pub mod series;
pub mod session;
