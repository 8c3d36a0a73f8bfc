//! References: when an application is sent, each referee it names is
//! emailed a link to a form (no account needed). The link works until the
//! reference is given or declined, then never again; reminders follow after
//! 5 and 10 working days, each with a link of its own. Only staff of the
//! household's organisation read references.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::entities::{reference, reference_link};
use super::sections::{Answers, Kind, Question, ask, check_questions};
use crate::accounts::entities::organisation;
use crate::accounts::{hash_token, random_token};
use crate::audit::{Subject, record_access};
use crate::jobs::{Job, enqueue};
use crate::names::stored_names;
use crate::notifications::limits::may_email;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::policy::{Permission, household_for};
use crate::recruitment::entities::household;
use crate::recruitment::{bank_holidays, state_of};
use crate::workflow::{Refused, Step, Workflow, record, refused};
use crate::{Actor, Ctx, DomainError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReferenceStatus {
    Requested,
    Given,
    Declined,
}

stored_names!(ReferenceStatus {
    Requested => "requested", "Asked for",
    Given => "given", "Given",
    Declined => "declined", "Declined",
});

/// What a referee does with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReferenceEvent {
    Gave,
    Declined,
}

stored_names!(ReferenceEvent {
    Gave => "gave", "Gave the reference",
    Declined => "declined", "Declined",
});

/// A reference's rules: it is answered once, either way.
pub fn reference_transition(
    status: ReferenceStatus,
    event: ReferenceEvent,
) -> Result<ReferenceStatus, Refused> {
    match (status, event) {
        (ReferenceStatus::Requested, ReferenceEvent::Gave) => Ok(ReferenceStatus::Given),
        (ReferenceStatus::Requested, ReferenceEvent::Declined) => Ok(ReferenceStatus::Declined),
        (ReferenceStatus::Given | ReferenceStatus::Declined, _) => Err(refused(
            "This reference has already been answered: thank you",
        )),
    }
}

/// Working days after the request when a referee is reminded.
pub const REMINDERS_AFTER: [u32; 2] = [5, 10];

/// What a referee is asked.
pub const REFERENCE_QUESTIONS: &[Question] = &[
    ask(
        "how_known",
        "How do you know them, and for how long?",
        Kind::LongText { max: 2_000 },
        "Say how you know them, and for how long",
    ),
    ask(
        "with_children",
        "How are they with children?",
        Kind::LongText { max: 4_000 },
        "Tell us how they are with children",
    )
    .hint("Their own, family's or friends' children, or at work: what have you seen?"),
    ask(
        "strengths",
        "What would they bring to fostering?",
        Kind::LongText { max: 4_000 },
        "Tell us what they would bring to fostering",
    ),
    ask(
        "concerns",
        "Do you have any concerns about them looking after children?",
        Kind::YesNo,
        "Select yes if you have any concerns",
    ),
    ask(
        "concern_details",
        "Tell us about your concerns",
        Kind::LongText { max: 4_000 },
        "Tell us about your concerns",
    )
    .only_if("concerns", "yes"),
    ask(
        "declaration",
        "What I have written is true to the best of my knowledge",
        Kind::Agree,
        "Confirm what you have written is true",
    ),
];

/// Asks each referee for a reference, inside the transaction that sends the
/// application: the request and its email are kept together.
pub(super) async fn request_references(
    (ctx, txn): (&Ctx, &DatabaseTransaction),
    actor: &Actor,
    household: &household::Model,
    referees: &[Answers],
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let organisation = organisation::Entity::find_by_id(household.organisation_id)
        .one(txn)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let first = |person: &Answers, id: &str| {
        person
            .get(id)
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_default()
    };
    for referee in referees {
        let Ok(email) = EmailAddress::parse(&first(referee, "email")) else {
            continue;
        };
        may_email(ctx, txn, actor, &email).await?;
        let row = reference::ActiveModel {
            id: NotSet,
            household_id: Set(household.id),
            referee_name: Set(first(referee, "full_name")),
            referee_email: Set(email.as_str().to_lowercase()),
            kind: Set(first(referee, "kind")),
            status: Set(ReferenceStatus::Requested.as_str().to_owned()),
            requested_at: Set(now),
            reminders_sent: Set(0),
            last_reminder_at: Set(None),
            answers: Set(None),
            declined_because: Set(None),
            answered_at: Set(None),
        }
        .insert(txn)
        .await?;
        send_link(txn, &row, &household.name, &organisation, false, now).await?;
    }
    Ok(())
}

/// A new link for the reference, and the email that carries it.
async fn send_link(
    txn: &DatabaseTransaction,
    row: &reference::Model,
    applicant: &str,
    organisation: &str,
    reminder: bool,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let token = random_token()?;
    reference_link::ActiveModel {
        token_hash: Set(hash_token(&token)),
        reference_id: Set(row.id),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    let to =
        EmailAddress::parse(&row.referee_email).map_err(|m| DomainError::Internal(m.into()))?;
    let email = Email::ReferenceRequested {
        token,
        referee: row.referee_name.clone(),
        applicant: applicant.to_owned(),
        organisation: organisation.to_owned(),
        reminder,
    };
    enqueue(txn, &SendEmail::new(to, email), now, now).await?;
    Ok(())
}

/// What the referee's page says of the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceRequest {
    pub referee: String,
    pub applicant: String,
    pub organisation: String,
}

/// The reference a link asks for, while it may still be answered: an
/// unknown link is not found, an answered one is a conflict.
async fn by_link(
    conn: &impl ConnectionTrait,
    token: &str,
) -> Result<(reference::Model, household::Model), DomainError> {
    let link = reference_link::Entity::find_by_id(hash_token(token))
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let row = reference::Entity::find_by_id(link.reference_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    // Still to be answered, either way.
    reference_transition(
        ReferenceStatus::from_stored(&row.status)?,
        ReferenceEvent::Gave,
    )?;
    let household = household::Entity::find_by_id(row.household_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    // A household that withdrew, or was closed, needs no more references.
    if !state_of(&household)?.is_open() {
        return Err(DomainError::Conflict(
            "This reference is no longer needed: thank you".into(),
        ));
    }
    Ok((row, household))
}

/// Opens the form a link leads to (opening it uses nothing up).
pub async fn reference_request(ctx: &Ctx, token: &str) -> Result<ReferenceRequest, DomainError> {
    let (row, household) = by_link(&ctx.db, token).await?;
    let organisation = organisation::Entity::find_by_id(household.organisation_id)
        .one(&ctx.db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    Ok(ReferenceRequest {
        referee: row.referee_name,
        applicant: household.name,
        organisation,
    })
}

/// Records the referee's answer, once: a second answer by any of its links
/// is refused. `answer` is the reference, or `None` to decline (with an
/// optional reason).
pub async fn answer_reference(
    ctx: &Ctx,
    token: &str,
    answer: Option<&Answers>,
    declined_because: &str,
) -> Result<(), DomainError> {
    let (row, _) = by_link(&ctx.db, token).await?;
    let now = ctx.clock.now();
    let today = now.with_timezone(&London).date_naive();
    let (event, answers, because) = match answer {
        Some(sent) => {
            let kept = check_questions(REFERENCE_QUESTIONS, sent, true, today)
                .map_err(DomainError::InvalidInput)?;
            let json =
                serde_json::to_string(&kept).map_err(|e| DomainError::Internal(Box::new(e)))?;
            (ReferenceEvent::Gave, Some(json), None)
        }
        None => {
            let because = declined_because.trim();
            if because.chars().count() > 2_000 {
                return Err(DomainError::invalid(
                    "declined_because",
                    crate::text::too_long(2000),
                ));
            }
            let because = (!because.is_empty()).then(|| because.to_owned());
            (ReferenceEvent::Declined, None, because)
        }
    };
    let from = ReferenceStatus::Requested;
    let to = reference_transition(from, event)?;
    // One atomic update decides: a second answer, however sent, finds it
    // answered and changes nothing.
    let txn = ctx.write().await?;
    let answered = reference::Entity::update_many()
        .col_expr(reference::Column::Status, Expr::value(to.as_str()))
        .col_expr(reference::Column::Answers, Expr::value(answers))
        .col_expr(reference::Column::DeclinedBecause, Expr::value(because))
        .col_expr(reference::Column::AnsweredAt, Expr::value(now))
        .filter(reference::Column::Id.eq(row.id))
        .filter(reference::Column::Status.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if answered.rows_affected == 0 {
        return Err(DomainError::Conflict(
            "This reference has already been answered: thank you".into(),
        ));
    }
    // The referee's reason for declining stays on the reference, which
    // only the household's workers read.
    record(
        &txn,
        Step {
            workflow: Workflow::Reference,
            record_id: row.id,
            household_id: Some(row.household_id),
            at: now,
            actor_id: None,
            event: event.as_str(),
            from: from.as_str(),
            to: to.as_str(),
            reason: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The job that reminds referees: run every hour.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendReferenceReminders {}

impl Job for SendReferenceReminders {
    const KIND: &'static str = "applications.send_reference_reminders";
    const MAX_ATTEMPTS: i32 = 5;
}

/// Reminds each referee who has not answered 5 and again 10 working days
/// after they were asked; returns how many reminders were queued.
pub async fn send_reference_reminders(ctx: &Ctx, actor: &Actor) -> Result<usize, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    let holidays = bank_holidays(&ctx.db).await?;
    let waiting = reference::Entity::find()
        .filter(reference::Column::Status.eq(ReferenceStatus::Requested.as_str()))
        .filter(reference::Column::RemindersSent.lt(REMINDERS_AFTER.len() as i32))
        .all(&ctx.db)
        .await?;
    let mut queued = 0;
    for row in waiting {
        let Some(after) = usize::try_from(row.reminders_sent)
            .ok()
            .and_then(|sent| REMINDERS_AFTER.get(sent))
        else {
            continue;
        };
        if holidays.due_after(row.requested_at, *after) > now {
            continue;
        }
        let open = household::Entity::find_by_id(row.household_id)
            .one(&ctx.db)
            .await?
            .map(|h| state_of(&h).map(|state| state.is_open()))
            .transpose()?
            .unwrap_or(false);
        if !open {
            continue;
        }
        let txn = ctx.write().await?;
        // Counted only if no other runner counted it first.
        let counted = reference::Entity::update_many()
            .col_expr(
                reference::Column::RemindersSent,
                Expr::value(row.reminders_sent + 1),
            )
            .col_expr(reference::Column::LastReminderAt, Expr::value(now))
            .filter(reference::Column::Id.eq(row.id))
            .filter(reference::Column::RemindersSent.eq(row.reminders_sent))
            .filter(reference::Column::Status.eq(ReferenceStatus::Requested.as_str()))
            .exec(&txn)
            .await?;
        if counted.rows_affected == 1 {
            let household = household::Entity::find_by_id(row.household_id)
                .one(&txn)
                .await?
                .ok_or(DomainError::NotFound)?;
            let organisation = organisation::Entity::find_by_id(household.organisation_id)
                .one(&txn)
                .await?
                .map(|o| o.name)
                .unwrap_or_default();
            send_link(&txn, &row, &household.name, &organisation, true, now).await?;
            queued += 1;
        }
        txn.commit().await?;
    }
    Ok(queued)
}

/// A reference as the household's organisation sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceEntry {
    pub id: i32,
    pub referee: String,
    pub email: String,
    /// `personal` or `employer`.
    pub kind: String,
    pub status: ReferenceStatus,
    pub requested_at: DateTime<Utc>,
    pub reminders_sent: i32,
    pub answered_at: Option<DateTime<Utc>>,
    /// The referee's answers, question by question, once given.
    pub answers: Vec<(&'static str, String)>,
    pub declined_because: Option<String>,
}

/// The household's references: for its organisation's recruitment staff,
/// every read recorded.
pub async fn household_references(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
) -> Result<Vec<ReferenceEntry>, DomainError> {
    let household = household_for(ctx, actor, household_id, Permission::WorkEnquiries).await?;
    let rows = reference::Entity::find()
        .filter(reference::Column::HouseholdId.eq(household.id))
        .order_by_asc(reference::Column::Id)
        .all(&ctx.db)
        .await?;
    if !rows.is_empty() {
        record_access(
            ctx,
            actor,
            household.organisation_id,
            Subject::References,
            Some(household.id),
        )
        .await?;
    }
    rows.into_iter()
        .map(|row| {
            let answers: Answers = match &row.answers {
                Some(json) => {
                    serde_json::from_str(json).map_err(|e| DomainError::Internal(Box::new(e)))?
                }
                None => Answers::new(),
            };
            Ok(ReferenceEntry {
                id: row.id,
                status: ReferenceStatus::from_stored(&row.status)?,
                answers: REFERENCE_QUESTIONS
                    .iter()
                    .filter_map(|q| {
                        let text = super::sections::answer_text(q, answers.get(q.id)?);
                        (!text.is_empty()).then_some((q.label, text))
                    })
                    .collect(),
                referee: row.referee_name,
                email: row.referee_email,
                kind: row.kind,
                requested_at: row.requested_at,
                reminders_sent: row.reminders_sent,
                answered_at: row.answered_at,
                declined_because: row.declined_because,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_answered_once_either_way() {
        for status in ReferenceStatus::ALL {
            for event in ReferenceEvent::ALL {
                let next = reference_transition(*status, *event);
                match (status, event) {
                    (ReferenceStatus::Requested, ReferenceEvent::Gave) => {
                        assert_eq!(next, Ok(ReferenceStatus::Given));
                    }
                    (ReferenceStatus::Requested, ReferenceEvent::Declined) => {
                        assert_eq!(next, Ok(ReferenceStatus::Declined));
                    }
                    _ => assert!(
                        next.expect_err("refused")
                            .0
                            .contains("already been answered")
                    ),
                }
            }
        }
    }
}
