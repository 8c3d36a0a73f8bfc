//! The append-only history of a household's moves, and how a state is
//! stored.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    DbBackend, EntityTrait, QueryFilter, QuerySelect, Set,
};

use super::bank_holidays::bank_holidays;
use super::entities::{household, household_history};
use super::funnel::{Closure, Event, HistoryEvent, Stage, State, transition};
use super::service_profile::first_contact_days;
use crate::DomainError;

/// How a state is kept on the household's row: status, stage, closure and
/// the date a hold ends.
pub(crate) fn columns(state: State) -> (&'static str, Stage, Option<Closure>, Option<NaiveDate>) {
    match state {
        State::Open(stage) => ("open", stage, None, None),
        State::OnHold { stage, until } => ("on_hold", stage, None, Some(until)),
        State::Closed { stage, closure } => ("closed", stage, Some(closure), None),
    }
}

/// The statuses of a household still in the pipeline, as `columns` stores
/// them: listed, so a query can read them from an index.
pub(crate) const NOT_CLOSED: [&str; 2] = ["open", "on_hold"];

/// The state a stored household is in.
pub(crate) fn state_of(row: &household::Model) -> Result<State, DomainError> {
    let broken =
        || DomainError::Internal(format!("household {} has no valid state", row.id).into());
    let stage = Stage::from_stored(&row.stage)?;
    match row.status.as_str() {
        "open" => Ok(State::Open(stage)),
        "on_hold" => Ok(State::OnHold {
            stage,
            until: row.on_hold_until.ok_or_else(broken)?,
        }),
        "closed" => Ok(State::Closed {
            stage,
            closure: Closure::from_stored(row.closure.as_deref().ok_or_else(broken)?)?,
        }),
        _ => Err(broken()),
    }
}

/// One history row: what happened, from and to which state, by whom.
pub(super) struct Move<'a> {
    pub household_id: i32,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i32>,
    pub event: HistoryEvent,
    pub from: Option<State>,
    pub to: State,
    pub reason_code: Option<&'a str>,
    pub reason_text: Option<&'a str>,
    /// For a move to another service: the one it left and the one it went to.
    pub organisations: Option<(i32, i32)>,
}

pub(super) async fn record(conn: &impl ConnectionTrait, step: Move<'_>) -> Result<(), DomainError> {
    let (to_status, to_stage, ..) = columns(step.to);
    let from = step.from.map(columns);
    household_history::ActiveModel {
        id: NotSet,
        household_id: Set(step.household_id),
        at: Set(step.at),
        actor_id: Set(step.actor_id),
        event: Set(step.event.as_str().to_owned()),
        from_status: Set(from.map(|f| f.0.to_owned())),
        from_stage: Set(from.map(|f| f.1.as_str().to_owned())),
        to_status: Set(to_status.to_owned()),
        to_stage: Set(to_stage.as_str().to_owned()),
        reason_code: Set(step.reason_code.map(str::to_owned)),
        reason_text: Set(step.reason_text.map(str::to_owned)),
        from_organisation_id: Set(step.organisations.map(|(from, _)| from)),
        to_organisation_id: Set(step.organisations.map(|(_, to)| to)),
    }
    .insert(conn)
    .await?;
    // Reports count the summaries of the history, kept with it.
    crate::reporting::summaries::refresh(conn, step.household_id).await
}

/// The household as it is now, inside `txn`: on PostgreSQL its row is
/// locked until the transaction ends (SQLite's write transactions already
/// run one at a time), so two moves at once are decided one after the other.
pub(crate) async fn current(
    txn: &DatabaseTransaction,
    household_id: i32,
) -> Result<household::Model, DomainError> {
    let mut query = household::Entity::find_by_id(household_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query.one(txn).await?.ok_or(DomainError::NotFound)
}

/// Moves the household with `event`, recording it; refused with CONFLICT,
/// saying why, when the funnel does not allow it. The household is read
/// afresh inside `txn`, so a second press of the same button finds it moved.
pub(crate) async fn apply(
    txn: &DatabaseTransaction,
    household_id: i32,
    actor_id: Option<i32>,
    event: Event,
    reason: (Option<&str>, Option<&str>),
    now: DateTime<Utc>,
) -> Result<State, DomainError> {
    let row = current(txn, household_id).await?;
    let from = state_of(&row)?;
    let to = transition(from, event)?;
    let (status, stage, closure, until) = columns(to);
    household::Entity::update_many()
        .col_expr(household::Column::Status, Expr::value(status))
        .col_expr(household::Column::Stage, Expr::value(stage.as_str()))
        .col_expr(
            household::Column::Closure,
            Expr::value(closure.map(|c| c.as_str())),
        )
        .col_expr(household::Column::OnHoldUntil, Expr::value(until))
        .col_expr(household::Column::UpdatedAt, Expr::value(now))
        .filter(household::Column::Id.eq(row.id))
        .exec(txn)
        .await?;
    // Clocks stop on hold and when closed: a first call not yet made is due
    // afresh, one working day after the household comes back.
    let back = !matches!(from, State::Open(_)) && matches!(to, State::Open(_));
    if back && row.first_contact_at.is_none() {
        let due = bank_holidays(txn)
            .await?
            .due_after(now, first_contact_days(txn, row.organisation_id).await?);
        household::Entity::update_many()
            .col_expr(household::Column::FirstContactDueAt, Expr::value(due))
            .filter(household::Column::Id.eq(row.id))
            .exec(txn)
            .await?;
    }
    super::queue_position::refresh(txn, row.id, now).await?;
    if from != to {
        record(
            txn,
            Move {
                household_id: row.id,
                at: now,
                actor_id,
                event: event.recorded_as(),
                from: Some(from),
                to,
                reason_code: reason.0,
                reason_text: reason.1,
                organisations: None,
            },
        )
        .await?;
    }
    Ok(to)
}
