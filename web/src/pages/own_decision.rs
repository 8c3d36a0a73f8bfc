//! `/application/decision`: the applicant reads the decision maker's
//! proposal not to approve and responds within its 28 days, through a check
//! step, and may change the response until the decision maker acts.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::applications::decision::{
    OwnDecision, ProposalResponse, checked_response, own_decision, respond_to_proposal,
};
use serde::Deserialize;

use super::forms::{FormErrors, Pick, pairs, picks, see_other, typed, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "application/decision.html")]
struct DecisionPage {
    shell: Shell,
    errors: FormErrors,
    done: bool,
    decision: OwnDecision,
    responses: Vec<Pick>,
    text: String,
    /// Changing a response already sent: the form is open and filled in.
    changing: bool,
}

#[derive(Template)]
#[template(path = "application/decision_check.html")]
struct CheckPage {
    shell: Shell,
    response: ProposalResponse,
    text: String,
}

/// The decision, with the response form filled in with `typed` (or with
/// the response already sent, when changing it).
async fn decision_page(
    state: &AppState,
    req: &HttpRequest,
    done: bool,
    (errors, typed): (FormErrors, Vec<(String, String)>),
) -> Result<HttpResponse, PageError> {
    let decision = own_decision(&state.ctx, &actor(req))
        .await?
        .ok_or(DomainError::NotFound)?;
    let changing = value(&typed, "change") == "yes" || !errors.is_empty();
    let (chosen, text) = match (value(&typed, "response"), decision.response) {
        ("", Some(sent)) if changing => (sent.as_str(), decision.response_text.clone()),
        (typed_response, _) => (typed_response, value(&typed, "text").to_owned()),
    };
    let (shell, status) = Shell::for_form(state, req, Section::Account, &errors);
    render(
        status,
        &DecisionPage {
            shell,
            errors,
            done,
            responses: picks(
                ProposalResponse::ALL,
                ProposalResponse::as_str,
                ProposalResponse::label,
                chosen,
            ),
            decision,
            text,
            changing,
        },
    )
}

#[get("/application/decision")]
pub async fn show_decision(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let done = value(&query, "done") == "sent";
    decision_page(&state, &req, done, Default::default()).await
}

/// The household's answer to a proposal not to approve them.
#[derive(Default, Deserialize)]
#[serde(default)]
struct ResponseForm {
    response: String,
    text: String,
}

/// The response as typed, checked as sending it would be.
fn checked(form: &[(String, String)]) -> Result<(ProposalResponse, String), DomainError> {
    let answer: ResponseForm = typed(form)?;
    checked_response(ProposalResponse::parse(&answer.response), &answer.text)
}

/// The check step: the response as it will be sent, to send or change
/// (WCAG 3.3.4); nothing is sent yet.
#[post("/application/decision/check")]
pub async fn check(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    // Nothing to check when there is no response the household may send.
    let open = own_decision(&state.ctx, &actor(&req))
        .await?
        .is_some_and(|decision| decision.may_respond);
    if !open {
        return Ok(see_other("/application/decision").finish());
    }
    match checked(&form) {
        Ok((response, text)) => {
            let page = CheckPage {
                shell: Shell::new(&state, &req, Section::Account),
                response,
                text,
            };
            render(StatusCode::OK, &page)
        }
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            decision_page(&state, &req, false, (errors, form)).await
        }
    }
}

/// "Change" on the check step: the form again, filled in as it was.
#[post("/application/decision/change")]
pub async fn change(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let mut form = pairs(&body);
    form.push(("change".to_owned(), "yes".to_owned()));
    decision_page(&state, &req, false, (FormErrors::default(), form)).await
}

#[post("/application/decision")]
pub async fn respond(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let sent = async {
        let (response, text) = checked(&form)?;
        respond_to_proposal(&state.ctx, &actor(&req), Some(response), &text).await
    }
    .await;
    let errors = match sent {
        Ok(()) => return Ok(see_other("/application/decision?done=sent").finish()),
        Err(error) => FormErrors::from_refusal(error)?,
    };
    decision_page(&state, &req, false, (errors, form)).await
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(show_decision)
        .service(check)
        .service(change)
        .service(respond);
}
