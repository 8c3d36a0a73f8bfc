//! A mentoring relationship as its two people reach it: the mentee and
//! their supporter, and nobody else. Anyone else asking for it is told it
//! is not there, so a relationship's existence never leaks. Both accept
//! the service's mentoring agreement before they meet.

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use super::entities::{relationship, supporter};
use super::requests::RelationshipState;
use crate::names::stored_names;
use crate::workflow::{self, Step, Workflow};
use crate::{Actor, Ctx, DomainError};

/// Which of the two the actor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Mentee,
    Supporter,
}

stored_names!(Side {
    Mentee => "mentee", "Being supported",
    Supporter => "supporter", "Supporting",
});

/// The relationship, its supporter's profile row, and the actor's side.
pub(crate) struct Pair {
    pub relationship: relationship::Model,
    pub supporter: supporter::Model,
    pub side: Side,
}

impl Pair {
    /// The person on the other side.
    pub fn other_person(&self) -> i32 {
        match self.side {
            Side::Mentee => self.supporter.person_id,
            Side::Supporter => self.relationship.mentee_id,
        }
    }

    pub fn is_active(&self) -> bool {
        self.relationship.state == RelationshipState::Active.as_str()
    }

    pub fn both_agreed(&self) -> bool {
        self.relationship.mentee_agreed_at.is_some()
            && self.relationship.supporter_agreed_at.is_some()
    }
}

/// The relationship, if the actor is one of its two people.
pub(crate) async fn pair_of(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    relationship_id: i32,
) -> Result<Pair, DomainError> {
    actor.require_signed_in()?;
    let person = actor.person_id().ok_or(DomainError::NotFound)?;
    let relationship = relationship::Entity::find_by_id(relationship_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let supporter = supporter::Entity::find_by_id(relationship.supporter_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let side = if supporter.person_id == person {
        Side::Supporter
    } else if relationship.mentee_id == person {
        Side::Mentee
    } else {
        return Err(DomainError::NotFound);
    };
    Ok(Pair {
        relationship,
        supporter,
        side,
    })
}

/// The actor accepts the service's mentoring agreement, once; the time is
/// kept, and the move is in the relationship's history.
pub async fn accept_mentoring_agreement(
    ctx: &Ctx,
    actor: &Actor,
    relationship_id: i32,
) -> Result<(), DomainError> {
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let pair = pair_of(&*txn, actor, relationship_id).await?;
    if !pair.is_active() {
        return Err(DomainError::Conflict("This match has ended".into()));
    }
    let already = match pair.side {
        Side::Mentee => pair.relationship.mentee_agreed_at,
        Side::Supporter => pair.relationship.supporter_agreed_at,
    };
    if already.is_some() {
        return Ok(());
    }
    let mut row = relationship::ActiveModel {
        id: Set(pair.relationship.id),
        ..Default::default()
    };
    match pair.side {
        Side::Mentee => row.mentee_agreed_at = Set(Some(now)),
        Side::Supporter => row.supporter_agreed_at = Set(Some(now)),
    }
    row.update(&*txn).await?;
    workflow::record(
        &*txn,
        Step {
            workflow: Workflow::MentoringRelationship,
            record_id: pair.relationship.id,
            household_id: None,
            at: now,
            actor_id: actor.person_id(),
            event: match pair.side {
                Side::Mentee => "mentee_agreed",
                Side::Supporter => "supporter_agreed",
            },
            from: "active",
            to: "active",
            reason: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
