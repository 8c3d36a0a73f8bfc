//! Peer support: experienced carers offer time to applicants and new
//! carers. A supporter's profile and weekly windows (`profiles`), and the
//! slots those windows give in London time across the clock changes
//! (`slots`); asking for a supporter, the suggestions in the stated order
//! (`matching`) and the coordinator's match (`requests`); the pair's own
//! view and their agreement (`pair`), the meetings the mentee books
//! (`bookings`), the meetings' log (`meeting_log`), worries (`worries`),
//! the coordinator's oversight (`oversight`), the end and its feedback
//! (`ending`), and the service's settings (`settings`).

mod bookings;
mod ending;
pub mod entities;
mod matching;
mod meeting_log;
mod oversight;
mod pair;
mod profiles;
mod requests;
mod settings;
pub mod slots;
mod view;
mod worries;

pub use bookings::{
    Booking, BookingState, SendPeerMeetingReminders, book_meeting, cancel_meeting, meeting_to_move,
    meetings_booked, move_meeting, send_peer_meeting_reminders,
};
pub use ending::{
    EndMentoringRelationships, FeedbackFigures, end_mentoring_relationships, feedback_figures,
    give_feedback,
};
pub use matching::Suggestion;
pub use meeting_log::{LoggedMeeting, MeetingLogInput, Topic, log_meeting, meetings_logged};
pub use oversight::{
    Overseen, SupporterHours, hours_csv, relationships_to_oversee, supporter_hours,
};
pub use pair::{Side, accept_mentoring_agreement};
pub use profiles::{
    ProfileInput, SupporterProfile, Way, add_time_away, add_window, free_slots, my_profiles,
    remove_window, save_profile, supporters,
};
pub(crate) use requests::offer_at_invitation;
pub use requests::{
    MENTORING_MONTHS, MySupporter, PersonToMatch, RelationshipState, RequestState,
    ask_for_supporter, confirm_match, may_ask, my_supporters, people_to_match,
};
pub use settings::{
    PeerSupportSettings, STANDARD_AGREEMENT, peer_support_settings, save_peer_support_settings,
};
pub use view::{MyRelationship, PairView, mentoring_relationship, my_relationships};
pub use worries::raise_peer_support_concern;
