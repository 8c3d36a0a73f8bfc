//! The carer households a member of staff works with: a fostering team
//! manager's are every one of their service's; a supervising social
//! worker's, those they supervise. Households that left are listed apart.
//! Review due soonest first, so the overdue lead.

use chrono::NaiveDate;
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::access::manages;
use super::entities::carer_household::{self, Column as C};
use crate::accounts::entities::person;
use crate::accounts::organisations_by_id;
use crate::audit::{Subject, record_accesses};
use crate::clock::london_day;
use crate::pagination::{Cursor, Page, PageRequest, count_up_to_cap, fetch_window_by_day};
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::recruitment::history::NOT_CLOSED;
use crate::recruitment::interest::FosteringKind;
use crate::{Actor, Ctx, DomainError};

/// What a household is approved for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terms {
    pub children: i32,
    pub age_from: i32,
    pub age_to: i32,
    pub kinds: Vec<FosteringKind>,
}

/// A carer household as its workers list it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarerHousehold {
    pub id: i32,
    pub household_id: i32,
    pub organisation_id: i32,
    pub organisation: String,
    pub name: String,
    pub approved_on: NaiveDate,
    /// Approved for one child, as a connected person.
    pub connected_person: bool,
    /// None while only temporarily approved.
    pub terms: Option<Terms>,
    pub supervising_social_worker: Option<String>,
    pub review_due_on: NaiveDate,
    /// The annual review's day has passed.
    pub review_overdue: bool,
    /// When it left the service, if it has.
    pub left_on: Option<NaiveDate>,
    /// The reader manages the household's service, so may give it its
    /// supervising social worker.
    pub may_give_worker: bool,
}

pub(crate) fn terms_of(row: &carer_household::Model) -> Option<Terms> {
    let kinds: Vec<String> = serde_json::from_str(row.kinds.as_deref()?).ok()?;
    Some(Terms {
        children: row.children?,
        age_from: row.age_from?,
        age_to: row.age_to?,
        kinds: kinds
            .iter()
            .filter_map(|k| FosteringKind::parse(k))
            .collect(),
    })
}

/// The carer households `actor` works with, a page at a time: those
/// approved now or, with `left`, those that left. Each one listed is a read
/// of that household in the access log.
pub async fn carer_households(
    ctx: &Ctx,
    actor: &Actor,
    left: bool,
    page: &PageRequest,
) -> Result<Page<CarerHousehold>, DomainError> {
    actor.require_anywhere(Permission::SuperviseCarers)?;
    let managed = actor.organisations_where(Permission::ManageCarerHouseholds);
    let mut theirs = Condition::any().add(C::OrganisationId.is_in(managed));
    if let Some(me) = actor.person_id() {
        theirs = theirs.add(
            Condition::all()
                .add(
                    C::OrganisationId.is_in(actor.organisations_where(Permission::SuperviseCarers)),
                )
                .add(C::SupervisingSocialWorkerId.eq(me)),
        );
    }
    // A connected person refused or withdrawn is no longer a carer.
    let not_closed = Query::select()
        .column(household::Column::Id)
        .from(household::Entity)
        .and_where(household::Column::Status.is_in(NOT_CLOSED))
        .to_owned();
    let query = carer_household::Entity::find()
        .filter(theirs)
        .filter(if left {
            C::LeftOn.is_not_null()
        } else {
            C::LeftOn.is_null()
        })
        .filter(C::HouseholdId.in_subquery(not_closed));
    let total = count_up_to_cap(&ctx.db, query.clone()).await?;
    let cursor = query.cursor_by((C::ReviewDueOn, C::Id));
    let (rows, has_more) = fetch_window_by_day(&ctx.db, cursor, page).await?;
    record_accesses(
        ctx,
        actor,
        rows.iter()
            .map(|r| (r.organisation_id, Subject::Household, Some(r.household_id))),
    )
    .await?;
    let described = describe(ctx, actor, &rows).await?;
    let items = rows
        .iter()
        .zip(described)
        .map(|(row, household)| {
            (
                Cursor {
                    key: row.review_due_on.to_string(),
                    id: row.id,
                },
                household,
            )
        })
        .collect();
    Ok(Page::new(items, has_more, page, total))
}

/// The rows as their workers read them: names of the household, its
/// service and its worker, the terms, and whether the review is overdue.
pub(crate) async fn describe(
    ctx: &Ctx,
    actor: &Actor,
    rows: &[carer_household::Model],
) -> Result<Vec<CarerHousehold>, DomainError> {
    let households = household::Entity::find()
        .filter(household::Column::Id.is_in(rows.iter().map(|r| r.household_id)))
        .all(&ctx.db)
        .await?;
    let organisation_ids: Vec<i32> = rows.iter().map(|r| r.organisation_id).collect();
    let organisations = organisations_by_id(ctx, &organisation_ids).await?;
    let workers = person::Entity::find()
        .filter(
            person::Column::Id.is_in(rows.iter().filter_map(|r| r.supervising_social_worker_id)),
        )
        .all(&ctx.db)
        .await?;
    let today = london_day(ctx.clock.now());
    Ok(rows
        .iter()
        .map(|row| CarerHousehold {
            id: row.id,
            household_id: row.household_id,
            organisation_id: row.organisation_id,
            organisation: organisations
                .iter()
                .find(|o| o.id == row.organisation_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            name: households
                .iter()
                .find(|h| h.id == row.household_id)
                .map(|h| h.name.clone())
                .unwrap_or_default(),
            approved_on: row.approved_on,
            connected_person: row.connected_person,
            terms: terms_of(row),
            supervising_social_worker: row
                .supervising_social_worker_id
                .and_then(|id| workers.iter().find(|p| p.id == id))
                .map(|p| p.name.clone()),
            review_due_on: row.review_due_on,
            review_overdue: row.left_on.is_none() && row.review_due_on < today,
            left_on: row.left_on,
            may_give_worker: manages(actor, row) && row.left_on.is_none(),
        })
        .collect())
}
