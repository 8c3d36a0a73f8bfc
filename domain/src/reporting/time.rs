//! How long each step takes: days in each stage and from enquiry to
//! approval (medians and 90th percentiles, from counts of households per
//! day, which both databases can give), first contact against the
//! service's deadline, Stage 1 and Stage 2 against their months, and what
//! is overdue now.

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait};

use super::entities::{report_household, report_stage_spell};
use super::filter::{Filters, ReportRequest};
use super::funnel::counted;
use super::joined::{Summary, with_households};
use super::months::{Measure, Reading, months_needed};
use super::range::DateRange;
use super::scope::Scope;
use crate::clock::london_day;
use crate::figures::{Figure, SMALLEST_SHOWN, rate};
use crate::geography::entities::local_authority;
use crate::recruitment::entities::household;
use crate::recruitment::funnel::Stage;
use crate::recruitment::service_profile::clocks_of_many;
use crate::{Actor, Ctx, DomainError};

/// How long a number of households took: the median and 90th percentile
/// are given only for 5 households or more, as the suppression rule gives
/// a rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spread {
    pub households: Figure,
    pub median: Option<u32>,
    pub p90: Option<u32>,
}

impl Spread {
    /// From how many households took each number of days (or hours).
    fn of(mut counts: Vec<(i64, i64)>) -> Self {
        counts.sort_unstable();
        let n: i64 = counts.iter().map(|(_, c)| c).sum();
        let total = u64::try_from(n).unwrap_or_default();
        // The nearest-rank percentile: the smallest value at or below
        // which that share of households lie.
        let percentile = |share: i64| {
            let wanted = ((n * share + 99) / 100).max(1);
            let mut seen = 0;
            counts.iter().find_map(|(value, c)| {
                seen += c;
                (seen >= wanted).then(|| u32::try_from(*value).unwrap_or_default())
            })
        };
        let shown = total >= SMALLEST_SHOWN;
        Self {
            households: Figure::of(total),
            median: percentile(50).filter(|_| shown),
            p90: percentile(90).filter(|_| shown),
        }
    }
}

/// How many were due, and how many were done in time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InTime {
    pub households: Figure,
    pub in_time: Figure,
    pub share: Option<f64>,
}

impl InTime {
    fn of(households: u64, in_time: u64) -> Self {
        Self {
            households: Figure::of(households),
            in_time: Figure::of(in_time),
            share: rate(in_time, households),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimeReport {
    pub range: DateRange,
    /// Days in each stage, of the households that moved on from it in the
    /// range.
    pub stages: Vec<(Stage, Spread)>,
    /// Days from enquiry to approval, of those approved in the range.
    pub enquiry_to_approval: Spread,
    /// Of the households that enquired in the range and have been reached:
    /// how many by the service's deadline.
    pub first_contact: InTime,
    /// Hours to first contact.
    pub first_contact_hours: Spread,
    /// Of those that went on to Stage 2 in the range: how many within the
    /// service's months for Stage 1 from their application.
    pub stage_one: InTime,
    /// Of those booked for panel in the range: how many within the months
    /// for Stage 2 from their application.
    pub stage_two: InTime,
    /// Open households late now, whenever they enquired.
    pub overdue_now: Figure,
}

/// The stages time is measured in: those a household moves on from.
pub const TIMED_STAGES: &[Stage] = &[
    Stage::Enquiry,
    Stage::Contacted,
    Stage::InformationEvent,
    Stage::InitialVisit,
    Stage::ApplicationInvited,
    Stage::ApplicationSubmitted,
    Stage::Assessment,
    Stage::Panel,
    Stage::Recommended,
    Stage::ProposedNotToApprove,
];

/// What the time report counts: households by stage and days in it, by
/// days to approval, by hours to first contact and whether by the
/// deadline, and by organisation and months from application to Stage 2
/// and to panel.
#[derive(Default)]
struct Counted {
    days: Vec<(Stage, i32, u64)>,
    to_approval: Vec<(i32, u64)>,
    contacts: Vec<(i32, bool, u64)>,
    stage_one: Vec<(i32, i32, u64)>,
    stage_two: Vec<(i32, i32, u64)>,
}

const MEASURES: &[Measure] = &[
    Measure::DaysInStage,
    Measure::DaysToApproval,
    Measure::FirstContact,
];

/// Kept by organisation only, whose months they are measured against.
const STATUTORY: &[Measure] = &[Measure::StageOneMonths, Measure::StageTwoMonths];

async fn from_months(ctx: &Ctx, reading: &Reading) -> Result<Counted, DomainError> {
    let mut counted = Counted::default();
    let mut rows = reading.counted(&ctx.db, MEASURES, false).await?;
    if let Some(by_organisation) = reading.by_organisation() {
        rows.extend(by_organisation.counted(&ctx.db, STATUTORY, false).await?);
    }
    for row in rows {
        let n = row.households;
        match row.measure {
            Measure::DaysInStage => {
                let stage = usize::try_from(row.stage)
                    .ok()
                    .and_then(|i| Stage::ALL.get(i));
                if let Some(stage) = stage {
                    counted.days.push((*stage, row.value, n));
                }
            }
            Measure::DaysToApproval => counted.to_approval.push((row.value, n)),
            Measure::FirstContact => counted.contacts.push((row.value, row.stage == 1, n)),
            Measure::StageOneMonths => counted.stage_one.push((row.organisation_id, row.value, n)),
            Measure::StageTwoMonths => counted.stage_two.push((row.organisation_id, row.value, n)),
            _ => {}
        }
    }
    Ok(counted)
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

async fn from_summaries(
    ctx: &Ctx,
    scope: &Scope,
    request: &ReportRequest,
) -> Result<Counted, DomainError> {
    let conn = &ctx.db;
    let (first, last) = (request.range.first, request.range.last);
    let count = || Expr::cust("COUNT(*)");
    let days: Vec<(String, i32, i64)> = with_households(Summary::Spells, scope, request)
        .select_only()
        .column(report_stage_spell::Column::Stage)
        .column(report_stage_spell::Column::Days)
        .expr(count())
        .filter(report_stage_spell::Column::LeftOn.between(first, last))
        .group_by(report_stage_spell::Column::Stage)
        .group_by(report_stage_spell::Column::Days)
        .into_tuple()
        .all(conn)
        .await?;
    let to_approval: Vec<(i32, i64)> = report_household::Entity::find()
        .select_only()
        .column(report_household::Column::DaysToApproval)
        .expr(count())
        .filter(counted(scope, request))
        .filter(report_household::Column::ApprovedOn.between(first, last))
        .filter(report_household::Column::DaysToApproval.is_not_null())
        // A connected person never enquired: their days run from the
        // temporary approval.
        .filter(report_household::Column::ConnectedPerson.eq(false))
        .group_by(report_household::Column::DaysToApproval)
        .into_tuple()
        .all(conn)
        .await?;
    let hours = Expr::cust("\"report_households\".\"first_contact_minutes\" / 60");
    let contacts: Vec<(i32, bool, i64)> = report_household::Entity::find()
        .select_only()
        .expr(hours.clone())
        .column(report_household::Column::FirstContactMet)
        .expr(count())
        .filter(counted(scope, request))
        .filter(report_household::Column::FirstOn.between(first, last))
        .filter(report_household::Column::FirstContactMet.is_not_null())
        .group_by(hours)
        .group_by(report_household::Column::FirstContactMet)
        .into_tuple()
        .all(conn)
        .await?;
    let mut statutory = Vec::with_capacity(2);
    for reached in [
        report_household::Column::StageTwoOn,
        report_household::Column::PanelOn,
    ] {
        let rows: Vec<(i32, NaiveDate, NaiveDate, i64)> = report_household::Entity::find()
            .select_only()
            .column(report_household::Column::OrganisationId)
            .column(report_household::Column::AppliedOn)
            .column(reached)
            .expr(count())
            .filter(counted(scope, request))
            .filter(reached.between(first, last))
            .filter(report_household::Column::AppliedOn.is_not_null())
            .group_by(report_household::Column::OrganisationId)
            .group_by(report_household::Column::AppliedOn)
            .group_by(reached)
            .into_tuple()
            .all(conn)
            .await?;
        statutory.push(
            rows.into_iter()
                .map(|(organisation, applied, done, n)| {
                    (organisation, months_needed(applied, done), to_u64(n))
                })
                .collect(),
        );
    }
    let stage_two = statutory.pop().unwrap_or_default();
    let stage_one = statutory.pop().unwrap_or_default();
    Ok(Counted {
        days: days
            .into_iter()
            .map(|(stage, days, n)| Ok((Stage::from_stored(&stage)?, days, to_u64(n))))
            .collect::<Result<_, DomainError>>()?,
        to_approval: to_approval
            .into_iter()
            .map(|(days, n)| (days, to_u64(n)))
            .collect(),
        contacts: contacts
            .into_iter()
            .map(|(hours, met, n)| (hours, met, to_u64(n)))
            .collect(),
        stage_one,
        stage_two,
    })
}

/// Counts of households by a number of days or hours.
fn spread(counts: impl Iterator<Item = (i32, u64)>) -> Spread {
    Spread::of(
        counts
            .map(|(value, n)| (i64::from(value), i64::try_from(n).unwrap_or(i64::MAX)))
            .collect(),
    )
}

pub async fn time_report(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<TimeReport, DomainError> {
    let scope = Scope::for_request(actor, request)?;
    // Time is not broken down.
    let request = &ReportRequest {
        breakdown: None,
        ..request.clone()
    };
    let counts = match Reading::of(&scope, request, london_day(ctx.clock.now()), MEASURES) {
        Some(reading) => from_months(ctx, &reading).await?,
        None => from_summaries(ctx, &scope, request).await?,
    };
    let stages = TIMED_STAGES
        .iter()
        .map(|stage| {
            let days = counts.days.iter().filter(|(s, ..)| s == stage);
            (*stage, spread(days.map(|(_, d, n)| (*d, *n))))
        })
        .collect();
    let contacted: u64 = counts.contacts.iter().map(|(.., n)| n).sum();
    let met: u64 = counts
        .contacts
        .iter()
        .filter(|(_, met, _)| *met)
        .map(|(.., n)| n)
        .sum();
    let overdue = overdue_now(ctx, &scope, request).await?;
    Ok(TimeReport {
        range: request.range,
        stages,
        enquiry_to_approval: spread(counts.to_approval.into_iter()),
        first_contact: InTime::of(contacted, met),
        first_contact_hours: spread(counts.contacts.into_iter().map(|(h, _, n)| (h, n))),
        stage_one: statutory_months(ctx, &counts.stage_one, true).await?,
        stage_two: statutory_months(ctx, &counts.stage_two, false).await?,
        overdue_now: Figure::of(overdue),
    })
}

/// Open households late now, whenever they enquired. Counted from the
/// households themselves when the only filters are where they are, so a
/// national count reads an index, not every summary.
async fn overdue_now(
    ctx: &Ctx,
    scope: &Scope,
    request: &ReportRequest,
) -> Result<u64, DomainError> {
    let filters = &request.filters;
    let mut query = household::Entity::find()
        .select_only()
        .expr(Expr::cust("COUNT(*)"))
        .filter(household::Column::DueAt.lte(ctx.clock.now()));
    let by_place_only = Filters {
        organisation: None,
        region: None,
        local_authority: None,
        ..filters.clone()
    } == Filters::default();
    if by_place_only {
        if let Scope::Organisations(ids) = scope {
            query = query.filter(household::Column::OrganisationId.is_in(ids.iter().copied()));
        }
        if let Some(id) = filters.organisation {
            query = query.filter(household::Column::OrganisationId.eq(id));
        }
        if let Some(id) = filters.local_authority {
            query = query.filter(household::Column::LocalAuthorityId.eq(id));
        }
        if let Some(id) = filters.region {
            query = query.filter(
                household::Column::LocalAuthorityId.in_subquery(
                    Query::select()
                        .column(local_authority::Column::Id)
                        .from(local_authority::Entity)
                        .and_where(local_authority::Column::RegionId.eq(id))
                        .to_owned(),
                ),
            );
        }
    } else {
        query = query
            .join(
                JoinType::InnerJoin,
                report_household::Relation::Household.def().rev(),
            )
            .filter(counted(scope, request));
    }
    let overdue: Option<i64> = query.into_tuple().one(&ctx.db).await?;
    Ok(to_u64(overdue.unwrap_or_default()))
}

/// Stage 1 or Stage 2 against each service's months: `counts` holds how
/// many households of each organisation needed each number of months
/// from the day the application was sent.
async fn statutory_months(
    ctx: &Ctx,
    counts: &[(i32, i32, u64)],
    stage_one: bool,
) -> Result<InTime, DomainError> {
    let mut organisations: Vec<i32> = counts.iter().map(|r| r.0).collect();
    organisations.sort_unstable();
    organisations.dedup();
    let clocks = clocks_of_many(&ctx.db, &organisations).await?;
    let (mut all, mut in_time) = (0, 0);
    for (organisation, needed, n) in counts {
        let clocks = clocks.get(organisation).copied().unwrap_or_default();
        let months = if stage_one {
            clocks.stage_one_months
        } else {
            clocks.stage_two_months
        };
        all += n;
        if i64::from(*needed) <= i64::from(months) {
            in_time += n;
        }
    }
    Ok(InTime::of(all, in_time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_and_90th_percentile_are_read_from_counts_by_day() {
        // Ten households: 1, 2, ..., 10 days.
        let spread = Spread::of((1..=10).map(|d| (d, 1)).collect());
        assert_eq!(spread.median, Some(5));
        assert_eq!(spread.p90, Some(9));
        let spread = Spread::of(vec![(30, 6), (3, 3), (100, 1)]);
        assert_eq!(spread.median, Some(30), "the fifth of ten is among the 30s");
        assert_eq!(spread.p90, Some(30));
    }

    #[test]
    fn a_spread_of_fewer_than_5_households_is_not_given() {
        let spread = Spread::of(vec![(12, 4)]);
        assert_eq!(spread.households, Figure::FewerThanFive);
        assert_eq!((spread.median, spread.p90), (None, None));
        assert_eq!(Spread::of(Vec::new()).median, None);
    }
}
