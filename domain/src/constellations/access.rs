//! Who stands where in a constellation: the service's fostering team
//! managers run it, its liaison workers support it, and the carers of its
//! hub and of its satellite families take part. Anyone else finds nothing,
//! so a satellite of another constellation, or another service, learns
//! nothing of this one, not even that it exists.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QuerySelect,
};

use super::entities::{constellation, liaison_worker, member};
use crate::applications::joint::applicants;
use crate::carers::carer_households_of;
use crate::carers::entities::carer_household;
use crate::notifications::EmailAddress;
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::{Actor, Ctx, DomainError};

/// A household's part in a constellation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Hub,
    Satellite,
}

crate::names::stored_names!(Part {
    Hub => "hub", "Hub home",
    Satellite => "satellite", "Satellite family",
});

/// The reader's own household in the constellation now.
#[derive(Clone, Debug)]
pub(crate) struct OwnFamily {
    pub carer_household: carer_household::Model,
    pub part: Part,
}

/// Where the reader stands in one constellation.
#[derive(Clone, Debug)]
pub(crate) struct Standing {
    pub row: constellation::Model,
    /// A fostering team manager of its service.
    pub manages: bool,
    /// One of its liaison workers.
    pub liaison: bool,
    pub family: Option<OwnFamily>,
}

impl Standing {
    /// Staff who support it: they see every family and every request.
    pub fn staff(&self) -> bool {
        self.manages || self.liaison
    }

    pub fn is_hub(&self) -> bool {
        self.family.as_ref().is_some_and(|f| f.part == Part::Hub)
    }

    /// The reader's satellite family, if they are one.
    pub fn satellite(&self) -> Option<&carer_household::Model> {
        self.family
            .as_ref()
            .filter(|f| f.part == Part::Satellite)
            .map(|f| &f.carer_household)
    }
}

/// The households in the constellation now, hub included.
pub(crate) async fn current_members(
    conn: &impl ConnectionTrait,
    constellation_id: i32,
) -> Result<Vec<member::Model>, DomainError> {
    Ok(member::Entity::find()
        .filter(member::Column::ConstellationId.eq(constellation_id))
        .filter(member::Column::LeftOn.is_null())
        .all(conn)
        .await?)
}

/// The hub home now, if the constellation has one.
pub(crate) async fn hub_of(
    conn: &impl ConnectionTrait,
    constellation_id: i32,
) -> Result<Option<member::Model>, DomainError> {
    Ok(current_members(conn, constellation_id)
        .await?
        .into_iter()
        .find(|m| m.role == Part::Hub.as_str()))
}

/// Whether `actor` is listed as one of the constellation's liaison workers
/// and still holds the role in its service.
async fn is_liaison(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    row: &constellation::Model,
) -> Result<bool, DomainError> {
    let Some(me) = actor.person_id() else {
        return Ok(false);
    };
    if !actor.may(Permission::LiaiseWithConstellations, row.organisation_id) {
        return Ok(false);
    }
    Ok(liaison_worker::Entity::find_by_id((row.id, me))
        .one(conn)
        .await?
        .is_some())
}

/// The reader's standing in `row`, or none.
pub(crate) async fn standing_in(
    ctx: &Ctx,
    actor: &Actor,
    row: constellation::Model,
) -> Result<Option<Standing>, DomainError> {
    let manages = actor.may(Permission::RunConstellations, row.organisation_id);
    let liaison = is_liaison(&ctx.db, actor, &row).await?;
    let mut family = None;
    if let Some(me) = actor.person_id()
        && actor.may(Permission::CareForChildren, row.organisation_id)
    {
        let mine = carer_households_of(&ctx.db, me).await?;
        let members = current_members(&ctx.db, row.id).await?;
        family = members.iter().find_map(|m| {
            let household = mine.iter().find(|h| h.id == m.carer_household_id)?;
            Some(OwnFamily {
                carer_household: household.clone(),
                part: Part::parse(&m.role).unwrap_or(Part::Satellite),
            })
        });
    }
    Ok(
        (manages || liaison || family.is_some()).then_some(Standing {
            row,
            manages,
            liaison,
            family,
        }),
    )
}

/// The reader's standing in the constellation; not found for anyone
/// without one (asked to sign in, when signed out).
pub(crate) async fn standing(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
) -> Result<Standing, DomainError> {
    actor.require_signed_in()?;
    let row = constellation::Entity::find_by_id(constellation_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    standing_in(ctx, actor, row)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The constellation as it is now, inside `txn`: on PostgreSQL its row is
/// locked until the transaction ends (SQLite's write transactions already
/// run one at a time), so beds are given one acceptance after another.
pub(crate) async fn locked(
    txn: &DatabaseTransaction,
    constellation_id: i32,
) -> Result<constellation::Model, DomainError> {
    let mut query = constellation::Entity::find_by_id(constellation_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query.one(txn).await?.ok_or(DomainError::NotFound)
}

/// The name of each of the carer households, as their service knows them.
pub(crate) async fn household_names(
    conn: &impl ConnectionTrait,
    carer_households: &[carer_household::Model],
) -> Result<Vec<(i32, String)>, DomainError> {
    let names: Vec<(i32, String)> = household::Entity::find()
        .select_only()
        .column(household::Column::Id)
        .column(household::Column::Name)
        .filter(household::Column::Id.is_in(carer_households.iter().map(|c| c.household_id)))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(carer_households
        .iter()
        .map(|c| {
            let name = names
                .iter()
                .find(|(id, _)| *id == c.household_id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default();
            (c.id, name)
        })
        .collect())
}

/// The carers of a carer household, to write to: name and address.
pub(crate) async fn carers_to_tell(
    conn: &impl ConnectionTrait,
    carer_household_id: i32,
) -> Result<Vec<(String, EmailAddress)>, DomainError> {
    let Some(row) = carer_household::Entity::find_by_id(carer_household_id)
        .one(conn)
        .await?
    else {
        return Ok(Vec::new());
    };
    let Some(home) = household::Entity::find_by_id(row.household_id)
        .one(conn)
        .await?
    else {
        return Ok(Vec::new());
    };
    Ok(applicants(conn, &home)
        .await?
        .into_iter()
        .filter_map(|p| EmailAddress::parse(&p.email).ok().map(|a| (p.name, a)))
        .collect())
}

/// The constellation's liaison workers, to write to.
pub(crate) async fn liaison_workers_to_tell(
    conn: &impl ConnectionTrait,
    constellation_id: i32,
) -> Result<Vec<(String, EmailAddress)>, DomainError> {
    let ids: Vec<i32> = liaison_worker::Entity::find()
        .filter(liaison_worker::Column::ConstellationId.eq(constellation_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| l.person_id)
        .collect();
    people_to_tell(conn, &ids).await
}

pub(crate) use crate::notifications::people_to_tell;
