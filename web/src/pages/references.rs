//! `/references/{token}`: a referee's form, reached by the emailed link
//! with no account; it works until the reference is given or declined.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::applications::references::{
    REFERENCE_QUESTIONS, ReferenceRequest, answer_reference, reference_request,
};
use domain::applications::sections::Answers;

use super::application::{QuestionView, question_views, sent_answers};
use super::forms::{FormErrors, pairs, see_other, value};
use super::{PageError, Section, Shell, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "references/form.html")]
struct ReferencePage {
    shell: Shell,
    errors: FormErrors,
    token: String,
    request: ReferenceRequest,
    questions: Vec<QuestionView>,
    declined_because: String,
}

#[derive(Template)]
#[template(path = "references/answered.html")]
struct AnsweredPage {
    shell: Shell,
    thanks: bool,
}

fn answered(state: &AppState, req: &HttpRequest, thanks: bool) -> Result<HttpResponse, PageError> {
    let status = if thanks {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    let shell = Shell::new(state, req, Section::None);
    render(status, &AnsweredPage { shell, thanks })
}

async fn reference_page(
    state: &AppState,
    req: &HttpRequest,
    token: &str,
    (answers, declined_because): (Answers, String),
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let request = match reference_request(&state.ctx, token).await {
        Ok(request) => request,
        Err(DomainError::Conflict(_)) => return answered(state, req, false),
        Err(error) => return Err(error.into()),
    };
    let (shell, status) = Shell::for_form(state, req, Section::None, &errors);
    render(
        status,
        &ReferencePage {
            shell,
            errors,
            token: token.to_owned(),
            request,
            questions: question_views(REFERENCE_QUESTIONS, &answers),
            declined_because,
        },
    )
}

#[get("/references/{token}")]
pub async fn reference_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    reference_page(
        &state,
        &req,
        &token,
        Default::default(),
        FormErrors::default(),
    )
    .await
}

#[post("/references/{token}")]
pub async fn answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let answers = sent_answers(REFERENCE_QUESTIONS, &form);
    let outcome = answer_reference(&state.ctx, &token, Some(&answers), "").await;
    after_answer(&state, &req, &token, outcome, (answers, String::new())).await
}

#[post("/references/{token}/decline")]
pub async fn decline(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let because = value(&form, "declined_because").to_owned();
    let outcome = answer_reference(&state.ctx, &token, None, &because).await;
    after_answer(&state, &req, &token, outcome, (Answers::new(), because)).await
}

/// Thanks once answered; the form again with what was wrong and typed.
async fn after_answer(
    state: &AppState,
    req: &HttpRequest,
    token: &str,
    outcome: Result<(), DomainError>,
    typed: (Answers, String),
) -> Result<HttpResponse, PageError> {
    match outcome {
        Ok(()) => Ok(see_other("/references/thanks").finish()),
        Err(DomainError::Conflict(_)) => answered(state, req, false),
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            reference_page(state, req, token, typed, errors).await
        }
    }
}

#[get("/references/thanks")]
pub async fn thanks_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    answered(&state, &req, true)
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(thanks_page)
        .service(reference_form)
        .service(answer)
        .service(decline);
}
