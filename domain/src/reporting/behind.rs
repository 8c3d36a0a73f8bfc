//! The households behind a figure, by name: for readers who may read those
//! households' records (`WorkEnquiries` in their organisation), and only
//! the households of those organisations. Everyone else sees counts only.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::entities::{report_closure, report_household, report_stage_spell};
use super::filter::ReportRequest;
use super::funnel::{counted, still_closed};
use super::scope::Scope;
use super::summaries::rank;
use crate::accounts::entities::organisation;
use crate::pagination::{
    Cursor, Page, PageRequest, count_up_to_cap, fetch_window_by_moment, moment_key,
};
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::recruitment::funnel::{Closure, Stage};
use crate::{Actor, Ctx, DomainError};

/// Which figure's households.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behind {
    /// Of the cohort (first enquiry in the range), those that reached the
    /// stage.
    Reached(Stage),
    /// Those that entered the stage in the range.
    Entered(Stage),
    /// Those whose enquiry closed this way in the range, still closed at
    /// its end.
    Closed(Closure),
}

/// A household behind a figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedHousehold {
    pub household_id: i32,
    pub name: String,
    pub organisation: String,
    /// Where it is now.
    pub stage: Stage,
    pub status: String,
    pub first_at: DateTime<Utc>,
    pub first_on: NaiveDate,
}

/// Whether the reader may see any households behind figures: what the
/// report pages ask before linking a figure.
pub fn may_see_households(actor: &Actor) -> bool {
    actor.may_anywhere(Permission::WorkEnquiries)
}

/// The households behind `behind` for `request`, oldest enquiry first, a
/// page at a time.
pub async fn households_behind(
    ctx: &Ctx,
    actor: &Actor,
    request: &ReportRequest,
    behind: Behind,
    page: &PageRequest,
) -> Result<Page<NamedHousehold>, DomainError> {
    let mut theirs = actor.organisations_where(Permission::WorkEnquiries);
    if let Some(only) = request.filters.organisation {
        theirs.retain(|id| *id == only);
    }
    if theirs.is_empty() {
        return Err(actor.refusal());
    }
    let scope = Scope::Organisations(theirs);
    let (first, last) = (request.range.first, request.range.last);
    let which = match behind {
        Behind::Reached(stage) => {
            let reached = if stage == Stage::InformationEvent {
                report_household::Column::AttendedEvent.eq(true)
            } else {
                report_household::Column::Furthest.gte(rank(stage))
            };
            Condition::all()
                .add(report_household::Column::FirstOn.between(first, last))
                .add(report_household::Column::ConnectedPerson.eq(false))
                .add(reached)
        }
        Behind::Entered(stage) => Condition::all().add(
            report_household::Column::HouseholdId.in_subquery(
                Query::select()
                    .column(report_stage_spell::Column::HouseholdId)
                    .from(report_stage_spell::Entity)
                    .and_where(report_stage_spell::Column::Stage.eq(stage.as_str()))
                    .and_where(report_stage_spell::Column::EnteredOn.between(first, last))
                    .to_owned(),
            ),
        ),
        Behind::Closed(closure) => Condition::all().add(
            report_household::Column::HouseholdId.in_subquery(
                Query::select()
                    .column(report_closure::Column::HouseholdId)
                    .from(report_closure::Entity)
                    .and_where(report_closure::Column::Closure.eq(closure.as_str()))
                    .cond_where(still_closed(request.range))
                    .to_owned(),
            ),
        ),
    };
    let query = report_household::Entity::find()
        .filter(counted(&scope, request))
        .filter(which);
    let total = count_up_to_cap(&ctx.db, query.clone()).await?;
    let cursor = query.cursor_by((
        report_household::Column::FirstAt,
        report_household::Column::HouseholdId,
    ));
    let (rows, has_more) = fetch_window_by_moment(&ctx.db, cursor, page).await?;
    let households = household::Entity::find()
        .filter(household::Column::Id.is_in(rows.iter().map(|r| r.household_id)))
        .all(&ctx.db)
        .await?;
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(rows.iter().map(|r| r.organisation_id)))
        .all(&ctx.db)
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(found) = households.iter().find(|h| h.id == row.household_id) else {
            continue;
        };
        let organisation = organisations
            .iter()
            .find(|o| o.id == row.organisation_id)
            .map(|o| o.name.clone())
            .unwrap_or_default();
        items.push((
            Cursor {
                key: moment_key(row.first_at),
                id: row.household_id,
            },
            NamedHousehold {
                household_id: row.household_id,
                name: found.name.clone(),
                organisation,
                stage: Stage::from_stored(&found.stage)?,
                status: found.status.clone(),
                first_at: row.first_at,
                first_on: row.first_on,
            },
        ));
    }
    Ok(Page::new(items, has_more, page, total))
}
