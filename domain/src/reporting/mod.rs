//! Reports for recruitment teams: the funnel by stage, time in each stage,
//! targets and sufficiency, computed from the funnel's history
//! (`docs/reports.md` defines every figure), counted from summaries kept
//! with that history (`summaries`).

mod annual_return;
mod behind;
mod choices;
pub mod entities;
mod equality;
mod filter;
mod funnel;
mod joined;
pub mod months;
mod public;
mod range;
mod reasons;
mod scope;
mod sufficiency;
pub mod summaries;
mod targets;
mod time;
mod trend;

pub use annual_return::{AnnualReturn, ServiceReturn, annual_return};
pub use behind::{Behind, NamedHousehold, households_behind, may_see_households};
pub use choices::{ReportChoices, report_choices};
pub use equality::{EqualityByStage, EqualityGroup, equality_by_stage, may_see_equality};
pub use filter::{Breakdown, Filters, ReportRequest};
pub use funnel::{
    COHORT_STAGES, Cohort, FunnelReport, FunnelRow, Period, StageReached, funnel_report,
};
pub use public::{
    PublicStatistics, PublishedRates, Publisher, public_statistics, publishers, set_published,
};
pub use range::{DateRange, Preset};
pub use reasons::{ReasonsReport, StopReason, reasons_report};
pub use scope::Scope;
pub use sufficiency::{NeededHome, ServiceNeeds, SufficiencyReport, sufficiency_report};
pub use targets::{NATIONAL_TARGET, TargetLine, TargetsReport, set_target, targets_report};
pub use time::{InTime, Spread, TIMED_STAGES, TimeReport, time_report};
pub use trend::{MonthCounts, TREND_STAGES, TrendReport, trend_report};
