//! A carer household leaving its service, and each service's list of
//! leaving reasons.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use domain::Named;
use domain::carers::{LeavingChoice, LeavingInput, record_leaving};
use domain::reason_lists::{add_reason, reasons, retire_reason};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

/// How a carer household's approval ended: what Ofsted counts.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::carers::LeavingEnding")]
pub enum LeavingEnding {
    Resigned,
    Retired,
    Deregistered,
    Moved,
}

/// The standard reasons a carer household leaves.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::carers::LeavingReason")]
pub enum LeavingReason {
    FamilyCircumstances,
    Health,
    WorkOrMoney,
    Support,
    ChildStayedAsFamily,
    StandardsOfCare,
    Other,
}

/// A reason on a service's list.
#[derive(SimpleObject)]
pub struct LeavingReasonEntry {
    /// One of the standard list (give it as `reason`), or null.
    pub standard: Option<LeavingReason>,
    /// An added one's id (give it as `addedReasonId`), or null.
    pub added_id: Option<ID>,
    pub label: String,
}

#[derive(Default)]
pub struct LeavingQuery;

#[Object]
impl LeavingQuery {
    /// The reasons a service's fostering team managers choose from when a
    /// carer household leaves.
    async fn leaving_reasons(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<Vec<LeavingReasonEntry>> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let reasons = reasons::<domain::carers::LeavingReason>(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(reasons
            .into_iter()
            .map(|r| LeavingReasonEntry {
                standard: match r.choice {
                    LeavingChoice::Standard(reason) => Some(reason.into()),
                    LeavingChoice::Added(_) => None,
                },
                added_id: r.added_id().map(|id| to_id("LeavingReason", id)),
                label: r.label,
            })
            .collect())
    }
}

/// A carer household's leaving, to record.
#[derive(InputObject)]
pub struct LeavingRecordInput {
    pub carer_household_id: ID,
    pub left_on: NaiveDate,
    pub ending: LeavingEnding,
    pub reason: Option<LeavingReason>,
    /// Instead of `reason`, one the service added (`leavingReasons`).
    pub added_reason_id: Option<ID>,
}

#[derive(Default)]
pub struct LeavingMutation;

#[Object]
impl LeavingMutation {
    /// Records that a carer household left its service: for the service's
    /// fostering team managers; refused (CONFLICT) while a child is placed
    /// with it.
    async fn record_leaving(
        &self,
        ctx: &Context<'_>,
        input: LeavingRecordInput,
    ) -> async_graphql::Result<bool> {
        let id = from_id(
            "CarerHousehold",
            &input.carer_household_id,
            "input.carerHouseholdId",
        )?;
        let reason = match (&input.added_reason_id, input.reason) {
            (Some(added), _) => Some(LeavingChoice::Added(from_id(
                "LeavingReason",
                added,
                "input.addedReasonId",
            )?)),
            (None, Some(reason)) => Some(LeavingChoice::Standard(reason.into())),
            (None, None) => None,
        };
        let leaving = LeavingInput {
            left_on: Some(input.left_on),
            ending: Some(input.ending.into()),
            reason,
        };
        record_leaving(storage(ctx)?, actor(ctx), id, leaving)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Adds a reason to a service's list of leaving reasons.
    async fn add_leaving_reason(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        label: String,
    ) -> async_graphql::Result<ID> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let added =
            add_reason::<domain::carers::LeavingReason>(storage(ctx)?, actor(ctx), id, &label)
                .await
                .map_err(to_graphql)?;
        Ok(to_id("LeavingReason", added))
    }

    /// Takes an added leaving reason off its service's list.
    async fn retire_leaving_reason(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<bool> {
        let id = from_id("LeavingReason", &id, "id")?;
        retire_reason::<domain::carers::LeavingReason>(storage(ctx)?, actor(ctx), Named::alone(id))
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
