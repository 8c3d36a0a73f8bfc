//! Peer support: experienced carers offer time to applicants and new
//! carers. A supporter's profile and weekly windows (`profiles`), and the
//! slots those windows give in London time across the clock changes
//! (`slots`); asking for a supporter, the suggestions in the stated order
//! (`matching`) and the coordinator's match (`requests`); the pair's own
//! view and their agreement (`pair`), the meetings the mentee books
//! (`bookings`), and the service's settings (`settings`).

mod bookings;
pub mod entities;
mod matching;
mod pair;
mod profiles;
mod requests;
mod settings;
pub mod slots;
mod view;

pub use bookings::{
    Booking, BookingState, SendPeerMeetingReminders, book_meeting, cancel_meeting, meeting_to_move,
    meetings_booked, move_meeting, send_peer_meeting_reminders,
};
pub use matching::Suggestion;
pub use pair::{Side, accept_mentoring_agreement};
pub use profiles::{
    ProfileInput, SupporterProfile, Way, add_time_away, add_window, free_slots, my_profiles,
    remove_window, save_profile, supporters,
};
pub use requests::{
    MENTORING_MONTHS, MySupporter, PersonToMatch, RelationshipState, RequestState,
    ask_for_supporter, confirm_match, may_ask, my_supporters, people_to_match,
};
pub use settings::{
    PeerSupportSettings, STANDARD_AGREEMENT, peer_support_settings, save_peer_support_settings,
};
pub use view::{MyRelationship, PairView, mentoring_relationship, my_relationships};
