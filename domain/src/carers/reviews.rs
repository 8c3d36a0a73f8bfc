//! The annual review (Fostering Services Regulations, regulation 28): the
//! household's supervising social worker, or a fostering team manager,
//! records its date and outcome; the next falls due a year on. A review
//! may change the terms, or refer the household to the fostering panel.

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::access::{locked, supervised};
use super::entities::{carer_household, carer_review};
use super::households::review_due;
use crate::applications::decision::{Terms, checked_terms};
use crate::clock::london_day;
use crate::names::stored_names;
use crate::text::bounded;
use crate::workflow::{Step, Workflow, record};
use crate::{Actor, Ctx, DomainError, FieldError};

/// What the review found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReviewOutcome {
    /// Still suitable, on the same terms.
    Continue,
    /// Still suitable, on new terms.
    TermsChanged,
    /// Referred to the fostering panel: the first review after approval,
    /// or a question about suitability or the terms.
    ReferredToPanel,
}

stored_names!(ReviewOutcome {
    Continue => "continue", "Still suitable, on the same terms",
    TermsChanged => "terms_changed", "Still suitable, on new terms",
    ReferredToPanel => "referred_to_panel", "Referred to the fostering panel",
});

/// The longest note a review keeps.
const NOTE_LONGEST: usize = 5_000;

/// A review as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewInput {
    pub reviewed_on: Option<NaiveDate>,
    pub outcome: Option<ReviewOutcome>,
    pub note: String,
    /// The new terms, when the outcome changes them.
    pub terms: Terms,
}

/// Records the household's annual review; the next falls due a year after
/// it. Each review, and each change of terms, is a row of its history.
pub async fn record_review(
    ctx: &Ctx,
    actor: &Actor,
    carer_household_id: i32,
    input: ReviewInput,
) -> Result<(), DomainError> {
    let row = supervised(ctx, actor, carer_household_id).await?;
    if row.left_on.is_some() {
        return Err(DomainError::Conflict(
            "The household has left the service: its reviews are closed".to_owned(),
        ));
    }
    let mut errors: Vec<FieldError> = Vec::new();
    let today = london_day(ctx.clock.now());
    match input.reviewed_on {
        None => errors.push(FieldError::new(
            "reviewed_on",
            "Enter the date of the review",
        )),
        Some(on) if on > today => errors.push(FieldError::new(
            "reviewed_on",
            "The date of the review must be today or in the past",
        )),
        Some(on) if on < row.approved_on => errors.push(FieldError::new(
            "reviewed_on",
            "The date of the review must be on or after the household was approved",
        )),
        Some(_) => {}
    }
    if input.outcome.is_none() {
        errors.push(FieldError::new("outcome", "Select what the review found"));
    }
    let note = bounded(
        &mut errors,
        "note",
        &input.note,
        NOTE_LONGEST,
        Some("Enter what the review found and why"),
    );
    let terms = match input.outcome {
        Some(ReviewOutcome::TermsChanged) => checked_terms(&input.terms, &mut errors),
        _ => None,
    };
    let (Some(outcome), Some(reviewed_on), true) =
        (input.outcome, input.reviewed_on, errors.is_empty())
    else {
        return Err(DomainError::InvalidInput(errors));
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    if locked(&txn, row.id).await?.left_on.is_some() {
        return Err(DomainError::Conflict(
            "The household has left the service: its reviews are closed".to_owned(),
        ));
    }
    // A review recorded late, of a day before the latest, does not bring
    // the next one forward.
    let latest = carer_review::Entity::find()
        .filter(carer_review::Column::CarerHouseholdId.eq(row.id))
        .order_by_desc(carer_review::Column::ReviewedOn)
        .one(&*txn)
        .await?
        .map_or(reviewed_on, |r| r.reviewed_on.max(reviewed_on));
    carer_review::ActiveModel {
        id: NotSet,
        carer_household_id: Set(row.id),
        reviewed_on: Set(reviewed_on),
        outcome: Set(outcome.as_str().to_owned()),
        note: Set(note),
        children: Set(terms.as_ref().map(|t| t.0)),
        age_from: Set(terms.as_ref().map(|t| t.1)),
        age_to: Set(terms.as_ref().map(|t| t.2)),
        kinds: Set(terms.as_ref().map(|t| t.3.clone())),
        recorded_by_id: Set(actor.person_id()),
        recorded_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let mut update = carer_household::Entity::update_many()
        .col_expr(
            carer_household::Column::ReviewDueOn,
            Expr::value(review_due(latest)),
        )
        .filter(carer_household::Column::Id.eq(row.id));
    if let Some((children, age_from, age_to, kinds)) = &terms {
        update = update
            .col_expr(carer_household::Column::Children, Expr::value(*children))
            .col_expr(carer_household::Column::AgeFrom, Expr::value(*age_from))
            .col_expr(carer_household::Column::AgeTo, Expr::value(*age_to))
            .col_expr(carer_household::Column::Kinds, Expr::value(kinds.clone()));
    }
    update.exec(&txn).await?;
    let step = |event, reason| Step {
        workflow: Workflow::CarerHousehold,
        record_id: row.id,
        household_id: Some(row.household_id),
        at: now,
        actor_id: actor.person_id(),
        event,
        from: "approved",
        to: "approved",
        reason,
    };
    record(&txn, step("annual_review", Some(outcome.label()))).await?;
    if terms.is_some() {
        record(&txn, step("terms_changed", None)).await?;
    }
    txn.commit().await?;
    Ok(())
}
