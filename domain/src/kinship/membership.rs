//! Belonging to a group: a registered kinship carer asks to join, a
//! facilitator accepts or declines, the member accepts the group's
//! agreement before their first session, and leaves when they choose. A
//! state machine; every move is in the workflow history, and nothing is
//! deleted, so leaving keeps what they came to.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    Set,
};

use super::carers::registered;
use super::entities::membership;
use super::groups::facilitated_group;
use super::sessions::give_up_places;
use crate::accounts::entities::person;
use crate::names::stored_names;
use crate::notifications::{people_to_tell, tell};
use crate::workflow::{self, Refused, Step, Workflow, refused};
use crate::{Actor, Ctx, DomainError};

/// How long after a request is declined the carer may ask again.
pub const ASK_AGAIN_AFTER: chrono::TimeDelta = chrono::TimeDelta::days(30);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MembershipState {
    Asked,
    Member,
    Declined,
    Withdrawn,
    Left,
}

stored_names!(MembershipState {
    Asked => "asked", "Asked to join",
    Member => "member", "Member",
    Declined => "declined", "Declined",
    Withdrawn => "withdrawn", "Request withdrawn",
    Left => "left", "Left",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MembershipMove {
    Accept,
    Decline,
    Withdraw,
    Leave,
}

stored_names!(MembershipMove {
    Accept => "accept", "Accept",
    Decline => "decline", "Decline",
    Withdraw => "withdraw", "Withdraw the request",
    Leave => "leave", "Leave the group",
});

/// Who makes a move: the carer, or a facilitator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Carer,
    Facilitator,
}

/// The next state, or why not. A facilitator decides a request; the carer
/// withdraws theirs; either ends a membership (a facilitator when someone
/// must no longer come).
pub fn transition(
    state: MembershipState,
    step: MembershipMove,
    by: By,
) -> Result<MembershipState, Refused> {
    use MembershipMove as M;
    use MembershipState as S;
    match (state, step, by) {
        (S::Asked, M::Accept, By::Facilitator) => Ok(S::Member),
        (S::Asked, M::Decline, By::Facilitator) => Ok(S::Declined),
        (S::Asked, M::Withdraw, By::Carer) => Ok(S::Withdrawn),
        (S::Member, M::Leave, _) => Ok(S::Left),
        (S::Asked, _, _) => Err(refused("This request is waiting for a facilitator")),
        (S::Member, _, _) => Err(refused("They are already a member")),
        _ => Err(refused("This is no longer a request or a membership")),
    }
}

/// Asks to join a group. The carer must be registered; asking again while
/// a request or membership stands changes nothing.
pub async fn ask_to_join(ctx: &Ctx, actor: &Actor, group_id: i32) -> Result<i32, DomainError> {
    let carer = registered(&ctx.db, actor).await?;
    let found = super::view::listable_group(&ctx.db, group_id).await?;
    let now = ctx.clock.now();
    // A request declined stands for a while: asking again at once would
    // only write to the facilitators again.
    let declined = membership::Entity::find()
        .filter(membership::Column::GroupId.eq(found.id))
        .filter(membership::Column::PersonId.eq(carer.person_id))
        .filter(membership::Column::State.eq(MembershipState::Declined.as_str()))
        .filter(membership::Column::DecidedAt.gt(now - ASK_AGAIN_AFTER))
        .one(&ctx.db)
        .await?;
    if let Some(declined) = declined.and_then(|d| d.decided_at) {
        let again = (declined + ASK_AGAIN_AFTER).with_timezone(&chrono_tz::Europe::London);
        return Err(DomainError::Conflict(format!(
            "The facilitators have answered your request: you can ask again from {}",
            again.format("%-d %B %Y")
        )));
    }
    let txn = ctx.write().await?;
    if let Some(current) = current(&*txn, found.id, carer.person_id).await? {
        return Ok(current.id);
    }
    let asked = membership::ActiveModel {
        id: NotSet,
        group_id: Set(found.id),
        person_id: Set(carer.person_id),
        state: Set(MembershipState::Asked.as_str().to_owned()),
        asked_at: Set(now),
        decided_at: Set(None),
        agreement_accepted_at: Set(None),
        left_at: Set(None),
    }
    .insert(&*txn)
    .await;
    // Two requests at once: the unique index lets one in, and the other
    // finds it.
    let row = match asked {
        Ok(row) => row,
        Err(error) => {
            drop(txn);
            return match current(&ctx.db, found.id, carer.person_id).await? {
                Some(current) => Ok(current.id),
                None => Err(error.into()),
            };
        }
    };
    history(
        &*txn,
        &row,
        actor,
        ("ask", MembershipState::Asked),
        now,
        None,
    )
    .await?;
    let facilitators = facilitator_ids(&*txn, found.id).await?;
    let path = format!("/kinship/groups/{}/members", found.id);
    tell(
        &*txn,
        people_to_tell(&*txn, &facilitators).await?,
        &path,
        now,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// A request or membership of the group that stands now.
pub(crate) async fn current(
    conn: &impl ConnectionTrait,
    group_id: i32,
    person_id: i32,
) -> Result<Option<membership::Model>, DomainError> {
    Ok(membership::Entity::find()
        .filter(membership::Column::GroupId.eq(group_id))
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::State.is_in([
            MembershipState::Asked.as_str(),
            MembershipState::Member.as_str(),
        ]))
        .one(conn)
        .await?)
}

async fn history(
    conn: &impl ConnectionTrait,
    row: &membership::Model,
    actor: &Actor,
    (event, to): (&'static str, MembershipState),
    now: DateTime<Utc>,
    reason: Option<&str>,
) -> Result<(), DomainError> {
    let from = MembershipState::parse(&row.state).unwrap_or(MembershipState::Asked);
    workflow::record(
        conn,
        Step {
            workflow: Workflow::KinshipMembership,
            record_id: row.id,
            household_id: None,
            at: now,
            actor_id: actor.person_id(),
            event,
            from: from.as_str(),
            to: to.as_str(),
            reason,
        },
    )
    .await
}

pub(crate) async fn facilitator_ids(
    conn: &impl ConnectionTrait,
    group_id: i32,
) -> Result<Vec<i32>, DomainError> {
    use super::entities::group_facilitator;
    Ok(group_facilitator::Entity::find()
        .filter(group_facilitator::Column::GroupId.eq(group_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|f| f.person_id)
        .collect())
}

/// Makes a move on a membership: a facilitator of its group decides or
/// ends it; its carer withdraws or leaves.
pub async fn move_membership(
    ctx: &Ctx,
    actor: &Actor,
    membership_id: i32,
    step: MembershipMove,
) -> Result<(), DomainError> {
    actor.require_signed_in()?;
    let row = membership::Entity::find_by_id(membership_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let by = if actor.person_id() == Some(row.person_id) {
        By::Carer
    } else {
        facilitated_group(&ctx.db, actor, row.group_id).await?;
        By::Facilitator
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let state = MembershipState::from_stored(&row.state)?;
    let next = transition(state, step, by).map_err(|r| DomainError::Conflict(r.0))?;
    let mut change = membership::ActiveModel {
        id: Set(row.id),
        state: Set(next.as_str().to_owned()),
        ..Default::default()
    };
    match next {
        MembershipState::Member | MembershipState::Declined => change.decided_at = Set(Some(now)),
        MembershipState::Left => change.left_at = Set(Some(now)),
        MembershipState::Asked | MembershipState::Withdrawn => {}
    }
    // Only if no one moved it first.
    let moved = membership::Entity::update_many()
        .set(change)
        .filter(membership::Column::Id.eq(row.id))
        .filter(membership::Column::State.eq(state.as_str()))
        .exec(&*txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(DomainError::Conflict(
            "Someone else has just changed this: look again".into(),
        ));
    }
    history(&*txn, &row, actor, (step.as_str(), next), now, None).await?;
    // Leaving gives up the places still to come: their reminders carry
    // the group's joining link.
    if next == MembershipState::Left
        && let Some(who) = person::Entity::find_by_id(row.person_id).one(&*txn).await?
    {
        give_up_places(&*txn, row.group_id, &who.email, now).await?;
    }
    if by == By::Facilitator && matches!(next, MembershipState::Member | MembershipState::Declined)
    {
        let path = format!("/kinship/groups/{}", row.group_id);
        tell(
            &*txn,
            people_to_tell(&*txn, &[row.person_id]).await?,
            &path,
            now,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The member accepts the group's agreement, as it reads now: kept with
/// the time.
pub async fn accept_agreement(ctx: &Ctx, actor: &Actor, group_id: i32) -> Result<(), DomainError> {
    let carer = registered(&ctx.db, actor).await?;
    let row = current(&ctx.db, group_id, carer.person_id)
        .await?
        .filter(|m| m.state == MembershipState::Member.as_str())
        .ok_or_else(|| {
            DomainError::Conflict("You can accept the agreement once you are a member".into())
        })?;
    if row.agreement_accepted_at.is_some() {
        return Ok(());
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    membership::Entity::update_many()
        .col_expr(membership::Column::AgreementAcceptedAt, Expr::value(now))
        .filter(membership::Column::Id.eq(row.id))
        .filter(membership::Column::AgreementAcceptedAt.is_null())
        .exec(&*txn)
        .await?;
    history(
        &*txn,
        &row,
        actor,
        ("accept_agreement", MembershipState::Member),
        now,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Members now and requests waiting, by group.
pub(crate) async fn counts(
    conn: &impl ConnectionTrait,
    groups: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, (u64, u64)>, DomainError> {
    let rows = membership::Entity::find()
        .filter(membership::Column::GroupId.is_in(groups))
        .filter(membership::Column::State.is_in([
            MembershipState::Asked.as_str(),
            MembershipState::Member.as_str(),
        ]))
        .all(conn)
        .await?;
    let mut counts: HashMap<i32, (u64, u64)> = HashMap::new();
    for row in rows {
        let entry = counts.entry(row.group_id).or_default();
        if row.state == MembershipState::Member.as_str() {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_facilitator_decides_a_request() {
        use MembershipMove as M;
        use MembershipState as S;
        assert_eq!(
            transition(S::Asked, M::Accept, By::Facilitator),
            Ok(S::Member)
        );
        assert!(transition(S::Asked, M::Accept, By::Carer).is_err());
        assert_eq!(
            transition(S::Asked, M::Withdraw, By::Carer),
            Ok(S::Withdrawn)
        );
        assert!(transition(S::Asked, M::Withdraw, By::Facilitator).is_err());
        assert_eq!(transition(S::Member, M::Leave, By::Carer), Ok(S::Left));
        assert!(transition(S::Left, M::Leave, By::Carer).is_err());
        assert!(transition(S::Declined, M::Accept, By::Facilitator).is_err());
    }
}
