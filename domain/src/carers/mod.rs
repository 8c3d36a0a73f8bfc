//! Foster carers after approval: the carer household its service keeps,
//! with its terms, its supervising social worker and its annual review.

pub mod entities;
mod households;
mod list;
mod workers;

pub(crate) use households::{Approval, keep_carer_household, move_carer_household};
pub use list::{CarerHousehold, Terms, carer_households};
pub use workers::{Worker, WorkerChoice, give_supervising_social_worker, worker_choice};
