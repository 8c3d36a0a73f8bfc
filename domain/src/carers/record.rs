//! One carer household's record, as its supervising social worker and its
//! service's fostering team managers read it: the carers, the terms, the
//! reviews, the leaving and the history. Each read is in the access log.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::access::{manages, supervised};
use super::entities::carer_review;
use super::leaving::{LeavingReason, leaving_label};
use super::list::{CarerHousehold, describe};
use super::placements::{Listing, Placed, placements_of};
use super::reviews::ReviewOutcome;
use crate::accounts::entities::person;
use crate::applications::joint::applicants;
use crate::audit::{Subject, record_access};
use crate::reason_lists;
use crate::recruitment::entities::household;
use crate::workflow::{Workflow, history_of};
use crate::{Actor, Ctx, DomainError};

/// An annual review as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    pub reviewed_on: NaiveDate,
    pub outcome: ReviewOutcome,
    pub note: String,
    pub recorded_by: Option<String>,
}

/// One line of the household's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryLine {
    pub at: DateTime<Utc>,
    pub what: String,
    pub detail: Option<String>,
    pub by: Option<String>,
}

/// How the household left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaving {
    pub left_on: NaiveDate,
    pub ending: String,
    pub reason: String,
}

/// The carer household's record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarerHouseholdRecord {
    pub household: CarerHousehold,
    /// The carers, by name: the applicant and any joint applicant.
    pub carers: Vec<String>,
    /// Newest first.
    pub reviews: Vec<Review>,
    /// Oldest first.
    pub history: Vec<HistoryLine>,
    pub leaving: Option<Leaving>,
    /// The children placed with it: open placements first, newest first.
    pub placements: Vec<Placed>,
    /// The reader may record a review or place a child (the household has
    /// not left).
    pub may_review: bool,
    /// The reader may record an exemption from the terms.
    pub may_record_exemption: bool,
    /// The reader may record its leaving.
    pub may_record_leaving: bool,
}

/// What a history row's event says.
fn event_label(event: &str) -> &str {
    match event {
        "supervising_social_worker_given" => "Supervising social worker given",
        "annual_review" => "Annual review recorded",
        "terms_changed" => "Terms of approval changed",
        "left" => "Left the service",
        "child_placed" => "A child came to live with them",
        "exemption_recorded" => "Exemption from the terms recorded",
        other => other,
    }
}

/// The record of carer household `carer_household_id`.
pub async fn carer_household_record(
    ctx: &Ctx,
    actor: &Actor,
    carer_household_id: i32,
) -> Result<CarerHouseholdRecord, DomainError> {
    let row = supervised(ctx, actor, carer_household_id).await?;
    record_access(
        ctx,
        actor,
        row.organisation_id,
        Subject::Household,
        Some(row.household_id),
    )
    .await?;
    let household = household::Entity::find_by_id(row.household_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let carers = applicants(&ctx.db, &household)
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let reviews = carer_review::Entity::find()
        .filter(carer_review::Column::CarerHouseholdId.eq(row.id))
        .order_by_desc(carer_review::Column::ReviewedOn)
        .order_by_desc(carer_review::Column::Id)
        .all(&ctx.db)
        .await?;
    let history = history_of(&ctx.db, Workflow::CarerHousehold, row.id).await?;
    let people = person::Entity::find()
        .filter(
            person::Column::Id.is_in(
                reviews
                    .iter()
                    .filter_map(|r| r.recorded_by_id)
                    .chain(history.iter().filter_map(|h| h.actor_id)),
            ),
        )
        .all(&ctx.db)
        .await?;
    let name_of = |id: Option<i32>| {
        id.and_then(|id| people.iter().find(|p| p.id == id))
            .map(|p| p.name.clone())
    };
    let reviews = reviews
        .into_iter()
        .map(|r| {
            Ok(Review {
                reviewed_on: r.reviewed_on,
                outcome: ReviewOutcome::from_stored(&r.outcome)?,
                note: r.note,
                recorded_by: name_of(r.recorded_by_id),
            })
        })
        .collect::<Result<Vec<_>, DomainError>>()?;
    let leaving_codes: Vec<&str> = history
        .iter()
        .filter(|h| h.event == "left")
        .filter_map(|h| h.reason.as_deref())
        .collect();
    let leaving_reasons = reason_lists::labels::<LeavingReason>(&ctx.db, &leaving_codes).await?;
    let history = history
        .iter()
        .map(|h| HistoryLine {
            at: h.at,
            what: event_label(&h.event).to_owned(),
            detail: h.reason.as_ref().map(|reason| {
                leaving_reasons
                    .iter()
                    .find(|(code, _)| h.event == "left" && code == reason)
                    .map_or_else(|| reason.clone(), |(_, label)| label.clone())
            }),
            by: name_of(h.actor_id),
        })
        .collect();
    let leaving = leaving_label(ctx, &row)
        .await?
        .map(|(left_on, ending, reason)| Leaving {
            left_on,
            ending,
            reason,
        });
    let may_record_leaving = manages(actor, &row) && row.left_on.is_none();
    let placements = placements_of(ctx, actor, row.id, Listing::Every).await?;
    let may_review = row.left_on.is_none();
    let described = describe(ctx, actor, std::slice::from_ref(&row))
        .await?
        .pop()
        .ok_or(DomainError::NotFound)?;
    Ok(CarerHouseholdRecord {
        household: described,
        carers,
        reviews,
        history,
        leaving,
        placements,
        may_review,
        may_record_exemption: may_record_leaving,
        may_record_leaving,
    })
}
