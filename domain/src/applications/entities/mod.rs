//! The stored rows. They are not the API: the faces map from them explicitly.

pub mod application;
pub mod application_section;
pub mod assessment;
pub mod assessment_section;
pub mod assessment_visit;
pub mod message;
pub mod reference;
pub mod reference_link;
pub mod stage_one_check;
