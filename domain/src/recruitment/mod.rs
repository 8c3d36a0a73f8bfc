//! Recruitment: enquiries, information events, visits, and the funnel that
//! carries a household from its first enquiry towards approval.

mod bank_holidays;
pub mod closure_reasons;
pub mod connected_persons;
pub mod contact;
mod daily;
mod enquiries;
pub mod entities;
pub mod equality;
pub mod event_registrations;
pub mod events;
pub mod funnel;
pub(crate) mod history;
pub(crate) use history::{apply as move_in_funnel, current as locked_household, state_of};
pub mod household_parts;
mod households;
pub mod interest;
pub mod known_adults;
pub mod made_up;
mod own_enquiry;
mod queue;
pub mod queue_position;
mod routing;
pub mod service_profile;
pub mod visits;
pub mod working_days;

pub use bank_holidays::{
    bank_holidays, bank_holidays_to_manage, import_bank_holidays, list_bank_holidays,
    remove_bank_holiday, set_bank_holiday,
};
pub use daily::{ResumeEndedHolds, SendOfficerDigests, resume_ended_holds, send_officer_digests};
pub use enquiries::{
    Campaign, ENQUIRIES_PER_CLIENT, EnquiryReceived, FIRST_CONTACT_WORKING_DAYS, NewEnquiry,
    REPEAT_WITHIN, london_display, register_interest,
};
pub(crate) use enquiries::{name_and_email, new_household, phone_number};
pub use households::{
    ContactEntry, HistoryEntry, HouseholdMove, HouseholdRecord, KnownAdultFor, MAX_NOTE, NoteEntry,
    add_note, confirm_routing, household_record, household_records, move_household,
    reassign_household, record_contact, set_next_action,
};
pub use own_enquiry::{OwnEnquiry, own_enquiries};
pub use queue::{
    QueueFilter, QueueItem, assign_households, assign_to_me, enquiry_queue, recruitment_officers,
};
pub(crate) use routing::Route;
pub use routing::SPLIT_BELOW;
