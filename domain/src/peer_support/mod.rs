//! Peer support: experienced carers offer time to applicants and new
//! carers. A supporter's profile and weekly windows (`profiles`), and the
//! slots those windows give in London time across the clock changes
//! (`slots`); asking for a supporter, the suggestions in the stated order
//! (`matching`) and the coordinator's match (`requests`). Booking and the
//! meetings come next.

pub mod entities;
mod matching;
mod profiles;
mod requests;
pub mod slots;

pub use matching::Suggestion;
pub use profiles::{
    ProfileInput, SupporterProfile, Way, add_time_away, add_window, free_slots, my_profiles,
    remove_window, save_profile, supporters,
};
pub use requests::{
    MENTORING_MONTHS, MySupporter, PersonToMatch, RelationshipState, RequestState,
    ask_for_supporter, confirm_match, may_ask, my_supporters, people_to_match,
};
