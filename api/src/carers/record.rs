//! One carer household's record, and its annual reviews.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use domain::applications::decision::Terms;
use domain::carers::{ReviewInput, carer_household_record, record_review};

use super::CarerHousehold;
use crate::errors::to_graphql;
use crate::ids::from_id;
use crate::panel::ApprovalTerms;
use crate::schema::{actor, storage};

/// What an annual review found.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::carers::ReviewOutcome")]
pub enum ReviewOutcome {
    /// Still suitable, on the same terms.
    Continue,
    /// Still suitable, on new terms (give `terms`).
    TermsChanged,
    /// Referred to the fostering panel.
    ReferredToPanel,
}

/// An annual review as recorded.
#[derive(SimpleObject)]
pub struct CarerReview {
    pub reviewed_on: NaiveDate,
    pub outcome: ReviewOutcome,
    pub note: String,
    pub recorded_by: Option<String>,
}

/// One line of a carer household's history.
#[derive(SimpleObject)]
pub struct CarerHistoryLine {
    pub at: DateTime<Utc>,
    pub what: String,
    pub detail: Option<String>,
    pub by: Option<String>,
}

/// How a carer household left its service.
#[derive(SimpleObject)]
pub struct CarerLeaving {
    pub left_on: NaiveDate,
    pub ending: String,
    pub reason: String,
}

/// A carer household's record: for its supervising social worker and its
/// service's fostering team managers.
#[derive(SimpleObject)]
pub struct CarerHouseholdRecord {
    pub household: CarerHousehold,
    /// The carers, by name.
    pub carers: Vec<String>,
    /// Newest first.
    pub reviews: Vec<CarerReview>,
    /// Oldest first.
    pub history: Vec<CarerHistoryLine>,
    pub leaving: Option<CarerLeaving>,
    /// Children placed with it: those living there now first.
    pub placements: Vec<super::children::Placement>,
    /// The reader may record a review, or a child coming to live there.
    pub viewer_may_review: bool,
    pub viewer_may_record_exemption: bool,
    pub viewer_may_record_leaving: bool,
}

impl From<domain::carers::CarerHouseholdRecord> for CarerHouseholdRecord {
    fn from(found: domain::carers::CarerHouseholdRecord) -> Self {
        Self {
            household: found.household.into(),
            carers: found.carers,
            reviews: found
                .reviews
                .into_iter()
                .map(|r| CarerReview {
                    reviewed_on: r.reviewed_on,
                    outcome: r.outcome.into(),
                    note: r.note,
                    recorded_by: r.recorded_by,
                })
                .collect(),
            history: found
                .history
                .into_iter()
                .map(|h| CarerHistoryLine {
                    at: h.at,
                    what: h.what,
                    detail: h.detail,
                    by: h.by,
                })
                .collect(),
            leaving: found.leaving.map(|l| CarerLeaving {
                left_on: l.left_on,
                ending: l.ending,
                reason: l.reason,
            }),
            placements: found.placements.into_iter().map(Into::into).collect(),
            viewer_may_review: found.may_review,
            viewer_may_record_exemption: found.may_record_exemption,
            viewer_may_record_leaving: found.may_record_leaving,
        }
    }
}

#[derive(Default)]
pub struct RecordQuery;

#[Object]
impl RecordQuery {
    /// A carer household's record; each read is in the access log.
    async fn carer_household(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<CarerHouseholdRecord> {
        let id = from_id("CarerHousehold", &id, "id")?;
        Ok(carer_household_record(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?
            .into())
    }
}

/// An annual review to record.
#[derive(InputObject)]
pub struct AnnualReviewInput {
    pub carer_household_id: ID,
    pub reviewed_on: NaiveDate,
    pub outcome: ReviewOutcome,
    /// What the review found and why.
    pub note: String,
    /// The new terms: needed when the outcome is `TERMS_CHANGED`.
    pub terms: Option<ApprovalTerms>,
}

#[derive(Default)]
pub struct RecordMutation;

#[Object]
impl RecordMutation {
    /// Records a carer household's annual review; the next falls due a
    /// year after it. For its supervising social worker or a manager.
    async fn record_annual_review(
        &self,
        ctx: &Context<'_>,
        input: AnnualReviewInput,
    ) -> async_graphql::Result<CarerHouseholdRecord> {
        let id = from_id(
            "CarerHousehold",
            &input.carer_household_id,
            "input.carerHouseholdId",
        )?;
        let terms = input.terms.map_or_else(Terms::default, |t| Terms {
            children: Some(t.children.into()),
            age_from: Some(t.age_from.into()),
            age_to: Some(t.age_to.into()),
            kinds: t.kinds,
        });
        let review = ReviewInput {
            reviewed_on: Some(input.reviewed_on),
            outcome: Some(input.outcome.into()),
            note: input.note,
            terms,
        };
        let storage = storage(ctx)?;
        record_review(storage, actor(ctx), id, review)
            .await
            .map_err(to_graphql)?;
        Ok(carer_household_record(storage, actor(ctx), id)
            .await
            .map_err(to_graphql)?
            .into())
    }
}
