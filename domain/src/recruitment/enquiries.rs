//! Registering interest in fostering: one short form, answered within a
//! working day. A repeat enquiry from the same address within 90 days joins
//! the household that already enquired (reopening it if it had closed), so
//! it is counted once.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, Set, Statement,
};

use super::bank_holidays::bank_holidays;
use super::entities::{household, household_note};
use super::equality::open_questions;
use super::funnel::{Event, HistoryEvent, Stage, State};
use super::history::{Move, apply, columns, record, state_of};
use super::interest::{CallTime, FosteringKind, HeardAbout};
use super::queue_position::{self, phone_digits};
use super::routing::{Route, route};
use super::service_profile::first_contact_days;
use crate::accounts::entities::organisation;
use crate::accounts::{Limit, attempt_refused, random_token};
use crate::geography::Postcode;
use crate::jobs::enqueue;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::{Actor, Ctx, DomainError, FieldError};

/// A repeat enquiry within this long joins the household's first.
pub const REPEAT_WITHIN: TimeDelta = TimeDelta::days(90);
/// How many working days a service has to make first contact.
pub const FIRST_CONTACT_WORKING_DAYS: u32 = 1;
/// Enquiries from one client address: plenty for a family or an office,
/// too few for a script.
pub const ENQUIRIES_PER_CLIENT: Limit = Limit {
    attempts: 10,
    window: TimeDelta::hours(1),
    block_for: TimeDelta::hours(1),
};
/// Enquiries for one email address: a repeat or two, not a way to keep
/// reopening someone's enquiry.
pub const ENQUIRIES_PER_EMAIL: Limit = Limit {
    attempts: 3,
    window: TimeDelta::hours(1),
    block_for: TimeDelta::hours(1),
};
const MAX_TEXT: usize = 200;

/// Where the enquirer came from, taken from the link they followed
/// (`utm_*`), never asked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Campaign {
    pub source: Option<String>,
    pub medium: Option<String>,
    pub campaign: Option<String>,
    pub term: Option<String>,
    pub content: Option<String>,
}

/// What the register-interest form asks.
#[derive(Clone, Debug, Default)]
pub struct NewEnquiry {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    /// None when a form left it unchosen.
    pub best_time_to_call: Option<CallTime>,
    pub interests: Vec<FosteringKind>,
    pub heard_about: Option<HeardAbout>,
    pub consent_to_contact: bool,
    pub campaign: Campaign,
    /// A field people never see and robots fill in.
    pub trap: String,
}

/// What the enquirer is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnquiryReceived {
    /// The service that will call them.
    pub organisation: String,
    /// When they will be called by, at the latest.
    pub call_by: DateTime<Utc>,
    /// Lets them, and only them, answer the optional equality questions:
    /// for a new household only.
    pub equality_token: Option<String>,
    /// The household the enquiry began or joined (none for a robot's): for
    /// Hearth's own use, never for the answer, which must not tell a repeat
    /// enquirer anything of the earlier one.
    pub household_id: Option<i32>,
}

/// A time as people in England read it: "5pm on Tuesday 24 November 2026".
pub fn london_display(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&London);
    let time = local.format("%-I:%M%P").to_string().replace(":00", "");
    format!("{time} on {}", local.format("%A %-d %B %Y"))
}

fn trimmed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Someone's name and email address as a public form gives them, each
/// problem added to `errors`.
pub(crate) fn name_and_email(
    errors: &mut Vec<FieldError>,
    name: &str,
    email: &str,
) -> (String, Option<EmailAddress>) {
    let name = trimmed(name);
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter your name"));
    } else if name.chars().count() > MAX_TEXT {
        errors.push(FieldError::new(
            "name",
            "Your name must be 200 characters or fewer",
        ));
    }
    let email = EmailAddress::parse(email)
        .map_err(|m| errors.push(FieldError::new("email", m)))
        .ok();
    (name, email)
}

/// A telephone number people can be called on: 10 to 15 digits, spaces,
/// brackets, dashes and a leading + allowed.
pub(crate) fn phone_number(text: &str) -> Result<String, &'static str> {
    let text = trimmed(text);
    if text.is_empty() {
        return Err("Enter a telephone number");
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let allowed = text
        .char_indices()
        .all(|(i, c)| c.is_ascii_digit() || " ()-".contains(c) || (c == '+' && i == 0));
    if allowed && (10..=15).contains(&digits) {
        Ok(text)
    } else {
        Err("Enter a telephone number, like 01632 960 001 or 07700 900 982")
    }
}

fn campaign_field(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(trimmed)
        .filter(|t| !t.is_empty())
        .map(|t| t.chars().take(MAX_TEXT).collect())
}

/// Registers interest from a member of the public (signed in or not), from
/// `client_address`. Bad input is refused with every field at fault; the
/// enquiry goes to the service that recruits where they live.
pub async fn register_interest(
    ctx: &Ctx,
    _actor: &Actor,
    input: &NewEnquiry,
    client_address: &str,
) -> Result<EnquiryReceived, DomainError> {
    let now = ctx.clock.now();
    let mut errors = Vec::new();
    let (name, email) = name_and_email(&mut errors, &input.name, &input.email);
    let phone = phone_number(&input.phone)
        .map_err(|m| errors.push(FieldError::new("phone", m)))
        .ok();
    let postcode = Postcode::parse(&input.postcode)
        .map_err(|m| errors.push(FieldError::new("postcode", m)))
        .ok();
    if input.best_time_to_call.is_none() {
        errors.push(FieldError::new(
            "best_time_to_call",
            "Select the best time to call you",
        ));
    }
    if !input.consent_to_contact {
        errors.push(FieldError::new(
            "consent_to_contact",
            "Tick the box to say we may contact you about fostering",
        ));
    }
    let (Some(email), Some(phone), Some(postcode), Some(call_time), true) = (
        email,
        phone,
        postcode,
        input.best_time_to_call,
        errors.is_empty(),
    ) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let client_key = format!("enquiry-address:{client_address}");
    let email_key = format!("enquiry-email:{}", email.as_str().to_lowercase());
    // The public form's counters are written on every registration: on
    // SQLite they wait their turn like the registration itself.
    let turn = ctx.turn_to_write().await?;
    let client_refused = attempt_refused(&ctx.db, ENQUIRIES_PER_CLIENT, &client_key, now).await?;
    let email_refused = attempt_refused(&ctx.db, ENQUIRIES_PER_EMAIL, &email_key, now).await?;
    drop(turn);
    if client_refused || email_refused {
        return Err(DomainError::RateLimited);
    }
    let txn = ctx.write().await?;
    let to = route(&txn, &postcode, now).await?;
    let call_by = bank_holidays(&txn)
        .await?
        .due_after(now, first_contact_days(&txn, to.organisation_id).await?);
    let organisation = organisation::Entity::find_by_id(to.organisation_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let received = EnquiryReceived {
        organisation: organisation.name.clone(),
        call_by,
        equality_token: None,
        household_id: None,
    };
    // A robot that filled the hidden field is told all went well, and
    // nothing is kept.
    if !input.trap.trim().is_empty() {
        return Ok(received);
    }
    let address = email.as_str().to_lowercase();
    let person_id = crate::accounts::public_account(&txn, &address, &name, now)
        .await?
        .id;
    // Two enquiries from one address at once must not both find no earlier
    // household: on PostgreSQL they queue on a lock for the address until
    // the first commits (SQLite's write transactions already run one at a
    // time).
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            [format!("enquiry:{address}").into()],
        ))
        .await?;
    }
    let earlier = household::Entity::find()
        .filter(household::Column::Email.eq(address.as_str()))
        .filter(household::Column::LastEnquiryAt.gt(now - REPEAT_WITHIN))
        .order_by_desc(household::Column::LastEnquiryAt)
        .one(&txn)
        .await?;
    // The answer is the same whether or not this address enquired before:
    // the service for the postcode given, a fresh deadline, and a token
    // (which, for a repeat, answers nothing). Only the email, which goes to
    // the address itself, can say more.
    let unused_token = random_token()?;
    let received = match earlier {
        Some(existing) => {
            rejoin(&txn, &existing, &phone, &postcode.to_string(), now).await?;
            EnquiryReceived {
                equality_token: Some(unused_token),
                household_id: Some(existing.id),
                ..received
            }
        }
        None => {
            let interests: Vec<&str> = input.interests.iter().map(|k| k.as_str()).collect();
            let interests = serde_json::to_string(&interests)
                .map_err(|e| DomainError::Internal(Box::new(e)))?;
            let row = household::ActiveModel {
                best_time_to_call: Set(call_time.as_str().to_owned()),
                interests: Set(interests),
                heard_about: Set(input.heard_about.map(|h| h.as_str().to_owned())),
                utm_source: Set(campaign_field(&input.campaign.source)),
                utm_medium: Set(campaign_field(&input.campaign.medium)),
                utm_campaign: Set(campaign_field(&input.campaign.campaign)),
                utm_term: Set(campaign_field(&input.campaign.term)),
                utm_content: Set(campaign_field(&input.campaign.content)),
                person_id: Set(Some(person_id)),
                ..new_household(&to, (&name, &address, &phone), &postcode, call_by, now)
            };
            let created = open_household(&txn, row, None, now).await?;
            EnquiryReceived {
                equality_token: Some(open_questions(&txn, created.id, now).await?),
                household_id: Some(created.id),
                ..received
            }
        }
    };
    let confirmation = Email::EnquiryReceived {
        name,
        organisation: received.organisation.clone(),
        call_by: london_display(received.call_by),
    };
    enqueue(&txn, &SendEmail::new(email, confirmation), now, now).await?;
    txn.commit().await?;
    Ok(received)
}

/// A new household at the enquiry stage in `to`'s queue, first contact due
/// by `call_by`, with what every enquiry has (name, email, phone): the
/// caller sets what its own form asked.
pub(crate) fn new_household(
    to: &Route,
    (name, email, phone): (&str, &str, &str),
    postcode: &Postcode,
    call_by: DateTime<Utc>,
    now: DateTime<Utc>,
) -> household::ActiveModel {
    let (status, stage, ..) = columns(State::Open(Stage::Enquiry));
    household::ActiveModel {
        id: NotSet,
        organisation_id: Set(to.organisation_id),
        status: Set(status.to_owned()),
        stage: Set(stage.as_str().to_owned()),
        closure: Set(None),
        on_hold_until: Set(None),
        name: Set(name.to_owned()),
        email: Set(email.to_owned()),
        phone: Set(phone.to_owned()),
        postcode: Set(postcode.to_string()),
        local_authority_id: Set(to.local_authority_id),
        routing_to_check: Set(to.to_check),
        best_time_to_call: Set(CallTime::Anytime.as_str().to_owned()),
        interests: Set("[]".to_owned()),
        heard_about: Set(None),
        consent_to_contact: Set(true),
        utm_source: Set(None),
        utm_medium: Set(None),
        utm_campaign: Set(None),
        utm_term: Set(None),
        utm_content: Set(None),
        first_contact_due_at: Set(Some(call_by)),
        first_contact_at: Set(None),
        owner_id: Set(None),
        next_action_on: Set(None),
        person_id: Set(None),
        last_enquiry_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        known_adult_for: Set(None),
        child_reference: Set(None),
        relationship: Set(None),
        referred_by_id: Set(None),
        due_at: Set(None),
        // Set by `queue_position::refresh` once the row is stored.
        queue_key: Set(String::new()),
        phone_digits: Set(phone_digits(phone)),
    }
}

/// Stores a new household and the first row of its history, by `actor_id`
/// (none when the household itself enquired).
pub(super) async fn open_household(
    txn: &sea_orm::DatabaseTransaction,
    row: household::ActiveModel,
    actor_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<household::Model, DomainError> {
    let created = row.insert(txn).await?;
    queue_position::refresh(txn, created.id, now).await?;
    record(
        txn,
        Move {
            household_id: created.id,
            at: now,
            actor_id,
            event: HistoryEvent::Enquired,
            from: None,
            to: State::Open(Stage::Enquiry),
            reason_code: None,
            reason_text: None,
            organisations: None,
        },
    )
    .await?;
    Ok(created)
}

/// A repeat enquiry: the household's latest enquiry is now, and a closed
/// one is reopened at the stage it left, still one household.
async fn rejoin(
    txn: &sea_orm::DatabaseTransaction,
    existing: &household::Model,
    phone: &str,
    postcode: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    queue_position::refresh(txn, existing.id, now).await?;
    household::Entity::update_many()
        .col_expr(household::Column::LastEnquiryAt, Expr::value(now))
        .col_expr(household::Column::UpdatedAt, Expr::value(now))
        .filter(household::Column::Id.eq(existing.id))
        .exec(txn)
        .await?;
    // Staff see that they asked again, and how to reach them now.
    household_note::ActiveModel {
        id: NotSet,
        household_id: Set(existing.id),
        at: Set(now),
        by_id: Set(None),
        text: Set(format!(
            "Enquired again, giving the telephone number {phone} and the postcode {postcode}."
        )),
    }
    .insert(txn)
    .await?;
    if state_of(existing)?.is_open() {
        return Ok(());
    }
    let reason = (Some("repeat_enquiry"), None);
    apply(txn, existing.id, None, Event::Reopened, reason, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_reads_as_people_in_england_say_it() {
        let at: DateTime<Utc> = "2026-11-24T17:00:00Z".parse().expect("a time");
        assert_eq!(london_display(at), "5pm on Tuesday 24 November 2026");
        let summer: DateTime<Utc> = "2026-07-07T16:30:00Z".parse().expect("a time");
        assert_eq!(london_display(summer), "5:30pm on Tuesday 7 July 2026");
    }

    #[test]
    fn telephone_numbers_are_checked_for_their_digits() {
        assert_eq!(
            phone_number(" 07700  900 982 "),
            Ok("07700 900 982".to_owned())
        );
        assert!(phone_number("+44 (0)1632 960001").is_ok());
        assert!(phone_number("0770090").is_err());
        assert!(phone_number("call me").is_err());
        assert!(phone_number("07700+900982").is_err());
    }
}
