//! How many emails a signed-in person can make someone else receive: a
//! partner invited, a member of staff invited, referees asked, a message
//! notice. Without a limit, anyone with an account could fill a stranger's
//! inbox from Hearth's address.

use chrono::TimeDelta;
use sea_orm::ConnectionTrait;

use super::EmailAddress;
use crate::accounts::throttle::{Limit, attempt_refused};
use crate::{Actor, Ctx, DomainError};

/// At most 5 emails to one address in 15 minutes, whoever sends them.
pub const PER_RECIPIENT: Limit = Limit {
    attempts: 5,
    window: TimeDelta::minutes(15),
    block_for: TimeDelta::minutes(15),
};

/// At most 20 emails from one sender in an hour, to anyone.
pub const PER_SENDER: Limit = Limit {
    attempts: 20,
    window: TimeDelta::hours(1),
    block_for: TimeDelta::hours(1),
};

/// Counts one email from `sender` to `to`, refusing it with `RATE_LIMITED`
/// past either limit. Counted in the database, so every process shares the
/// count, on `conn`: inside the sending transaction, a refusal leaves
/// nothing behind, the count included. Hearth's own emails (a job, a
/// reminder) are not counted.
pub(crate) async fn may_email(
    ctx: &Ctx,
    conn: &impl ConnectionTrait,
    sender: &Actor,
    to: &EmailAddress,
) -> Result<(), DomainError> {
    let sender_key = match sender {
        Actor::Person(signed_in) => format!("mail-from:person:{}", signed_in.person_id),
        Actor::Client(client) => format!("mail-from:token:{}", client.token_id),
        Actor::Anonymous | Actor::System => return Ok(()),
    };
    let now = ctx.clock.now();
    let recipient_key = format!("mail-to:{}", to.as_str().to_lowercase());
    let to_recipient = attempt_refused(conn, PER_RECIPIENT, &recipient_key, now).await?;
    let from_sender = attempt_refused(conn, PER_SENDER, &sender_key, now).await?;
    if to_recipient || from_sender {
        return Err(DomainError::RateLimited);
    }
    Ok(())
}
