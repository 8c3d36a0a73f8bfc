//! The monthly trend: in each month of the range, how many households
//! enquired, sent an application and were approved (the period's counts,
//! month by month).

use chrono::{Datelike, Months, NaiveDate};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbBackend, QueryFilter, QuerySelect};

use super::entities::report_stage_spell;
use super::filter::ReportRequest;
use super::joined::{Summary, with_households};
use super::months::{Measure, Reading};
use super::range::DateRange;
use super::scope::Scope;
use crate::clock::london_day;
use crate::figures::Figure;
use crate::recruitment::funnel::Stage;
use crate::{Actor, Ctx, DomainError};

/// The stages the trend follows.
pub const TREND_STAGES: &[Stage] = &[Stage::Enquiry, Stage::ApplicationSubmitted, Stage::Approved];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthCounts {
    /// The month's first day.
    pub month: NaiveDate,
    /// Households entering each of `TREND_STAGES` in the month (within
    /// the range).
    pub entered: Vec<(Stage, Figure)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrendReport {
    pub range: DateRange,
    /// Every month the range touches from the first with anything in it
    /// (or the last, if none has), oldest first.
    pub months: Vec<MonthCounts>,
}

fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// Households entering each of `TREND_STAGES`, by month.
type Entered = Vec<(NaiveDate, Stage, u64)>;

async fn from_months(ctx: &Ctx, reading: &Reading) -> Result<Entered, DomainError> {
    let rows = reading.counted(&ctx.db, &[Measure::Entered], true).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let stage = usize::try_from(row.stage)
                .ok()
                .and_then(|i| Stage::ALL.get(i))?;
            TREND_STAGES
                .contains(stage)
                .then_some((row.month?, *stage, row.households))
        })
        .collect())
}

async fn from_summaries(
    ctx: &Ctx,
    scope: &Scope,
    request: &ReportRequest,
) -> Result<Entered, DomainError> {
    let (first, last) = (request.range.first, request.range.last);
    let month = Expr::cust(match ctx.db.get_database_backend() {
        DbBackend::Postgres => "to_char(\"report_stage_spells\".\"entered_on\", 'YYYY-MM')",
        _ => "substr(\"report_stage_spells\".\"entered_on\", 1, 7)",
    });
    let rows: Vec<(String, String, i64)> = with_households(Summary::Spells, scope, request)
        .select_only()
        .expr(month.clone())
        .column(report_stage_spell::Column::Stage)
        .expr(Expr::cust("COUNT(*)"))
        .filter(report_stage_spell::Column::EnteredOn.between(first, last))
        .filter(report_stage_spell::Column::Stage.is_in(TREND_STAGES.iter().map(|s| s.as_str())))
        .group_by(month)
        .group_by(report_stage_spell::Column::Stage)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    rows.into_iter()
        .map(|(month, stage, n)| {
            let month = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
                .map_err(|e| DomainError::Internal(Box::new(e)))?;
            Ok((
                month,
                Stage::from_stored(&stage)?,
                u64::try_from(n).unwrap_or_default(),
            ))
        })
        .collect()
}

pub async fn trend_report(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<TrendReport, DomainError> {
    let scope = Scope::for_request(actor, request)?;
    // The trend is not broken down.
    let request = &ReportRequest {
        breakdown: None,
        ..request.clone()
    };
    let (first, last) = (request.range.first, request.range.last);
    let today = london_day(ctx.clock.now());
    let rows = match Reading::of(&scope, request, today, &[Measure::Entered]) {
        Some(reading) => from_months(ctx, &reading).await?,
        None => from_summaries(ctx, &scope, request).await?,
    };
    let mut months = Vec::new();
    let mut month = month_of(first);
    while month <= last {
        let entered = TREND_STAGES
            .iter()
            .map(|stage| {
                let n = rows
                    .iter()
                    .filter(|(m, s, _)| *m == month && s == stage)
                    .map(|(.., n)| n)
                    .sum();
                (*stage, Figure::of(n))
            })
            .collect();
        months.push(MonthCounts { month, entered });
        let Some(next) = month.checked_add_months(Months::new(1)) else {
            break;
        };
        month = next;
    }
    // A long range (all time) starts at the first month anything happened,
    // not years of noughts before it.
    let first_counted = months
        .iter()
        .position(|m| m.entered.iter().any(|(_, n)| *n != Figure::None))
        .unwrap_or(months.len().saturating_sub(1));
    months.drain(..first_counted);
    Ok(TrendReport {
        range: request.range,
        months,
    })
}
