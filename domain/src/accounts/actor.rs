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
    /// A machine client with an API token: the rights of one role in one
    /// organisation, and no person behind it.
    Client(ApiClient),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub person_id: i32,
    pub memberships: Vec<Membership>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    pub token_id: i32,
    pub membership: Membership,
}

/// A role held in an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Membership {
    pub organisation_id: i32,
    pub organisation_kind: OrganisationKind,
    pub role: Role,
}

impl Actor {
    /// The signed-in person's id, if a person is signed in.
    pub fn person_id(&self) -> Option<i32> {
        match self {
            Self::Person(signed_in) => Some(signed_in.person_id),
            Self::Anonymous | Self::System | Self::Client(_) => None,
        }
    }

    /// The roles the actor holds, in which organisations.
    pub fn memberships(&self) -> &[Membership] {
        match self {
            Self::Person(signed_in) => &signed_in.memberships,
            Self::Client(client) => std::slice::from_ref(&client.membership),
            Self::Anonymous | Self::System => &[],
        }
    }

    /// The refusal for an actor without the right: sign in, or you may not.
    pub fn refusal(&self) -> DomainError {
        match self {
            Self::Anonymous => DomainError::Unauthenticated,
            _ => DomainError::Forbidden,
        }
    }

    pub fn require_system(&self) -> Result<(), DomainError> {
        match self {
            Self::System => Ok(()),
            other => Err(other.refusal()),
        }
    }

    /// Anyone signed in, or a client with a token: the signed out are told
    /// to sign in before anything is looked up, so what they ask for
    /// answers the same whether it exists or not.
    pub fn require_signed_in(&self) -> Result<(), DomainError> {
        match self {
            Self::Anonymous => Err(DomainError::Unauthenticated),
            _ => Ok(()),
        }
    }

    /// The person signed in; anyone or anything else is refused.
    pub fn require_person(&self) -> Result<i32, DomainError> {
        self.person_id().ok_or_else(|| self.refusal())
    }
}

/// The roles `person_id` holds, with the kind of each organisation.
pub(super) async fn memberships_of(
    ctx: &Ctx,
    person_id: i32,
) -> Result<Vec<Membership>, DomainError> {
    let rows = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .all(&ctx.db)
        .await?;
    let organisation_ids: Vec<i32> = rows.iter().map(|m| m.organisation_id).collect();
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(organisation_ids))
        .all(&ctx.db)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let kind = &organisations
                .iter()
                .find(|o| o.id == row.organisation_id)?
                .kind;
            Some(Membership {
                organisation_id: row.organisation_id,
                organisation_kind: OrganisationKind::parse(kind)?,
                role: Role::parse(&row.role)?,
            })
        })
        .collect())
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
    Ok(Actor::Person(SignedIn {
        person_id,
        memberships: memberships_of(ctx, person_id).await?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Permission;

    #[test]
    fn an_api_client_acts_with_its_tokens_role_only() {
        let client = Actor::Client(ApiClient {
            token_id: 3,
            membership: Membership {
                organisation_id: 7,
                organisation_kind: OrganisationKind::RegionalCareCooperative,
                role: Role::RecruitmentOfficer,
            },
        });
        assert_eq!(client.memberships().len(), 1);
        assert_eq!(client.person_id(), None);
        assert!(matches!(
            client.require(Permission::AdministerOrganisation, 7),
            Err(DomainError::Forbidden)
        ));
    }
}
