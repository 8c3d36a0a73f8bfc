//! An organisation's enquiry queue: every open household with its
//! first-contact deadline, the overdue first (a first call, a next action or
//! a Stage 1 check late), and assigning them to officers.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::entities::household;
use super::funnel::{Stage, State};
use super::history::state_of;
use super::interest::FosteringKind;
use crate::accounts::Role;
use crate::accounts::entities::{membership, person};
use crate::applications::entities::{stage_one_check, temporary_approval};
use crate::applications::stage_one::CheckStatus;
use crate::geography::entities::local_authority;
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
    /// Its first contact or next action is late, and its clocks run.
    pub overdue: bool,
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
    if !state.clocks_run() {
        return false;
    }
    let today = now.with_timezone(&London).date_naive();
    let first_late =
        row.first_contact_at.is_none() && row.first_contact_due_at.is_some_and(|due| due < now);
    let action_late = row.next_action_on.is_some_and(|on| on < today);
    first_late || action_late
}

/// Whether two telephone numbers are the same, however they were spaced.
pub(super) fn same_phone(a: &str, b: &str) -> bool {
    let digits = |text: &str| {
        text.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
    };
    digits(a) == digits(b)
}

pub(super) fn interests_of(row: &household::Model) -> Vec<FosteringKind> {
    serde_json::from_str::<Vec<String>>(&row.interests)
        .unwrap_or_default()
        .iter()
        .filter_map(|k| FosteringKind::parse(k))
        .collect()
}

/// The organisation's enquiries: known and trusted adults first, then the
/// overdue, then by deadline, oldest first. For its recruitment officers and managers.
pub async fn enquiry_queue(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    filter: &QueueFilter,
) -> Result<Vec<QueueItem>, DomainError> {
    actor.require_recruiter_of(organisation_id)?;
    let now = ctx.clock.now();
    let mut query =
        household::Entity::find().filter(household::Column::OrganisationId.eq(organisation_id));
    if !filter.include_closed {
        query = query.filter(household::Column::Status.ne("closed"));
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
        let found = local_authority::Entity::find()
            .filter(local_authority::Column::GssCode.eq(code.as_str()))
            .one(&ctx.db)
            .await?;
        query = query.filter(household::Column::LocalAuthorityId.eq(found.map_or(-1, |la| la.id)));
    }
    let rows = query
        .order_by_asc(household::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let owners = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().filter_map(|h| h.owner_id)))
        .all(&ctx.db)
        .await?;
    let authorities = local_authority::Entity::find()
        .filter(local_authority::Column::Id.is_in(rows.iter().filter_map(|h| h.local_authority_id)))
        .all(&ctx.db)
        .await?;
    // Households with a Stage 1 check past its due date are late too.
    let today = now.with_timezone(&London).date_naive();
    let late_checks: Vec<i32> = stage_one_check::Entity::find()
        .filter(stage_one_check::Column::HouseholdId.is_in(rows.iter().map(|h| h.id)))
        .filter(stage_one_check::Column::Status.ne(CheckStatus::Done.as_str()))
        .filter(stage_one_check::Column::DueOn.lt(today))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|c| c.household_id)
        .collect();
    // So are connected persons whose temporary approval has run out before
    // the decision.
    let lapsed: Vec<i32> = temporary_approval::Entity::find()
        .filter(temporary_approval::Column::HouseholdId.is_in(rows.iter().map(|h| h.id)))
        .filter(temporary_approval::Column::Until.lt(today))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|t| t.household_id)
        .collect();
    let mut items = Vec::new();
    for row in &rows {
        let state = state_of(row)?;
        let interests = interests_of(row);
        let undecided = matches!(state, State::Open(stage) if stage < Stage::Approved);
        let overdue = is_overdue(row, state, now)
            || (state.clocks_run() && late_checks.contains(&row.id))
            || (undecided && lapsed.contains(&row.id));
        if filter.overdue_only && !overdue {
            continue;
        }
        if filter
            .cohort
            .is_some_and(|cohort| !interests.contains(&cohort))
        {
            continue;
        }
        items.push(QueueItem {
            household_id: row.id,
            name: row.name.clone(),
            postcode: row.postcode.clone(),
            local_authority: authorities
                .iter()
                .find(|la| Some(la.id) == row.local_authority_id)
                .map(|la| la.name.clone()),
            state,
            first_contact_due_at: row.first_contact_due_at,
            next_action_on: row.next_action_on,
            overdue,
            owner: owners
                .iter()
                .find(|p| Some(p.id) == row.owner_id)
                .map(|p| p.name.clone()),
            campaign: row.utm_campaign.clone(),
            interests,
            routing_to_check: row.routing_to_check,
            possible_duplicate: rows
                .iter()
                .any(|other| other.id != row.id && same_phone(&other.phone, &row.phone)),
            enquired_at: row.created_at,
            known_adult_for: row.known_adult_for.clone(),
        });
    }
    items.sort_by_key(|item| {
        (
            item.known_adult_for.is_none(),
            !item.overdue,
            item.first_contact_due_at.is_none(),
            item.first_contact_due_at,
            item.enquired_at,
        )
    });
    Ok(items)
}

/// The organisation's officers, who households can be assigned to.
pub async fn recruitment_officers(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<(i32, String)>, DomainError> {
    actor.require_recruiter_of(organisation_id)?;
    let ids: Vec<i32> = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .filter(membership::Column::Role.is_in([
            Role::RecruitmentOfficer.as_str(),
            Role::RecruitmentManager.as_str(),
        ]))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|m| m.person_id)
        .collect();
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .filter(person::Column::DeactivatedAt.is_null())
        .order_by_asc(person::Column::Name)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
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
    actor.require_recruiter_of(organisation_id)?;
    let mut household_ids = household_ids.to_vec();
    household_ids.sort_unstable();
    household_ids.dedup();
    if household_ids.is_empty() {
        return Err(DomainError::invalid(
            "household_ids",
            "Select the households to assign",
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
    let changed = household::Entity::update_many()
        .col_expr(household::Column::OwnerId, Expr::value(officer_id))
        .col_expr(household::Column::UpdatedAt, Expr::value(ctx.clock.now()))
        .filter(household::Column::Id.is_in(household_ids.iter().copied()))
        .filter(household::Column::OrganisationId.eq(organisation_id))
        .exec(&ctx.db)
        .await?;
    Ok(changed.rows_affected)
}
