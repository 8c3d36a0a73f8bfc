//! Inviting staff. The administrator names the person and their role; the
//! role is theirs only once they accept. Someone new chooses a password from
//! the emailed link, which accepts it; someone who already has an account
//! accepts or declines once signed in. The administrator sees the
//! invitation as they wrote it, whatever the address: never the account's
//! own name, and nothing is granted before the person says yes.

use chrono::TimeDelta;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::entities::{invitation, membership, organisation, person};
use super::password::{check_new_password, hash_password};
use super::secret::{hash_token, random_token};
use super::sessions::{SessionToken, end_sessions_of, normalise_email, start_session};
use super::sign_in_links::link_refusal;
use super::{OrganisationKind, Role};
use crate::jobs::enqueue;
use crate::notifications::limits::may_email;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::policy::Permission;
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

/// What the invited person sees of an invitation from its link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationDetails {
    /// The invitation's id, for accepting or declining it signed in.
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub role: Role,
    /// The person invited has a password already: they sign in to accept
    /// or decline; otherwise choosing one accepts.
    pub has_password: bool,
    /// The person it is for, to tell whether they are the one signed in.
    pub person_id: i32,
}

/// Where an invitation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Declined,
}

/// An invitation as the administrators who made it see it: the name and
/// address as they typed them, whatever account the address has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffInvitation {
    pub id: String,
    pub organisation_id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub status: InvitationStatus,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// An invitation waiting for the signed-in person's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationToAnswer {
    pub id: String,
    pub organisation: String,
    pub role: Role,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

fn status_of(row: &invitation::Model) -> InvitationStatus {
    match (row.accepted_at, row.declined_at) {
        (Some(_), _) => InvitationStatus::Accepted,
        (None, Some(_)) => InvitationStatus::Declined,
        (None, None) => InvitationStatus::Pending,
    }
}

fn as_seen_by_administrators(
    row: invitation::Model,
    email: String,
) -> Result<StaffInvitation, DomainError> {
    Ok(StaffInvitation {
        status: status_of(&row),
        role: Role::from_stored(&row.role)?,
        id: row.token_hash,
        organisation_id: row.organisation_id,
        name: row.name,
        email,
        expires_at: row.expires_at,
    })
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
    let kind = OrganisationKind::from_stored(&found.kind)?;
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
/// may. Nothing is granted until they accept. Someone new is emailed a link
/// to choose a password; someone with an account, a link to accept or
/// decline once signed in; inviting again sends a new one. The answer is the
/// same whatever the address: the invitation as typed, pending.
pub async fn invite_staff(
    ctx: &Ctx,
    actor: &Actor,
    input: &NewStaffMember,
) -> Result<StaffInvitation, DomainError> {
    actor.require(Permission::AdministerOrganisation, input.organisation_id)?;
    let (organisation, kind) = organisation_for(&ctx.db, input.organisation_id).await?;
    let mut errors = Vec::new();
    let address = EmailAddress::parse(&input.email)
        .map_err(|m| errors.push(FieldError::new("email", m)))
        .ok();
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter their full name"));
    } else if name.chars().count() > 200 {
        errors.push(FieldError::new("name", crate::text::too_long(200)));
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
        Some(found) => found,
        None => person::ActiveModel {
            id: NotSet,
            email: Set(email.clone()),
            name: Set(name.to_owned()),
            password_hash: Set(None),
            deactivated_at: Set(None),
            lock_reason: Set(None),
            work_phone: Set(None),
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
    if held {
        // The organisation's administrators see its own people: this tells
        // them nothing they could not read.
        return Err(DomainError::invalid(
            "role",
            format!(
                "Someone with that address is already a {} here",
                role.label().to_lowercase()
            ),
        ));
    }
    // Inviting again replaces the invitation still waiting.
    invitation::Entity::delete_many()
        .filter(invitation::Column::PersonId.eq(person.id))
        .filter(invitation::Column::OrganisationId.eq(organisation.id))
        .filter(invitation::Column::Role.eq(role.as_str()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::DeclinedAt.is_null())
        .exec(&txn)
        .await?;
    let token = random_token()?;
    let row = invitation::ActiveModel {
        token_hash: Set(hash_token(&token)),
        person_id: Set(person.id),
        organisation_id: Set(organisation.id),
        role: Set(role.as_str().to_owned()),
        invited_by: Set(actor.person_id()),
        created_at: Set(now),
        expires_at: Set(now + INVITATION_LIFETIME),
        accepted_at: Set(None),
        name: Set(name.to_owned()),
        declined_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let to = EmailAddress::parse(&person.email).map_err(|m| DomainError::Internal(m.into()))?;
    let message = if person.password_hash.is_some() {
        Email::InvitationToAnswer {
            token,
            organisation: organisation.name.clone(),
            role: role.label().to_owned(),
        }
    } else {
        Email::Invitation {
            token,
            organisation: organisation.name.clone(),
            role: role.label().to_owned(),
        }
    };
    may_email(ctx, &txn, actor, &to).await?;
    enqueue(&txn, &SendEmail::new(to, message), now, now).await?;
    txn.commit().await?;
    as_seen_by_administrators(row, email)
}

/// The organisation's invitations still waiting for an answer, newest
/// first, as its administrators typed them.
pub async fn waiting_invitations(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<StaffInvitation>, DomainError> {
    actor.require(Permission::AdministerOrganisation, organisation_id)?;
    let rows = waiting(ctx.clock.now())
        .filter(invitation::Column::OrganisationId.eq(organisation_id))
        .order_by_desc(invitation::Column::CreatedAt)
        .limit(crate::pagination::MAX_PAGE_SIZE)
        .all(&ctx.db)
        .await?;
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().map(|r| r.person_id)))
        .all(&ctx.db)
        .await?;
    rows.into_iter()
        .map(|row| {
            let email = people
                .iter()
                .find(|p| p.id == row.person_id)
                .map(|p| p.email.clone())
                .unwrap_or_default();
            as_seen_by_administrators(row, email)
        })
        .collect()
}

/// The invitations waiting for the signed-in person's answer.
pub async fn my_invitations(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<InvitationToAnswer>, DomainError> {
    let person_id = actor.require_person()?;
    let rows = waiting(ctx.clock.now())
        .filter(invitation::Column::PersonId.eq(person_id))
        .order_by_desc(invitation::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(rows.iter().map(|r| r.organisation_id)))
        .all(&ctx.db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(InvitationToAnswer {
                organisation: organisations
                    .iter()
                    .find(|o| o.id == row.organisation_id)?
                    .name
                    .clone(),
                role: Role::parse(&row.role)?,
                expires_at: row.expires_at,
                id: row.token_hash,
            })
        })
        .collect())
}

/// Invitations still waiting for an answer at `now`.
pub(super) fn waiting(now: chrono::DateTime<chrono::Utc>) -> sea_orm::Select<invitation::Entity> {
    invitation::Entity::find()
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::DeclinedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
}

/// Gives the invitation's role, once: the invitation is marked accepted and
/// the role held, together.
async fn grant(
    txn: &sea_orm::DatabaseTransaction,
    found: &invitation::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DomainError> {
    let accepted = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::TokenHash.eq(found.token_hash.as_str()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::DeclinedAt.is_null())
        .exec(txn)
        .await?;
    if accepted.rows_affected == 0 {
        return Err(link_refusal(true));
    }
    let held = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(found.person_id))
        .filter(membership::Column::OrganisationId.eq(found.organisation_id))
        .filter(membership::Column::Role.eq(found.role.as_str()))
        .one(txn)
        .await?
        .is_some();
    if !held {
        membership::ActiveModel {
            id: NotSet,
            person_id: Set(found.person_id),
            organisation_id: Set(found.organisation_id),
            role: Set(found.role.clone()),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// What the invited person says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The role is theirs at once.
    Accept,
    /// Nothing is given.
    Decline,
}

/// The signed-in person answers an invitation of theirs, once.
pub async fn answer_staff_invitation(
    ctx: &Ctx,
    actor: &Actor,
    id: &str,
    answer: Answer,
) -> Result<(), DomainError> {
    let person_id = actor.require_person()?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let found = waiting(now)
        .filter(invitation::Column::TokenHash.eq(id))
        .filter(invitation::Column::PersonId.eq(person_id))
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    match answer {
        Answer::Accept => grant(&txn, &found, now).await?,
        Answer::Decline => {
            invitation::Entity::update_many()
                .col_expr(invitation::Column::DeclinedAt, Expr::value(now))
                .filter(invitation::Column::TokenHash.eq(found.token_hash.as_str()))
                .exec(&txn)
                .await?;
        }
    }
    txn.commit().await?;
    Ok(())
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
    let answered = found.accepted_at.is_some() || found.declined_at.is_some();
    if answered || found.expires_at <= now {
        return Err(link_refusal(answered));
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
        role: Role::parse(&found.role).ok_or(DomainError::NotFound)?,
        id: found.token_hash,
        name: found.name,
        email: person.email,
        organisation: organisation.name,
        has_password: person.password_hash.is_some(),
        person_id: person.id,
    })
}

/// Accepts an invitation from its link by choosing a password: for someone
/// who has none yet (anyone else signs in and accepts). The role is theirs,
/// the link used, and they are signed in in place of `replacing`.
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
    // Only a person with no password yet chooses one here: a link is no way
    // to change someone's password.
    let changed = person::Entity::update_many()
        .col_expr(person::Column::PasswordHash, Expr::value(hash))
        .filter(person::Column::Id.eq(found.person_id))
        .filter(person::Column::DeactivatedAt.is_null())
        .filter(person::Column::PasswordHash.is_null())
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    grant(&txn, &found, now).await?;
    // A new password ends every session the old one (or a link) started.
    end_sessions_of(&txn, found.person_id).await?;
    let session = start_session(&txn, found.person_id, replacing, now).await?;
    txn.commit().await?;
    Ok(session)
}
