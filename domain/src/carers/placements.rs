//! A placement: a child living with a carer household from a date, of a
//! kind, until it ends, planned or not, for a reason. A small state machine
//! with its history. A child has at most one open placement (a partial
//! unique index); a placement must fit the household's terms of approval,
//! checked under the household's lock, unless a fostering team manager
//! recorded an exemption that covers its first day.

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::access::{locked, managed, supervised};
use super::children::{
    CheckedChild, ChildInput, age_on, check_child, child_name, social_worker_person,
};
use super::entities::{carer_household, child, placement, placement_exemption};
use super::list::terms_of;
use crate::accounts::entities::person;
use crate::applications::entities::temporary_approval;
use crate::clock::london_day;
use crate::names::stored_names;
use crate::policy::Permission;
use crate::recruitment::interest::FosteringKind;
use crate::text::bounded;
use crate::workflow::{Refused, Step, Workflow, record, refused};
use crate::{Actor, Ctx, DomainError, FieldError, Named};

/// The kinds of placement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlacementKind {
    ShortTerm,
    LongTerm,
    ShortBreak,
    ParentAndChild,
    Emergency,
    ConnectedPerson,
}

stored_names!(PlacementKind {
    ShortTerm => "short_term", "Short-term",
    LongTerm => "long_term", "Long-term",
    ShortBreak => "short_break", "Short break",
    ParentAndChild => "parent_and_child", "Parent and child",
    Emergency => "emergency", "Emergency",
    ConnectedPerson => "connected_person", "Connected person (family and friends)",
});

impl PlacementKind {
    /// The kind of fostering an approval names for it; none for a
    /// connected person, whose approval is for their child.
    fn approved_as(self) -> Option<FosteringKind> {
        match self {
            Self::ShortTerm => Some(FosteringKind::ShortTerm),
            Self::LongTerm => Some(FosteringKind::LongTerm),
            Self::ShortBreak => Some(FosteringKind::ShortBreaks),
            Self::ParentAndChild => Some(FosteringKind::ParentAndChild),
            Self::Emergency => Some(FosteringKind::Emergency),
            Self::ConnectedPerson => None,
        }
    }
}

/// Whether an ending was planned: unplanned endings are the placement
/// stability figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlacementEnding {
    Planned,
    Unplanned,
}

stored_names!(PlacementEnding {
    Planned => "planned", "Planned",
    Unplanned => "unplanned", "Unplanned",
});

/// Why a placement ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EndingReason {
    ReturnedHome,
    AnotherFosterHome,
    Residential,
    Adoption,
    SpecialGuardianship,
    IndependentLiving,
    CarerAskedForMove,
    NeedsChanged,
    Other,
}

stored_names!(EndingReason {
    ReturnedHome => "returned_home", "Went home to their family",
    AnotherFosterHome => "another_foster_home", "Moved to another foster home",
    Residential => "residential", "Moved to a children's home",
    Adoption => "adoption", "Placed for adoption",
    SpecialGuardianship => "special_guardianship", "A special guardianship or child arrangements order",
    IndependentLiving => "independent_living", "Moved to independent or supported living",
    CarerAskedForMove => "carer_asked_for_move", "The carers asked for the child to move",
    NeedsChanged => "needs_changed", "The child's needs changed",
    Other => "other", "Another reason",
});

/// Where a placement is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlacementState {
    Open,
    Ended(PlacementEnding),
}

impl PlacementState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Ended(PlacementEnding::Planned) => "ended_planned",
            Self::Ended(PlacementEnding::Unplanned) => "ended_unplanned",
        }
    }

    fn of(row: &placement::Model) -> Result<Self, DomainError> {
        match row.ending.as_deref() {
            None => Ok(Self::Open),
            Some(ending) => Ok(Self::Ended(PlacementEnding::from_stored(ending)?)),
        }
    }
}

/// The one move a placement makes: an open one ends.
fn transition(state: PlacementState, ending: PlacementEnding) -> Result<PlacementState, Refused> {
    match state {
        PlacementState::Open => Ok(PlacementState::Ended(ending)),
        PlacementState::Ended(_) => Err(refused("The placement has already ended")),
    }
}

/// A child to place with a household, from a day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlacementInput {
    pub child: ChildInput,
    pub kind: Option<PlacementKind>,
    pub started_on: Option<NaiveDate>,
}

/// The children an approval is for when its terms say no number.
const CHILDREN_WHEN_UNSAID: i32 = 3;

/// Why a placement would not fit the household's terms, if it would not.
async fn beyond_terms(
    conn: &impl ConnectionTrait,
    household: &carer_household::Model,
    child: &CheckedChild,
    kind: PlacementKind,
    started_on: NaiveDate,
) -> Result<Option<String>, DomainError> {
    let living_there = placement::Entity::find()
        .filter(placement::Column::CarerHouseholdId.eq(household.id))
        .filter(placement::Column::EndedOn.is_null())
        .count(conn)
        .await?;
    let terms = terms_of(household);
    let most = terms.as_ref().map_or(CHILDREN_WHEN_UNSAID, |t| t.children);
    if living_there >= u64::try_from(most).unwrap_or_default() {
        return Ok(Some(format!(
            "The household is approved for {most} {} and {living_there} already {} there",
            if most == 1 { "child" } else { "children" },
            if living_there == 1 { "lives" } else { "live" },
        )));
    }
    match (&terms, kind.approved_as()) {
        (Some(terms), Some(fostering)) => {
            let age = age_on(child.date_of_birth, started_on);
            if !(terms.age_from..=terms.age_to).contains(&age) {
                return Ok(Some(format!(
                    "The household is approved for children aged {} to {}: the child is {age}",
                    terms.age_from, terms.age_to
                )));
            }
            // Terms that name no kind of placement (only, say, teenagers)
            // do not limit the kind.
            let named = terms.kinds.iter().any(|k| {
                PlacementKind::ALL
                    .iter()
                    .any(|p| p.approved_as() == Some(*k))
            });
            if named && !terms.kinds.contains(&fostering) {
                return Ok(Some(format!(
                    "The household is not approved for {} placements",
                    kind.label().to_lowercase()
                )));
            }
        }
        (_, None) if !household.connected_person => {
            return Ok(Some(
                "Only a connected person's household takes a connected person placement".into(),
            ));
        }
        (None, _) => {
            // Temporarily approved: for the one child linked, no other.
            let linked = temporary_approval::Entity::find_by_id(household.household_id)
                .one(conn)
                .await?
                .is_some_and(|t| {
                    t.child_reference.trim() == child.placing_reference && started_on <= t.until
                });
            if !linked {
                return Ok(Some(
                    "A connected person is temporarily approved for their own child only, until the approval ends".into(),
                ));
            }
        }
        _ => {}
    }
    Ok(None)
}

/// The exemption that covers `on` for the household, if any.
async fn exemption_for(
    conn: &impl ConnectionTrait,
    household_id: i32,
    on: NaiveDate,
) -> Result<Option<placement_exemption::Model>, DomainError> {
    Ok(placement_exemption::Entity::find()
        .filter(placement_exemption::Column::CarerHouseholdId.eq(household_id))
        .filter(placement_exemption::Column::Until.gte(on))
        .order_by_desc(placement_exemption::Column::Until)
        .one(conn)
        .await?)
}

/// Places a child with the household from a day: for its supervising
/// social worker or a manager of its service. The child is found by the
/// placing authority's reference, or recorded. Returns the child's id.
pub async fn place_child(
    ctx: &Ctx,
    actor: &Actor,
    carer_household_id: i32,
    input: &PlacementInput,
) -> Result<i32, DomainError> {
    let household = supervised(ctx, actor, carer_household_id).await?;
    let placed = checked_placement(ctx, &household, input).await?;
    let worker = placed.child.social_worker.as_ref();
    let mine = match actor.person_id() {
        Some(id) => person::Entity::find_by_id(id).one(&ctx.db).await?,
        None => None,
    };
    if let (Some((_, email)), Some(me)) = (worker, &mine)
        && email.eq_ignore_ascii_case(&me.email)
    {
        return Err(DomainError::invalid(
            "social_worker_email",
            "Enter the child's social worker's address, not your own",
        ));
    }
    // Someone already a child's social worker there is linked now; anyone
    // else is invited once the placement is kept.
    let social_worker = match worker {
        Some(worker) => {
            social_worker_person(ctx, placed.child.placing_authority_id, worker, false).await?
        }
        None => None,
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let household = locked(&txn, household.id).await?;
    if household.left_on.is_some() {
        return Err(DomainError::Conflict(
            "The household has left the service".to_owned(),
        ));
    }
    let child = &placed.child;
    let exemption = match beyond_terms(&*txn, &household, child, placed.kind, placed.started_on)
        .await?
    {
        None => None,
        Some(why) => match exemption_for(&*txn, household.id, placed.started_on).await? {
            Some(exemption) => Some(exemption.id),
            None => {
                return Err(DomainError::Conflict(format!(
                    "{why}. A fostering team manager can record an exemption from the terms first."
                )));
            }
        },
    };
    let kept = Kept {
        by: actor.person_id(),
        social_worker,
        exemption,
        now,
    };
    let (child_id, recorded) = keep_placement(&txn, &household, &placed, &kept).await?;
    txn.commit().await?;
    if let (true, None, Some(worker)) = (recorded, social_worker, worker) {
        let invited =
            social_worker_person(ctx, placed.child.placing_authority_id, worker, true).await?;
        child::Entity::update_many()
            .col_expr(child::Column::SocialWorkerId, Expr::value(invited))
            .filter(child::Column::Id.eq(child_id))
            .exec(&ctx.db)
            .await?;
    }
    Ok(child_id)
}

/// A placement's input, checked against the household.
pub(crate) struct CheckedPlacement {
    pub child: CheckedChild,
    pub kind: PlacementKind,
    pub started_on: NaiveDate,
}

pub(crate) async fn checked_placement(
    ctx: &Ctx,
    household: &carer_household::Model,
    input: &PlacementInput,
) -> Result<CheckedPlacement, DomainError> {
    let today = london_day(ctx.clock.now());
    let mut errors = Vec::new();
    let child = check_child(&ctx.db, &input.child, today, &mut errors).await?;
    if input.kind.is_none() {
        errors.push(FieldError::new("kind", "Select the kind of placement"));
    }
    match input.started_on {
        None => errors.push(FieldError::new(
            "started_on",
            "Enter the date the child came to live with the household",
        )),
        Some(on) if on < household.approved_on => errors.push(FieldError::new(
            "started_on",
            "The placement must start on or after the household was approved",
        )),
        Some(on) if on > today => errors.push(FieldError::new(
            "started_on",
            "The placement must have started: record it on its first day",
        )),
        Some(on) if input.child.date_of_birth.is_some_and(|born| on < born) => {
            errors.push(FieldError::new(
                "started_on",
                "The placement must start on or after the child was born",
            ));
        }
        Some(_) => {}
    }
    match (child, input.kind, input.started_on, errors.is_empty()) {
        (Some(child), Some(kind), Some(started_on), true) => Ok(CheckedPlacement {
            child,
            kind,
            started_on,
        }),
        _ => Err(DomainError::InvalidInput(errors)),
    }
}

/// Who and what a kept placement records besides its input.
pub(crate) struct Kept {
    pub by: Option<i32>,
    /// The child's social worker, as a person of Hearth.
    pub social_worker: Option<i32>,
    pub exemption: Option<i32>,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Keeps the child (found by the placing authority's reference, or new)
/// and its placement with `household`, with its history, in `txn`. The
/// partial unique index refuses a second open placement of the child.
/// Returns the child's id, and whether the child was recorded now.
pub(crate) async fn keep_placement(
    txn: &DatabaseTransaction,
    household: &carer_household::Model,
    placed: &CheckedPlacement,
    kept: &Kept,
) -> Result<(i32, bool), DomainError> {
    let child = &placed.child;
    let existing = child::Entity::find()
        .filter(child::Column::PlacingAuthorityId.eq(child.placing_authority_id))
        .filter(child::Column::PlacingReference.eq(child.placing_reference.as_str()))
        .one(txn)
        .await?;
    let (child_id, recorded) = match existing {
        // The same child, by the details the reference was given with: a
        // reference alone is no way into another service's child.
        Some(found)
            if found.first_name.to_lowercase() == child.first_name.to_lowercase()
                && found.family_initial == child.family_initial
                && found.date_of_birth == child.date_of_birth =>
        {
            let later = placement::Entity::find()
                .filter(placement::Column::ChildId.eq(found.id))
                .filter(placement::Column::EndedOn.gt(placed.started_on))
                .one(txn)
                .await?;
            if later.is_some() {
                return Err(DomainError::invalid(
                    "started_on",
                    "The child's last placement ended after this day: a child lives in one home at a time",
                ));
            }
            (found.id, false)
        }
        Some(_) => {
            return Err(DomainError::invalid(
                "placing_reference",
                "That reference belongs to another child's record: check it with the placing authority",
            ));
        }
        None => {
            let row = child::ActiveModel {
                id: NotSet,
                organisation_id: Set(household.organisation_id),
                first_name: Set(child.first_name.clone()),
                family_initial: Set(child.family_initial.clone()),
                date_of_birth: Set(child.date_of_birth),
                placing_authority_id: Set(child.placing_authority_id),
                placing_reference: Set(child.placing_reference.clone()),
                social_worker_id: Set(kept.social_worker),
                social_worker_name: Set(child.social_worker.as_ref().map(|w| w.0.clone())),
                social_worker_email: Set(child.social_worker.as_ref().map(|w| w.1.clone())),
                legal_basis: Set(child.legal_basis.as_str().to_owned()),
                parent_agreement_by: Set(None),
                parent_agreement_on: Set(None),
                created_by_id: Set(kept.by),
                created_at: Set(kept.now),
            }
            .insert(txn)
            .await?;
            (row.id, true)
        }
    };
    placement::ActiveModel {
        id: NotSet,
        child_id: Set(child_id),
        carer_household_id: Set(household.id),
        kind: Set(placed.kind.as_str().to_owned()),
        started_on: Set(placed.started_on),
        ended_on: Set(None),
        ending: Set(None),
        ending_reason: Set(None),
        exemption_id: Set(kept.exemption),
        created_by_id: Set(kept.by),
        created_at: Set(kept.now),
    }
    .insert(txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => DomainError::Conflict(
            "The child already lives with a household: end that placement first".to_owned(),
        ),
        _ => e.into(),
    })?;
    record(
        txn,
        Step {
            workflow: Workflow::CarerHousehold,
            record_id: household.id,
            household_id: Some(household.household_id),
            at: kept.now,
            actor_id: kept.by,
            event: "child_placed",
            from: "approved",
            to: "approved",
            reason: Some(placed.kind.label()),
        },
    )
    .await?;
    Ok((child_id, recorded))
}

/// How a placement ends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndingInput {
    pub ended_on: Option<NaiveDate>,
    pub ending: Option<PlacementEnding>,
    pub reason: Option<EndingReason>,
}

/// Ends a placement: for the household's supervising social worker or a
/// manager of its service.
pub async fn end_placement(
    ctx: &Ctx,
    actor: &Actor,
    placement: Named,
    input: &EndingInput,
) -> Result<(), DomainError> {
    actor.require_anywhere(Permission::SuperviseCarers)?;
    let row = placement::Entity::find_by_id(placement.id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    placement.must_be_within(row.carer_household_id)?;
    let household = supervised(ctx, actor, row.carer_household_id).await?;
    let mut errors = Vec::new();
    match input.ended_on {
        None => errors.push(FieldError::new("ended_on", "Enter the date it ended")),
        Some(on) if on < row.started_on => errors.push(FieldError::new(
            "ended_on",
            "It must end on or after the day it started",
        )),
        Some(on) if on > london_day(ctx.clock.now()) => errors.push(FieldError::new(
            "ended_on",
            "The date it ended must be today or in the past",
        )),
        Some(_) => {}
    }
    if input.ending.is_none() {
        errors.push(FieldError::new(
            "ending",
            "Select whether the ending was planned",
        ));
    }
    if input.reason.is_none() {
        errors.push(FieldError::new("reason", "Select why it ended"));
    }
    let (Some(ended_on), Some(ending), Some(reason), true) = (
        input.ended_on,
        input.ending,
        input.reason,
        errors.is_empty(),
    ) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let txn = ctx.write().await?;
    locked(&txn, household.id).await?;
    let current = placement::Entity::find_by_id(row.id)
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let from = PlacementState::of(&current)?;
    let to = transition(from, ending)?;
    placement::Entity::update_many()
        .col_expr(placement::Column::EndedOn, Expr::value(ended_on))
        .col_expr(placement::Column::Ending, Expr::value(ending.as_str()))
        .col_expr(
            placement::Column::EndingReason,
            Expr::value(reason.as_str()),
        )
        .filter(placement::Column::Id.eq(row.id))
        .exec(&*txn)
        .await?;
    record(
        &*txn,
        Step {
            workflow: Workflow::Placement,
            record_id: row.id,
            household_id: Some(household.household_id),
            at: ctx.clock.now(),
            actor_id: actor.person_id(),
            event: "ended",
            from: from.as_str(),
            to: to.as_str(),
            reason: Some(reason.as_str()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An exemption from the terms, as a manager records it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExemptionInput {
    pub authorised_by: String,
    pub reason: String,
    pub until: Option<NaiveDate>,
}

/// Records that the household may take placements beyond its terms until
/// a day: for a manager of its service, with who authorised it and why.
pub async fn record_exemption(
    ctx: &Ctx,
    actor: &Actor,
    carer_household_id: i32,
    input: &ExemptionInput,
) -> Result<(), DomainError> {
    let household = managed(ctx, actor, carer_household_id).await?;
    let mut errors = Vec::new();
    let authorised_by = bounded(
        &mut errors,
        "authorised_by",
        &input.authorised_by,
        200,
        Some("Enter who authorised the exemption, and their role"),
    );
    let reason = bounded(
        &mut errors,
        "reason",
        &input.reason,
        2_000,
        Some("Enter why the exemption is needed"),
    );
    match input.until {
        None => errors.push(FieldError::new("until", "Enter the day it lasts until")),
        Some(until) if until < london_day(ctx.clock.now()) => errors.push(FieldError::new(
            "until",
            "The day it lasts until must be today or later",
        )),
        Some(_) => {}
    }
    let (Some(until), true) = (input.until, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    if locked(&txn, household.id).await?.left_on.is_some() {
        return Err(DomainError::Conflict(
            "The household has left the service".to_owned(),
        ));
    }
    placement_exemption::ActiveModel {
        id: NotSet,
        carer_household_id: Set(household.id),
        authorised_by: Set(authorised_by.clone()),
        reason: Set(reason),
        until: Set(until),
        recorded_by_id: Set(actor.person_id()),
        recorded_at: Set(now),
    }
    .insert(&*txn)
    .await?;
    record(
        &*txn,
        Step {
            workflow: Workflow::CarerHousehold,
            record_id: household.id,
            household_id: Some(household.household_id),
            at: now,
            actor_id: actor.person_id(),
            event: "exemption_recorded",
            from: "approved",
            to: "approved",
            reason: Some(&format!(
                "until {}, authorised by {authorised_by}",
                until.format("%-d %B %Y")
            )),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A placement as the household's workers and its carers read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub placement_id: i32,
    pub child_id: i32,
    /// First name and family-name initial.
    pub child: String,
    pub age: i32,
    pub kind: PlacementKind,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub ending: Option<PlacementEnding>,
    pub ending_reason: Option<EndingReason>,
    /// Made under an exemption from the terms.
    pub exempted: bool,
}

/// The children living with the carer household now.
pub(crate) async fn children_living_with(
    conn: &impl ConnectionTrait,
    carer_household_id: i32,
) -> Result<Vec<child::Model>, DomainError> {
    let open: Vec<i32> = placement::Entity::find()
        .filter(placement::Column::CarerHouseholdId.eq(carer_household_id))
        .filter(placement::Column::EndedOn.is_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.child_id)
        .collect();
    Ok(child::Entity::find()
        .filter(child::Column::Id.is_in(open))
        .order_by_asc(child::Column::FirstName)
        .all(conn)
        .await?)
}

/// Which of a household's placements to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Listing {
    Every,
    /// Only the children living there now.
    Open,
}

/// The household's placements, open ones first, newest first; each child
/// listed (and only those) is a read in the access log.
pub(crate) async fn placements_of(
    ctx: &Ctx,
    actor: &Actor,
    carer_household_id: i32,
    listing: Listing,
) -> Result<Vec<Placed>, DomainError> {
    let mut query = placement::Entity::find()
        .filter(placement::Column::CarerHouseholdId.eq(carer_household_id));
    if listing == Listing::Open {
        query = query.filter(placement::Column::EndedOn.is_null());
    }
    let rows = query
        .order_by_desc(placement::Column::StartedOn)
        .order_by_desc(placement::Column::Id)
        .all(&ctx.db)
        .await?;
    let children = child::Entity::find()
        .filter(child::Column::Id.is_in(rows.iter().map(|r| r.child_id)))
        .all(&ctx.db)
        .await?;
    super::children::logged(ctx, actor, &children).await?;
    let today = london_day(ctx.clock.now());
    let mut placed = rows
        .iter()
        .filter_map(|row| {
            let child = children.iter().find(|c| c.id == row.child_id)?;
            Some((row, child))
        })
        .map(|(row, child)| {
            Ok(Placed {
                placement_id: row.id,
                child_id: child.id,
                child: child_name(child),
                age: age_on(child.date_of_birth, today),
                kind: PlacementKind::from_stored(&row.kind)?,
                started_on: row.started_on,
                ended_on: row.ended_on,
                ending: row
                    .ending
                    .as_deref()
                    .map(PlacementEnding::from_stored)
                    .transpose()?,
                ending_reason: row
                    .ending_reason
                    .as_deref()
                    .map(EndingReason::from_stored)
                    .transpose()?,
                exempted: row.exemption_id.is_some(),
            })
        })
        .collect::<Result<Vec<_>, DomainError>>()?;
    placed.sort_by_key(|p| p.ended_on.is_some());
    Ok(placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_placement_ends_once_and_only_once() {
        let ended = transition(PlacementState::Open, PlacementEnding::Unplanned);
        assert_eq!(ended, Ok(PlacementState::Ended(PlacementEnding::Unplanned)));
        let again = transition(
            PlacementState::Ended(PlacementEnding::Planned),
            PlacementEnding::Planned,
        );
        assert!(again.is_err());
    }

    #[test]
    fn a_connected_person_placement_is_approved_by_no_kind_of_fostering() {
        assert_eq!(PlacementKind::ConnectedPerson.approved_as(), None);
        assert_eq!(
            PlacementKind::ShortBreak.approved_as(),
            Some(FosteringKind::ShortBreaks)
        );
    }
}
