//! Why households stop: each closure in the range that was not reopened in
//! it, by the stage it left, how it ended and the reason given.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait};

use super::entities::report_closure;
use super::filter::ReportRequest;
use super::funnel::{counted, still_closed};
use super::range::DateRange;
use super::scope::Scope;
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

pub async fn reasons_report(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<ReasonsReport, DomainError> {
    let scope = Scope::for_request(actor, request)?;
    let rows: Vec<(String, String, Option<String>, i64)> = report_closure::Entity::find()
        .select_only()
        .column(report_closure::Column::Stage)
        .column(report_closure::Column::Closure)
        .column(report_closure::Column::ReasonCode)
        .expr(Expr::cust("COUNT(*)"))
        .join(
            JoinType::InnerJoin,
            report_closure::Relation::Household.def(),
        )
        .filter(counted(&scope, request))
        .filter(still_closed(request.range))
        .group_by(report_closure::Column::Stage)
        .group_by(report_closure::Column::Closure)
        .group_by(report_closure::Column::ReasonCode)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let added: Vec<i32> = rows
        .iter()
        .filter_map(
            |(_, _, code, _)| match code.as_deref().and_then(ReasonChoice::parse) {
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
    for (stage, closure, code, n) in rows {
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
        reasons.push((
            Stage::from_stored(&stage)?,
            Closure::from_stored(&closure)?,
            reason,
            u64::try_from(n).unwrap_or_default(),
        ));
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
