use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};

use super::entities::{membership, organisation, person};
use super::password::{check_new_password, hash_password};
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
async fn national_programme(
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

/// Makes a person with a password and the administrator role in the
/// national programme: how a new installation gets its first administrator
/// (`hearth admin create`). Only Hearth itself may do this.
pub async fn create_administrator(
    ctx: &Ctx,
    actor: &Actor,
    input: &NewAdministrator,
) -> Result<i32, DomainError> {
    actor.require_system()?;
    let mut errors = Vec::new();
    let email = EmailAddress::parse(&input.email)
        .map_err(|message| errors.push(FieldError::new("email", message)))
        .ok();
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter a name"));
    }
    if let Err(message) = check_new_password(&input.password) {
        errors.push(FieldError::new("password", message));
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let password_hash = hash_password(&input.password)?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    let organisation_id = national_programme(&txn, now).await?;
    let person = person::ActiveModel {
        id: NotSet,
        email: Set(email.as_str().to_lowercase()),
        name: Set(name.to_owned()),
        password_hash: Set(Some(password_hash)),
        deactivated_at: Set(None),
        created_at: Set(now),
    }
    .insert(&txn)
    .await
    .map_err(|error| {
        DomainError::unless_unique(
            error,
            "email",
            "There is already an account with this email address",
        )
    })?;
    membership::ActiveModel {
        id: NotSet,
        person_id: Set(person.id),
        organisation_id: Set(organisation_id),
        role: Set(Role::Administrator.as_str().to_owned()),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(person.id)
}
