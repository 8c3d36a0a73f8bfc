//! A summary table (the stages households entered, their closures) read
//! with the facts of the households it belongs to, in the reader's scope
//! and passing the report's filters.
//!
//! Which table to start from matters at England's scale. Left to itself,
//! SQLite starts from the summary table's day index and looks up each row's
//! household, whatever the filters: over three years that is a million
//! lookups to keep a few thousand rows. When the households are few (a
//! service's own, or filtered) or the range is long, starting from the
//! households and finding their rows through the summary table's household
//! index visits only the rows that count. SQLite keeps the tables of a
//! `CROSS JOIN` in the order written, and PostgreSQL plans it as any inner
//! join, so the one statement serves both.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait, Select};

use super::entities::{report_closure, report_household, report_stage_spell};
use super::filter::ReportRequest;
use super::funnel::counted;
use super::scope::Scope;

/// Past this many days a range holds enough of the history that starting
/// from the households costs less than starting from the days.
const LONG_RANGE_DAYS: i64 = 92;

/// The summary tables that belong to a household.
#[derive(Clone, Copy, Debug)]
pub(super) enum Summary {
    Spells,
    Closures,
}

/// Whether to start from the households rather than the summary's days.
fn households_first(scope: &Scope, request: &ReportRequest) -> bool {
    matches!(scope, Scope::Organisations(_))
        || request.filters.any()
        || (request.range.last - request.range.first).num_days() > LONG_RANGE_DAYS
}

/// The households `request` counts, each joined with its rows of `summary`.
pub(super) fn with_households(
    summary: Summary,
    scope: &Scope,
    request: &ReportRequest,
) -> Select<report_household::Entity> {
    let (relation, household_id) = match summary {
        Summary::Spells => (
            report_stage_spell::Relation::Household.def().rev(),
            Expr::col((
                report_stage_spell::Entity,
                report_stage_spell::Column::HouseholdId,
            )),
        ),
        Summary::Closures => (
            report_closure::Relation::Household.def().rev(),
            Expr::col((report_closure::Entity, report_closure::Column::HouseholdId)),
        ),
    };
    let households = report_household::Entity::find().filter(counted(scope, request));
    if households_first(scope, request) {
        // A cross join takes no condition of its own: the pairing is a
        // filter.
        households
            .join(JoinType::CrossJoin, relation)
            .filter(household_id.equals((
                report_household::Entity,
                report_household::Column::HouseholdId,
            )))
    } else {
        households.join(JoinType::InnerJoin, relation)
    }
}
