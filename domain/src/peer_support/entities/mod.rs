//! The stored rows. They are not the API: the faces map from them explicitly.

pub mod availability;
pub mod booking;
pub mod feedback;
pub mod meeting_log;
pub mod relationship;
pub mod request;
pub mod settings;
pub mod supporter;
pub mod time_away;
