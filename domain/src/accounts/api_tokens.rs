//! Bearer tokens for machine clients (a council's case system, a reporting
//! job): each acts with the rights of one role in one organisation, and is
//! made by a person who holds that role there, so nobody can hand a machine
//! more than they have. Only the token's hash is stored; the token itself is
//! shown once, when made. Administrators see and revoke every token of their
//! organisation; whoever made one sees and revokes their own.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, JoinType, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::actor::{ApiClient, Membership};
use super::entities::{api_token, organisation, person};
use super::invitations::organisation_for;
use super::secret::{hash_token, random_token};
use super::{Actor, OrganisationKind, Role};
use crate::policy::{Permission, token_roles};
use crate::{Ctx, DomainError, FieldError};

/// Every token starts so, so secret scanners and people can tell one.
pub const TOKEN_PREFIX: &str = "hearth_";
/// `last_used_at` is written at most this often.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);
const MAX_NAME_LENGTH: usize = 100;

/// A token as its organisation's administrators see it: never the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i32,
    pub name: String,
    pub organisation_id: i32,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    /// Who made it: the person answerable for what it reads.
    pub made_by: Option<String>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    fn from_row(row: api_token::Model, made_by: Option<String>) -> Result<Self, DomainError> {
        Ok(Self {
            made_by,
            role: Role::from_stored(&row.role)?,
            id: row.id,
            name: row.name,
            organisation_id: row.organisation_id,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            revoked_at: row.revoked_at,
        })
    }
}

/// A token just made, with its secret: the only time anyone sees it.
pub struct NewApiToken {
    pub token: ApiToken,
    pub secret: String,
}

/// Makes a token with the rights of `role` in the organisation, for a
/// person who holds that role there ([`token_roles`]).
pub async fn create_api_token(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    name: &str,
    role: Option<Role>,
) -> Result<NewApiToken, DomainError> {
    let maker = actor.require_person()?;
    let (_, kind) = organisation_for(&ctx.db, organisation_id).await?;
    let allowed = token_roles(actor, organisation_id, kind);
    if allowed.is_empty() {
        return Err(DomainError::Forbidden);
    }
    let mut errors = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter a name for the token"));
    } else if name.chars().count() > MAX_NAME_LENGTH {
        errors.push(FieldError::new(
            "name",
            format!("The name must be {MAX_NAME_LENGTH} characters or fewer"),
        ));
    }
    let role = match role {
        None => {
            errors.push(FieldError::new("role", "Select a role"));
            None
        }
        Some(role) if !allowed.contains(&role) => {
            errors.push(FieldError::new(
                "role",
                "Choose a role you hold here: a token has no more rights than its maker",
            ));
            None
        }
        Some(role) => Some(role),
    };
    let (Some(role), true) = (role, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let secret = format!("{TOKEN_PREFIX}{}", random_token()?);
    let row = api_token::ActiveModel {
        id: NotSet,
        name: Set(name.to_owned()),
        token_hash: Set(hash_token(&secret)),
        organisation_id: Set(organisation_id),
        role: Set(role.as_str().to_owned()),
        created_by: Set(Some(maker)),
        created_at: Set(ctx.clock.now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(&ctx.db)
    .await?;
    let made_by = person::Entity::find_by_id(maker)
        .one(&ctx.db)
        .await?
        .map(|p| p.name);
    let token = ApiToken::from_row(row, made_by)?;
    Ok(NewApiToken { token, secret })
}

/// The organisation's tokens, newest first, revoked ones included: every
/// one for its administrators, their own for anyone who makes them.
pub async fn list_api_tokens(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<ApiToken>, DomainError> {
    let person_id = actor.require_person()?;
    let (_, kind) = organisation_for(&ctx.db, organisation_id).await?;
    let mut query = api_token::Entity::find()
        .filter(api_token::Column::OrganisationId.eq(organisation_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .order_by_desc(api_token::Column::Id);
    if actor
        .require(Permission::AdministerOrganisation, organisation_id)
        .is_err()
    {
        if token_roles(actor, organisation_id, kind).is_empty() {
            return Err(actor.refusal());
        }
        query = query.filter(api_token::Column::CreatedBy.eq(person_id));
    }
    let rows = query.all(&ctx.db).await?;
    let makers = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().filter_map(|t| t.created_by)))
        .all(&ctx.db)
        .await?;
    rows.into_iter()
        .map(|row| {
            let made_by = makers
                .iter()
                .find(|p| Some(p.id) == row.created_by)
                .map(|p| p.name.clone());
            ApiToken::from_row(row, made_by)
        })
        .collect()
}

/// Revokes a token: it is refused from the next request on. Its
/// organisation's administrators may, and so may whoever made it.
pub async fn revoke_api_token(
    ctx: &Ctx,
    actor: &Actor,
    token_id: i32,
) -> Result<ApiToken, DomainError> {
    let person_id = actor.require_person()?;
    let found = api_token::Entity::find_by_id(token_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let theirs = found.created_by == Some(person_id);
    if !theirs {
        actor
            .require(Permission::AdministerOrganisation, found.organisation_id)
            .map_err(|_| DomainError::NotFound)?;
    }
    api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(ctx.clock.now()))
        .filter(api_token::Column::Id.eq(token_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(&ctx.db)
        .await?;
    list_api_tokens(ctx, actor, found.organisation_id)
        .await?
        .into_iter()
        .find(|t| t.id == token_id)
        .ok_or(DomainError::NotFound)
}

/// The client a bearer token speaks for, if the token is real and not revoked.
pub async fn api_client(ctx: &Ctx, secret: &str) -> Result<Option<Actor>, DomainError> {
    // One statement with its organisation: every request a client makes
    // starts here.
    let made_in = api_token::Entity::belongs_to(organisation::Entity)
        .from(api_token::Column::OrganisationId)
        .to(organisation::Column::Id)
        .into();
    let Some((found, Some(organisation))) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash_token(secret)))
        .filter(api_token::Column::RevokedAt.is_null())
        .select_also(organisation::Entity)
        .join(JoinType::InnerJoin, made_in)
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    let role = Role::from_stored(&found.role)?;
    let kind = OrganisationKind::from_stored(&organisation.kind)?;
    let now = ctx.clock.now();
    if found.last_used_at.is_none_or(|at| now - at >= TOUCH_EVERY) {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(found.id))
            .exec(&ctx.db)
            .await?;
    }
    Ok(Some(Actor::Client(ApiClient {
        token_id: found.id,
        membership: Membership {
            organisation_id: found.organisation_id,
            organisation_kind: kind,
            role,
        },
    })))
}
