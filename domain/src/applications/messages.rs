//! Secure messages between an applicant and their fostering service: read
//! and written in Hearth only. The other side gets an email saying a
//! message is waiting, never what it says.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::entities::message;
use super::form::applicants_household;
use crate::accounts::entities::person;
use crate::audit::{Subject, record_access};
use crate::jobs::enqueue;
use crate::notifications::limits::may_email;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::policy::{Permission, household_for};
use crate::recruitment::entities::household;
use crate::recruitment::funnel::{Stage, State};
use crate::recruitment::state_of;
use crate::{Actor, Ctx, DomainError};

/// The most one message may hold.
pub const MAX_MESSAGE: usize = 5_000;

/// One message, as either side reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageEntry {
    pub from: String,
    pub from_household: bool,
    pub body: String,
    pub sent_at: DateTime<Utc>,
}

fn body_text(body: &str) -> Result<String, DomainError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(DomainError::invalid("body", "Write your message"));
    }
    if body.chars().count() > MAX_MESSAGE {
        return Err(DomainError::invalid(
            "body",
            crate::text::too_long(MAX_MESSAGE),
        ));
    }
    Ok(body.to_owned())
}

async fn thread(ctx: &Ctx, household: &household::Model) -> Result<Vec<MessageEntry>, DomainError> {
    let rows = message::Entity::find()
        .filter(message::Column::HouseholdId.eq(household.id))
        .order_by_asc(message::Column::Id)
        .all(&ctx.db)
        .await?;
    let authors = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().filter_map(|m| m.author_id)))
        .all(&ctx.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| MessageEntry {
            from: if m.from_household {
                household.name.clone()
            } else {
                authors
                    .iter()
                    .find(|p| Some(p.id) == m.author_id)
                    .map_or_else(|| "Your fostering service".to_owned(), |p| p.name.clone())
            },
            from_household: m.from_household,
            body: m.body,
            sent_at: m.sent_at,
        })
        .collect())
}

/// The applicant's messages with their service.
pub async fn own_messages(ctx: &Ctx, actor: &Actor) -> Result<Vec<MessageEntry>, DomainError> {
    let household = applicants_household(ctx, actor).await?;
    thread(ctx, &household).await
}

/// The household's messages, for the service's staff who write to it; every
/// read recorded.
pub async fn household_messages(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
) -> Result<Vec<MessageEntry>, DomainError> {
    let household = household_for(ctx, actor, household_id, Permission::MessageHouseholds).await?;
    record_access(
        ctx,
        actor,
        household.organisation_id,
        Subject::Messages,
        Some(household.id),
    )
    .await?;
    thread(ctx, &household).await
}

/// The applicant writes to their service; their officer, if they have one,
/// is told a message is waiting.
pub async fn send_own_message(ctx: &Ctx, actor: &Actor, body: &str) -> Result<(), DomainError> {
    let household = applicants_household(ctx, actor).await?;
    let body = body_text(body)?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    message::ActiveModel {
        id: NotSet,
        household_id: Set(household.id),
        author_id: Set(actor.person_id()),
        from_household: Set(true),
        body: Set(body),
        sent_at: Set(now),
    }
    .insert(&txn)
    .await?;
    if let Some(officer) = household.owner_id {
        let officer = person::Entity::find_by_id(officer).one(&txn).await?;
        if let Some((officer, to)) =
            officer.and_then(|o| EmailAddress::parse(&o.email).ok().map(|to| (o, to)))
        {
            let email = Email::MessageWaiting {
                name: officer.name,
                path: format!("enquiries/{}/messages", household.id),
            };
            may_email(ctx, &txn, actor, &to).await?;
            enqueue(&txn, &SendEmail::new(to, email), now, now).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// A member of the service's staff writes to the household, who is told a
/// message is waiting.
pub async fn send_household_message(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    body: &str,
) -> Result<(), DomainError> {
    let household = household_for(ctx, actor, household_id, Permission::MessageHouseholds).await?;
    let body = body_text(body)?;
    // Only a household that is still applying can read its messages.
    let applying = matches!(
        state_of(&household)?,
        State::Open(Stage::ApplicationInvited | Stage::ApplicationSubmitted | Stage::Assessment)
    );
    if !applying {
        return Err(DomainError::Conflict(
            "This household is not applying now: contact them another way".into(),
        ));
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    message::ActiveModel {
        id: NotSet,
        household_id: Set(household.id),
        author_id: Set(actor.person_id()),
        from_household: Set(false),
        body: Set(body),
        sent_at: Set(now),
    }
    .insert(&txn)
    .await?;
    if let Ok(to) = EmailAddress::parse(&household.email) {
        let email = Email::MessageWaiting {
            name: household.name.clone(),
            path: "application/messages".to_owned(),
        };
        may_email(ctx, &txn, actor, &to).await?;
        enqueue(&txn, &SendEmail::new(to, email), now, now).await?;
    }
    txn.commit().await?;
    Ok(())
}
