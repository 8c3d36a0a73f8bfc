//! A child's record, and the children a member of staff works with: a
//! child's social worker's own, and those living with the carers a
//! supervising social worker supervises or a manager's service holds.

use chrono::NaiveDate;
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::children::{LegalBasis, age_on, child_name, logged, readable};
use super::entities::{carer_household, child, placement};
use super::placements::{EndingReason, PlacementEnding, PlacementKind};
use crate::clock::london_day;
use crate::geography::entities::local_authority;
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::{Actor, Ctx, DomainError};

/// A placement of the child, with the household's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildPlacement {
    pub placement_id: i32,
    pub carer_household_id: i32,
    pub household: String,
    pub kind: PlacementKind,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub ending: Option<PlacementEnding>,
    pub ending_reason: Option<EndingReason>,
}

/// A child's record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildRecord {
    pub id: i32,
    /// First name and family-name initial.
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub age: i32,
    pub placing_authority: String,
    pub placing_reference: String,
    pub legal_basis: LegalBasis,
    pub social_worker: Option<String>,
    /// Whether the child's social worker works in Hearth yet.
    pub social_worker_in_hearth: bool,
    /// Newest first; for a carer, only the one with them now.
    pub placements: Vec<ChildPlacement>,
    /// The reader works with children as staff: they see the child's
    /// history and the delegated authority's exceptions.
    pub staff_view: bool,
}

/// The child's record, for those who may read it; the read is logged.
pub async fn child_record(
    ctx: &Ctx,
    actor: &Actor,
    child_id: i32,
) -> Result<ChildRecord, DomainError> {
    let row = readable(ctx, actor, child_id).await?;
    let authority = local_authority::Entity::find_by_id(row.placing_authority_id)
        .one(&ctx.db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let staff_view = actor.may_anywhere(Permission::SeeChildrenPlaced);
    // A carer sees the child's life with them, not where else it lived.
    let placements: Vec<placement::Model> = placement::Entity::find()
        .filter(placement::Column::ChildId.eq(row.id))
        .order_by_desc(placement::Column::StartedOn)
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|p| staff_view || p.ended_on.is_none())
        .collect();
    let households = carer_household::Entity::find()
        .filter(carer_household::Column::Id.is_in(placements.iter().map(|p| p.carer_household_id)))
        .all(&ctx.db)
        .await?;
    let names = household::Entity::find()
        .filter(household::Column::Id.is_in(households.iter().map(|h| h.household_id)))
        .all(&ctx.db)
        .await?;
    let name_of = |carer_household_id: i32| {
        households
            .iter()
            .find(|h| h.id == carer_household_id)
            .and_then(|h| names.iter().find(|n| n.id == h.household_id))
            .map(|n| n.name.clone())
            .unwrap_or_default()
    };
    Ok(ChildRecord {
        id: row.id,
        name: child_name(&row),
        date_of_birth: row.date_of_birth,
        age: age_on(row.date_of_birth, london_day(ctx.clock.now())),
        placing_authority: authority,
        placing_reference: row.placing_reference.clone(),
        legal_basis: LegalBasis::from_stored(&row.legal_basis)?,
        social_worker: row.social_worker_name.clone(),
        social_worker_in_hearth: row.social_worker_id.is_some(),
        placements: placements
            .iter()
            .map(|p| {
                Ok(ChildPlacement {
                    placement_id: p.id,
                    carer_household_id: p.carer_household_id,
                    household: name_of(p.carer_household_id),
                    kind: PlacementKind::from_stored(&p.kind)?,
                    started_on: p.started_on,
                    ended_on: p.ended_on,
                    ending: p
                        .ending
                        .as_deref()
                        .map(PlacementEnding::from_stored)
                        .transpose()?,
                    ending_reason: p
                        .ending_reason
                        .as_deref()
                        .map(EndingReason::from_stored)
                        .transpose()?,
                })
            })
            .collect::<Result<_, DomainError>>()?,
        staff_view,
    })
}

/// A child as a list shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildListed {
    pub id: i32,
    pub name: String,
    pub age: i32,
    /// The household the child lives with now, if any.
    pub lives_with: Option<String>,
}

/// The most children one list shows.
pub const CHILDREN_LISTED: u64 = 500;

/// The children `actor` works with, by name: those they are the social
/// worker of, and those living now with the carer households they
/// supervise or manage. Each one listed is a read in the access log.
pub async fn children_placed(ctx: &Ctx, actor: &Actor) -> Result<Vec<ChildListed>, DomainError> {
    actor.require_anywhere(Permission::SeeChildrenPlaced)?;
    let managed = actor.organisations_where(Permission::ManageCarerHouseholds);
    let mut households =
        Condition::any().add(carer_household::Column::OrganisationId.is_in(managed));
    if let Some(me) = actor.person_id() {
        households = households.add(carer_household::Column::SupervisingSocialWorkerId.eq(me));
    }
    let theirs: Vec<carer_household::Model> = carer_household::Entity::find()
        .filter(households)
        .filter(carer_household::Column::LeftOn.is_null())
        .all(&ctx.db)
        .await?;
    let open = placement::Entity::find()
        .filter(placement::Column::EndedOn.is_null())
        .filter(placement::Column::CarerHouseholdId.is_in(theirs.iter().map(|h| h.id)))
        .all(&ctx.db)
        .await?;
    let mut whose = Condition::any().add(child::Column::Id.is_in(open.iter().map(|p| p.child_id)));
    if let Some(me) = actor.person_id() {
        whose = whose.add(child::Column::SocialWorkerId.eq(me));
    }
    let rows = child::Entity::find()
        .filter(whose)
        .order_by_asc(child::Column::FirstName)
        .order_by_asc(child::Column::Id)
        .limit(CHILDREN_LISTED)
        .all(&ctx.db)
        .await?;
    // A child's social worker sees their own only while they are one in
    // the placing authority: asked per child, as the record is.
    let mut readable_rows = Vec::with_capacity(rows.len());
    for row in rows {
        if super::children::may_read(ctx, actor, &row).await? {
            readable_rows.push(row);
        }
    }
    logged(ctx, actor, &readable_rows).await?;
    let living = placement::Entity::find()
        .filter(placement::Column::EndedOn.is_null())
        .filter(placement::Column::ChildId.is_in(readable_rows.iter().map(|c| c.id)))
        .all(&ctx.db)
        .await?;
    let homes = carer_household::Entity::find()
        .filter(carer_household::Column::Id.is_in(living.iter().map(|p| p.carer_household_id)))
        .all(&ctx.db)
        .await?;
    let names = household::Entity::find()
        .filter(household::Column::Id.is_in(homes.iter().map(|h| h.household_id)))
        .all(&ctx.db)
        .await?;
    let today = london_day(ctx.clock.now());
    Ok(readable_rows
        .iter()
        .map(|row| ChildListed {
            id: row.id,
            name: child_name(row),
            age: age_on(row.date_of_birth, today),
            lives_with: living
                .iter()
                .find(|p| p.child_id == row.id)
                .and_then(|p| homes.iter().find(|h| h.id == p.carer_household_id))
                .and_then(|h| names.iter().find(|n| n.id == h.household_id))
                .map(|n| n.name.clone()),
        })
        .collect())
}
