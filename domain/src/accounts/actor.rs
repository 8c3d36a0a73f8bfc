use sea_orm::entity::prelude::DateTimeUtc;
use sea_orm::{
    DbErr, EntityTrait, FromQueryResult, JoinType, QueryOrder, QueryResult, QuerySelect, Select,
};

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

/// A person and one role they hold (no role at all on a person's only
/// row when they hold none): one statement loads everything an actor is,
/// because every signed-in request starts with it.
#[derive(Clone)]
pub(super) struct RoleRow {
    deactivated_at: Option<DateTimeUtc>,
    organisation_id: Option<i32>,
    role: Option<String>,
    kind: Option<String>,
}

impl FromQueryResult for RoleRow {
    fn from_query_result(row: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        Ok(Self {
            deactivated_at: row.try_get(pre, "deactivated_at")?,
            organisation_id: row.try_get(pre, "organisation_id")?,
            role: row.try_get(pre, "role")?,
            kind: row.try_get(pre, "kind")?,
        })
    }
}

/// Adds the roles of the person in `select` (the people table, or one
/// joined to it) and the kind of each organisation: a `RoleRow` per role.
pub(super) fn with_roles<E: EntityTrait>(select: Select<E>) -> Select<E> {
    let held_by = membership::Entity::belongs_to(person::Entity)
        .from(membership::Column::PersonId)
        .to(person::Column::Id)
        .into();
    let held_in = membership::Entity::belongs_to(organisation::Entity)
        .from(membership::Column::OrganisationId)
        .to(organisation::Column::Id)
        .into();
    select
        .column_as(person::Column::DeactivatedAt, "deactivated_at")
        .column_as(membership::Column::OrganisationId, "organisation_id")
        .column_as(membership::Column::Role, "role")
        .column_as(organisation::Column::Kind, "kind")
        .join_rev(JoinType::LeftJoin, held_by)
        .join(JoinType::LeftJoin, held_in)
        .order_by_asc(membership::Column::Id)
}

/// The signed-in actor the rows describe; none for a deactivated or
/// unknown person.
pub(super) fn actor_from(person_id: i32, rows: &[RoleRow]) -> Result<Option<Actor>, DomainError> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    if first.deactivated_at.is_some() {
        return Ok(None);
    }
    Ok(Some(Actor::Person(SignedIn {
        person_id,
        memberships: memberships_in(rows)?,
    })))
}

/// The roles on the rows: none on a person's only row when they hold none
/// (the left join's empty row).
fn memberships_in(rows: &[RoleRow]) -> Result<Vec<Membership>, DomainError> {
    let mut memberships = Vec::with_capacity(rows.len());
    for row in rows {
        let (Some(organisation_id), Some(kind), Some(role)) = (
            row.organisation_id,
            row.kind.as_deref(),
            row.role.as_deref(),
        ) else {
            continue;
        };
        memberships.push(Membership {
            organisation_id,
            organisation_kind: OrganisationKind::from_stored(kind)?,
            role: Role::from_stored(role)?,
        });
    }
    Ok(memberships)
}

async fn role_rows(ctx: &Ctx, person_id: i32) -> Result<Vec<RoleRow>, DomainError> {
    let select = person::Entity::find_by_id(person_id).select_only();
    Ok(with_roles(select).into_model().all(&ctx.db).await?)
}

/// The roles `person_id` holds, with the kind of each organisation.
pub(super) async fn memberships_of(
    ctx: &Ctx,
    person_id: i32,
) -> Result<Vec<Membership>, DomainError> {
    memberships_in(&role_rows(ctx, person_id).await?)
}

/// The actor for a person, with their roles; a deactivated or unknown person
/// is not signed in.
pub async fn load_actor(ctx: &Ctx, person_id: i32) -> Result<Actor, DomainError> {
    actor_from(person_id, &role_rows(ctx, person_id).await?)?.ok_or(DomainError::Unauthenticated)
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
