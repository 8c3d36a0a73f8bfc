//! Delegated authority, "Can I say yes?", the decisions carers log, and a
//! carer's own household.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use domain::carers::{
    Answer, DecisionInput, ExceptionInput, add_decision, decision_list, delegated_authority,
    log_decision, logged_decisions, my_households, record_exception, record_parent_agreement,
    set_decision_retired,
};

use super::CarerHousehold;
use super::children::{LegalBasis, Placement};
use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

/// Who holds a day-to-day decision.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::carers::Holder")]
pub enum DecisionHolder {
    Carers,
    ChildsSocialWorker,
    Parent,
    YoungPerson,
    Clinician,
    NotDelegable,
}

/// The areas practice groups day-to-day decisions in.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::carers::Area")]
pub enum DecisionArea {
    Health,
    Education,
    Leisure,
    Faith,
    Online,
    Other,
}

/// What the carers may do about one decision.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum CanSayYes {
    Yes,
    YesWithConditions,
    AskFirst,
}

/// One day-to-day decision for one child.
#[derive(SimpleObject)]
pub struct ChildDecision {
    /// The decision's key in the list.
    pub key: String,
    pub area: DecisionArea,
    pub decision: String,
    pub can_say_yes: CanSayYes,
    pub conditions: Option<String>,
    pub tell_social_worker: bool,
    /// Who to ask, when the carers ask first.
    pub ask: Option<DecisionHolder>,
    /// The exception's reason.
    pub reason: Option<String>,
}

/// One version of an exception.
#[derive(SimpleObject)]
pub struct DelegationChange {
    pub decision: String,
    pub holder: DecisionHolder,
    pub conditions: String,
    pub tell_social_worker: bool,
    pub reason: String,
    pub by: Option<String>,
    pub at: DateTime<Utc>,
}

/// A child's delegated authority.
#[derive(SimpleObject)]
pub struct DelegatedAuthority {
    pub child_id: ID,
    pub child: String,
    pub legal_basis: LegalBasis,
    pub parent_agreed_by: Option<String>,
    pub parent_agreed_on: Option<NaiveDate>,
    pub decisions: Vec<ChildDecision>,
    /// Newest first.
    pub changes: Vec<DelegationChange>,
    pub viewer_may_change: bool,
    pub viewer_is_carer: bool,
}

/// A decision a carer logged.
#[derive(SimpleObject)]
pub struct LoggedDecision {
    pub decision: String,
    pub decided_on: NaiveDate,
    pub note: String,
    pub by: Option<String>,
}

/// A carer's own household.
#[derive(SimpleObject)]
pub struct MyHousehold {
    pub household: CarerHousehold,
    pub children: Vec<Placement>,
}

#[derive(Default)]
pub struct DelegatedQuery;

#[Object]
impl DelegatedQuery {
    /// A child's delegated authority: "Can I say yes?" for each decision.
    async fn delegated_authority(
        &self,
        ctx: &Context<'_>,
        child_id: ID,
    ) -> async_graphql::Result<DelegatedAuthority> {
        let id = from_id("Child", &child_id, "childId")?;
        let found = delegated_authority(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        let (parent_agreed_by, parent_agreed_on) = found.parent_agreement.unzip();
        Ok(DelegatedAuthority {
            child_id: to_id("Child", found.child_id),
            child: found.child,
            legal_basis: found.legal_basis.into(),
            parent_agreed_by,
            parent_agreed_on,
            decisions: found
                .decisions
                .into_iter()
                .map(|d| {
                    let (can_say_yes, conditions, tell_social_worker, ask) = match d.answer {
                        Answer::Yes => (CanSayYes::Yes, None, false, None),
                        Answer::YesWithConditions {
                            conditions,
                            tell_social_worker,
                        } => (
                            CanSayYes::YesWithConditions,
                            Some(conditions),
                            tell_social_worker,
                            None,
                        ),
                        Answer::Ask(holder) => {
                            (CanSayYes::AskFirst, None, false, Some(holder.into()))
                        }
                    };
                    ChildDecision {
                        key: d.key,
                        area: d.area.into(),
                        decision: d.decision,
                        can_say_yes,
                        conditions,
                        tell_social_worker,
                        ask,
                        reason: d.reason,
                    }
                })
                .collect(),
            changes: found
                .history
                .into_iter()
                .map(|v| DelegationChange {
                    decision: v.decision,
                    holder: v.holder.into(),
                    conditions: v.conditions,
                    tell_social_worker: v.tell_social_worker,
                    reason: v.reason,
                    by: v.by,
                    at: v.at,
                })
                .collect(),
            viewer_may_change: found.may_change,
            viewer_is_carer: found.is_carer,
        })
    }

    /// The decisions a child's carers logged, newest first.
    async fn logged_decisions(
        &self,
        ctx: &Context<'_>,
        child_id: ID,
    ) -> async_graphql::Result<Vec<LoggedDecision>> {
        let id = from_id("Child", &child_id, "childId")?;
        Ok(logged_decisions(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?
            .into_iter()
            .map(|d| LoggedDecision {
                decision: d.decision,
                decided_on: d.decided_on,
                note: d.note,
                by: d.by,
            })
            .collect())
    }

    /// The signed-in foster carer's own households and the children living
    /// with them now.
    async fn my_households(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MyHousehold>> {
        Ok(my_households(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?
            .into_iter()
            .map(|m| MyHousehold {
                household: m.household.into(),
                children: m.children.into_iter().map(Into::into).collect(),
            })
            .collect())
    }
}

/// A change to who holds one of a child's decisions.
#[derive(InputObject)]
pub struct DelegationExceptionInput {
    pub child_id: ID,
    /// The decision's key.
    pub decision: String,
    pub holder: DecisionHolder,
    #[graphql(default)]
    pub conditions: String,
    #[graphql(default)]
    pub tell_social_worker: bool,
    /// Why: required.
    pub reason: String,
}

/// A decision a carer took.
#[derive(InputObject)]
pub struct LogDecisionInput {
    pub child_id: ID,
    pub decision: String,
    pub decided_on: NaiveDate,
    pub note: String,
}

#[derive(Default)]
pub struct DelegatedMutation;

#[Object]
impl DelegatedMutation {
    /// Records who holds one of a child's decisions, on what conditions,
    /// and why: for the child's social worker or supervising social worker.
    async fn record_delegation_exception(
        &self,
        ctx: &Context<'_>,
        input: DelegationExceptionInput,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Child", &input.child_id, "input.childId")?;
        let exception = ExceptionInput {
            decision: input.decision,
            holder: Some(input.holder.into()),
            conditions: input.conditions,
            tell_social_worker: input.tell_social_worker,
            reason: input.reason,
        };
        record_exception(storage(ctx)?, actor(ctx), id, &exception)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Records the parent's agreement to delegated authority, for a child
    /// accommodated under section 20.
    async fn record_parent_agreement(
        &self,
        ctx: &Context<'_>,
        child_id: ID,
        agreed_by: String,
        agreed_on: NaiveDate,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Child", &child_id, "childId")?;
        record_parent_agreement(storage(ctx)?, actor(ctx), id, &agreed_by, Some(agreed_on))
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// A carer logs a decision they took under delegated authority.
    async fn log_delegated_decision(
        &self,
        ctx: &Context<'_>,
        input: LogDecisionInput,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Child", &input.child_id, "input.childId")?;
        let decision = DecisionInput {
            decision: input.decision,
            decided_on: Some(input.decided_on),
            note: input.note,
        };
        log_decision(storage(ctx)?, actor(ctx), id, &decision)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}

/// A decision on a service's list.
#[derive(SimpleObject)]
pub struct ListedDecision {
    pub key: String,
    pub area: DecisionArea,
    pub decision: String,
    /// Added by the service, not shipped with Hearth.
    pub added: bool,
    pub retired: bool,
}

#[derive(Default)]
pub struct DecisionListQuery;

#[Object]
impl DecisionListQuery {
    /// A service's list of day-to-day decisions its carers take by
    /// default: for its fostering team managers.
    async fn delegation_list(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<Vec<ListedDecision>> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        Ok(decision_list(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?
            .into_iter()
            .map(|l| ListedDecision {
                key: l.decision.key,
                area: l.decision.area.into(),
                decision: l.decision.decision,
                added: l.added,
                retired: l.retired,
            })
            .collect())
    }
}

#[derive(Default)]
pub struct DecisionListMutation;

#[Object]
impl DecisionListMutation {
    /// Adds a decision to a service's list; returns its key.
    async fn add_delegated_decision(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        area: DecisionArea,
        decision: String,
    ) -> async_graphql::Result<String> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        add_decision(storage(ctx)?, actor(ctx), id, Some(area.into()), &decision)
            .await
            .map_err(to_graphql)
    }

    /// Takes a decision off a service's list (`retired: true`), or puts
    /// it back.
    async fn set_delegated_decision_retired(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        key: String,
        retired: bool,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        set_decision_retired(storage(ctx)?, actor(ctx), id, &key, retired)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
