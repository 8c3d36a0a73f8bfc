//! The stored rows. They are not the API: the faces map from them explicitly.

pub mod check_in;
pub mod constellation;
pub mod liaison_worker;
pub mod meeting;
pub mod meeting_answer;
pub mod member;
pub mod sleepover;
pub mod sleepover_child;
pub mod unavailable_night;
