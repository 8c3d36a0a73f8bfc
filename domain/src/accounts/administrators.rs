use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    DbErr, EntityTrait, QueryFilter, Set,
};

use super::entities::{membership, organisation, person};
use super::password::{check_new_password, hash_password};
use super::sessions::normalise_email;
use super::{OrganisationKind, Role};
use crate::notifications::EmailAddress;
use crate::{Actor, Ctx, DomainError, FieldError};

/// The name of the organisation that holds Hearth's own administrators.
pub const NATIONAL_PROGRAMME: &str = "National fostering programme";

/// Someone to make an administrator of the national programme.
#[derive(Clone)]
pub struct NewAdministrator {
    pub email: String,
    pub name: String,
    pub password: String,
}

/// The national programme's organisation, made the first time it is needed.
pub(crate) async fn national_programme(
    conn: &impl ConnectionTrait,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i32, DbErr> {
    let kind = OrganisationKind::NationalProgramme.as_str();
    if let Some(existing) = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(kind))
        .one(conn)
        .await?
    {
        return Ok(existing.id);
    }
    let created = organisation::ActiveModel {
        id: NotSet,
        kind: Set(kind.to_owned()),
        name: Set(NATIONAL_PROGRAMME.to_owned()),
        local_authority_id: Set(None),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(created.id)
}

/// An account Hearth itself makes: the first administrator, demo people.
#[derive(Clone)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    /// None for someone who signs in by emailed link only.
    pub password: Option<String>,
    /// Roles, each in an organisation (by id).
    pub roles: Vec<(i32, Role)>,
}

/// Makes a person with the roles given, in one transaction. Only Hearth
/// itself may: everyone else is invited.
pub async fn create_account(
    ctx: &Ctx,
    actor: &Actor,
    input: &NewAccount,
) -> Result<i32, DomainError> {
    actor.require_system()?;
    let txn = ctx.write().await?;
    let id = insert_account(&txn, input, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(id)
}

async fn insert_account(
    txn: &DatabaseTransaction,
    input: &NewAccount,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i32, DomainError> {
    let mut errors = Vec::new();
    let email = EmailAddress::parse(&input.email)
        .map_err(|message| errors.push(FieldError::new("email", message)))
        .ok();
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter a name"));
    }
    if let Some(Err(message)) = input.password.as_deref().map(check_new_password) {
        errors.push(FieldError::new("password", message));
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let password_hash = match input.password.clone() {
        Some(password) => Some(
            tokio::task::spawn_blocking(move || hash_password(&password))
                .await
                .map_err(|e| DomainError::Internal(Box::new(e)))??,
        ),
        None => None,
    };
    let person = person::ActiveModel {
        id: NotSet,
        email: Set(normalise_email(email.as_str())),
        name: Set(name.to_owned()),
        password_hash: Set(password_hash),
        deactivated_at: Set(None),
        lock_reason: Set(None),
        work_phone: Set(None),
        created_at: Set(now),
    }
    .insert(txn)
    .await
    .map_err(|error| {
        DomainError::unless_unique(
            error,
            "email",
            "There is already an account with this email address",
        )
    })?;
    for (organisation_id, role) in &input.roles {
        membership::ActiveModel {
            id: NotSet,
            person_id: Set(person.id),
            organisation_id: Set(*organisation_id),
            role: Set(role.as_str().to_owned()),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
    }
    Ok(person.id)
}

/// Makes a person with a password and the administrator role in the
/// national programme: how a new installation gets its first administrator
/// (`hearth admin create`). Only Hearth itself may do this.
pub async fn create_administrator(
    ctx: &Ctx,
    actor: &Actor,
    input: &NewAdministrator,
) -> Result<i32, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let organisation_id = national_programme(&txn, now).await?;
    let account = NewAccount {
        email: input.email.clone(),
        name: input.name.clone(),
        password: Some(input.password.clone()),
        roles: vec![(organisation_id, Role::Administrator)],
    };
    let id = insert_account(&txn, &account, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// The person with this email address, if there is one: for Hearth itself.
pub async fn find_person(
    ctx: &Ctx,
    actor: &Actor,
    email: &str,
) -> Result<Option<i32>, DomainError> {
    actor.require_system()?;
    Ok(person::Entity::find()
        .filter(person::Column::Email.eq(normalise_email(email)))
        .one(&ctx.db)
        .await?
        .map(|p| p.id))
}

/// The national programme's organisation, for Hearth itself (made if need be).
pub async fn national_programme_id(ctx: &Ctx, actor: &Actor) -> Result<i32, DomainError> {
    actor.require_system()?;
    Ok(national_programme(&ctx.db, ctx.clock.now()).await?)
}
