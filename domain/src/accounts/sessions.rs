//! Sessions: a random token in a cookie, only its hash stored; they end after
//! inactivity, absolutely, and at sign-out. Failed password sign-ins are
//! counted per account and per client address, and slow both down.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, JoinType,
    QueryFilter, QueryResult, QuerySelect, Set,
};

use super::Actor;
use super::actor::{RoleRow, actor_from, with_roles};
use super::backoff;
use super::entities::{known_device, person, session};
use super::password::verify_password;
use super::secret::{hash_token, random_token};
use super::throttle::{Limit, attempt_refused, take_one_off};
use crate::{Ctx, DomainError};

/// A session ends after this long without a request.
pub const IDLE_TIMEOUT: TimeDelta = TimeDelta::minutes(30);
/// And after this long however busy it is.
pub const ABSOLUTE_TIMEOUT: TimeDelta = TimeDelta::hours(12);
/// Wrong passwords from one client address before it is refused for a
/// while (an account's own are slowed down by `backoff` instead).
pub const PASSWORD_LIMIT: Limit = Limit {
    attempts: 5,
    window: TimeDelta::minutes(15),
    block_for: TimeDelta::minutes(15),
};
/// `last_seen_at` is written at most this often, not on every request.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

/// The same for an unknown address, a wrong password and a deactivated
/// account, so the answer tells nobody which addresses have accounts.
pub const WRONG_EMAIL_OR_PASSWORD: &str = "Enter a correct email address and password";

/// What goes in the cookie. Never logged, never stored.
pub struct SessionToken(pub String);

/// Email addresses are one account whatever their case or spacing.
pub(super) fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
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

/// Starts a session for `person_id` on `conn`; `replacing` is the session
/// the browser had, if any, which ends: the token always changes at sign-in.
pub(super) async fn start_session(
    conn: &impl ConnectionTrait,
    person_id: i32,
    replacing: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SessionToken, DomainError> {
    if let Some(old) = replacing {
        session::Entity::delete_by_id(hash_token(old))
            .exec(conn)
            .await?;
    }
    let token = random_token()?;
    session::ActiveModel {
        token_hash: Set(hash_token(&token)),
        person_id: Set(person_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + ABSOLUTE_TIMEOUT),
    }
    .insert(conn)
    .await?;
    Ok(SessionToken(token))
}

/// How long a browser stays known to an account without signing in again.
pub const DEVICE_LIFETIME: TimeDelta = TimeDelta::days(365);

/// What goes in the device cookie of a browser that has signed in: never
/// logged, only its hash stored.
pub struct DeviceToken(pub String);

/// A password sign-in that worked: the session, and a device token for a
/// browser the account did not know yet.
pub struct PasswordSignIn {
    pub session: SessionToken,
    pub new_device: Option<DeviceToken>,
}

/// Whether `device` (a browser's device cookie) has signed in to the account
/// at `email` before; it is touched if so.
async fn known_device(
    ctx: &Ctx,
    person: Option<&person::Model>,
    device: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let (Some(person), Some(device)) = (person, device) else {
        return Ok(false);
    };
    let touched = known_device::Entity::update_many()
        .col_expr(known_device::Column::LastUsedAt, Expr::value(now))
        .filter(known_device::Column::TokenHash.eq(hash_token(device)))
        .filter(known_device::Column::PersonId.eq(person.id))
        .filter(known_device::Column::LastUsedAt.gt(now - DEVICE_LIFETIME))
        .exec(&ctx.db)
        .await?;
    Ok(touched.rows_affected == 1)
}

/// Signs in a member of staff with their password, from `client_address`,
/// and starts a new session in place of `replacing`. Each client address may
/// fail a few times in a while ([`PASSWORD_LIMIT`]); each account's wrong
/// passwords slow its sign-in down (`backoff`), except from a browser that
/// has signed in to it before (`device`).
pub async fn sign_in_with_password(
    ctx: &Ctx,
    (email, password): (&str, &str),
    client_address: &str,
    replacing: Option<&str>,
    device: Option<&str>,
) -> Result<PasswordSignIn, DomainError> {
    let now = ctx.clock.now();
    let email = normalise_email(email);
    let address_key = format!("address:{client_address}");
    if attempt_refused(&ctx.db, PASSWORD_LIMIT, &address_key, now).await? {
        return Err(DomainError::RateLimited);
    }
    let person = person::Entity::find()
        .filter(person::Column::Email.eq(email.as_str()))
        .one(&ctx.db)
        .await?
        .filter(|person| person.deactivated_at.is_none());
    let known = known_device(ctx, person.as_ref(), device, now).await?;
    if !known {
        backoff::take_turn(&ctx.db, &email, now).await?;
    }
    let hash = person.as_ref().and_then(|p| p.password_hash.as_deref());
    let accepted = password_matches(password, hash).await;
    let Some(person) = person.filter(|_| accepted) else {
        if !known {
            backoff::failed(&ctx.db, &email, now).await?;
        }
        return Err(DomainError::invalid("email", WRONG_EMAIL_OR_PASSWORD));
    };
    // A success clears the account's count and takes itself off the
    // address's, so colleagues behind one address do not lock each other out.
    backoff::succeeded(&ctx.db, &email).await?;
    take_one_off(ctx, &address_key).await?;
    let new_device = if known {
        None
    } else {
        let token = random_token()?;
        known_device::ActiveModel {
            token_hash: Set(hash_token(&token)),
            person_id: Set(person.id),
            created_at: Set(now),
            last_used_at: Set(now),
        }
        .insert(&ctx.db)
        .await?;
        Some(DeviceToken(token))
    };
    Ok(PasswordSignIn {
        session: start_session(&ctx.db, person.id, replacing, now).await?,
        new_device,
    })
}

/// An argon2id hash of a random password nobody knows, at the same cost.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$W5RGYTjMyblF4k0JGBW0dBA7l0Pf5VdD6wYtqmO9v9M";

/// Who the session with `token` belongs to; a session past its idle or
/// absolute time, or of a deactivated person, is over (and removed).
pub async fn session_actor(ctx: &Ctx, token: &str) -> Result<Option<Actor>, DomainError> {
    let now = ctx.clock.now();
    let signed_in_as = session::Entity::belongs_to(person::Entity)
        .from(session::Column::PersonId)
        .to(person::Column::Id)
        .into();
    let select = session::Entity::find_by_id(hash_token(token))
        .select_only()
        .columns([
            session::Column::TokenHash,
            session::Column::PersonId,
            session::Column::LastSeenAt,
            session::Column::ExpiresAt,
        ])
        .join(JoinType::InnerJoin, signed_in_as);
    let rows: Vec<SessionRow> = with_roles(select).into_model().all(&ctx.db).await?;
    let Some(found) = rows.first() else {
        return Ok(None);
    };
    if now >= found.expires_at || now - found.last_seen_at >= IDLE_TIMEOUT {
        session::Entity::delete_by_id(found.token_hash.clone())
            .exec(&ctx.db)
            .await?;
        return Ok(None);
    }
    let roles: Vec<RoleRow> = rows.iter().map(|row| row.roles.clone()).collect();
    let Some(actor) = actor_from(found.person_id, &roles)? else {
        // A deactivated account's session ends here, as sign-out would.
        session::Entity::delete_by_id(found.token_hash.clone())
            .exec(&ctx.db)
            .await?;
        return Ok(None);
    };
    if now - found.last_seen_at >= TOUCH_EVERY {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::TokenHash.eq(found.token_hash.clone()))
            .exec(&ctx.db)
            .await?;
    }
    Ok(Some(actor))
}

/// How long the session with `token` has left, in seconds (0 once it is
/// over), without counting the asking as activity: what the timeout
/// warning checks before it warns, so a session kept alive in another tab,
/// or ending sooner at its absolute limit, is told rightly.
pub async fn session_time_left(ctx: &Ctx, token: &str) -> Result<i64, DomainError> {
    let now = ctx.clock.now();
    let Some(found) = session::Entity::find_by_id(hash_token(token))
        .one(&ctx.db)
        .await?
    else {
        return Ok(0);
    };
    let idle_ends = found.last_seen_at + IDLE_TIMEOUT;
    let ends = std::cmp::min(idle_ends, found.expires_at);
    Ok(std::cmp::max((ends - now).num_seconds(), 0))
}

/// A session with its person's roles, one row per role.
struct SessionRow {
    token_hash: String,
    person_id: i32,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    roles: RoleRow,
}

impl FromQueryResult for SessionRow {
    fn from_query_result(row: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        Ok(Self {
            token_hash: row.try_get(pre, "token_hash")?,
            person_id: row.try_get(pre, "person_id")?,
            last_seen_at: row.try_get(pre, "last_seen_at")?,
            expires_at: row.try_get(pre, "expires_at")?,
            roles: RoleRow::from_query_result(row, pre)?,
        })
    }
}

/// Ends the session with `token`, if there is one.
pub async fn sign_out(ctx: &Ctx, token: &str) -> Result<(), DomainError> {
    session::Entity::delete_by_id(hash_token(token))
        .exec(&ctx.db)
        .await?;
    Ok(())
}

/// Ends every session of `person_id`: when they are deactivated or choose a
/// new password.
pub(super) async fn end_sessions_of(
    conn: &impl ConnectionTrait,
    person_id: i32,
) -> Result<(), DomainError> {
    session::Entity::delete_many()
        .filter(session::Column::PersonId.eq(person_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Removes sessions that have ended without a sign-out. Returns how many.
pub async fn prune_sessions(ctx: &Ctx, now: DateTime<Utc>) -> Result<u64, DomainError> {
    let removed = session::Entity::delete_many()
        .filter(
            session::Column::ExpiresAt
                .lte(now)
                .or(session::Column::LastSeenAt.lte(now - IDLE_TIMEOUT)),
        )
        .exec(&ctx.db)
        .await?;
    Ok(removed.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::super::throttle::LONGEST_WINDOW;
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_real_argon2id_hash_that_matches_nothing_guessable() {
        assert!(!verify_password("", DUMMY_HASH));
        assert!(!verify_password("password", DUMMY_HASH));
        assert!(argon2::PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn the_password_limit_fits_in_what_pruning_keeps() {
        assert!(PASSWORD_LIMIT.window <= LONGEST_WINDOW);
        assert!(PASSWORD_LIMIT.block_for <= LONGEST_WINDOW);
    }
}
