//! Sleepovers and short breaks at the hub home: asking, answering, and
//! each move after, one mutation per move.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use domain::constellations::{
    SleepoverRequest, SleepoverStep, move_sleepover, request_sleepover, sleepover_record,
};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

/// Planned ahead, or needed now.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::constellations::SleepoverKind")]
pub enum SleepoverKind {
    Planned,
    Emergency,
}

/// Where a sleepover is in its life.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::constellations::SleepoverState")]
pub enum SleepoverState {
    WithSocialWorker,
    Requested,
    Proposed,
    Accepted,
    Declined,
    NotAgreed,
    Withdrawn,
    CancelledByFamily,
    CancelledByHub,
    Started,
    Ended,
    DidNotHappen,
}

/// A move the viewer may make.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::constellations::SleepoverMove")]
pub enum SleepoverMove {
    Agree,
    Refuse,
    Accept,
    Decline,
    Propose,
    AcceptProposal,
    Withdraw,
    Cancel,
    Start,
    End,
    DidNotHappen,
}

/// A child a sleepover is for: first name and family-name initial.
#[derive(SimpleObject)]
pub struct SleepoverChild {
    pub child_id: ID,
    pub name: String,
    pub age: i32,
    /// Their social worker must agree first.
    pub needs_agreement: bool,
    pub agreed: bool,
}

/// A sleepover or short break at the hub home.
#[derive(SimpleObject)]
pub struct Sleepover {
    pub id: ID,
    pub constellation_id: ID,
    pub carer_household_id: ID,
    pub family: String,
    pub kind: SleepoverKind,
    pub first_night: NaiveDate,
    pub last_night: NaiveDate,
    pub nights: i64,
    pub proposed_first_night: Option<NaiveDate>,
    pub proposed_last_night: Option<NaiveDate>,
    pub state: SleepoverState,
    pub children: Vec<SleepoverChild>,
    pub decline_reason: Option<String>,
    /// Sent to the liaison workers unanswered.
    pub escalated: bool,
    pub asked_at: DateTime<Utc>,
}

impl From<domain::constellations::SleepoverSummary> for Sleepover {
    fn from(s: domain::constellations::SleepoverSummary) -> Self {
        Self {
            id: to_id("Sleepover", s.id),
            constellation_id: to_id("Constellation", s.constellation_id),
            carer_household_id: to_id("CarerHousehold", s.carer_household_id),
            nights: s.nights(),
            family: s.family,
            kind: s.kind.into(),
            first_night: s.first_night,
            last_night: s.last_night,
            proposed_first_night: s.proposed.map(|p| p.0),
            proposed_last_night: s.proposed.map(|p| p.1),
            state: s.state.into(),
            children: s
                .children
                .into_iter()
                .map(|c| SleepoverChild {
                    child_id: to_id("Child", c.child_id),
                    name: c.name,
                    age: c.age,
                    needs_agreement: c.needs_agreement,
                    agreed: c.agreed,
                })
                .collect(),
            decline_reason: s.decline_reason,
            escalated: s.escalated,
            asked_at: s.asked_at,
        }
    }
}

/// One move of a sleepover's history.
#[derive(SimpleObject)]
pub struct SleepoverHistoryLine {
    pub at: DateTime<Utc>,
    pub what: String,
    pub by: Option<String>,
}

/// A sleepover with what the viewer may read and do.
#[derive(SimpleObject)]
pub struct SleepoverRecord {
    pub sleepover: Sleepover,
    pub constellation: String,
    /// What the hub needs to know: for the family, and for the hub once
    /// the stay is accepted (each read logged).
    pub note: Option<String>,
    pub history: Vec<SleepoverHistoryLine>,
    pub viewer_moves: Vec<SleepoverMove>,
    /// Children the viewer may agree for, as their social worker.
    pub viewer_may_agree_for: Vec<SleepoverChild>,
}

/// A request for a sleepover or short break.
#[derive(InputObject)]
pub struct SleepoverRequestInput {
    pub constellation_id: ID,
    pub child_ids: Vec<ID>,
    pub first_night: NaiveDate,
    /// The same as the first for one night.
    pub last_night: Option<NaiveDate>,
    pub kind: SleepoverKind,
    /// Routines, allergies, medication, an emergency contact.
    pub note: String,
}

/// What became of a request.
#[derive(SimpleObject)]
pub struct SleepoverRequested {
    pub id: ID,
    pub state: SleepoverState,
    /// For an emergency in the hub's quiet hours: ring this now.
    pub out_of_hours_phone: Option<String>,
}

#[derive(Default)]
pub struct SleepoverQuery;

#[Object]
impl SleepoverQuery {
    /// A sleepover, for the family that asked, the hub, the constellation's
    /// staff and the children's social workers.
    async fn sleepover(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<SleepoverRecord> {
        let id = from_id("Sleepover", &id, "id")?;
        let found = sleepover_record(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(SleepoverRecord {
            constellation: found.constellation,
            note: found.note,
            history: found
                .history
                .into_iter()
                .map(|h| SleepoverHistoryLine {
                    at: h.at,
                    what: h.what,
                    by: h.by,
                })
                .collect(),
            viewer_moves: found.moves.into_iter().map(Into::into).collect(),
            viewer_may_agree_for: found
                .to_agree
                .into_iter()
                .map(|c| SleepoverChild {
                    child_id: to_id("Child", c.child_id),
                    name: c.name,
                    age: c.age,
                    needs_agreement: c.needs_agreement,
                    agreed: c.agreed,
                })
                .collect(),
            sleepover: found.summary.into(),
        })
    }
}

async fn moved(
    ctx: &Context<'_>,
    id: &ID,
    step: SleepoverStep,
) -> async_graphql::Result<SleepoverState> {
    let id = from_id("Sleepover", id, "id")?;
    Ok(move_sleepover(storage(ctx)?, actor(ctx), id, &step)
        .await
        .map_err(to_graphql)?
        .into())
}

#[derive(Default)]
pub struct SleepoverMutation;

#[Object]
impl SleepoverMutation {
    /// Asks the hub for a sleepover: for a satellite family's carers, for
    /// children living with them. A child whose delegated authority does not
    /// let the carers agree stays with the hub goes to their social worker
    /// first (state WITH_SOCIAL_WORKER).
    async fn request_sleepover(
        &self,
        ctx: &Context<'_>,
        input: SleepoverRequestInput,
    ) -> async_graphql::Result<SleepoverRequested> {
        let request = SleepoverRequest {
            constellation_id: from_id(
                "Constellation",
                &input.constellation_id,
                "input.constellationId",
            )?,
            child_ids: input
                .child_ids
                .iter()
                .map(|id| from_id("Child", id, "input.childIds"))
                .collect::<async_graphql::Result<_>>()?,
            first_night: Some(input.first_night),
            last_night: input.last_night,
            kind: Some(input.kind.into()),
            note: input.note,
        };
        let made = request_sleepover(storage(ctx)?, actor(ctx), &request)
            .await
            .map_err(to_graphql)?;
        Ok(SleepoverRequested {
            id: to_id("Sleepover", made.sleepover_id),
            state: made.state.into(),
            out_of_hours_phone: made.out_of_hours_phone,
        })
    }

    /// The hub accepts: a bed for each child, each night, or CONFLICT.
    async fn accept_sleepover(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<SleepoverState> {
        moved(ctx, &id, SleepoverStep::Accept).await
    }

    /// The hub declines, saying why.
    async fn decline_sleepover(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
    ) -> async_graphql::Result<SleepoverState> {
        moved(ctx, &id, SleepoverStep::Decline { reason }).await
    }

    /// The hub proposes other nights.
    async fn propose_other_nights(
        &self,
        ctx: &Context<'_>,
        id: ID,
        first_night: NaiveDate,
        last_night: Option<NaiveDate>,
    ) -> async_graphql::Result<SleepoverState> {
        let step = SleepoverStep::Propose {
            first_night: Some(first_night),
            last_night,
        };
        moved(ctx, &id, step).await
    }

    /// The family accepts the nights the hub proposed: a bed each, or CONFLICT.
    async fn accept_proposed_nights(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<SleepoverState> {
        moved(ctx, &id, SleepoverStep::AcceptProposal).await
    }

    /// The family withdraws its request.
    async fn withdraw_sleepover(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<SleepoverState> {
        moved(ctx, &id, SleepoverStep::Withdraw).await
    }

    /// Either side cancels an accepted sleepover.
    async fn cancel_sleepover(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<SleepoverState> {
        moved(ctx, &id, SleepoverStep::Cancel).await
    }

    /// The hub records that the children arrived.
    async fn start_sleepover(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<SleepoverState> {
        moved(ctx, &id, SleepoverStep::Start).await
    }

    /// The hub records that the children went home.
    async fn end_sleepover(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<SleepoverState> {
        moved(ctx, &id, SleepoverStep::End).await
    }

    /// Either side records that an accepted sleepover did not happen.
    async fn sleepover_did_not_happen(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<SleepoverState> {
        moved(ctx, &id, SleepoverStep::DidNotHappen).await
    }

    /// A child's social worker agrees to the stay for that child.
    async fn agree_sleepover(
        &self,
        ctx: &Context<'_>,
        id: ID,
        child_id: ID,
    ) -> async_graphql::Result<SleepoverState> {
        let child_id = from_id("Child", &child_id, "childId")?;
        moved(ctx, &id, SleepoverStep::Agree { child_id }).await
    }

    /// A child's social worker does not agree to the stay.
    async fn refuse_sleepover(
        &self,
        ctx: &Context<'_>,
        id: ID,
        child_id: ID,
    ) -> async_graphql::Result<SleepoverState> {
        let child_id = from_id("Child", &child_id, "childId")?;
        moved(ctx, &id, SleepoverStep::Refuse { child_id }).await
    }
}
