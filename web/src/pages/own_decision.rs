//! `/application/decision`: the applicant reads the decision maker's
//! proposal not to approve and responds within its 28 days.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::applications::decision::{
    OwnDecision, ProposalResponse, own_decision, respond_to_proposal,
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
}

async fn decision_page(
    state: &AppState,
    req: &HttpRequest,
    done: bool,
    (errors, typed): (FormErrors, Vec<(String, String)>),
) -> Result<HttpResponse, PageError> {
    let decision = own_decision(&state.ctx, &actor(req))
        .await?
        .ok_or(DomainError::NotFound)?;
    let (shell, status) = Shell::for_form(state, req, Section::Account, &errors);
    render(
        status,
        &DecisionPage {
            shell,
            errors,
            done,
            decision,
            responses: picks(
                ProposalResponse::ALL,
                ProposalResponse::as_str,
                ProposalResponse::label,
                value(&typed, "response"),
            ),
            text: value(&typed, "text").to_owned(),
        },
    )
}

#[get("/application/decision")]
pub async fn show_decision(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let done = req.query_string() == "done=sent";
    decision_page(&state, &req, done, Default::default()).await
}

/// The household's answer to a proposal not to approve them.
#[derive(Default, Deserialize)]
#[serde(default)]
struct ResponseForm {
    response: String,
    text: String,
}

#[post("/application/decision")]
pub async fn respond(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let sent = async {
        let answer: ResponseForm = typed(&form)?;
        let response = ProposalResponse::parse(&answer.response);
        respond_to_proposal(&state.ctx, &actor(&req), response, &answer.text).await
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
    config.service(show_decision).service(respond);
}
