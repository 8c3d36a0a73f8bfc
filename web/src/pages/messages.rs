//! Secure messages: the applicant's (`/application/messages`) and a
//! household's, for the service's staff (`/enquiries/{id}/messages`).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::applications::messages::{
    MessageEntry, household_messages, own_messages, send_household_message, send_own_message,
};
use domain::recruitment::london_display;

use super::forms::{FormErrors, pairs, see_other, value};
use super::{PageError, Section, Shell, actor, household_back, household_name, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "messages.html")]
struct MessagesPage {
    shell: Shell,
    errors: FormErrors,
    sent: bool,
    /// Where this thread lives, and where "back" goes.
    here: String,
    back: Option<(String, &'static str)>,
    messages: Vec<MessageEntry>,
    body: String,
    /// The household, on staff's view of its messages.
    household: Option<String>,
}

impl MessagesPage {
    fn when(&self, message: &MessageEntry) -> String {
        london_display(message.sent_at)
    }
}

/// Whose thread a page shows.
#[derive(Clone, Copy)]
enum Thread {
    Own,
    Household(i32),
}

impl Thread {
    fn here(self) -> String {
        match self {
            Self::Own => "/application/messages".to_owned(),
            Self::Household(id) => format!("/enquiries/{id}/messages"),
        }
    }
}

async fn messages_page(
    state: &AppState,
    req: &HttpRequest,
    thread: Thread,
    sent: bool,
    (errors, body): (FormErrors, String),
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let (messages, back, section, household) = match thread {
        Thread::Own => (
            own_messages(&state.ctx, &actor).await?,
            Some(("/application".to_owned(), "Your application")),
            Section::Account,
            None,
        ),
        Thread::Household(id) => (
            household_messages(&state.ctx, &actor, id).await?,
            household_back(state, req, id).await?,
            Section::Work,
            Some(household_name(state, req, id).await?),
        ),
    };
    let (shell, status) = Shell::for_form(state, req, section, &errors);
    render(
        status,
        &MessagesPage {
            shell,
            errors,
            sent,
            here: thread.here(),
            back,
            messages,
            body,
            household,
        },
    )
}

async fn send(
    state: &AppState,
    req: &HttpRequest,
    thread: Thread,
    body: &[u8],
) -> Result<HttpResponse, PageError> {
    let form = pairs(body);
    let text = value(&form, "body").to_owned();
    let actor = actor(req);
    let outcome = match thread {
        Thread::Own => send_own_message(&state.ctx, &actor, &text).await,
        Thread::Household(id) => send_household_message(&state.ctx, &actor, id, &text).await,
    };
    match outcome {
        Ok(()) => Ok(see_other(&format!("{}?done=sent", thread.here())).finish()),
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            messages_page(state, req, thread, false, (errors, text)).await
        }
    }
}

#[get("/application/messages")]
pub async fn own_thread(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let sent = req.query_string() == "done=sent";
    messages_page(&state, &req, Thread::Own, sent, Default::default()).await
}

#[post("/application/messages")]
pub async fn write_own(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    send(&state, &req, Thread::Own, &body).await
}

#[get("/enquiries/{id}/messages")]
pub async fn household_thread(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let sent = req.query_string() == "done=sent";
    messages_page(
        &state,
        &req,
        Thread::Household(*id),
        sent,
        Default::default(),
    )
    .await
}

#[post("/enquiries/{id}/messages")]
pub async fn write_to_household(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    send(&state, &req, Thread::Household(*id), &body).await
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(own_thread)
        .service(write_own)
        .service(household_thread)
        .service(write_to_household);
}
