//! What every workflow shares. Each has one `transition` function that
//! returns the next state or a `Refused` saying why not, and each move is
//! recorded in an append-only history: the funnel in `household_history`,
//! the smaller workflows of a household (a Stage 1 check, a reference, a
//! home visit, a proposal's 28 days) in `workflow_history`.

pub mod entity;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::DomainError;
use crate::names::stored_names;

/// Why a move cannot happen: said to the person who tried.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

pub(crate) fn refused(why: &str) -> Refused {
    Refused(why.to_owned())
}

/// The workflows smaller than the funnel, each with its own `transition`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Workflow {
    StageOneCheck,
    Reference,
    HomeVisit,
    Proposal,
    /// A carer household after approval.
    CarerHousehold,
    /// A child living with a carer household.
    Placement,
    /// A carer household's time in a Mockingbird constellation.
    ConstellationMember,
    /// A sleepover or short break at a hub home.
    Sleepover,
    /// A kinship carer's request to join a group, and their membership.
    KinshipMembership,
    /// A concern about a child, from raised to closed.
    Concern,
    /// Someone asking for a peer supporter, until matched.
    PeerSupportRequest,
    /// A peer supporter and the person they support.
    MentoringRelationship,
}

stored_names!(Workflow {
    StageOneCheck => "stage_one_check", "Stage 1 check",
    Reference => "reference", "Reference",
    HomeVisit => "home_visit", "Initial home visit",
    Proposal => "proposal", "Proposal not to approve",
    CarerHousehold => "carer_household", "Carer household",
    Placement => "placement", "Placement",
    ConstellationMember => "constellation_member", "Constellation family",
    Sleepover => "sleepover", "Sleepover",
    KinshipMembership => "kinship_membership", "Kinship group membership",
    Concern => "concern", "Concern about a child",
    PeerSupportRequest => "peer_support_request", "Request for a peer supporter",
    MentoringRelationship => "mentoring_relationship", "Peer support relationship",
});

/// One move of one record of a workflow: who, when, from and to which
/// state (stored names), and why. A record's first state is where it is
/// made, so the rows begin with its first move.
pub(crate) struct Step<'a> {
    pub workflow: Workflow,
    pub record_id: i32,
    pub household_id: Option<i32>,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i32>,
    pub event: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub reason: Option<&'a str>,
}

/// A record's history, oldest first.
pub(crate) async fn history_of(
    conn: &impl ConnectionTrait,
    workflow: Workflow,
    record_id: i32,
) -> Result<Vec<entity::Model>, DomainError> {
    Ok(entity::Entity::find()
        .filter(entity::Column::Workflow.eq(workflow.as_str()))
        .filter(entity::Column::RecordId.eq(record_id))
        .order_by_asc(entity::Column::At)
        .order_by_asc(entity::Column::Id)
        .all(conn)
        .await?)
}

/// Adds the step's row, inside the transaction that made the move.
pub(crate) async fn record(conn: &impl ConnectionTrait, step: Step<'_>) -> Result<(), DomainError> {
    entity::ActiveModel {
        id: NotSet,
        workflow: Set(step.workflow.as_str().to_owned()),
        record_id: Set(step.record_id),
        household_id: Set(step.household_id),
        at: Set(step.at),
        actor_id: Set(step.actor_id),
        event: Set(step.event.to_owned()),
        from_state: Set(step.from.to_owned()),
        to_state: Set(step.to.to_owned()),
        reason: Set(step.reason.map(str::to_owned)),
    }
    .insert(conn)
    .await?;
    Ok(())
}
