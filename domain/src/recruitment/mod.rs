//! Recruitment: enquiries, information events, visits, and the funnel that
//! carries a household from its first enquiry towards approval.

mod bank_holidays;
mod enquiries;
pub mod entities;
pub mod funnel;
mod history;
pub mod interest;
mod routing;
pub mod working_days;

pub use bank_holidays::{bank_holidays, import_bank_holidays};
pub use enquiries::{
    Campaign, ENQUIRIES_PER_CLIENT, EnquiryReceived, FIRST_CONTACT_WORKING_DAYS, NewEnquiry,
    REPEAT_WITHIN, london_display, register_interest,
};
pub use routing::SPLIT_BELOW;
