//! Peer support: experienced carers offer time to applicants and new
//! carers. A supporter's profile and weekly windows (`profiles`), and the
//! slots those windows give in London time across the clock changes
//! (`slots`). Matching, booking and the relationship come next.

pub mod entities;
mod profiles;
pub mod slots;

pub use profiles::{
    ProfileInput, SupporterProfile, Way, add_time_away, add_window, free_slots, my_profiles,
    remove_window, save_profile, supporters,
};
