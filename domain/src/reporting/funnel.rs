//! The funnel for a range, in its two views (`docs/reports.md`): the cohort
//! that enquired in the range and how far it has come, and what happened in
//! the range whenever households enquired.

use std::collections::BTreeMap;

use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::entities::{report_closure, report_household, report_stage_spell};
use super::filter::{Breakdown, ReportRequest};
use super::joined::{Summary, with_households};
use super::months::{CLOSURES, Measure, Reading};
use super::range::DateRange;
use super::scope::Scope;
use super::summaries::rank;
use crate::clock::london_day;
use crate::figures::{Figure, rate};
use crate::recruitment::funnel::{Closure, Stage};
use crate::{Actor, Ctx, DomainError};

/// The stages a cohort is counted through: every stage but a proposal not
/// to approve, which approved households pass by. The information event is
/// optional, so it is reached only by coming to one.
pub const COHORT_STAGES: &[Stage] = &[
    Stage::Enquiry,
    Stage::Contacted,
    Stage::InformationEvent,
    Stage::InitialVisit,
    Stage::ApplicationInvited,
    Stage::ApplicationSubmitted,
    Stage::Assessment,
    Stage::Panel,
    Stage::Recommended,
    Stage::Approved,
];

/// Raw counts, before the suppression rule: never leave this module.
#[derive(Clone, Debug, Default)]
struct Counts {
    /// Households in the cohort that reached each of `COHORT_STAGES`.
    reached: [u64; COHORT_STAGES.len()],
    /// Households that entered each stage in the range, by `Stage::ALL`.
    entered: [u64; Stage::ALL.len()],
    withdrew: u64,
    advised_not_to_proceed: u64,
    not_approved: u64,
}

/// A stage as the cohort reached it.
#[derive(Clone, Debug, PartialEq)]
pub struct StageReached {
    pub stage: Stage,
    pub households: Figure,
    /// The share of those that reached the stage before it (the one that is
    /// not optional) that reached this one.
    pub from_previous: Option<f64>,
}

/// Of the households that enquired in the range, how far they have come.
#[derive(Clone, Debug, PartialEq)]
pub struct Cohort {
    pub enquiries: Figure,
    pub stages: Vec<StageReached>,
    pub enquiry_to_application: Option<f64>,
    pub enquiry_to_approval: Option<f64>,
    /// Of those that applied, the share approved so far.
    pub application_to_approval: Option<f64>,
}

/// What happened in the range: Ofsted's annual counts among them.
#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    /// Households entering each stage in the range.
    pub entered: Vec<(Stage, Figure)>,
    pub withdrew: Figure,
    pub advised_not_to_proceed: Figure,
    pub not_approved: Figure,
}

impl Period {
    /// How many entered `stage` in the range.
    pub fn entered(&self, stage: Stage) -> Figure {
        self.entered
            .iter()
            .find(|(s, _)| *s == stage)
            .map_or(Figure::None, |(_, f)| *f)
    }
}

/// One row of the funnel: everyone, or one group of a breakdown.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelRow {
    /// The group's key (an id, a stored name, a month as `2026-04`); none
    /// for the total, or for households with no value.
    pub key: Option<String>,
    pub label: String,
    pub cohort: Cohort,
    pub period: Period,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunnelReport {
    pub range: DateRange,
    pub breakdown: Option<Breakdown>,
    /// Everyone counted.
    pub total: FunnelRow,
    /// One row per group, when broken down.
    pub groups: Vec<FunnelRow>,
}

impl Counts {
    fn shown(&self, key: Option<String>, label: String) -> FunnelRow {
        let reached = |stage: Stage| {
            COHORT_STAGES
                .iter()
                .position(|s| *s == stage)
                .map_or(0, |i| self.reached[i])
        };
        let enquiries = reached(Stage::Enquiry);
        let mut stages = Vec::with_capacity(COHORT_STAGES.len());
        let mut previous = None;
        for (i, stage) in COHORT_STAGES.iter().enumerate() {
            let n = self.reached[i];
            let optional = *stage == Stage::InformationEvent;
            stages.push(StageReached {
                stage: *stage,
                households: Figure::of(n),
                from_previous: previous.filter(|_| !optional).and_then(|p| rate(n, p)),
            });
            if !optional {
                previous = Some(n);
            }
        }
        FunnelRow {
            key,
            label,
            cohort: Cohort {
                enquiries: Figure::of(enquiries),
                stages,
                enquiry_to_application: rate(reached(Stage::ApplicationSubmitted), enquiries),
                enquiry_to_approval: rate(reached(Stage::Approved), enquiries),
                application_to_approval: rate(
                    reached(Stage::Approved),
                    reached(Stage::ApplicationSubmitted),
                ),
            },
            period: Period {
                entered: Stage::ALL
                    .iter()
                    .zip(self.entered)
                    .map(|(s, n)| (*s, Figure::of(n)))
                    .collect(),
                withdrew: Figure::of(self.withdrew),
                advised_not_to_proceed: Figure::of(self.advised_not_to_proceed),
                not_approved: Figure::of(self.not_approved),
            },
        }
    }
}

/// Counts, keyed by group, with the total kept apart: a household
/// interested in two kinds of fostering counts in both, and once in all.
#[derive(Default)]
struct Tally {
    total: Counts,
    groups: BTreeMap<Option<String>, Counts>,
}

impl Tally {
    fn add(
        &mut self,
        breakdown: Option<Breakdown>,
        key: Option<String>,
        n: u64,
        f: impl Fn(&mut Counts, u64),
    ) {
        f(&mut self.total, n);
        if breakdown.is_some() {
            for group in Breakdown::shares(breakdown, key) {
                f(self.groups.entry(group).or_default(), n);
            }
        }
    }
}

/// The rows of `report_households` a report counts: in the reader's scope
/// and passing its filters.
pub(super) fn counted(scope: &Scope, request: &ReportRequest) -> Condition {
    Condition::all()
        .add(scope.condition())
        .add(request.filters.condition())
}

fn count() -> Expr {
    Expr::cust("COUNT(*)")
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// What the funnel counts, by group: the cohort by furthest stage and
/// whether it came to an event, households entering each stage, and
/// closures still closed at the end of the range.
#[derive(Default)]
struct Counted {
    cohort: Vec<(Option<String>, i32, bool, u64)>,
    entered: Vec<(Option<String>, Stage, u64)>,
    closed: Vec<(Option<String>, Closure, u64)>,
}

const MEASURES: &[Measure] = &[Measure::Cohort, Measure::Entered, Measure::Stopped];

/// By month of enquiry, what happened is counted under the month each
/// household enquired.
const BY_COHORT: &[Measure] = &[
    Measure::Cohort,
    Measure::EnteredByCohort,
    Measure::StoppedByCohort,
];

fn measures(breakdown: Option<Breakdown>) -> &'static [Measure] {
    if breakdown == Some(Breakdown::EnquiryMonth) {
        BY_COHORT
    } else {
        MEASURES
    }
}

async fn from_months(
    ctx: &Ctx,
    reading: &Reading,
    breakdown: Option<Breakdown>,
) -> Result<Counted, DomainError> {
    let mut counted = Counted::default();
    let by_cohort = breakdown == Some(Breakdown::EnquiryMonth);
    for row in reading
        .counted(&ctx.db, measures(breakdown), by_cohort)
        .await?
    {
        match row.measure {
            Measure::Cohort => counted.cohort.push((
                row.key,
                i32::from(row.stage),
                row.value == 1,
                row.households,
            )),
            Measure::Entered | Measure::EnteredByCohort => {
                let stage = usize::try_from(row.stage)
                    .ok()
                    .and_then(|i| Stage::ALL.get(i));
                if let Some(stage) = stage {
                    counted.entered.push((row.key, *stage, row.households));
                }
            }
            Measure::Stopped | Measure::StoppedByCohort if row.still_closed(reading.range()) => {
                let closure = usize::try_from(row.stage)
                    .ok()
                    .and_then(|i| CLOSURES.get(i));
                if let Some(closure) = closure {
                    counted.closed.push((row.key, *closure, row.households));
                }
            }
            _ => {}
        }
    }
    Ok(counted)
}

async fn from_summaries(
    ctx: &Ctx,
    scope: &Scope,
    request: &ReportRequest,
) -> Result<Counted, DomainError> {
    let conn = &ctx.db;
    let key = Breakdown::key(request.breakdown, conn.get_database_backend());
    let (first, last) = (request.range.first, request.range.last);
    // Three queries, read side by side: at England's scale each takes a
    // core for a while.
    let cohort = report_household::Entity::find()
        .select_only()
        .expr(key.clone())
        .column(report_household::Column::Furthest)
        .column(report_household::Column::AttendedEvent)
        .expr(count())
        .filter(counted(scope, request))
        .filter(report_household::Column::ConnectedPerson.eq(false))
        .filter(report_household::Column::FirstOn.between(first, last))
        .group_by(key.clone())
        .group_by(report_household::Column::Furthest)
        .group_by(report_household::Column::AttendedEvent)
        .into_tuple::<(Option<String>, i32, bool, i64)>()
        .all(conn);
    let entered = with_households(Summary::Spells, scope, request)
        .select_only()
        .expr(key.clone())
        .column(report_stage_spell::Column::Stage)
        .expr(count())
        .filter(report_stage_spell::Column::EnteredOn.between(first, last))
        .group_by(key.clone())
        .group_by(report_stage_spell::Column::Stage)
        .into_tuple::<(Option<String>, String, i64)>()
        .all(conn);
    let closed = with_households(Summary::Closures, scope, request)
        .select_only()
        .expr(key.clone())
        .column(report_closure::Column::Closure)
        .expr(count())
        .filter(still_closed(request.range))
        .group_by(key)
        .group_by(report_closure::Column::Closure)
        .into_tuple::<(Option<String>, String, i64)>()
        .all(conn);
    let (cohort, entered, closed) = tokio::try_join!(cohort, entered, closed)?;
    Ok(Counted {
        cohort: cohort
            .into_iter()
            .map(|(group, furthest, attended, n)| (group, furthest, attended, to_u64(n)))
            .collect(),
        entered: entered
            .into_iter()
            .map(|(group, stage, n)| Ok((group, Stage::from_stored(&stage)?, to_u64(n))))
            .collect::<Result<_, DomainError>>()?,
        closed: closed
            .into_iter()
            .map(|(group, closure, n)| Ok((group, Closure::from_stored(&closure)?, to_u64(n))))
            .collect::<Result<_, DomainError>>()?,
    })
}

/// The funnel for `request`, as the reader may see it.
pub async fn funnel_report(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<FunnelReport, DomainError> {
    let scope = Scope::for_request(actor, request)?;
    funnel_for(ctx, &scope, request).await
}

/// The funnel for `request` over the organisations `scope` covers.
pub(super) async fn funnel_for(
    ctx: &Ctx,
    scope: &Scope,
    request: &ReportRequest,
) -> Result<FunnelReport, DomainError> {
    let conn = &ctx.db;
    let today = london_day(ctx.clock.now());
    let counted = match Reading::of(scope, request, today, measures(request.breakdown)) {
        Some(reading) => from_months(ctx, &reading, request.breakdown).await?,
        None => from_summaries(ctx, scope, request).await?,
    };
    let mut tally = Tally::default();
    for (group, furthest, attended, n) in counted.cohort {
        tally.add(request.breakdown, group, n, |c, n| {
            for (i, stage) in COHORT_STAGES.iter().enumerate() {
                let reached = if *stage == Stage::InformationEvent {
                    attended
                } else {
                    furthest >= rank(*stage)
                };
                if reached {
                    c.reached[i] += n;
                }
            }
        });
    }
    for (group, stage, n) in counted.entered {
        let i = usize::try_from(rank(stage)).unwrap_or_default();
        tally.add(request.breakdown, group, n, |c, n| c.entered[i] += n);
    }
    for (group, closure, n) in counted.closed {
        tally.add(request.breakdown, group, n, |c, n| match closure {
            Closure::Withdrawn => c.withdrew += n,
            Closure::AdvisedNotToProceed => c.advised_not_to_proceed += n,
            Closure::NotApproved => c.not_approved += n,
        });
    }
    let labels = Breakdown::labels(request.breakdown, conn, tally.groups.keys().cloned()).await?;
    let groups = labels
        .into_iter()
        .map(|(key, label)| {
            tally
                .groups
                .get(&key)
                .cloned()
                .unwrap_or_default()
                .shown(key, label)
        })
        .collect();
    Ok(FunnelReport {
        range: request.range,
        breakdown: request.breakdown,
        total: tally.total.shown(None, "All".to_owned()),
        groups,
    })
}

/// Closures in the range not reopened within it: a household that withdrew
/// and came back in the same range has not withdrawn in it, and one that
/// withdrew twice counts once, for its last (`docs/funnel-and-counts.md`).
pub(super) fn still_closed(range: DateRange) -> Condition {
    Condition::all()
        .add(report_closure::Column::ClosedOn.between(range.first, range.last))
        .add(
            Condition::any()
                .add(report_closure::Column::ReopenedOn.is_null())
                .add(report_closure::Column::ReopenedOn.gt(range.last)),
        )
}
