use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::entities::{membership, organisation, person};
use super::{OrganisationKind, Role};
use crate::{Ctx, DomainError};

/// Who is acting in a use case. Use cases decide what an actor may do; nothing
/// else does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Someone who has not signed in: a member of the public.
    Anonymous,
    /// Hearth itself, acting from the command line (`hearth seed`) or a worker.
    System,
    /// A person who has signed in, with the roles they hold.
    Person(SignedIn),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub person_id: i32,
    pub memberships: Vec<Membership>,
}

/// A role held in an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Membership {
    pub organisation_id: i32,
    pub organisation_kind: OrganisationKind,
    pub role: Role,
}

impl Actor {
    /// The signed-in person's id, if anyone is signed in.
    pub fn person_id(&self) -> Option<i64> {
        match self {
            Self::Person(signed_in) => Some(signed_in.person_id.into()),
            Self::Anonymous | Self::System => None,
        }
    }

    pub fn require_system(&self) -> Result<(), DomainError> {
        match self {
            Self::System => Ok(()),
            Self::Person(_) => Err(DomainError::Forbidden),
            Self::Anonymous => Err(DomainError::Unauthenticated),
        }
    }

    /// Hearth itself, or an administrator of the national programme: who may
    /// set up organisations.
    pub fn require_national_administrator(&self) -> Result<(), DomainError> {
        match self {
            Self::System => Ok(()),
            Self::Person(signed_in)
                if signed_in.memberships.iter().any(|m| {
                    m.role == Role::Administrator
                        && m.organisation_kind == OrganisationKind::NationalProgramme
                }) =>
            {
                Ok(())
            }
            Self::Person(_) => Err(DomainError::Forbidden),
            Self::Anonymous => Err(DomainError::Unauthenticated),
        }
    }
}

/// The actor for a person, with their roles; a deactivated or unknown person
/// is not signed in.
pub async fn load_actor(ctx: &Ctx, person_id: i32) -> Result<Actor, DomainError> {
    let Some(person) = person::Entity::find_by_id(person_id).one(&ctx.db).await? else {
        return Err(DomainError::Unauthenticated);
    };
    if person.deactivated_at.is_some() {
        return Err(DomainError::Unauthenticated);
    }
    let rows = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .all(&ctx.db)
        .await?;
    let organisation_ids: Vec<i32> = rows.iter().map(|m| m.organisation_id).collect();
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(organisation_ids))
        .all(&ctx.db)
        .await?;
    let memberships = rows
        .iter()
        .filter_map(|row| {
            let kind = organisations
                .iter()
                .find(|o| o.id == row.organisation_id)?
                .kind
                .as_str();
            Some(Membership {
                organisation_id: row.organisation_id,
                organisation_kind: OrganisationKind::parse(kind)?,
                role: Role::parse(&row.role)?,
            })
        })
        .collect();
    Ok(Actor::Person(SignedIn {
        person_id,
        memberships,
    }))
}
