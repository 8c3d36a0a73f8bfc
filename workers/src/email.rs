//! Sending the emails the domain queues: each message rendered from its own
//! templates (`templates/email/<message>/`, a plain-text and an HTML part),
//! then delivered over SMTP or, by default, written to an outbox folder.

use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use domain::accounts::{INVITATION_LIFETIME, SIGN_IN_LINK_LIFETIME};
use domain::notifications::{CalendarEntry, Email, EventDetails, SendEmail};
use icalendar::{Calendar, Component, Event as IcsEvent, EventLike};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::io::AsyncWriteExt;
use url::Url;

use crate::handlers::{HandlerError, Handlers};

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error(
        "HEARTH_SMTP_URL (`smtp_url`) is not a mail server address, like smtps://user:password@mail.example.org: {0}"
    )]
    SmtpUrl(String),
    #[error(
        "HEARTH_MAIL_FROM (`mail_from`) is not an address, like Hearth <hearth@example.org>: {0}"
    )]
    From(String),
    #[error("cannot create the outbox folder {path}: {source}")]
    Outbox {
        path: String,
        source: std::io::Error,
    },
}

enum Delivery {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One `.eml` file per job, and a `.txt` of its plain text to read:
    /// rewriting them on a retry changes nothing.
    Outbox(PathBuf),
}

/// What every email shares.
pub struct Mailer {
    from: Mailbox,
    delivery: Delivery,
    service_url: Url,
}

/// One message: its payload type, whose fields both its parts read, and
/// its plain-text and HTML templates. The payload renders both parts; the
/// subject is given beside it where the message is chosen.
macro_rules! email_parts {
    ($payload:ident: $text:ident = $text_path:literal, $html:ident = $html_path:literal, { $($field:ident: $type:ty),* $(,)? }) => {
        struct $payload {
            $($field: $type,)*
        }

        #[derive(Template)]
        #[template(path = $text_path)]
        struct $text {
            $($field: $type,)*
        }

        #[derive(Template)]
        #[template(path = $html_path)]
        struct $html {
            $($field: $type,)*
        }

        impl $payload {
            fn render(self, subject: &'static str) -> Result<Rendered, askama::Error> {
                let text = $text {
                    $($field: self.$field.clone(),)*
                }
                .render()?;
                let html = $html {
                    $($field: self.$field,)*
                }
                .render()?;
                Ok(Rendered { subject, text, html })
            }
        }
    };
}

email_parts!(
    MailCheck: MailCheckText = "email/mail_check/text.txt",
    MailCheckHtml = "email/mail_check/html.html",
    { service_url: String }
);
email_parts!(
    SignInLink: SignInLinkText = "email/sign_in_link/text.txt",
    SignInLinkHtml = "email/sign_in_link/html.html",
    { link: String, minutes: i64 }
);
email_parts!(
    Invitation: InvitationText = "email/invitation/text.txt",
    InvitationHtml = "email/invitation/html.html",
    { link: String, organisation: String, role: String, days: i64 }
);
email_parts!(
    EnquiryReceived: EnquiryReceivedText = "email/enquiry_received/text.txt",
    EnquiryReceivedHtml = "email/enquiry_received/html.html",
    { link: String, name: String, organisation: String, call_by: String }
);
email_parts!(
    OfficerDigest: OfficerDigestText = "email/officer_digest/text.txt",
    OfficerDigestHtml = "email/officer_digest/html.html",
    { name: String, items: Vec<(String, String)>, queue: String }
);
email_parts!(
    Event: EventText = "email/event/text.txt",
    EventHtml = "email/event/html.html",
    {
        heading: &'static str,
        intro: &'static str,
        name: String,
        title: String,
        organisation: String,
        when: String,
        place: String,
        joining_link: Option<String>,
        closing: &'static str,
        link_text: &'static str,
        link: String,
    }
);
email_parts!(
    EventFollowUp: EventFollowUpText = "email/event_follow_up/text.txt",
    EventFollowUpHtml = "email/event_follow_up/html.html",
    { name: String, title: String, organisation: String, events: String, register: String }
);
email_parts!(
    EventCancelled: EventCancelledText = "email/event_cancelled/text.txt",
    EventCancelledHtml = "email/event_cancelled/html.html",
    { name: String, title: String, when: String, organisation: String, events: String }
);
email_parts!(
    VisitBooked: VisitBookedText = "email/visit_booked/text.txt",
    VisitBookedHtml = "email/visit_booked/html.html",
    { name: String, officer: String, organisation: String, when: String, place: String, link: String }
);
email_parts!(
    ApplicationReceived: ApplicationReceivedText = "email/application_received/text.txt",
    ApplicationReceivedHtml = "email/application_received/html.html",
    { name: String, organisation: String, link: String }
);
email_parts!(
    ReferenceRequested: ReferenceRequestedText = "email/reference_requested/text.txt",
    ReferenceRequestedHtml = "email/reference_requested/html.html",
    { referee: String, applicant: String, organisation: String, link: String, reminder: bool }
);
email_parts!(
    NotProceeding: NotProceedingText = "email/not_proceeding/text.txt",
    NotProceedingHtml = "email/not_proceeding/html.html",
    { name: String, organisation: String }
);
email_parts!(
    JointApplicantAdded: JointApplicantAddedText = "email/joint_applicant_added/text.txt",
    JointApplicantAddedHtml = "email/joint_applicant_added/html.html",
    { name: String, applicant: String, organisation: String, link: String }
);
email_parts!(
    DecisionMade: DecisionMadeText = "email/decision_made/text.txt",
    DecisionMadeHtml = "email/decision_made/html.html",
    { name: String, organisation: String, outcome: String, respond_by: Option<String>, link: String }
);
email_parts!(
    MessageWaiting: MessageWaitingText = "email/message_waiting/text.txt",
    MessageWaitingHtml = "email/message_waiting/html.html",
    { name: String, link: String }
);
email_parts!(
    SomethingToSee: SomethingToSeeText = "email/something_to_see/text.txt",
    SomethingToSeeHtml = "email/something_to_see/html.html",
    { name: String, link: String }
);
email_parts!(
    HouseholdMoved: HouseholdMovedText = "email/household_moved/text.txt",
    HouseholdMovedHtml = "email/household_moved/html.html",
    { name: String, from: String, to: String, link: Option<String> }
);
email_parts!(
    EnquiryMoved: EnquiryMovedText = "email/enquiry_moved/text.txt",
    EnquiryMovedHtml = "email/enquiry_moved/html.html",
    { name: String, organisation: String, contact: String }
);
email_parts!(
    InvitationToAnswer: InvitationToAnswerText = "email/invitation_to_answer/text.txt",
    InvitationToAnswerHtml = "email/invitation_to_answer/html.html",
    { link: String, organisation: String, role: String, days: i64 }
);

/// The opening lines of an information event's confirmation and reminder.
const REGISTERED_INTRO: &str = "Thank you for registering. We look forward to meeting you: \
    come with any questions, there is no commitment.";
const REMINDER_INTRO: &str = "A reminder that the information event you registered for is \
    tomorrow. We look forward to meeting you.";
const INFORMATION_EVENT_CLOSING: (&str, &str) = (
    "If you can no longer come, you do not need to do anything:",
    "other dates are here",
);
const MEETING_BOOKED_INTRO: &str = "Thank you for letting your constellation know who is coming.";
const MEETING_REMINDER_INTRO: &str =
    "A reminder that your constellation's get-together is tomorrow.";
const MEETING_CLOSING: (&str, &str) = ("To change who is coming:", "see it in Hearth");
const SESSION_BOOKED_INTRO: &str =
    "You have a place at your kinship group. We look forward to seeing you.";
const SESSION_REMINDER_INTRO: &str = "A reminder that your kinship group meets tomorrow.";
const SESSION_CLOSING: (&str, &str) = (
    "If you cannot come, give up your place so someone else can have it:",
    "your groups in Hearth",
);
const PEER_MEETING_BOOKED_INTRO: &str = "Your peer support meeting is booked.";
const PEER_MEETING_REMINDER_INTRO: &str = "A reminder that your peer support meeting is tomorrow.";
const PEER_MEETING_CLOSING: (&str, &str) = (
    "To move or cancel it, at least a couple of hours before:",
    "see it in Hearth",
);

struct Rendered {
    subject: &'static str,
    text: String,
    html: String,
}

impl Mailer {
    /// Sends through the SMTP server at `url`, credentials in the URL:
    /// `smtps://` is TLS from the start, `smtp://…?tls=required` upgrades with
    /// STARTTLS (both through rustls), and plain `smtp://` is for a relay on
    /// the same machine only.
    pub fn smtp(url: &str, from: &str, service_url: Url) -> Result<Self, MailerError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailerError::SmtpUrl(e.to_string()))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Self::new(Delivery::Smtp(transport), from, service_url)
    }

    /// Writes each email to `dir` instead of sending it.
    pub fn outbox(dir: PathBuf, from: &str, service_url: Url) -> Result<Self, MailerError> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|source| MailerError::Outbox {
                path: dir.display().to_string(),
                source,
            })?;
        Self::new(Delivery::Outbox(dir), from, service_url)
    }

    fn new(delivery: Delivery, from: &str, service_url: Url) -> Result<Self, MailerError> {
        let from = from
            .parse()
            .map_err(|e: lettre::address::AddressError| MailerError::From(e.to_string()))?;
        Ok(Self {
            from,
            delivery,
            service_url,
        })
    }

    /// An address in Hearth, as a link in an email.
    fn link(&self, path: &str) -> String {
        self.service_url
            .join(path)
            .map(String::from)
            .unwrap_or_else(|_| self.service_url.to_string())
    }

    fn render(&self, email: &Email) -> Result<Rendered, askama::Error> {
        Ok(match email {
            Email::MailCheck => {
                let service_url = self.service_url.to_string();
                MailCheck { service_url }.render("Hearth can send email")?
            }
            Email::SignInLink { token } => {
                let link = self.link(&format!("sign-in/link/{token}"));
                let minutes = SIGN_IN_LINK_LIFETIME.num_minutes();
                SignInLink { link, minutes }.render("Sign in to Hearth")?
            }
            Email::Invitation {
                token,
                organisation,
                role,
            } => {
                let link = self.link(&format!("invitation/{token}"));
                let days = INVITATION_LIFETIME.num_days();
                Invitation {
                    link,
                    organisation: organisation.clone(),
                    role: role.clone(),
                    days,
                }
                .render("You have been invited to Hearth")?
            }
            Email::EnquiryReceived {
                name,
                organisation,
                call_by,
            } => {
                let link = self.link("sign-in");
                EnquiryReceived {
                    link,
                    name: name.clone(),
                    organisation: organisation.clone(),
                    call_by: call_by.clone(),
                }
                .render("Thank you for your interest in fostering")?
            }
            Email::OfficerDigest { name, items } => {
                let items: Vec<(String, String)> = items
                    .iter()
                    .map(|(path, what)| (self.link(path), what.clone()))
                    .collect();
                let queue = self.link("enquiries");
                OfficerDigest {
                    name: name.clone(),
                    items,
                    queue,
                }
                .render("Your overdue enquiries")?
            }
            Email::EventRegistered { name, event } => self.event_email(
                ("You have a place at an information event", REGISTERED_INTRO),
                name,
                event,
                INFORMATION_EVENT_CLOSING,
                self.link("events"),
            )?,
            Email::EventReminder { name, event } => self.event_email(
                ("Your information event is tomorrow", REMINDER_INTRO),
                name,
                event,
                INFORMATION_EVENT_CLOSING,
                self.link("events"),
            )?,
            Email::MeetingBooked { name, event, path } => self.event_email(
                (
                    "You are coming to a constellation get-together",
                    MEETING_BOOKED_INTRO,
                ),
                name,
                event,
                MEETING_CLOSING,
                self.link(path),
            )?,
            Email::MeetingReminder { name, event, path } => self.event_email(
                (
                    "Your constellation get-together is tomorrow",
                    MEETING_REMINDER_INTRO,
                ),
                name,
                event,
                MEETING_CLOSING,
                self.link(path),
            )?,
            Email::SessionBooked { name, event, path } => self.event_email(
                (
                    "You have a place at your kinship group",
                    SESSION_BOOKED_INTRO,
                ),
                name,
                event,
                SESSION_CLOSING,
                self.link(path),
            )?,
            Email::SessionReminder { name, event, path } => self.event_email(
                ("Your kinship group meets tomorrow", SESSION_REMINDER_INTRO),
                name,
                event,
                SESSION_CLOSING,
                self.link(path),
            )?,
            Email::PeerMeetingBooked { name, event, path } => self.event_email(
                (
                    "Your peer support meeting is booked",
                    PEER_MEETING_BOOKED_INTRO,
                ),
                name,
                event,
                PEER_MEETING_CLOSING,
                self.link(path),
            )?,
            Email::PeerMeetingReminder { name, event, path } => self.event_email(
                (
                    "Your peer support meeting is tomorrow",
                    PEER_MEETING_REMINDER_INTRO,
                ),
                name,
                event,
                PEER_MEETING_CLOSING,
                self.link(path),
            )?,
            Email::EventFollowUp {
                name,
                title,
                organisation,
            } => EventFollowUp {
                name: name.clone(),
                title: title.clone(),
                organisation: organisation.clone(),
                events: self.link("events"),
                register: self.link("register-interest"),
            }
            .render("Sorry we missed you")?,
            Email::EventCancelled {
                name,
                title,
                when,
                organisation,
            } => EventCancelled {
                name: name.clone(),
                title: title.clone(),
                when: when.clone(),
                organisation: organisation.clone(),
                events: self.link("events"),
            }
            .render("An event you registered for is cancelled")?,
            Email::VisitBooked {
                name,
                organisation,
                officer,
                when,
                place,
                calendar: _,
            } => VisitBooked {
                name: name.clone(),
                officer: officer.clone(),
                organisation: organisation.clone(),
                when: when.clone(),
                place: place.clone(),
                link: self.link("account"),
            }
            .render("Your home visit is booked")?,
            Email::ApplicationReceived { name, organisation } => ApplicationReceived {
                name: name.clone(),
                organisation: organisation.clone(),
                link: self.link("account"),
            }
            .render("We have your application")?,
            Email::ReferenceRequested {
                token,
                referee,
                applicant,
                organisation,
                reminder,
            } => ReferenceRequested {
                referee: referee.clone(),
                applicant: applicant.clone(),
                organisation: organisation.clone(),
                link: self.link(&format!("references/{token}")),
                reminder: *reminder,
            }
            .render(if *reminder {
                "A reminder: you have been named as a referee"
            } else {
                "You have been named as a referee"
            })?,
            Email::NotProceeding { name, organisation } => NotProceeding {
                name: name.clone(),
                organisation: organisation.clone(),
            }
            .render("About your application to foster")?,
            Email::SomethingToSee { name, path } => {
                let link = self.link(path);
                SomethingToSee {
                    name: name.clone(),
                    link,
                }
                .render("There is something to see in Hearth")?
            }
            Email::MessageWaiting { name, path } => {
                let link = self.link(path);
                MessageWaiting {
                    name: name.clone(),
                    link,
                }
                .render("You have a new message in Hearth")?
            }
            Email::JointApplicantAdded {
                name,
                applicant,
                organisation,
            } => JointApplicantAdded {
                name: name.clone(),
                applicant: applicant.clone(),
                organisation: organisation.clone(),
                link: self.link("sign-in"),
            }
            .render("You have been invited to apply to foster jointly")?,
            Email::DecisionMade {
                name,
                organisation,
                outcome,
                respond_by,
            } => DecisionMade {
                name: name.clone(),
                organisation: organisation.clone(),
                outcome: outcome.clone(),
                respond_by: respond_by.clone(),
                link: self.link("account"),
            }
            .render("The decision on your application to foster")?,
            Email::HouseholdMoved {
                name,
                from,
                to,
                path,
            } => HouseholdMoved {
                name: name.clone(),
                from: from.clone(),
                to: to.clone(),
                link: path.as_deref().map(|path| self.link(path)),
            }
            .render("A household has moved services in Hearth")?,
            Email::EnquiryMoved {
                name,
                organisation,
                contact,
            } => EnquiryMoved {
                name: name.clone(),
                organisation: organisation.clone(),
                contact: contact.clone(),
            }
            .render("Your fostering enquiry has moved to another service")?,
            Email::InvitationToAnswer {
                token,
                organisation,
                role,
            } => {
                let link = self.link(&format!("invitation/{token}"));
                let days = INVITATION_LIFETIME.num_days();
                InvitationToAnswer {
                    link,
                    organisation: organisation.clone(),
                    role: role.clone(),
                    days,
                }
                .render("You have been invited to a role in Hearth")?
            }
        })
    }

    /// The confirmation and the reminder of an information event: one
    /// template, a heading and an opening line apart.
    fn event_email(
        &self,
        (heading, intro): (&'static str, &'static str),
        name: &str,
        event: &EventDetails,
        (closing, link_text): (&'static str, &'static str),
        link: String,
    ) -> Result<Rendered, askama::Error> {
        Event {
            heading,
            intro,
            name: name.to_owned(),
            title: event.title.clone(),
            organisation: event.organisation.clone(),
            when: event.when.clone(),
            place: event.place.clone(),
            joining_link: event.joining_link.clone(),
            closing,
            link_text,
            link,
        }
        .render(heading)
    }

    /// Chosen when the email was queued, so every try carries the same one
    /// and no two emails share one, whatever happens to job ids.
    fn message_id(&self, job: &SendEmail) -> String {
        let host = self.service_url.host_str().unwrap_or("hearth.invalid");
        format!("<{}@{host}>", job.message_id)
    }

    pub async fn send(&self, job: &SendEmail) -> Result<(), HandlerError> {
        let rendered = self.render(&job.email).map_err(|e| {
            HandlerError::permanent(format!("the {} templates failed: {e}", job.email.name()))
        })?;
        let to: Mailbox = job
            .to
            .as_str()
            .parse()
            .map_err(|_| HandlerError::permanent("the recipient's address cannot be used"))?;
        // For the outbox's readable copy: the message itself may wrap long
        // lines (links) in quoted-printable.
        let mut readable = format!(
            "To: {}\nSubject: {}\n\n{}",
            job.to.as_str(),
            rendered.subject,
            rendered.text
        );
        if let Some(entry) = job.email.calendar() {
            readable.push_str(&format!("\n\nAttached: {}.ics\n", entry.uid));
        }
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(rendered.subject)
            .message_id(Some(self.message_id(job)))
            .multipart(self.body(&job.email, rendered.text, rendered.html))
            .map_err(|e| HandlerError::permanent(format!("the email could not be built: {e}")))?;
        match &self.delivery {
            Delivery::Smtp(transport) => transport.send(message).await.map(drop).map_err(|e| {
                // The server's own words may repeat the address: keep only
                // what kind of failure it was.
                match e.status() {
                    Some(code) if e.is_permanent() => HandlerError::permanent(format!(
                        "the mail server refused it for good: {code}"
                    )),
                    Some(code) => HandlerError::retry(format!("the mail server answered {code}")),
                    None if e.is_timeout() => {
                        HandlerError::retry("the mail server did not answer in time")
                    }
                    None => HandlerError::retry("the mail server could not be reached"),
                }
            }),
            Delivery::Outbox(dir) => {
                let id = job.message_id.to_string();
                // The readable copy first: the .eml is what marks it sent.
                let written = match write_to_outbox(dir, &id, "txt", readable.as_bytes()).await {
                    Ok(()) => write_to_outbox(dir, &id, "eml", &message.formatted()).await,
                    Err(error) => Err(error),
                };
                written.map_err(|e| {
                    HandlerError::retry(format!("the outbox could not be written: {e}"))
                })
            }
        }
    }
}

impl Mailer {
    /// The text and HTML alternatives, with the calendar entry attached
    /// when the email carries one.
    fn body(&self, email: &Email, text: String, html: String) -> MultiPart {
        let alternatives = MultiPart::alternative_plain_html(text, html);
        match email.calendar() {
            Some(entry) => MultiPart::mixed().multipart(alternatives).singlepart(
                Attachment::new(format!("{}.ics", entry.uid)).body(
                    self.ics(entry),
                    ContentType::parse("text/calendar; charset=utf-8")
                        .unwrap_or(ContentType::TEXT_PLAIN),
                ),
            ),
            None => alternatives,
        }
    }

    /// The entry as an iCalendar file (RFC 5545), in UTC.
    fn ics(&self, entry: &CalendarEntry) -> String {
        let host = self.service_url.host_str().unwrap_or("hearth.invalid");
        let event = IcsEvent::new()
            .uid(&format!("{}@{host}", entry.uid))
            .summary(&entry.title)
            .description(&entry.description)
            .location(&entry.location)
            .starts(entry.starts_at)
            .ends(entry.ends_at)
            .done();
        Calendar::new()
            .name(&entry.title)
            .push(event)
            .done()
            .to_string()
    }
}

/// Writes `<message id>.<extension>` (the email as sent, `.eml`, or its
/// plain text to read, `.txt`), readable by its owner only (it holds an
/// address), whole or not at all: a unique temporary file, flushed to disk,
/// then renamed, so a reader never sees half an email and two runs of the
/// same job never mix.
async fn write_to_outbox(
    dir: &Path,
    message_id: &str,
    extension: &str,
    bytes: &[u8],
) -> std::io::Result<()> {
    let partial = dir.join(format!(
        "{message_id}.{}.partial",
        uuid::Uuid::new_v4().simple()
    ));
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&partial)
        .await?;
    file.write_all(bytes).await?;
    file.sync_all().await?;
    tokio::fs::rename(&partial, dir.join(format!("{message_id}.{extension}"))).await
}

/// Adds the email handler.
pub fn register(handlers: Handlers, mailer: Arc<Mailer>) -> Handlers {
    handlers.register(move |_, job: SendEmail| {
        let mailer = mailer.clone();
        async move { mailer.send(&job).await }
    })
}
