//! Why households stop: each closure in the range that was not reopened in
//! it, by the stage it left, how it ended and the reason given.

use std::collections::{BTreeMap, HashMap};

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::entities::report_closure;
use super::filter::ReportRequest;
use super::funnel::still_closed;
use super::joined::{Summary, with_households};
use super::months::{Measure, Reading};
use super::range::DateRange;
use super::scope::Scope;
use crate::clock::london_day;
use crate::figures::Figure;
use crate::recruitment::closure_reasons::ReasonChoice;
use crate::recruitment::entities::closure_reason;
use crate::recruitment::funnel::{Closure, Stage};
use crate::{Actor, Ctx, DomainError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StopReason {
    pub stage: Stage,
    pub closure: Closure,
    pub reason: String,
    pub households: Figure,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReasonsReport {
    pub range: DateRange,
    /// By stage in funnel order, then the most given reason first.
    pub reasons: Vec<StopReason>,
}

/// Closures still closed at the end of the range, by the stage left, how
/// they ended and the reason code given.
type Stops = BTreeMap<(Stage, Closure, Option<String>), u64>;

const MEASURES: &[Measure] = &[
    Measure::WithdrewFrom,
    Measure::AdvisedNotToProceedFrom,
    Measure::NotApprovedFrom,
];

async fn from_months(ctx: &Ctx, reading: &Reading) -> Result<Stops, DomainError> {
    let mut stops = Stops::new();
    for row in reading.counted(&ctx.db, MEASURES, false).await? {
        let stage = usize::try_from(row.stage)
            .ok()
            .and_then(|i| Stage::ALL.get(i));
        if let (Some(stage), Some(closure), true) = (
            stage,
            row.measure.closure(),
            row.still_closed(reading.range()),
        ) {
            let code = (!row.detail.is_empty()).then_some(row.detail);
            *stops.entry((*stage, closure, code)).or_default() += row.households;
        }
    }
    Ok(stops)
}

async fn from_summaries(
    ctx: &Ctx,
    scope: &Scope,
    request: &ReportRequest,
) -> Result<Stops, DomainError> {
    let rows: Vec<(String, String, Option<String>, i64)> =
        with_households(Summary::Closures, scope, request)
            .select_only()
            .column(report_closure::Column::Stage)
            .column(report_closure::Column::Closure)
            .column(report_closure::Column::ReasonCode)
            .expr(Expr::cust("COUNT(*)"))
            .filter(still_closed(request.range))
            .group_by(report_closure::Column::Stage)
            .group_by(report_closure::Column::Closure)
            .group_by(report_closure::Column::ReasonCode)
            .into_tuple()
            .all(&ctx.db)
            .await?;
    let mut stops = Stops::new();
    for (stage, closure, code, n) in rows {
        let key = (
            Stage::from_stored(&stage)?,
            Closure::from_stored(&closure)?,
            code,
        );
        *stops.entry(key).or_default() += u64::try_from(n).unwrap_or_default();
    }
    Ok(stops)
}

pub async fn reasons_report(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<ReasonsReport, DomainError> {
    let scope = Scope::for_request(actor, request)?;
    // Reasons are not broken down.
    let request = &ReportRequest {
        breakdown: None,
        ..request.clone()
    };
    let rows = match Reading::of(&scope, request, london_day(ctx.clock.now()), MEASURES) {
        Some(reading) => from_months(ctx, &reading).await?,
        None => from_summaries(ctx, &scope, request).await?,
    };
    let added: Vec<i32> = rows
        .iter()
        .filter_map(
            |((_, _, code), _)| match code.as_deref().and_then(ReasonChoice::parse) {
                Some(ReasonChoice::Added(id)) => Some(id),
                _ => None,
            },
        )
        .collect();
    let added: HashMap<i32, String> = closure_reason::Entity::find()
        .filter(closure_reason::Column::Id.is_in(added))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.label))
        .collect();
    let mut reasons = Vec::with_capacity(rows.len());
    for ((stage, closure, code), n) in rows {
        let reason = match code.as_deref().map(|c| (c, ReasonChoice::parse(c))) {
            None => "No reason recorded".to_owned(),
            Some((_, Some(ReasonChoice::Standard(reason)))) => reason.label().to_owned(),
            Some((_, Some(ReasonChoice::Added(id)))) => added
                .get(&id)
                .cloned()
                .unwrap_or_else(|| "A reason the service added".to_owned()),
            // The panel's recommendation and the decision keep their own
            // codes.
            Some((code, None)) => code.replace('_', " "),
        };
        reasons.push((stage, closure, reason, n));
    }
    reasons.sort_by(|a, b| {
        (a.0, a.1.as_str(), std::cmp::Reverse(a.3)).cmp(&(
            b.0,
            b.1.as_str(),
            std::cmp::Reverse(b.3),
        ))
    });
    Ok(ReasonsReport {
        range: request.range,
        reasons: reasons
            .into_iter()
            .map(|(stage, closure, reason, n)| StopReason {
                stage,
                closure,
                reason,
                households: Figure::of(n),
            })
            .collect(),
    })
}
