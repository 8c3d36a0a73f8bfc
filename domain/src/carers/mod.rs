//! Foster carers after approval: the carer household its service keeps,
//! with its terms, its supervising social worker, its annual reviews and,
//! in the end, its leaving.

mod access;
pub mod entities;
mod households;
mod leaving;
mod list;
mod record;
mod reviews;
mod workers;

pub(crate) use households::{Approval, keep_carer_household, move_carer_household};
pub use leaving::{LeavingChoice, LeavingEnding, LeavingInput, LeavingReason, record_leaving};
pub use list::{CarerHousehold, Terms, carer_households};
pub use record::{CarerHouseholdRecord, HistoryLine, Leaving, Review, carer_household_record};
pub use reviews::{ReviewInput, ReviewOutcome, record_review};
pub use workers::{Worker, WorkerChoice, give_supervising_social_worker, worker_choice};
