//! Bearer tokens for machine clients (a council's case system, a reporting
//! job): each acts with the rights of one role in one organisation. Only the
//! token's hash is stored; the token itself is shown once, when made.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::actor::{ApiClient, Membership};
use super::entities::api_token;
use super::invitations::{chosen_role, organisation_for};
use super::secret::{hash_token, random_token};
use super::{Actor, Role};
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
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    fn from_row(row: api_token::Model) -> Option<Self> {
        Some(Self {
            role: Role::parse(&row.role)?,
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

/// Makes a token with the rights of `role` in the organisation. A token is
/// never an administrator: one that leaked could otherwise make more.
pub async fn create_api_token(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    name: &str,
    role: Option<Role>,
) -> Result<NewApiToken, DomainError> {
    actor.require_administrator_of(organisation_id)?;
    let (_, kind) = organisation_for(&ctx.db, organisation_id).await?;
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
    let role = match chosen_role(role, kind, &mut errors) {
        Some(Role::Administrator) => {
            errors.push(FieldError::new(
                "role",
                "A token cannot be an administrator: choose another role",
            ));
            None
        }
        other => other,
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
        created_by: Set(actor.person_id()),
        created_at: Set(ctx.clock.now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(&ctx.db)
    .await?;
    let token = ApiToken::from_row(row)
        .ok_or_else(|| DomainError::Internal("a token's role did not read back".into()))?;
    Ok(NewApiToken { token, secret })
}

/// The organisation's tokens, newest first, revoked ones included.
pub async fn list_api_tokens(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<ApiToken>, DomainError> {
    actor.require_administrator_of(organisation_id)?;
    Ok(api_token::Entity::find()
        .filter(api_token::Column::OrganisationId.eq(organisation_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .order_by_desc(api_token::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter_map(ApiToken::from_row)
        .collect())
}

/// Revokes a token: it is refused from the next request on.
pub async fn revoke_api_token(
    ctx: &Ctx,
    actor: &Actor,
    token_id: i32,
) -> Result<ApiToken, DomainError> {
    actor.require_signed_in()?;
    let found = api_token::Entity::find_by_id(token_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    actor.require_administrator_of(found.organisation_id)?;
    api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(ctx.clock.now()))
        .filter(api_token::Column::Id.eq(token_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(&ctx.db)
        .await?;
    let revoked = api_token::Entity::find_by_id(token_id)
        .one(&ctx.db)
        .await?
        .and_then(ApiToken::from_row)
        .ok_or(DomainError::NotFound)?;
    Ok(revoked)
}

/// The client a bearer token speaks for, if the token is real and not revoked.
pub async fn api_client(ctx: &Ctx, secret: &str) -> Result<Option<Actor>, DomainError> {
    let Some(found) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash_token(secret)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    let (_, kind) = organisation_for(&ctx.db, found.organisation_id).await?;
    let Some(role) = Role::parse(&found.role) else {
        return Ok(None);
    };
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
