//! How long each step takes: days in each stage and from enquiry to
//! approval (medians and 90th percentiles, from counts of households per
//! day, which both databases can give), first contact against the
//! service's deadline, Stage 1 and Stage 2 against their months, and what
//! is overdue now.

use chrono::Months;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait};

use super::entities::{report_household, report_stage_spell};
use super::filter::ReportRequest;
use super::funnel::counted;
use super::range::DateRange;
use super::scope::Scope;
use crate::figures::{Figure, SMALLEST_SHOWN, rate};
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

pub async fn time_report(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<TimeReport, DomainError> {
    let scope = Scope::for_request(actor, request)?;
    let conn = &ctx.db;
    let (first, last) = (request.range.first, request.range.last);
    let count = || Expr::cust("COUNT(*)");
    let days: Vec<(String, i32, i64)> = report_stage_spell::Entity::find()
        .select_only()
        .column(report_stage_spell::Column::Stage)
        .column(report_stage_spell::Column::Days)
        .expr(count())
        .join(
            JoinType::InnerJoin,
            report_stage_spell::Relation::Household.def(),
        )
        .filter(counted(&scope, request))
        .filter(report_stage_spell::Column::LeftOn.between(first, last))
        .group_by(report_stage_spell::Column::Stage)
        .group_by(report_stage_spell::Column::Days)
        .into_tuple()
        .all(conn)
        .await?;
    let stages = TIMED_STAGES
        .iter()
        .map(|stage| {
            let counts = days
                .iter()
                .filter(|(s, ..)| s == stage.as_str())
                .map(|(_, d, c)| (i64::from(*d), *c))
                .collect();
            (*stage, Spread::of(counts))
        })
        .collect();
    let to_approval: Vec<(i32, i64)> = report_household::Entity::find()
        .select_only()
        .column(report_household::Column::DaysToApproval)
        .expr(count())
        .filter(counted(&scope, request))
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
        .filter(counted(&scope, request))
        .filter(report_household::Column::FirstOn.between(first, last))
        .filter(report_household::Column::FirstContactMet.is_not_null())
        .group_by(hours)
        .group_by(report_household::Column::FirstContactMet)
        .into_tuple()
        .all(conn)
        .await?;
    let contacted: i64 = contacts.iter().map(|(.., n)| n).sum();
    let met: i64 = contacts
        .iter()
        .filter(|(_, met, _)| *met)
        .map(|(.., n)| n)
        .sum();
    let (stage_one, stage_two) = statutory_months(ctx, &scope, request).await?;
    let overdue: i64 = report_household::Entity::find()
        .select_only()
        .expr(count())
        .join(
            JoinType::InnerJoin,
            report_household::Relation::Household.def(),
        )
        .filter(counted(&scope, request))
        .filter(household::Column::DueAt.lte(ctx.clock.now()))
        .into_tuple()
        .one(conn)
        .await?
        .unwrap_or_default();
    let to_u64 = |n: i64| u64::try_from(n).unwrap_or_default();
    Ok(TimeReport {
        range: request.range,
        stages,
        enquiry_to_approval: Spread::of(
            to_approval
                .into_iter()
                .map(|(d, c)| (i64::from(d), c))
                .collect(),
        ),
        first_contact: InTime::of(to_u64(contacted), to_u64(met)),
        first_contact_hours: Spread::of(
            contacts
                .into_iter()
                .map(|(h, _, c)| (i64::from(h), c))
                .collect(),
        ),
        stage_one,
        stage_two,
        overdue_now: Figure::of(to_u64(overdue)),
    })
}

/// Stage 1 and Stage 2 against each service's months, counted from the
/// day the application was sent.
async fn statutory_months(
    ctx: &Ctx,
    scope: &Scope,
    request: &ReportRequest,
) -> Result<(InTime, InTime), DomainError> {
    let (first, last) = (request.range.first, request.range.last);
    let mut results = Vec::with_capacity(2);
    for (reached, stage_one) in [
        (report_household::Column::StageTwoOn, true),
        (report_household::Column::PanelOn, false),
    ] {
        let rows: Vec<(i32, chrono::NaiveDate, chrono::NaiveDate, i64)> =
            report_household::Entity::find()
                .select_only()
                .column(report_household::Column::OrganisationId)
                .column(report_household::Column::AppliedOn)
                .column(reached)
                .expr(Expr::cust("COUNT(*)"))
                .filter(counted(scope, request))
                .filter(reached.between(first, last))
                .filter(report_household::Column::AppliedOn.is_not_null())
                .group_by(report_household::Column::OrganisationId)
                .group_by(report_household::Column::AppliedOn)
                .group_by(reached)
                .into_tuple()
                .all(&ctx.db)
                .await?;
        let mut organisations: Vec<i32> = rows.iter().map(|r| r.0).collect();
        organisations.sort_unstable();
        organisations.dedup();
        let clocks = clocks_of_many(&ctx.db, &organisations).await?;
        let (mut all, mut in_time) = (0, 0);
        for (organisation, applied, done, n) in rows {
            let clocks = clocks.get(&organisation).copied().unwrap_or_default();
            let months = if stage_one {
                clocks.stage_one_months
            } else {
                clocks.stage_two_months
            };
            let n = u64::try_from(n).unwrap_or_default();
            all += n;
            if applied
                .checked_add_months(Months::new(months))
                .is_some_and(|due| done <= due)
            {
                in_time += n;
            }
        }
        results.push(InTime::of(all, in_time));
    }
    Ok((results[0], results[1]))
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
