//! Ofsted's annual counts for each service: initial enquiries,
//! applications, approvals and withdrawals (split, as Ofsted asks, into
//! before and after an application), as `docs/funnel-and-counts.md`
//! defines them, for a financial year (or any range the reader asks for).

use std::collections::BTreeMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};

use super::entities::{report_closure, report_household, report_stage_spell};
use super::filter::{Breakdown, ReportRequest};
use super::funnel::still_closed;
use super::joined::{Summary, with_households};
use super::months::{Measure, Reading};
use super::range::DateRange;
use super::scope::Scope;
use crate::accounts::{organisations_by_id, recruiting_organisations};
use crate::clock::london_day;
use crate::figures::Figure;
use crate::recruitment::funnel::{Closure, Stage};
use crate::{Actor, Ctx, DomainError};

/// One service's year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceReturn {
    pub organisation_id: i32,
    pub organisation: String,
    pub initial_enquiries: Figure,
    pub applications: Figure,
    pub approvals: Figure,
    pub withdrew_before_applying: Figure,
    pub withdrew_after_applying: Figure,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnualReturn {
    /// Ofsted's is 1 April to 31 March.
    pub year: DateRange,
    /// The services in the reader's scope, by name.
    pub services: Vec<ServiceReturn>,
}

#[derive(Default)]
struct Counts {
    enquiries: u64,
    applications: u64,
    approvals: u64,
    before: u64,
    after: u64,
}

/// Households entering a stage, and withdrawals by the stage left, of each
/// organisation.
#[derive(Default)]
struct Counted {
    entered: Vec<(i32, Stage, u64)>,
    withdrew: Vec<(i32, Stage, u64)>,
}

const MEASURES: &[Measure] = &[Measure::Entered, Measure::WithdrewFrom];

const COUNTED_STAGES: [Stage; 3] = [Stage::Enquiry, Stage::ApplicationSubmitted, Stage::Approved];

async fn from_months(ctx: &Ctx, reading: &Reading) -> Result<Counted, DomainError> {
    let mut counted = Counted::default();
    // Read side by side: withdrawals are kept by reason and return, so
    // there are many rows of them at England's scale.
    let (entered, withdrew) = tokio::try_join!(
        reading.counted(&ctx.db, &[Measure::Entered], false),
        reading.counted(&ctx.db, &[Measure::WithdrewFrom], false),
    )?;
    for row in entered.into_iter().chain(withdrew) {
        let Some(stage) = usize::try_from(row.stage)
            .ok()
            .and_then(|i| Stage::ALL.get(i))
        else {
            continue;
        };
        let at = (row.organisation_id, *stage, row.households);
        match row.measure {
            Measure::Entered if COUNTED_STAGES.contains(stage) => counted.entered.push(at),
            Measure::WithdrewFrom if row.still_closed(reading.range()) => {
                counted.withdrew.push(at);
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
    let year = request.range;
    let count = || Expr::cust("COUNT(*)");
    let entered: Vec<(i32, String, i64)> = with_households(Summary::Spells, scope, request)
        .select_only()
        .column(report_household::Column::OrganisationId)
        .column(report_stage_spell::Column::Stage)
        .expr(count())
        .filter(report_stage_spell::Column::EnteredOn.between(year.first, year.last))
        .filter(report_stage_spell::Column::Stage.is_in(COUNTED_STAGES.map(|s| s.as_str())))
        .group_by(report_household::Column::OrganisationId)
        .group_by(report_stage_spell::Column::Stage)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let withdrew: Vec<(i32, String, i64)> = with_households(Summary::Closures, scope, request)
        .select_only()
        .column(report_household::Column::OrganisationId)
        .column(report_closure::Column::Stage)
        .expr(count())
        .filter(still_closed(year))
        .filter(report_closure::Column::Closure.eq(Closure::Withdrawn.as_str()))
        .group_by(report_household::Column::OrganisationId)
        .group_by(report_closure::Column::Stage)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let typed = |rows: Vec<(i32, String, i64)>| {
        rows.into_iter()
            .map(|(organisation, stage, n)| {
                Ok((
                    organisation,
                    Stage::from_stored(&stage)?,
                    u64::try_from(n).unwrap_or_default(),
                ))
            })
            .collect::<Result<Vec<_>, DomainError>>()
    };
    Ok(Counted {
        entered: typed(entered)?,
        withdrew: typed(withdrew)?,
    })
}

pub async fn annual_return(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
) -> Result<AnnualReturn, DomainError> {
    let scope = Scope::for_request(actor, request)?;
    let year = request.range;
    // Service by service, whatever else was asked.
    let request = &ReportRequest {
        breakdown: Some(Breakdown::Organisation),
        ..request.clone()
    };
    let counted = match Reading::of(&scope, request, london_day(ctx.clock.now()), MEASURES) {
        Some(reading) => from_months(ctx, &reading).await?,
        None => from_summaries(ctx, &scope, request).await?,
    };
    let mut counts: BTreeMap<i32, Counts> = BTreeMap::new();
    for (organisation, stage, n) in counted.entered {
        let c = counts.entry(organisation).or_default();
        match stage {
            Stage::Enquiry => c.enquiries += n,
            Stage::ApplicationSubmitted => c.applications += n,
            _ => c.approvals += n,
        }
    }
    for (organisation, stage, n) in counted.withdrew {
        let c = counts.entry(organisation).or_default();
        if stage.applied() {
            c.after += n;
        } else {
            c.before += n;
        }
    }
    let mut organisations = match &scope {
        Scope::Everyone => recruiting_organisations(ctx).await?,
        Scope::Organisations(ids) => organisations_by_id(ctx, ids).await?,
    };
    if let Some(only) = request.filters.organisation {
        organisations.retain(|o| o.id == only);
    }
    let services = organisations
        .into_iter()
        .map(|o| {
            let c = counts.remove(&o.id).unwrap_or_default();
            ServiceReturn {
                organisation_id: o.id,
                organisation: o.name,
                initial_enquiries: Figure::of(c.enquiries),
                applications: Figure::of(c.applications),
                approvals: Figure::of(c.approvals),
                withdrew_before_applying: Figure::of(c.before),
                withdrew_after_applying: Figure::of(c.after),
            }
        })
        .collect();
    Ok(AnnualReturn { year, services })
}
