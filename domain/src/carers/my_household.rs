//! A foster carer's own household: its terms, its supervising social
//! worker, its next review and the children living with it now, each with
//! their "Can I say yes?".

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::entities::carer_household;
use super::list::{CarerHousehold, describe};
use super::placements::{Listing, Placed, placements_of};
use crate::applications::joint::households_of;
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError};

/// A carer's household, as they see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MyHousehold {
    pub household: CarerHousehold,
    /// The children living there now.
    pub children: Vec<Placed>,
}

/// The approved carer households `person_id` is a carer of.
pub(crate) async fn carer_households_of(
    conn: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<carer_household::Model>, DomainError> {
    let households = households_of(conn, person_id).await?;
    Ok(carer_household::Entity::find()
        .filter(carer_household::Column::HouseholdId.is_in(households.iter().map(|h| h.id)))
        .filter(carer_household::Column::LeftOn.is_null())
        .all(conn)
        .await?)
}

/// The carer households the signed-in carer belongs to, while approved.
pub async fn my_households(ctx: &Ctx, actor: &Actor) -> Result<Vec<MyHousehold>, DomainError> {
    actor.require_anywhere(Permission::CareForChildren)?;
    let me = actor.require_person()?;
    let rows = carer_households_of(&ctx.db, me).await?;
    let described = describe(ctx, actor, &rows).await?;
    let mut mine = Vec::with_capacity(rows.len());
    for (row, household) in rows.iter().zip(described) {
        let children = placements_of(ctx, actor, row.id, Listing::Open).await?;
        mine.push(MyHousehold {
            household,
            children,
        });
    }
    Ok(mine)
}
