//! Inviting staff. The administrator names the person and their role; the
//! role is theirs at once (so the emailed sign-in link works for them too),
//! and the invitation's link lets them choose a password.

use chrono::TimeDelta;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    Set,
};

use super::entities::{invitation, membership, organisation, person};
use super::password::{check_new_password, hash_password};
use super::secret::{hash_token, random_token};
use super::sessions::{SessionToken, end_sessions_of, normalise_email, start_session};
use super::sign_in_links::link_refusal;
use super::{OrganisationKind, Role};
use crate::jobs::enqueue;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::{Actor, Ctx, DomainError, FieldError};

/// How long an invitation's link works.
pub const INVITATION_LIFETIME: TimeDelta = TimeDelta::days(7);

/// Someone to invite, and the role they will hold.
#[derive(Clone, Debug)]
pub struct NewStaffMember {
    pub organisation_id: i32,
    pub email: String,
    pub name: String,
    /// None when a form left it unchosen: refused with the other fields.
    pub role: Option<Role>,
}

/// What the invited person sees before choosing a password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationDetails {
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub role: Role,
}

/// The organisation with this id, or a field error naming it.
pub(super) async fn organisation_for(
    conn: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<(organisation::Model, OrganisationKind), DomainError> {
    let found = organisation::Entity::find_by_id(organisation_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let kind = OrganisationKind::parse(&found.kind)
        .ok_or_else(|| DomainError::Internal(format!("unknown kind {}", found.kind).into()))?;
    Ok((found, kind))
}

pub(super) fn role_must_fit(role: Role, kind: OrganisationKind) -> Result<(), DomainError> {
    if role.fits(kind) {
        Ok(())
    } else {
        Err(DomainError::invalid(
            "role",
            format!(
                "A {} cannot be a {}",
                kind.label().to_lowercase(),
                role.label().to_lowercase()
            ),
        ))
    }
}

/// The role chosen, fitting the organisation, or the error against `role`.
pub(super) fn chosen_role(
    role: Option<Role>,
    kind: OrganisationKind,
    errors: &mut Vec<FieldError>,
) -> Option<Role> {
    let Some(role) = role else {
        errors.push(FieldError::new("role", "Select a role"));
        return None;
    };
    match role_must_fit(role, kind) {
        Ok(()) => Some(role),
        Err(error) => {
            errors.extend(error.field_errors().iter().cloned());
            None
        }
    }
}

/// Invites someone to hold `role` in an organisation: an administrator of it
/// may. A new person gets an invitation to choose a password (inviting again
/// sends a new one); someone who already has a password is told of the role.
/// Returns the person's id.
pub async fn invite_staff(
    ctx: &Ctx,
    actor: &Actor,
    input: &NewStaffMember,
) -> Result<i32, DomainError> {
    actor.require_administrator_of(input.organisation_id)?;
    let (organisation, kind) = organisation_for(&ctx.db, input.organisation_id).await?;
    let mut errors = Vec::new();
    let address = EmailAddress::parse(&input.email)
        .map_err(|m| errors.push(FieldError::new("email", m)))
        .ok();
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter their full name"));
    }
    let role = chosen_role(input.role, kind, &mut errors);
    let (Some(address), Some(role), true) = (address, role, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let email = normalise_email(address.as_str());
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let existing = person::Entity::find()
        .filter(person::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?;
    let person = match existing {
        Some(found) if found.deactivated_at.is_some() => {
            return Err(DomainError::invalid(
                "email",
                "This account has been deactivated: reactivate it before giving it a role",
            ));
        }
        Some(found) => found,
        None => person::ActiveModel {
            id: NotSet,
            email: Set(email.clone()),
            name: Set(name.to_owned()),
            password_hash: Set(None),
            deactivated_at: Set(None),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| DomainError::unless_unique(e, "email", "Try again"))?,
    };
    let held = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person.id))
        .filter(membership::Column::OrganisationId.eq(organisation.id))
        .filter(membership::Column::Role.eq(role.as_str()))
        .one(&txn)
        .await?
        .is_some();
    if held && person.password_hash.is_some() {
        return Err(DomainError::invalid(
            "role",
            format!(
                "{} is already a {} here",
                person.name,
                role.label().to_lowercase()
            ),
        ));
    }
    if !held {
        membership::ActiveModel {
            id: NotSet,
            person_id: Set(person.id),
            organisation_id: Set(organisation.id),
            role: Set(role.as_str().to_owned()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| DomainError::unless_unique(e, "role", "They were given this role just now"))?;
    }
    let to = EmailAddress::parse(&person.email).map_err(|m| DomainError::Internal(m.into()))?;
    let email = if person.password_hash.is_some() {
        Email::RoleGiven {
            organisation: organisation.name.clone(),
            role: role.label().to_owned(),
        }
    } else {
        let token = random_token()?;
        invitation::ActiveModel {
            token_hash: Set(hash_token(&token)),
            person_id: Set(person.id),
            organisation_id: Set(organisation.id),
            role: Set(role.as_str().to_owned()),
            invited_by: Set(actor.person_id()),
            created_at: Set(now),
            expires_at: Set(now + INVITATION_LIFETIME),
            accepted_at: Set(None),
        }
        .insert(&txn)
        .await?;
        Email::Invitation {
            token,
            organisation: organisation.name.clone(),
            role: role.label().to_owned(),
        }
    };
    enqueue(&txn, &SendEmail::new(to, email), now, now).await?;
    txn.commit().await?;
    Ok(person.id)
}

async fn usable_invitation(
    conn: &impl ConnectionTrait,
    token: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<invitation::Model, DomainError> {
    let found = invitation::Entity::find_by_id(hash_token(token))
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if found.accepted_at.is_some() || found.expires_at <= now {
        return Err(link_refusal(found.accepted_at.is_some()));
    }
    Ok(found)
}

/// Who an invitation is for, and to what, if its link can still be used.
pub async fn invitation_details(ctx: &Ctx, token: &str) -> Result<InvitationDetails, DomainError> {
    let found = usable_invitation(&ctx.db, token, ctx.clock.now()).await?;
    let person = person::Entity::find_by_id(found.person_id)
        .filter(person::Column::DeactivatedAt.is_null())
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let (organisation, _) = organisation_for(&ctx.db, found.organisation_id).await?;
    Ok(InvitationDetails {
        name: person.name,
        email: person.email,
        organisation: organisation.name,
        role: Role::parse(&found.role).ok_or(DomainError::NotFound)?,
    })
}

/// Accepts an invitation: sets the person's password, uses the link and
/// signs them in in place of `replacing`.
pub async fn accept_invitation(
    ctx: &Ctx,
    token: &str,
    password: &str,
    replacing: Option<&str>,
) -> Result<SessionToken, DomainError> {
    let now = ctx.clock.now();
    let found = usable_invitation(&ctx.db, token, now).await?;
    check_new_password(password).map_err(|m| DomainError::invalid("password", m))?;
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| DomainError::Internal(Box::new(e)))??;
    let txn = ctx.write().await?;
    let accepted = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::TokenHash.eq(found.token_hash.as_str()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    if accepted.rows_affected == 0 {
        return Err(link_refusal(true));
    }
    // The password is chosen: every other invitation's link stops working.
    invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::PersonId.eq(found.person_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    let changed = person::Entity::update_many()
        .col_expr(person::Column::PasswordHash, Expr::value(hash))
        .filter(person::Column::Id.eq(found.person_id))
        .filter(person::Column::DeactivatedAt.is_null())
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    // A new password ends every session the old one (or a link) started.
    end_sessions_of(&txn, found.person_id).await?;
    let session = start_session(&txn, found.person_id, replacing, now).await?;
    txn.commit().await?;
    Ok(session)
}
