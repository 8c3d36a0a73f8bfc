//! Kinship care: relatives and friends bringing up a child. What each
//! arrangement can bring, by the child's council (`support`); the groups
//! organisations run for kinship carers, found near a postcode without an
//! account (`groups`, `finder`); registering, asking to join and belonging
//! (`carers`, `membership`); sessions and workshops, booked through the
//! events' own code (`sessions`, `recurrence`); what facilitators send
//! (`announcements`), worries about a child (`worries`, through
//! `concerns`), and the figures administrators see (`figures`).

mod announcements;
mod carers;
pub mod entities;
mod figures;
mod finder;
mod groups;
mod membership;
pub mod recurrence;
mod sessions;
mod support;
mod view;
mod worries;

pub use announcements::post_announcement;
pub use carers::{
    KinshipCarer, MOST_CHILDREN, NewKinshipCarer, my_registration, register_kinship_carer,
};
pub use figures::{GroupFigures, KinshipFigures, MONTHS, kinship_figures};
pub use finder::{DEFAULT_MILES, DISTANCES, GroupListing, GroupSearch, Meets, find_groups};
pub(crate) use groups::group_names;
pub use groups::{
    ForWhom, GroupFormat, GroupInput, RunGroup, STANDARD_AGREEMENT, Serves, change_group,
    close_group, facilitators_to_choose, group_as_entered, groups_run, set_up_group,
};
pub use membership::{
    MembershipMove, MembershipState, accept_agreement, ask_to_join, move_membership,
};
pub use sessions::{
    AHEAD_DAYS, MakeKinshipSessions, NewSessions, book_session, cancel_booking, cancel_session,
    make_kinship_sessions, publish_sessions, record_session_attendance, stop_series,
};
pub use support::{Arrangement, ArrangementSupport, Council, Duty, SupportAnswer, kinship_support};
pub use view::{
    Announcement, GroupPage, MemberEntry, MyGroups, SessionEntry, SessionPlaces, Standing,
    first_name, group_members, kinship_group, my_groups, past_sessions, session_places,
};
pub use worries::raise_group_concern;
