//! How the reader stands to one sleepover: the family that asked, the hub
//! home now, a child's social worker, or staff.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::carers::entities::child;
use crate::carers::is_childs_social_worker;
use crate::constellations::access::{Standing, standing_in};
use crate::constellations::entities::{constellation, sleepover, sleepover_child};
use crate::constellations::states::{Side, SleepoverMove, SleepoverState};
use crate::{Actor, Ctx, DomainError};

/// How the reader stands to one sleepover.
pub(super) struct Sides {
    pub(super) standing: Option<Standing>,
    pub(super) family: bool,
    pub(super) hub: bool,
    /// The reader's own household, when it is the hub now.
    pub(super) hub_household: Option<i32>,
    /// The children whose social worker the reader is.
    pub(super) social_worker_of: Vec<i32>,
}

impl Sides {
    /// The reader is only a child's social worker here: they see their own
    /// children of the sleepover, no other.
    pub(super) fn only_social_worker(&self) -> bool {
        !(self.family || self.hub || self.standing.as_ref().is_some_and(Standing::staff))
    }

    pub(super) fn sees(&self) -> bool {
        self.family
            || self.hub
            || self.standing.as_ref().is_some_and(Standing::staff)
            || !self.social_worker_of.is_empty()
    }

    pub(super) fn may(&self, state: SleepoverState, step: SleepoverMove) -> bool {
        let mut sides = Vec::new();
        if self.family {
            sides.push(Side::Family);
        }
        if self.hub {
            sides.push(Side::Hub);
        }
        if !self.social_worker_of.is_empty() {
            sides.push(Side::SocialWorker);
        }
        sides.iter().any(|side| state.after(step, *side).is_some())
    }

    pub(super) fn side_for(&self, state: SleepoverState, step: SleepoverMove) -> Option<Side> {
        [
            (self.hub, Side::Hub),
            (self.family, Side::Family),
            (!self.social_worker_of.is_empty(), Side::SocialWorker),
        ]
        .into_iter()
        .filter(|(held, _)| *held)
        .map(|(_, side)| side)
        .find(|side| state.after(step, *side).is_some())
    }
}

pub(super) async fn sides(
    ctx: &Ctx,
    actor: &Actor,
    row: &sleepover::Model,
    children: &[child::Model],
) -> Result<Sides, DomainError> {
    let constellation = constellation::Entity::find_by_id(row.constellation_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let standing = standing_in(ctx, actor, constellation).await?;
    let own = standing.as_ref().and_then(|s| s.family.as_ref());
    let family = own.is_some_and(|f| f.carer_household.id == row.carer_household_id);
    let hub = standing.as_ref().is_some_and(Standing::is_hub) && !family;
    let hub_household = own.filter(|_| hub).map(|f| f.carer_household.id);
    let mut social_worker_of = Vec::new();
    for c in children {
        if is_childs_social_worker(ctx, actor, c).await? {
            social_worker_of.push(c.id);
        }
    }
    Ok(Sides {
        standing,
        family,
        hub,
        hub_household,
        social_worker_of,
    })
}

pub(super) async fn children_of(
    conn: &impl ConnectionTrait,
    sleepover_id: i32,
) -> Result<Vec<child::Model>, DomainError> {
    let ids: Vec<i32> = sleepover_child::Entity::find()
        .filter(sleepover_child::Column::SleepoverId.eq(sleepover_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| l.child_id)
        .collect();
    Ok(child::Entity::find()
        .filter(child::Column::Id.is_in(ids))
        .all(conn)
        .await?)
}

/// The sleepover, its children and the reader's sides to it, for a reader
/// who stands somewhere in it; to anyone else it does not exist.
pub(super) async fn seen(
    ctx: &Ctx,
    actor: &Actor,
    sleepover_id: i32,
) -> Result<(sleepover::Model, Vec<child::Model>, Sides), DomainError> {
    actor.require_signed_in()?;
    let row = sleepover::Entity::find_by_id(sleepover_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let children = children_of(&ctx.db, row.id).await?;
    let sides = sides(ctx, actor, &row, &children).await?;
    if !sides.sees() {
        return Err(DomainError::NotFound);
    }
    Ok((row, children, sides))
}
