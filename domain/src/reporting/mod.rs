//! Reports for recruitment teams: the funnel by stage, time in each stage,
//! targets and sufficiency, computed from the funnel's history
//! (`docs/reports.md` defines every figure). Built a part at a time; this
//! part holds the date ranges every report is asked for.

mod range;

pub use range::{DateRange, Preset};
