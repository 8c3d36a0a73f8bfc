//! What someone who enquired sees of their own enquiry: where it is, what
//! happens next, and who their contact is. Nothing else.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::enquiries::london_display;
use super::entities::{event_registration, household, information_event};
use super::events::EventPurpose;
use super::funnel::{Closure, Stage, State};
use super::history::state_of;
use super::visits::next_visit;
use crate::accounts::entities::{organisation, person};
use crate::applications::decision::{OwnDecision, own_panel_and_decision};
use crate::applications::entities::temporary_approval;
use crate::applications::joint::applicant_names;
use crate::{Actor, Ctx, DomainError};

/// One of the person's own enquiries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnEnquiry {
    pub household_id: i32,
    pub organisation: String,
    pub state: State,
    /// Their officer, once someone is assigned.
    pub contact: Option<String>,
    /// Their assessing social worker, at Stage 2.
    pub assessor: Option<String>,
    pub enquired_at: DateTime<Utc>,
    /// What happens next, in a sentence.
    pub next_step: String,
    /// Everyone applying: the person who enquired, then a joint applicant.
    pub applicants: Vec<String>,
    /// The panel date booked, and where.
    pub panel: Option<(NaiveDate, String)>,
    pub decision: Option<OwnDecision>,
    /// Preparation training booked and still to come: title, and when as
    /// people read it.
    pub training: Vec<(String, String)>,
    /// Information events and training booked, still to come, soonest
    /// first: what the booking email said.
    pub events: Vec<BookedEvent>,
    /// Their officer's email address, once someone is assigned.
    pub contact_email: Option<String>,
    /// Their officer's work telephone number, if they have given one.
    pub contact_phone: Option<String>,
    /// How to reach the service: telephone, email, website, those given.
    pub service_contact: String,
    /// For a connected person: the day their temporary approval ends, and
    /// whether it has been extended.
    pub temporary_approval: Option<(NaiveDate, bool)>,
}

/// An event the household booked, as its confirmation email gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookedEvent {
    pub title: String,
    /// When, as people read it.
    pub when: String,
    pub training: bool,
    /// The venue and postcode, for an event in person.
    pub place: Option<String>,
    /// The link to join, for an event online.
    pub joining_link: Option<String>,
}

fn next_step(
    state: State,
    row: &household::Model,
    who: &str,
    visit: Option<DateTime<Utc>>,
) -> String {
    if let (State::Open(Stage::Contacted | Stage::InformationEvent), Some(at)) = (state, visit) {
        return format!(
            "{who} will visit you at home at {}. If the time no longer suits you, tell them.",
            london_display(at)
        );
    }
    match state {
        State::Open(Stage::Enquiry) => match row.first_contact_due_at {
            Some(due) => format!("{who} will call you by {}.", london_display(due)),
            None => format!("{who} will call you soon."),
        },
        State::Open(Stage::Contacted) => format!(
            "Come to an information event if you would like to, and {who} will arrange a visit to your home."
        ),
        State::Open(Stage::InformationEvent) => {
            format!("{who} will arrange a visit to your home.")
        }
        State::Open(Stage::InitialVisit) => format!("{who} will talk with you about applying."),
        State::Open(Stage::ApplicationInvited) => {
            "You have been invited to apply to foster: fill in your application, and send it when you are ready.".to_owned()
        }
        State::Open(Stage::ApplicationSubmitted) => format!(
            "{who} has your application and will start the checks and your assessment."
        ),
        State::Open(Stage::Assessment) => format!(
            "Your assessment has started: your assessing social worker from {who} will arrange visits, and you will be offered preparation training."
        ),
        State::Open(Stage::Panel) => format!(
            "Your assessment is finished and you are booked to be heard by the fostering panel. {who} will tell you what happens on the day."
        ),
        State::Open(Stage::Recommended) => format!(
            "The panel has made its recommendation. The agency decision maker will decide, and {who} will write to you with the decision."
        ),
        State::Open(Stage::ProposedNotToApprove) => {
            "The decision maker proposes not to approve you. You have 28 days to send the decision maker your comments, or to ask the Independent Review Mechanism to review it: see your application.".to_owned()
        }
        State::Open(Stage::Approved) => format!(
            "You are approved as foster carers. Welcome: {who} will talk with you about the children you could care for and the support around you."
        ),
        State::Closed {
            closure: Closure::NotApproved,
            ..
        } => format!(
            "The decision maker has decided not to approve you. {who} will talk it through with you and answer your questions."
        ),
        State::OnHold { until, .. } => format!(
            "Your enquiry is paused until {}. {who} will be in touch then.",
            until.format("%-d %B %Y")
        ),
        State::Closed { .. } => {
            "Your enquiry is closed. You are welcome to register your interest again at any time."
                .to_owned()
        }
    }
}

/// The household's places at events still to come.
async fn booked_events(ctx: &Ctx, household_id: i32) -> Result<Vec<BookedEvent>, DomainError> {
    let booked: Vec<i32> = event_registration::Entity::find()
        .filter(event_registration::Column::HouseholdId.eq(household_id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| r.event_id)
        .collect();
    Ok(information_event::Entity::find()
        .filter(information_event::Column::Id.is_in(booked))
        .filter(information_event::Column::StartsAt.gt(ctx.clock.now()))
        .filter(information_event::Column::CancelledAt.is_null())
        .order_by_asc(information_event::Column::StartsAt)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|e| {
            let place = [e.venue.unwrap_or_default(), e.postcode.unwrap_or_default()]
                .into_iter()
                .filter(|part| !part.trim().is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            BookedEvent {
                training: e.purpose == EventPurpose::Training.as_str(),
                when: london_display(e.starts_at),
                place: Some(place).filter(|p| !p.is_empty()),
                joining_link: e.joining_link.filter(|link| !link.trim().is_empty()),
                title: e.title,
            }
        })
        .collect())
}

/// The signed-in person's own enquiries, newest first.
pub async fn own_enquiries(ctx: &Ctx, actor: &Actor) -> Result<Vec<OwnEnquiry>, DomainError> {
    let person_id = actor.require_person()?;
    let rows = crate::applications::joint::households_of(&ctx.db, person_id).await?;
    let mut found = Vec::new();
    for row in rows {
        let state = state_of(&row)?;
        let service = organisation::Entity::find_by_id(row.organisation_id)
            .one(&ctx.db)
            .await?;
        let service_contact = match &service {
            Some(service) => super::service_profile::contact_of(&ctx.db, service).await?,
            None => String::new(),
        };
        let organisation = service.map(|o| o.name).unwrap_or_default();
        let owner = match row.owner_id {
            Some(id) => person::Entity::find_by_id(id).one(&ctx.db).await?,
            None => None,
        };
        let contact = owner.as_ref().map(|p| p.name.clone());
        let events = booked_events(ctx, row.id).await?;
        let who = contact.clone().unwrap_or_else(|| organisation.clone());
        let visit = next_visit(&ctx.db, &row, ctx.clock.now()).await?;
        let today = crate::clock::london_day(ctx.clock.now());
        let (panel, decision) = own_panel_and_decision(&ctx.db, row.id, today).await?;
        // A panel date is shown until it has sat, and only while the
        // household is booked for it: never a date silently in the past.
        let panel = panel.filter(|(on, _)| *on >= today && state == State::Open(Stage::Panel));
        found.push(OwnEnquiry {
            training: events
                .iter()
                .filter(|e| e.training)
                .map(|e| (e.title.clone(), e.when.clone()))
                .collect(),
            events,
            contact_phone: owner.as_ref().and_then(|p| p.work_phone.clone()),
            contact_email: owner.map(|p| p.email),
            temporary_approval: temporary_approval::Entity::find_by_id(row.id)
                .one(&ctx.db)
                .await?
                .map(|a| (a.until, a.extended_at.is_some())),
            service_contact,
            applicants: applicant_names(&ctx.db, &row).await?,
            panel,
            decision,
            household_id: row.id,
            next_step: next_step(state, &row, &who, visit),
            assessor: crate::applications::assessment::assessor_name(&ctx.db, row.id).await?,
            organisation,
            state,
            contact,
            enquired_at: row.created_at,
        });
    }
    Ok(found)
}
