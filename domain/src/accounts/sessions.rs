//! Sessions: a random token in a cookie, only its hash stored; they end after
//! inactivity, absolutely, and at sign-out. Failed sign-ins are counted per
//! account and per client address, in the database, and slow both down.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use super::entities::{person, session, sign_in_failure};
use super::password::verify_password;
use super::{Actor, load_actor};
use crate::{Ctx, DomainError};

/// A session ends after this long without a request.
pub const IDLE_TIMEOUT: TimeDelta = TimeDelta::minutes(30);
/// And after this long however busy it is.
pub const ABSOLUTE_TIMEOUT: TimeDelta = TimeDelta::hours(12);
/// Failures (within [`FAILURE_WINDOW`]) before sign-in is refused for a while.
pub const FAILURES_BEFORE_BLOCK: i32 = 5;
pub const FAILURE_WINDOW: TimeDelta = TimeDelta::minutes(15);
pub const BLOCK_FOR: TimeDelta = TimeDelta::minutes(15);
/// `last_seen_at` is written at most this often, not on every request.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

/// The same for an unknown address, a wrong password and a deactivated
/// account, so the answer tells nobody which addresses have accounts.
pub const WRONG_EMAIL_OR_PASSWORD: &str = "Enter a correct email address and password";

/// What goes in the cookie. Never logged, never stored.
pub struct SessionToken(pub String);

/// A new random token: 32 bytes from the operating system.
pub fn random_token() -> Result<String, DomainError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| DomainError::Internal(e.to_string().into()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

fn hash_token(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// Counts one sign-in attempt against `key` and says whether it is refused.
/// Attempts are counted before the password is checked, each in one atomic
/// statement, so parallel guesses cannot slip past the limit. The key is
/// stored hashed: people sometimes type their password in the email field.
async fn attempt_refused(ctx: &Ctx, key: &str, now: DateTime<Utc>) -> Result<bool, DomainError> {
    let key = hash_token(key);
    sign_in_failure::Entity::insert(sign_in_failure::ActiveModel {
        key: Set(key.clone()),
        failures: Set(0),
        first_failure_at: Set(now),
        blocked_until: Set(None),
    })
    .on_conflict(
        OnConflict::column(sign_in_failure::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&ctx.db)
    .await?;
    let in_window = Expr::col(sign_in_failure::Column::FirstFailureAt).gt(now - FAILURE_WINDOW);
    let attempts = Expr::case(
        in_window.clone(),
        Expr::col(sign_in_failure::Column::Failures).add(1),
    )
    .finally(1);
    let blocked = Expr::case(
        in_window
            .clone()
            .and(Expr::col(sign_in_failure::Column::Failures).gte(FAILURES_BEFORE_BLOCK)),
        Expr::value(now + BLOCK_FOR),
    )
    .finally(Expr::col(sign_in_failure::Column::BlockedUntil));
    let count = Query::update()
        .table(sign_in_failure::Entity)
        .value(sign_in_failure::Column::Failures, attempts)
        .value(
            sign_in_failure::Column::FirstFailureAt,
            Expr::case(
                in_window,
                Expr::col(sign_in_failure::Column::FirstFailureAt),
            )
            .finally(Expr::value(now)),
        )
        .value(sign_in_failure::Column::BlockedUntil, blocked)
        .and_where(Expr::col(sign_in_failure::Column::Key).eq(key))
        .returning(Query::returning().column(sign_in_failure::Column::BlockedUntil))
        .to_owned();
    let row = ctx.db.query_one(&count).await?;
    let blocked_until: Option<DateTime<Utc>> = match row {
        Some(row) => row.try_get("", "blocked_until")?,
        None => None,
    };
    Ok(blocked_until.is_some_and(|until| until > now))
}

/// Checks `password` against `hash` off the async threads (argon2 takes a
/// fraction of a second of CPU), always hashing once, so a missing or broken
/// hash answers no faster than a wrong password.
async fn password_matches(password: &str, hash: Option<&str>) -> bool {
    let usable = hash.filter(|h| argon2::PasswordHash::new(h).is_ok());
    let (password, hash, real) = (
        password.to_owned(),
        usable.unwrap_or(DUMMY_HASH).to_owned(),
        usable.is_some(),
    );
    tokio::task::spawn_blocking(move || verify_password(&password, &hash) && real)
        .await
        .unwrap_or(false)
}

/// Signs in a member of staff with their password, from `client_address`,
/// and starts a new session; `replacing` is the session the browser had, if
/// any, which ends (the token always changes at sign-in).
pub async fn sign_in_with_password(
    ctx: &Ctx,
    email: &str,
    password: &str,
    client_address: &str,
    replacing: Option<&str>,
) -> Result<SessionToken, DomainError> {
    let now = ctx.clock.now();
    let email = email.trim().to_lowercase();
    let account_key = format!("account:{email}");
    let address_key = format!("address:{client_address}");
    // Both counters are counted, whatever the first says.
    let account_refused = attempt_refused(ctx, &account_key, now).await?;
    let address_refused = attempt_refused(ctx, &address_key, now).await?;
    if account_refused || address_refused {
        return Err(DomainError::RateLimited);
    }
    let person = person::Entity::find()
        .filter(person::Column::Email.eq(email.as_str()))
        .one(&ctx.db)
        .await?
        .filter(|person| person.deactivated_at.is_none());
    let hash = person.as_ref().and_then(|p| p.password_hash.as_deref());
    let accepted = password_matches(password, hash).await;
    let Some(person) = person.filter(|_| accepted) else {
        return Err(DomainError::invalid("email", WRONG_EMAIL_OR_PASSWORD));
    };
    // A success clears the account's count and takes itself off the
    // address's, so colleagues behind one address do not lock each other out.
    sign_in_failure::Entity::delete_by_id(hash_token(&account_key))
        .exec(&ctx.db)
        .await?;
    sign_in_failure::Entity::update_many()
        .col_expr(
            sign_in_failure::Column::Failures,
            Expr::col(sign_in_failure::Column::Failures).sub(1),
        )
        .filter(sign_in_failure::Column::Key.eq(hash_token(&address_key)))
        .filter(sign_in_failure::Column::Failures.gt(0))
        .exec(&ctx.db)
        .await?;
    if let Some(old) = replacing {
        sign_out(ctx, old).await?;
    }
    let token = random_token()?;
    session::ActiveModel {
        token_hash: Set(hash_token(&token)),
        person_id: Set(person.id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + ABSOLUTE_TIMEOUT),
    }
    .insert(&ctx.db)
    .await?;
    Ok(SessionToken(token))
}

/// An argon2id hash of a random password nobody knows, at the same cost.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$W5RGYTjMyblF4k0JGBW0dBA7l0Pf5VdD6wYtqmO9v9M";

/// Who the session with `token` belongs to; a session past its idle or
/// absolute time, or of a deactivated person, is over (and removed).
pub async fn session_actor(ctx: &Ctx, token: &str) -> Result<Option<Actor>, DomainError> {
    let now = ctx.clock.now();
    let Some(found) = session::Entity::find_by_id(hash_token(token))
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    if now >= found.expires_at || now - found.last_seen_at >= IDLE_TIMEOUT {
        session::Entity::delete_by_id(found.token_hash)
            .exec(&ctx.db)
            .await?;
        return Ok(None);
    }
    let actor = match load_actor(ctx, found.person_id).await {
        Ok(actor) => actor,
        Err(DomainError::Unauthenticated) => return Ok(None),
        Err(other) => return Err(other),
    };
    if now - found.last_seen_at >= TOUCH_EVERY {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::TokenHash.eq(found.token_hash))
            .exec(&ctx.db)
            .await?;
    }
    Ok(Some(actor))
}

/// Ends the session with `token`, if there is one.
pub async fn sign_out(ctx: &Ctx, token: &str) -> Result<(), DomainError> {
    session::Entity::delete_by_id(hash_token(token))
        .exec(&ctx.db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_distinct() {
        let (a, b) = (
            random_token().expect("random"),
            random_token().expect("random"),
        );
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
    }

    #[test]
    fn the_dummy_hash_is_a_real_argon2id_hash_that_matches_nothing_guessable() {
        assert!(!verify_password("", DUMMY_HASH));
        assert!(!verify_password("password", DUMMY_HASH));
        assert!(argon2::PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
