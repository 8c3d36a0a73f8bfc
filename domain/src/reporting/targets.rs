//! Targets: the review asks for 3,000 new carers a year. The national
//! programme sets England's yearly target and each service its own; the
//! report shows approvals so far this financial year, the run rate, and a
//! forecast for the year from the households in the pipeline now.
//!
//! The forecast's method, as the page states it: for each stage, the share
//! of the households that left it in the last 12 months that moved on
//! (rather than stopping), and the median days they spent in it. A
//! household at a stage now counts as the product of the shares of the
//! stages still ahead of it (its chance of approval), if the medians of
//! those stages end before 31 March; the forecast is the approvals so far
//! plus those chances, summed. A recommendation that became a proposal not
//! to approve has moved on only as often as such proposals are approved.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate, TimeDelta};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};

use super::entities::{recruitment_target, report_household};
use super::filter::{Filters, ReportRequest};
use super::months::{Measure, Reading};
use super::range::DateRange;
use super::scope::Scope;
use crate::accounts::{national_programme_id, organisations_by_id, recruiting_organisations};
use crate::clock::london_day;
use crate::figures::Figure;
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::recruitment::funnel::Stage;
use crate::recruitment::history::NOT_CLOSED;
use crate::{Actor, Ctx, DomainError};

/// England's yearly target when the national programme has set none: the
/// care review's 9,000 new carers in three years.
pub const NATIONAL_TARGET: u32 = 3_000;
/// The largest target anyone may set.
const MOST: u32 = 100_000;

/// The stages a household still has ahead of it from each stage, in order,
/// to approval (the information event is optional, so not ahead of anyone).
fn ahead(stage: Stage) -> &'static [Stage] {
    const PATH: &[Stage] = &[
        Stage::Enquiry,
        Stage::Contacted,
        Stage::InitialVisit,
        Stage::ApplicationInvited,
        Stage::ApplicationSubmitted,
        Stage::Assessment,
        Stage::Panel,
        Stage::Recommended,
    ];
    match stage {
        Stage::InformationEvent => &PATH[2..],
        Stage::ProposedNotToApprove => &[Stage::ProposedNotToApprove],
        Stage::Approved => &[],
        other => PATH
            .iter()
            .position(|s| *s == other)
            .map_or(&[][..], |i| &PATH[i..]),
    }
}

/// One line of the report: England, or a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetLine {
    /// None for England.
    pub organisation_id: Option<i32>,
    pub name: String,
    pub target: Option<u32>,
    pub approved: Figure,
    /// Approvals at this year's pace so far, over the whole year.
    pub run_rate: Figure,
    pub forecast: Figure,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetsReport {
    /// The financial year: its first day to its last.
    pub year: DateRange,
    pub today: NaiveDate,
    pub lines: Vec<TargetLine>,
    /// The lines whose targets the reader may set.
    pub settable: Vec<i32>,
}

/// The financial year starting in `year`.
fn financial_year(year: i32) -> DateRange {
    let first = NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(year + 1, 3, 31).unwrap_or_default();
    DateRange { first, last }
}

/// The year the financial year `day` falls in starts in.
pub fn starting_year(day: NaiveDate) -> i32 {
    if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// Each stage's share moving on and median days, over the last 12 whole
/// months.
struct Pace {
    onward: HashMap<Stage, f64>,
    median_days: HashMap<Stage, i64>,
}

/// The pace of the last 12 whole months, from the monthly counts: days in
/// each stage of those that moved on, and closures never reopened by the
/// stage they left.
async fn pace(ctx: &Ctx, scope: &Scope, today: NaiveDate) -> Result<Pace, DomainError> {
    let this_month = today.with_day(1).unwrap_or(today);
    let request = ReportRequest {
        range: DateRange {
            first: this_month
                .checked_sub_months(Months::new(12))
                .unwrap_or(this_month),
            last: this_month.pred_opt().unwrap_or(this_month),
        },
        filters: Filters::default(),
        breakdown: None,
    };
    let measures = [
        Measure::DaysInStage,
        Measure::Entered,
        Measure::WithdrewFrom,
        Measure::AdvisedNotToProceedFrom,
        Measure::NotApprovedFrom,
    ];
    // Whole months, no filter: the months always answer.
    let reading = Reading::of(scope, &request, today, &measures)
        .ok_or_else(|| DomainError::Internal("the pace is read from whole months".into()))?;
    let mut left: Vec<(Stage, i32, i64)> = Vec::new();
    let mut stopped: Vec<(Stage, i64)> = Vec::new();
    let mut proposed: i64 = 0;
    for row in reading.counted(&ctx.db, &measures, false).await? {
        let Some(stage) = usize::try_from(row.stage)
            .ok()
            .and_then(|i| Stage::ALL.get(i))
        else {
            continue;
        };
        let n = i64::try_from(row.households).unwrap_or(i64::MAX);
        match row.measure {
            Measure::DaysInStage => left.push((*stage, row.value, n)),
            // Leaving a recommendation for a proposal not to approve is
            // entering the proposal, on the same day.
            Measure::Entered if *stage == Stage::ProposedNotToApprove => proposed += n,
            Measure::Entered => {}
            // One that came back has not stopped.
            _ if row.value == 0 => stopped.push((*stage, n)),
            _ => {}
        }
    }
    Ok(Pace::of(&left, &stopped, proposed))
}

impl Pace {
    /// The pace from the days each stage's leavers spent in it (stage,
    /// days, households), the households that stopped at each stage, and
    /// how many left a recommendation for a proposal not to approve.
    fn of(left: &[(Stage, i32, i64)], stopped: &[(Stage, i64)], proposed: i64) -> Self {
        let mut onward = HashMap::new();
        let mut median_days = HashMap::new();
        for stage in Stage::ALL {
            let mut days: Vec<(i64, i64)> = left
                .iter()
                .filter(|(s, ..)| s == stage)
                .map(|(_, d, n)| (i64::from(*d), *n))
                .collect();
            days.sort_unstable();
            let moved: i64 = days.iter().map(|(_, n)| n).sum();
            let closed: i64 = stopped
                .iter()
                .filter(|(s, _)| s == stage)
                .map(|(_, n)| *n)
                .sum();
            if moved + closed > 0 {
                onward.insert(*stage, moved as f64 / (moved + closed) as f64);
            }
            median_days.extend(median(&days, moved).map(|d| (*stage, d)));
        }
        // A recommendation moves on to approval, or to a proposal not to
        // approve, which is approved in its turn only at that stage's share.
        let left_recommended: i64 = left
            .iter()
            .filter(|(s, ..)| *s == Stage::Recommended)
            .map(|(.., n)| *n)
            .sum();
        let proposal_approved = onward
            .get(&Stage::ProposedNotToApprove)
            .copied()
            .unwrap_or(0.0);
        if let Some(share) = onward.get_mut(&Stage::Recommended)
            && left_recommended > 0
        {
            let via_proposal = proposed.min(left_recommended) as f64 / left_recommended as f64;
            *share *= 1.0 - via_proposal * (1.0 - proposal_approved);
        }
        Self {
            onward,
            median_days,
        }
    }
}

/// The median of `days` (each with how many spent it, in order), of
/// `moved` households in all.
fn median(days: &[(i64, i64)], moved: i64) -> Option<i64> {
    let mut seen = 0;
    days.iter()
        .find(|(_, n)| {
            seen += n;
            seen * 2 >= moved
        })
        .map(|(d, _)| *d)
}

impl Pace {
    /// A household at `stage`'s chance of approval by the year's end.
    fn chance(&self, stage: Stage, today: NaiveDate, year_end: NaiveDate) -> f64 {
        let path = ahead(stage);
        if path.is_empty() {
            return 0.0;
        }
        let days: i64 = path
            .iter()
            .map(|s| self.median_days.get(s).copied().unwrap_or(0))
            .sum();
        if today + TimeDelta::days(days) > year_end {
            return 0.0;
        }
        path.iter()
            .map(|s| self.onward.get(s).copied().unwrap_or(0.0))
            .product()
    }
}

/// Approvals at this year's pace over the whole year: from the rounded
/// count, and only when that is shown, since the days are on the page and
/// a rate of the exact count would give it away.
fn run_rate(approved: u64, elapsed: i64, length: i64) -> Figure {
    match Figure::of(approved) {
        Figure::About(n) => {
            Figure::of((n as f64 * length as f64 / elapsed.max(1) as f64).round() as u64)
        }
        hidden => hidden,
    }
}

pub async fn targets_report(ctx: &Ctx, actor: &Actor) -> Result<TargetsReport, DomainError> {
    let scope = Scope::of(actor)?;
    let today = london_day(ctx.clock.now());
    let starting = starting_year(today);
    let year = financial_year(starting);
    let national = national_programme_id(ctx, &Actor::System).await?;
    let organisations = match &scope {
        Scope::Everyone => recruiting_organisations(ctx).await?,
        Scope::Organisations(ids) => organisations_by_id(ctx, ids).await?,
    };
    let approved: HashMap<i32, u64> = report_household::Entity::find()
        .select_only()
        .column(report_household::Column::OrganisationId)
        .expr(Expr::cust("COUNT(*)"))
        .filter(scope.condition())
        .filter(report_household::Column::ApprovedOn.between(year.first, today))
        .group_by(report_household::Column::OrganisationId)
        .into_tuple::<(i32, i64)>()
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|(o, n)| (o, u64::try_from(n).unwrap_or_default()))
        .collect();
    let mut pipeline = household::Entity::find()
        .select_only()
        .column(household::Column::OrganisationId)
        .column(household::Column::Stage)
        .expr(Expr::cust("COUNT(*)"))
        .filter(household::Column::Status.is_in(NOT_CLOSED))
        .filter(household::Column::Stage.ne(Stage::Approved.as_str()))
        .group_by(household::Column::OrganisationId)
        .group_by(household::Column::Stage);
    if let Scope::Organisations(ids) = &scope {
        pipeline = pipeline.filter(household::Column::OrganisationId.is_in(ids.iter().copied()));
    }
    let pipeline: Vec<(i32, String, i64)> = pipeline.into_tuple().all(&ctx.db).await?;
    let pace = pace(ctx, &scope, today).await?;
    let mut expected: HashMap<i32, f64> = HashMap::new();
    for (organisation, stage, n) in pipeline {
        let chance = pace.chance(Stage::from_stored(&stage)?, today, year.last);
        *expected.entry(organisation).or_default() += chance * n as f64;
    }
    let targets: HashMap<i32, i32> = recruitment_target::Entity::find()
        .filter(recruitment_target::Column::FinancialYear.eq(starting))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|t| (t.organisation_id, t.approvals))
        .collect();
    let elapsed = (today - year.first).num_days() + 1;
    let length = (year.last - year.first).num_days() + 1;
    let line =
        |id: Option<i32>, name: String, target: Option<u32>, approved: u64, more: f64| TargetLine {
            organisation_id: id,
            name,
            target,
            approved: Figure::of(approved),
            run_rate: run_rate(approved, elapsed, length),
            forecast: Figure::of((approved as f64 + more).round() as u64),
        };
    let mut lines = Vec::with_capacity(organisations.len() + 1);
    if scope == Scope::Everyone {
        let target = targets
            .get(&national)
            .and_then(|t| u32::try_from(*t).ok())
            .unwrap_or(NATIONAL_TARGET);
        lines.push(line(
            None,
            "England".to_owned(),
            Some(target),
            approved.values().sum(),
            expected.values().sum(),
        ));
    }
    for organisation in organisations {
        lines.push(line(
            Some(organisation.id),
            organisation.name,
            targets
                .get(&organisation.id)
                .and_then(|t| u32::try_from(*t).ok()),
            approved.get(&organisation.id).copied().unwrap_or(0),
            expected.get(&organisation.id).copied().unwrap_or(0.0),
        ));
    }
    let settable = lines
        .iter()
        .filter(|l| {
            actor.may(
                Permission::ManageRecruitment,
                l.organisation_id.unwrap_or(national),
            )
        })
        .map(|l| l.organisation_id.unwrap_or(national))
        .collect();
    Ok(TargetsReport {
        year,
        today,
        lines,
        settable,
    })
}

/// Sets `organisation_id`'s target of approvals for this financial year
/// (the national programme's is England's): for those who run its
/// recruitment.
pub async fn set_target(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    approvals: Option<u32>,
) -> Result<(), DomainError> {
    actor.require(Permission::ManageRecruitment, organisation_id)?;
    let approvals = approvals.filter(|n| *n <= MOST).ok_or_else(|| {
        DomainError::invalid(
            "approvals",
            format!("Enter a number of households from 0 to {MOST}"),
        )
    })?;
    let now = ctx.clock.now();
    let row = recruitment_target::ActiveModel {
        organisation_id: Set(organisation_id),
        financial_year: Set(starting_year(london_day(now))),
        approvals: Set(i32::try_from(approvals).unwrap_or(i32::MAX)),
        set_by_id: Set(actor.person_id()),
        set_at: Set(now),
    };
    recruitment_target::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                recruitment_target::Column::OrganisationId,
                recruitment_target::Column::FinancialYear,
            ])
            .update_columns([
                recruitment_target::Column::Approvals,
                recruitment_target::Column::SetById,
                recruitment_target::Column::SetAt,
            ])
            .to_owned(),
        )
        .exec(&ctx.db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    #[test]
    fn the_run_rate_never_gives_away_a_small_or_exact_count() {
        assert_eq!(run_rate(3, 10, 365), Figure::FewerThanFive);
        assert_eq!(run_rate(0, 10, 365), Figure::None);
        // 6 and 7 approvals both round to 5: their run rates are the same.
        assert_eq!(run_rate(6, 10, 365), run_rate(7, 10, 365));
        assert_eq!(run_rate(6, 10, 365), Figure::About(185));
    }

    #[test]
    fn a_recommendation_that_becomes_a_proposal_not_to_approve_moves_on_only_if_that_is_approved() {
        // Ten left a recommendation, two of them for a proposal not to
        // approve; of the two proposals decided, one was approved.
        let left = [
            (Stage::Recommended, 10, 10),
            (Stage::ProposedNotToApprove, 30, 1),
        ];
        let stopped = [(Stage::ProposedNotToApprove, 1)];
        let pace = Pace::of(&left, &stopped, 2);
        assert_eq!(pace.onward.get(&Stage::ProposedNotToApprove), Some(&0.5));
        assert_eq!(pace.onward.get(&Stage::Recommended), Some(&0.9));
    }

    #[test]
    fn a_household_counts_as_its_chance_if_the_stages_ahead_end_in_the_year() {
        let pace = Pace {
            onward: HashMap::from([(Stage::Panel, 0.9), (Stage::Recommended, 0.8)]),
            median_days: HashMap::from([(Stage::Panel, 20), (Stage::Recommended, 10)]),
        };
        let chance = pace.chance(Stage::Panel, day("2027-01-01"), day("2027-03-31"));
        assert!((chance - 0.72).abs() < 1e-9, "{chance}");
        assert_eq!(
            pace.chance(Stage::Panel, day("2027-03-15"), day("2027-03-31")),
            0.0,
            "30 days ahead of 15 March is after the year"
        );
        assert_eq!(
            pace.chance(Stage::Enquiry, day("2027-01-01"), day("2027-03-31")),
            0.0
        );
        assert_eq!(starting_year(day("2027-03-31")), 2026);
        assert_eq!(starting_year(day("2027-04-01")), 2027);
    }
}
