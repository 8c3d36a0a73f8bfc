//! An organisation's enquiry queue: every open household with its
//! first-contact deadline, the overdue first (a first call, a next action or
//! a Stage 1 check late), and assigning them to officers.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Select};

use super::entities::household;
use super::funnel::{Stage, State};
use super::history::state_of;
use super::households::rows_with_ids;
use super::interest::FosteringKind;
use super::queue_position::CLOSED_RANK;
use crate::accounts::entities::person;
use crate::accounts::people_holding;
use crate::geography::entities::local_authority;
use crate::pagination::{Cursor, MAX_PAGE_SIZE, Page, PageRequest, count_up_to_cap, fetch_window};
use crate::policy::Permission;
use crate::work_lists::{Overdue, overdue_of};
use crate::{Actor, Ctx, DomainError};

/// Narrows the queue.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    pub stage: Option<Stage>,
    /// `Some(None)` for households nobody owns.
    pub owner: Option<Option<i32>>,
    pub local_authority: Option<String>,
    pub campaign: Option<String>,
    pub cohort: Option<FosteringKind>,
    pub overdue_only: bool,
    /// Closed households too.
    pub include_closed: bool,
}

/// One household in the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueItem {
    pub household_id: i32,
    pub name: String,
    pub postcode: String,
    pub local_authority: Option<String>,
    pub state: State,
    pub first_contact_due_at: Option<DateTime<Utc>>,
    pub next_action_on: Option<NaiveDate>,
    /// What is late (first contact, next action, a check...), while its
    /// clocks run; empty when nothing is.
    pub overdue: Vec<Overdue>,
    pub owner: Option<String>,
    pub campaign: Option<String>,
    pub interests: Vec<FosteringKind>,
    /// Its district is split between authorities: check where it went.
    pub routing_to_check: bool,
    /// Another household here gave the same telephone number.
    pub possible_duplicate: bool,
    pub enquired_at: DateTime<Utc>,
    /// A known and trusted adult for a child (these initials): worked first.
    pub known_adult_for: Option<String>,
}

/// Whether the household is late: its first contact not made by its
/// deadline, or its next action date passed (in London), clocks running.
pub(super) fn is_overdue(row: &household::Model, state: State, now: DateTime<Utc>) -> bool {
    state.clocks_run() && row.due_at.is_some_and(|due| due <= now)
}

pub(super) fn interests_of(row: &household::Model) -> Result<Vec<FosteringKind>, DomainError> {
    serde_json::from_str::<Vec<String>>(&row.interests)
        .map_err(|e| DomainError::Internal(Box::new(e)))?
        .iter()
        .map(|k| FosteringKind::from_stored(k))
        .collect()
}

/// The queue's households as the filter narrows them, all in the database.
fn filtered(
    organisation_id: i32,
    filter: &QueueFilter,
    now: DateTime<Utc>,
) -> Select<household::Entity> {
    let mut query =
        household::Entity::find().filter(household::Column::OrganisationId.eq(organisation_id));
    if !filter.include_closed {
        // Closed households sort last (`queue_position`): leaving them out
        // is a range of the index, which counts without reading a row.
        query = query.filter(household::Column::QueueKey.lt(CLOSED_RANK));
    }
    if let Some(stage) = filter.stage {
        query = query.filter(household::Column::Stage.eq(stage.as_str()));
    }
    match filter.owner {
        Some(Some(owner)) => query = query.filter(household::Column::OwnerId.eq(owner)),
        Some(None) => query = query.filter(household::Column::OwnerId.is_null()),
        None => {}
    }
    if let Some(campaign) = &filter.campaign {
        query = query.filter(household::Column::UtmCampaign.eq(campaign.as_str()));
    }
    if let Some(code) = &filter.local_authority {
        query = query.filter(
            household::Column::LocalAuthorityId.in_subquery(
                Query::select()
                    .column(local_authority::Column::Id)
                    .from(local_authority::Entity)
                    .and_where(local_authority::Column::GssCode.eq(code.as_str()))
                    .to_owned(),
            ),
        );
    }
    if let Some(cohort) = filter.cohort {
        // Interests are kept as a JSON list of stored names.
        query =
            query.filter(household::Column::Interests.contains(format!("\"{}\"", cohort.as_str())));
    }
    if filter.overdue_only {
        // Only open households have a moment they are due.
        query = query.filter(household::Column::DueAt.lte(now));
    }
    query
}

/// The organisation's enquiries, a page at a time: known and trusted
/// adults first, then the earliest due (so the overdue lead), then the
/// oldest; on hold after those, closed last. The database filters, orders
/// and pages them by an index, so a page costs the same however long the
/// queue. For the organisation's recruitment officers and managers.
pub async fn enquiry_queue(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    filter: &QueueFilter,
    page: &PageRequest,
) -> Result<Page<QueueItem>, DomainError> {
    actor.require(Permission::WorkEnquiries, organisation_id)?;
    let now = ctx.clock.now();
    let query = filtered(organisation_id, filter, now);
    let total_count = count_up_to_cap(&ctx.db, query.clone()).await?;
    let cursor = query.cursor_by((household::Column::QueueKey, household::Column::Id));
    let (rows, has_more) = fetch_window(&ctx.db, cursor, page).await?;
    // What the page shows beside each household, read for this page's
    // rows only, and not at all when there is nothing to name.
    let owner_ids = rows.iter().filter_map(|h| h.owner_id).collect();
    let owners = rows_with_ids::<person::Entity>(ctx, person::Column::Id, owner_ids).await?;
    let authority_ids = rows.iter().filter_map(|h| h.local_authority_id).collect();
    let authorities =
        rows_with_ids::<local_authority::Entity>(ctx, local_authority::Column::Id, authority_ids)
            .await?;
    let shared_phones = shared_phone_digits(ctx, organisation_id, &rows).await?;
    let mut late = overdue_of(ctx, &rows).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let state = state_of(&row)?;
        let cursor = Cursor {
            key: row.queue_key.clone(),
            id: row.id,
        };
        items.push((
            cursor,
            QueueItem {
                household_id: row.id,
                local_authority: authorities
                    .iter()
                    .find(|la| Some(la.id) == row.local_authority_id)
                    .map(|la| la.name.clone()),
                state,
                first_contact_due_at: row.first_contact_due_at,
                next_action_on: row.next_action_on,
                overdue: late.remove(&row.id).unwrap_or_default(),
                owner: owners
                    .iter()
                    .find(|p| Some(p.id) == row.owner_id)
                    .map(|p| p.name.clone()),
                interests: interests_of(&row)?,
                routing_to_check: row.routing_to_check,
                possible_duplicate: shared_phones.contains(&row.phone_digits),
                enquired_at: row.created_at,
                known_adult_for: row.known_adult_for,
                campaign: row.utm_campaign,
                name: row.name,
                postcode: row.postcode,
            },
        ));
    }
    Ok(Page::new(items, has_more, page, total_count))
}

/// Which of these households' telephone numbers another household of the
/// organisation also gave: one query on the indexed digits, for a page's
/// numbers at most.
async fn shared_phone_digits(
    ctx: &Ctx,
    organisation_id: i32,
    rows: &[household::Model],
) -> Result<Vec<String>, DomainError> {
    let mut digits: Vec<&str> = rows
        .iter()
        .map(|h| h.phone_digits.as_str())
        .filter(|d| !d.is_empty())
        .collect();
    digits.sort_unstable();
    digits.dedup();
    if digits.is_empty() {
        return Ok(Vec::new());
    }
    Ok(household::Entity::find()
        .select_only()
        .column(household::Column::PhoneDigits)
        .filter(household::Column::OrganisationId.eq(organisation_id))
        .filter(household::Column::PhoneDigits.is_in(digits))
        .group_by(household::Column::PhoneDigits)
        .having(Expr::col(household::Column::Id).count().gt(1))
        .into_tuple()
        .all(&ctx.db)
        .await?)
}

/// The organisation's officers, who households can be assigned to.
pub async fn recruitment_officers(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<(i32, String)>, DomainError> {
    actor.require(Permission::WorkEnquiries, organisation_id)?;
    Ok(
        people_holding(&ctx.db, organisation_id, Permission::WorkEnquiries)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect(),
    )
}

/// Gives the household to the reader, who works its organisation's
/// enquiries: "Assign to me" on its record.
pub async fn assign_to_me(ctx: &Ctx, actor: &Actor, household_id: i32) -> Result<(), DomainError> {
    let me = actor.require_person()?;
    let row =
        crate::policy::household_for(ctx, actor, household_id, Permission::WorkEnquiries).await?;
    assign_households(ctx, actor, row.organisation_id, &[row.id], me).await?;
    Ok(())
}

/// Assigns households, one or many, to an officer of their organisation.
/// Every household must be the organisation's; otherwise none is changed.
pub async fn assign_households(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    household_ids: &[i32],
    officer_id: i32,
) -> Result<u64, DomainError> {
    actor.require(Permission::WorkEnquiries, organisation_id)?;
    let mut household_ids = household_ids.to_vec();
    household_ids.sort_unstable();
    household_ids.dedup();
    if household_ids.is_empty() {
        return Err(DomainError::invalid(
            "household_ids",
            "Select the households to assign",
        ));
    }
    // A page's worth at most: no request binds an unbounded list of ids.
    if household_ids.len() as u64 > MAX_PAGE_SIZE {
        return Err(DomainError::invalid(
            "household_ids",
            format!("Assign at most {MAX_PAGE_SIZE} households at a time"),
        ));
    }
    let officers = recruitment_officers(ctx, actor, organisation_id).await?;
    if !officers.iter().any(|(id, _)| *id == officer_id) {
        return Err(DomainError::invalid(
            "officer_id",
            "Choose an officer of this organisation",
        ));
    }
    let theirs = household::Entity::find()
        .filter(household::Column::Id.is_in(household_ids.iter().copied()))
        .filter(household::Column::OrganisationId.eq(organisation_id))
        .all(&ctx.db)
        .await?;
    if theirs.len() != household_ids.len() {
        return Err(DomainError::NotFound);
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let changed = household::Entity::update_many()
        .col_expr(household::Column::OwnerId, Expr::value(officer_id))
        .col_expr(household::Column::UpdatedAt, Expr::value(now))
        .filter(household::Column::Id.is_in(household_ids.iter().copied()))
        .filter(household::Column::OrganisationId.eq(organisation_id))
        .exec(&txn)
        .await?;
    for id in &household_ids {
        crate::search::note_household(&txn, *id, now).await?;
    }
    txn.commit().await?;
    Ok(changed.rows_affected)
}
