//! The emails Hearth sends. Each is a job: written with the change that
//! causes it, sent by a worker, retried until the mail server takes it.
//!
//! A message's data travels in the job's payload and its body, so it must
//! never hold special category data (health, criminal records, ethnicity,
//! religion): only what the email itself needs to say. A link's token is
//! there too, until the email is sent: a completed job keeps no payload.

mod email_address;
pub mod limits;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use email_address::EmailAddress;

use crate::accounts::entities::person;
use crate::jobs::{Job, enqueue};
use crate::{Actor, Ctx, DomainError};

/// Which email, with the data its templates use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "message", rename_all = "snake_case")]
pub enum Email {
    /// Sent by an operator to check that Hearth's mail settings work.
    MailCheck,
    /// A link that signs its holder in, once, for a short while.
    SignInLink { token: String },
    /// An invitation to a member of staff, with a link to choose a password.
    Invitation {
        token: String,
        organisation: String,
        role: String,
    },
    /// Someone who already has an account is invited to a role: they sign
    /// in to accept or decline it from the link.
    InvitationToAnswer {
        token: String,
        organisation: String,
        role: String,
    },
    /// An officer's daily list of what of theirs is overdue: each item a
    /// path in Hearth and what is due.
    OfficerDigest {
        name: String,
        items: Vec<(String, String)>,
    },
    /// The confirmation of an expression of interest, and what happens next.
    EnquiryReceived {
        name: String,
        organisation: String,
        /// When they will be called by, as people read it.
        call_by: String,
    },
    /// A place at an information event is theirs: with the event for their
    /// calendar.
    EventRegistered { name: String, event: EventDetails },
    /// The day before the event.
    EventReminder { name: String, event: EventDetails },
    /// Someone of their household is coming to a constellation's meeting,
    /// activity or trip: with it for their calendar; `path` is its page.
    MeetingBooked {
        name: String,
        event: EventDetails,
        path: String,
    },
    /// The day before the meeting.
    MeetingReminder {
        name: String,
        event: EventDetails,
        path: String,
    },
    /// A place at a kinship group's session or workshop is theirs: with it
    /// for their calendar; `path` is where they see their groups.
    SessionBooked {
        name: String,
        event: EventDetails,
        path: String,
    },
    /// The day before the session.
    SessionReminder {
        name: String,
        event: EventDetails,
        path: String,
    },
    /// They were registered but could not come: other dates, no pressure.
    EventFollowUp {
        name: String,
        title: String,
        organisation: String,
    },
    /// The event they registered for will not take place.
    EventCancelled {
        name: String,
        title: String,
        when: String,
        organisation: String,
    },
    /// A referee is asked for a reference, by a link that needs no account;
    /// `reminder` when it is asked again.
    ReferenceRequested {
        token: String,
        referee: String,
        applicant: String,
        organisation: String,
        reminder: bool,
    },
    /// The service will not go further with a household's application:
    /// said kindly, and never why (their contact tells them).
    NotProceeding { name: String, organisation: String },
    /// Someone applying has added this person as their joint applicant.
    JointApplicantAdded {
        name: String,
        applicant: String,
        organisation: String,
    },
    /// The decision maker's decision (a `DecisionOutcome`'s stored name);
    /// a proposal not to approve says by when to respond. Never the
    /// reasons: their contact and decision letter give those.
    DecisionMade {
        name: String,
        organisation: String,
        outcome: String,
        respond_by: Option<String>,
    },
    /// A household has moved from one service's queue to another's: told
    /// to the managers of both (`path` to it for the service it joined).
    HouseholdMoved {
        name: String,
        from: String,
        to: String,
        path: Option<String>,
    },
    /// The household's enquiry is now with another service: its name and how
    /// to reach it.
    EnquiryMoved {
        name: String,
        organisation: String,
        contact: String,
    },
    /// A secure message is waiting in Hearth: never its content. `path` is
    /// where to read it.
    MessageWaiting { name: String, path: String },
    /// A peer support meeting is booked (or moved): with it for their
    /// calendar; `path` is the pair's page. Names only the other person.
    PeerMeetingBooked {
        name: String,
        event: EventDetails,
        path: String,
    },
    /// The day before a peer support meeting.
    PeerMeetingReminder {
        name: String,
        event: EventDetails,
        path: String,
    },
    /// There is something to see in Hearth, at `path`: never what, so an
    /// email names no child and gives no child's details.
    SomethingToSee { name: String, path: String },
    /// The household's application has arrived, and what happens next.
    ApplicationReceived { name: String, organisation: String },
    /// An initial home visit is booked: with the visit for their calendar.
    VisitBooked {
        name: String,
        organisation: String,
        officer: String,
        when: String,
        place: String,
        calendar: CalendarEntry,
    },
}

/// An information event as its emails describe it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDetails {
    pub title: String,
    pub organisation: String,
    /// When, as people read it.
    pub when: String,
    /// The address, or "Online".
    pub place: String,
    /// For an online event: only its registrants are told it.
    pub joining_link: Option<String>,
    pub calendar: CalendarEntry,
}

/// Something to put in a calendar, sent as an `.ics` attachment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarEntry {
    /// The same on every email about the same thing, so a calendar updates
    /// the entry rather than adding another.
    pub uid: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    pub description: String,
}

impl Email {
    /// The message's name: its templates' folder, and what the logs show.
    pub fn name(&self) -> &'static str {
        match self {
            Self::MailCheck => "mail_check",
            Self::SignInLink { .. } => "sign_in_link",
            Self::Invitation { .. } => "invitation",
            Self::InvitationToAnswer { .. } => "invitation_to_answer",
            Self::HouseholdMoved { .. } => "household_moved",
            Self::EnquiryMoved { .. } => "enquiry_moved",
            Self::EnquiryReceived { .. } => "enquiry_received",
            Self::OfficerDigest { .. } => "officer_digest",
            Self::EventRegistered { .. } => "event_registered",
            Self::EventReminder { .. } => "event_reminder",
            Self::MeetingBooked { .. } => "meeting_booked",
            Self::MeetingReminder { .. } => "meeting_reminder",
            Self::SessionBooked { .. } => "session_booked",
            Self::SessionReminder { .. } => "session_reminder",
            Self::PeerMeetingBooked { .. } => "peer_meeting_booked",
            Self::PeerMeetingReminder { .. } => "peer_meeting_reminder",
            Self::EventFollowUp { .. } => "event_follow_up",
            Self::EventCancelled { .. } => "event_cancelled",
            Self::VisitBooked { .. } => "visit_booked",
            Self::ApplicationReceived { .. } => "application_received",
            Self::NotProceeding { .. } => "not_proceeding",
            Self::MessageWaiting { .. } => "message_waiting",
            Self::SomethingToSee { .. } => "something_to_see",
            Self::JointApplicantAdded { .. } => "joint_applicant_added",
            Self::DecisionMade { .. } => "decision_made",
            Self::ReferenceRequested { .. } => "reference_requested",
        }
    }

    /// What the email carries for the recipient's calendar.
    pub fn calendar(&self) -> Option<&CalendarEntry> {
        match self {
            Self::EventRegistered { event, .. }
            | Self::EventReminder { event, .. }
            | Self::MeetingBooked { event, .. }
            | Self::MeetingReminder { event, .. }
            | Self::SessionBooked { event, .. }
            | Self::SessionReminder { event, .. }
            | Self::PeerMeetingBooked { event, .. }
            | Self::PeerMeetingReminder { event, .. } => Some(&event.calendar),
            Self::VisitBooked { calendar, .. } => Some(calendar),
            _ => None,
        }
    }
}

/// The job that sends one email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendEmail {
    pub to: EmailAddress,
    pub email: Email,
    /// Chosen when the email is queued: its Message-ID, the same on every try.
    pub message_id: Uuid,
}

impl SendEmail {
    pub fn new(to: EmailAddress, email: Email) -> Self {
        Self {
            to,
            email,
            message_id: Uuid::new_v4(),
        }
    }
}

impl Job for SendEmail {
    const KIND: &'static str = "email.send";
    /// About two and a half days of retries (the wait grows to 6 hours), so
    /// a mail server that is down over a weekend loses nothing.
    const MAX_ATTEMPTS: i32 = 20;
}

/// Queues the mail-check email to `to`. For Hearth's operators only.
pub async fn send_mail_check(ctx: &Ctx, actor: &Actor, to: &str) -> Result<i64, DomainError> {
    actor.require_system()?;
    let to = EmailAddress::parse(to).map_err(|message| DomainError::invalid("to", message))?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let id = enqueue(&txn, &SendEmail::new(to, Email::MailCheck), now, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// Names and addresses of the active people with these ids.
pub(crate) async fn people_to_tell(
    conn: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<(String, EmailAddress)>, DomainError> {
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .filter(person::Column::DeactivatedAt.is_null())
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|p| EmailAddress::parse(&p.email).ok().map(|a| (p.name, a)))
        .collect())
}

/// Queues "there is something to see" to each of `people`, to be sent at
/// `at`: the email says only where to look, so it names no child and
/// carries nothing of what is there.
pub(crate) async fn tell(
    conn: &impl ConnectionTrait,
    people: Vec<(String, EmailAddress)>,
    path: &str,
    now: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<(), DomainError> {
    for (name, address) in people {
        let email = Email::SomethingToSee {
            name,
            path: path.to_owned(),
        };
        enqueue(conn, &SendEmail::new(address, email), at, now).await?;
    }
    Ok(())
}
