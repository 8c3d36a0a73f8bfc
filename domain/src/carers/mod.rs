//! Foster carers after approval: the carer household its service keeps,
//! with its terms, its supervising social worker, its annual reviews and,
//! in the end, its leaving.

mod access;
mod child_record;
mod children;
mod decision_list;
mod delegated_authority;
pub mod entities;
mod households;
mod import;
mod leaving;
mod list;
mod my_household;
mod placements;
mod record;
mod reviews;
mod workers;

pub use child_record::{
    CHILDREN_LISTED, ChildListed, ChildPlacement, ChildRecord, child_record, children_placed,
};
pub use children::{ChildInput, LegalBasis};
pub(crate) use children::{age_on, child_name, is_childs_social_worker};
pub use decision_list::{ListedDecision, add_decision, decision_list, set_decision_retired};
pub(crate) use delegated_authority::carers_may;
pub use delegated_authority::{
    Answer, Area, ChildDecision, Decision, DecisionInput, DelegatedAuthority, ExceptionInput,
    ExceptionVersion, Holder, LoggedDecision, default_decisions, delegated_authority, log_decision,
    logged_decisions, record_exception, record_parent_agreement,
};
pub(crate) use households::{Approval, keep_carer_household, move_carer_household};
pub use import::{COLUMNS, ImportReport, ImportRun, MOST_ROWS, RowProblem, import_carers};
pub use leaving::{LeavingChoice, LeavingEnding, LeavingInput, LeavingReason, record_leaving};
pub(crate) use list::terms_of;
pub use list::{CarerHousehold, Terms, carer_households};
pub(crate) use my_household::carer_households_of;
pub use my_household::{MyHousehold, my_households};
pub(crate) use placements::children_living_with;
pub use placements::{
    EndingInput, EndingReason, ExemptionInput, Placed, PlacementEnding, PlacementInput,
    PlacementKind, end_placement, place_child, record_exemption,
};
pub use record::{CarerHouseholdRecord, HistoryLine, Leaving, Review, carer_household_record};
pub use reviews::{ReviewInput, ReviewOutcome, record_review};
pub(crate) use workers::people_who_may;
pub use workers::{Worker, WorkerChoice, give_supervising_social_worker, worker_choice};
