//! Signing in with an emailed link: how members of the public sign in, and
//! staff may too. Opening the link shows a button; pressing it uses the link,
//! so mail scanners that open links do not use them up. A link works once,
//! for a short while.

use chrono::TimeDelta;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::entities::{person, sign_in_link};
use super::secret::{hash_token, random_token};
use super::sessions::{SessionToken, normalise_email, start_session};
use super::throttle::{Limit, attempt_refused};
use crate::jobs::{Job, enqueue};
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::{Actor, Ctx, DomainError};
use serde::{Deserialize, Serialize};

/// How long a link works.
pub const SIGN_IN_LINK_LIFETIME: TimeDelta = TimeDelta::minutes(30);
/// Links asked for one address: enough for a lost email or two, too few to
/// fill someone's inbox.
pub const LINKS_PER_ACCOUNT: Limit = Limit {
    attempts: 5,
    window: TimeDelta::minutes(15),
    block_for: TimeDelta::minutes(15),
};
/// Links asked for from one client address: more, since a whole office or
/// household may share it.
pub const LINKS_PER_CLIENT_ADDRESS: Limit = Limit {
    attempts: 30,
    window: TimeDelta::minutes(15),
    block_for: TimeDelta::minutes(15),
};

/// The job that emails a sign-in link to whoever asked, if they have an
/// account: looking them up off the request keeps the request's work (and
/// so its time) the same whether or not they do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendSignInLink {
    pub email: EmailAddress,
}

impl Job for SendSignInLink {
    const KIND: &'static str = "accounts.send_sign_in_link";
}

/// Asks for a sign-in link to be emailed to `email`. The answer is the same
/// whether or not it is the address of an account (only its shape is
/// checked), so nobody learns who has one.
pub async fn request_sign_in_link(
    ctx: &Ctx,
    email: &str,
    client_address: &str,
) -> Result<(), DomainError> {
    let address = EmailAddress::parse(email).map_err(|m| DomainError::invalid("email", m))?;
    let email = normalise_email(address.as_str());
    let now = ctx.clock.now();
    let account =
        attempt_refused(&ctx.db, LINKS_PER_ACCOUNT, &format!("link:{email}"), now).await?;
    let client = attempt_refused(
        &ctx.db,
        LINKS_PER_CLIENT_ADDRESS,
        &format!("link-address:{client_address}"),
        now,
    )
    .await?;
    if account || client {
        return Err(DomainError::RateLimited);
    }
    let txn = ctx.write().await?;
    enqueue(&txn, &SendSignInLink { email: address }, now, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Makes a link for the active account with the job's address, if there is
/// one, and queues its email. Returns whether it did. For Hearth's workers.
pub async fn send_sign_in_link(
    ctx: &Ctx,
    actor: &Actor,
    job: &SendSignInLink,
) -> Result<bool, DomainError> {
    actor.require_system()?;
    let Some(person) = person::Entity::find()
        .filter(person::Column::Email.eq(normalise_email(job.email.as_str())))
        .filter(person::Column::DeactivatedAt.is_null())
        .one(&ctx.db)
        .await?
    else {
        return Ok(false);
    };
    let now = ctx.clock.now();
    let token = random_token()?;
    let txn = ctx.write().await?;
    sign_in_link::ActiveModel {
        token_hash: Set(hash_token(&token)),
        person_id: Set(person.id),
        created_at: Set(now),
        expires_at: Set(now + SIGN_IN_LINK_LIFETIME),
        used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let to = EmailAddress::parse(&person.email).map_err(|m| DomainError::Internal(m.into()))?;
    enqueue(
        &txn,
        &SendEmail::new(to, Email::SignInLink { token }),
        now,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Why an emailed link cannot be used.
pub(super) fn link_refusal(used: bool) -> DomainError {
    DomainError::Conflict(if used {
        "This link has already been used".to_owned()
    } else {
        "This link has expired".to_owned()
    })
}

/// Whether the link with `token` would sign someone in, without using it:
/// for the page that shows the "Sign in" button.
pub async fn check_sign_in_link(ctx: &Ctx, token: &str) -> Result<(), DomainError> {
    let link = sign_in_link::Entity::find_by_id(hash_token(token))
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if link.used_at.is_some() || link.expires_at <= ctx.clock.now() {
        return Err(link_refusal(link.used_at.is_some()));
    }
    Ok(())
}

/// Uses the link with `token`, once, and starts a session in place of
/// `replacing`. A deactivated person's link signs nobody in.
pub async fn sign_in_with_link(
    ctx: &Ctx,
    token: &str,
    replacing: Option<&str>,
) -> Result<SessionToken, DomainError> {
    let now = ctx.clock.now();
    let hash = hash_token(token);
    let txn = ctx.write().await?;
    // One statement decides who uses it, however many presses race.
    let used = sign_in_link::Entity::update_many()
        .col_expr(sign_in_link::Column::UsedAt, Expr::value(now))
        .filter(sign_in_link::Column::TokenHash.eq(hash.as_str()))
        .filter(sign_in_link::Column::UsedAt.is_null())
        .filter(sign_in_link::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    let link = sign_in_link::Entity::find_by_id(hash)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if used.rows_affected == 0 {
        return Err(link_refusal(link.used_at.is_some()));
    }
    let active = person::Entity::find_by_id(link.person_id)
        .filter(person::Column::DeactivatedAt.is_null())
        .one(&txn)
        .await?;
    if active.is_none() {
        return Err(DomainError::NotFound);
    }
    let session = start_session(&txn, link.person_id, replacing, now).await?;
    txn.commit().await?;
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::super::throttle::LONGEST_WINDOW;
    use super::*;

    #[test]
    fn the_link_limits_fit_in_what_pruning_keeps() {
        for limit in [LINKS_PER_ACCOUNT, LINKS_PER_CLIENT_ADDRESS] {
            assert!(limit.window <= LONGEST_WINDOW && limit.block_for <= LONGEST_WINDOW);
        }
    }
}
