//! Sending the emails the domain queues: each message rendered from its own
//! templates (`templates/email/<message>/`, a plain-text and an HTML part),
//! then delivered over SMTP or, by default, written to an outbox folder.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use domain::notifications::{Email, SendEmail};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
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
    /// One `.eml` file per job: rewriting it on a retry changes nothing.
    Outbox(PathBuf),
}

/// What every email shares.
pub struct Mailer {
    from: Mailbox,
    delivery: Delivery,
    service_url: Url,
}

#[derive(Template)]
#[template(path = "email/mail_check/text.txt")]
struct MailCheckText<'a> {
    service_url: &'a str,
}

#[derive(Template)]
#[template(path = "email/mail_check/html.html")]
struct MailCheckHtml<'a> {
    service_url: &'a str,
}

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
        std::fs::create_dir_all(&dir).map_err(|source| MailerError::Outbox {
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

    fn render(&self, email: &Email) -> Result<Rendered, askama::Error> {
        let service_url = self.service_url.as_str();
        Ok(match email {
            Email::MailCheck => Rendered {
                subject: "Hearth can send email",
                text: MailCheckText { service_url }.render()?,
                html: MailCheckHtml { service_url }.render()?,
            },
        })
    }

    /// The same for every try of a job, so a mail server or a reader can tell
    /// a resent email from a new one.
    fn message_id(&self, job_id: i64) -> String {
        let host = self.service_url.host_str().unwrap_or("hearth.invalid");
        format!("<hearth-job-{job_id}@{host}>")
    }

    pub async fn send(&self, job_id: i64, job: &SendEmail) -> Result<(), HandlerError> {
        let rendered = self
            .render(&job.email)
            .map_err(|e| HandlerError(format!("the {} templates failed: {e}", job.email.name())))?;
        let to: Mailbox = job
            .to
            .as_str()
            .parse()
            .map_err(|_| HandlerError("the recipient's address cannot be used".into()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(rendered.subject)
            .message_id(Some(self.message_id(job_id)))
            .multipart(MultiPart::alternative_plain_html(
                rendered.text,
                rendered.html,
            ))
            .map_err(|e| HandlerError(format!("the email could not be built: {e}")))?;
        match &self.delivery {
            Delivery::Smtp(transport) => transport.send(message).await.map(drop).map_err(|e| {
                // The server's own words may repeat the address: keep only
                // what kind of failure it was.
                let what = match e.status() {
                    Some(code) => format!("the mail server answered {code}"),
                    None if e.is_timeout() => "the mail server did not answer in time".to_owned(),
                    None => "the mail server could not be reached".to_owned(),
                };
                HandlerError(what)
            }),
            Delivery::Outbox(dir) => {
                let file = dir.join(format!("job-{job_id}.eml"));
                let partial = dir.join(format!("job-{job_id}.eml.partial"));
                // Written whole, then renamed: a reader never sees half an email.
                let written = async {
                    tokio::fs::write(&partial, message.formatted()).await?;
                    tokio::fs::rename(&partial, &file).await
                };
                written
                    .await
                    .map_err(|e| HandlerError(format!("the outbox could not be written: {e}")))
            }
        }
    }
}

/// Adds the email handler.
pub fn register(handlers: Handlers, mailer: Arc<Mailer>) -> Handlers {
    handlers.register(move |job_id, job: SendEmail| {
        let mailer = mailer.clone();
        async move { mailer.send(job_id, &job).await }
    })
}
