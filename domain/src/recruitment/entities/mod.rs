//! The stored rows. They are not the API: the faces map from them explicitly.

pub mod bank_holiday;
pub mod closure_reason;
pub mod contact_attempt;
pub mod equality_answers;
pub mod event_registration;
pub mod home_visit;
pub mod household;
pub mod household_history;
pub mod household_note;
pub mod information_event;
