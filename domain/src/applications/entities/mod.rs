//! The stored rows. They are not the API: the faces map from them explicitly.

pub mod application;
pub mod application_section;
pub mod assessment;
pub mod assessment_section;
pub mod assessment_visit;
pub mod decision;
pub mod document;
pub mod joint_applicant;
pub mod message;
pub mod panel;
pub mod panel_booking;
pub mod reference;
pub mod reference_link;
pub mod stage_one_check;
pub mod temporary_approval;
