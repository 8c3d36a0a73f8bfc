//! A carer household leaves its service: it resigned, retired, was
//! deregistered or moved to another service (what Ofsted counts as
//! deregistered households), on a date, for a reason from a list the
//! service's fostering team managers extend (`reason_lists`). Never while
//! a child is placed with it; afterwards its carers no longer see the
//! children's records, and the record and its history stay.

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::access::{locked, managed};
use super::entities::{carer_household, placement};
use crate::clock::london_day;
use crate::names::stored_names;
use crate::reason_lists::{self, Choice, standard_reasons};
use crate::workflow::{Step, Workflow, record};
use crate::{Actor, Ctx, DomainError, FieldError};

/// How a carer household's approval ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LeavingEnding {
    Resigned,
    Retired,
    Deregistered,
    Moved,
}

stored_names!(LeavingEnding {
    Resigned => "resigned", "Resigned",
    Retired => "retired", "Retired",
    Deregistered => "deregistered", "Deregistered by the service",
    Moved => "moved", "Moved to another fostering service",
});

/// Why it left: the list every service starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LeavingReason {
    FamilyCircumstances,
    Health,
    WorkOrMoney,
    Support,
    ChildStayedAsFamily,
    StandardsOfCare,
    Other,
}

stored_names!(LeavingReason {
    FamilyCircumstances => "family_circumstances", "Personal or family circumstances",
    Health => "health", "Health",
    WorkOrMoney => "work_or_money", "Work or money",
    Support => "support", "Not enough support from the service",
    ChildStayedAsFamily => "child_stayed_as_family", "A special guardianship or adoption order for the child they cared for",
    StandardsOfCare => "standards_of_care", "Concerns about the standard of care",
    Other => "other", "Another reason",
});

standard_reasons!(
    LeavingReason,
    "leaving",
    ManageCarerHouseholds,
    ManageCarerHouseholds
);

/// What a manager chooses when a household leaves.
pub type LeavingChoice = Choice<LeavingReason>;

/// How the household's leaving reads, from its stored codes.
pub(crate) async fn leaving_label(
    ctx: &Ctx,
    row: &carer_household::Model,
) -> Result<Option<(NaiveDate, String, String)>, DomainError> {
    let (Some(on), Some(ending), Some(reason)) = (
        row.left_on,
        row.leaving_ending.as_deref(),
        row.leaving_reason.as_deref(),
    ) else {
        return Ok(None);
    };
    let ending = LeavingEnding::from_stored(ending)?.label().to_owned();
    let reason = reason_lists::labels::<LeavingReason>(&ctx.db, &[reason])
        .await?
        .pop()
        .map(|(_, label)| label)
        .unwrap_or_default();
    Ok(Some((on, ending, reason)))
}

/// What a manager records when a household leaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeavingInput {
    pub left_on: Option<NaiveDate>,
    pub ending: Option<LeavingEnding>,
    pub reason: Option<LeavingChoice>,
}

/// Records that the household left, for its service's fostering team
/// managers. Refused while a child is placed with it.
pub async fn record_leaving(
    ctx: &Ctx,
    actor: &Actor,
    carer_household_id: i32,
    input: LeavingInput,
) -> Result<(), DomainError> {
    let row = managed(ctx, actor, carer_household_id).await?;
    if row.left_on.is_some() {
        return Err(DomainError::Conflict(
            "The household has already left the service".to_owned(),
        ));
    }
    let mut errors = Vec::new();
    match input.left_on {
        None => errors.push(FieldError::new("left_on", "Enter the date they left")),
        Some(on) if on > london_day(ctx.clock.now()) => errors.push(FieldError::new(
            "left_on",
            "The date they left must be today or in the past",
        )),
        Some(on) if on < row.approved_on => errors.push(FieldError::new(
            "left_on",
            "The date they left must be on or after they were approved",
        )),
        Some(_) => {}
    }
    if input.ending.is_none() {
        errors.push(FieldError::new("ending", "Select how the approval ended"));
    }
    let reason = match input.reason {
        Some(choice) if reason_lists::offered(&ctx.db, choice, row.organisation_id).await? => {
            Some(choice)
        }
        _ => {
            errors.push(FieldError::new("reason", "Select why they left"));
            None
        }
    };
    let (Some(left_on), Some(ending), Some(reason), true) =
        (input.left_on, input.ending, reason, errors.is_empty())
    else {
        return Err(DomainError::InvalidInput(errors));
    };
    let txn = ctx.write().await?;
    // Under the household's lock, so a placement made at the same moment
    // is seen, and a second press finds it gone.
    if locked(&txn, row.id).await?.left_on.is_some() {
        return Err(DomainError::Conflict(
            "The household has already left the service".to_owned(),
        ));
    }
    let open = placement::Entity::find()
        .filter(placement::Column::CarerHouseholdId.eq(row.id))
        .filter(placement::Column::EndedOn.is_null())
        .count(&txn)
        .await?;
    if open > 0 {
        return Err(DomainError::Conflict(
            "A child is placed with the household: end the placement before they leave".to_owned(),
        ));
    }
    let last_ended = placement::Entity::find()
        .filter(placement::Column::CarerHouseholdId.eq(row.id))
        .filter(placement::Column::EndedOn.gt(left_on))
        .one(&*txn)
        .await?;
    if last_ended.is_some() {
        return Err(DomainError::invalid(
            "left_on",
            "A child lived with them after this day: give the day they left, after the last placement ended",
        ));
    }
    carer_household::Entity::update_many()
        .col_expr(carer_household::Column::LeftOn, Expr::value(left_on))
        .col_expr(
            carer_household::Column::LeavingEnding,
            Expr::value(ending.as_str()),
        )
        .col_expr(
            carer_household::Column::LeavingReason,
            Expr::value(reason.code()),
        )
        .filter(carer_household::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    record(
        &txn,
        Step {
            workflow: Workflow::CarerHousehold,
            record_id: row.id,
            household_id: Some(row.household_id),
            at: ctx.clock.now(),
            actor_id: actor.person_id(),
            event: "left",
            from: "approved",
            to: ending.as_str(),
            reason: Some(&reason.code()),
        },
    )
    .await?;
    // Its Mockingbird constellation, if any, loses the household too.
    let ending = crate::constellations::Ending {
        carer_household_id: row.id,
        household_id: row.household_id,
        left_on,
        reason: "The household left the service",
        actor_id: actor.person_id(),
        at: ctx.clock.now(),
    };
    crate::constellations::end_membership(&*txn, None, &ending).await?;
    txn.commit().await?;
    Ok(())
}
