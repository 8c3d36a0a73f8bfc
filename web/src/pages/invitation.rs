//! Answering an invitation to a role: someone new chooses a password, which
//! accepts it and signs them in; someone with an account accepts or declines
//! it signed in, from the invitation's link or their account page.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::accounts::{
    Answer, InvitationDetails, MIN_PASSWORD_LENGTH, accept_invitation, answer_staff_invitation,
    invitation_details,
};
use serde::Deserialize;

use super::forms::{FormErrors, see_other};
use super::sign_in::{AFTER_SIGN_IN, link_problem, signed_in};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;
use crate::session::session_token;

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    shell: Shell,
    errors: FormErrors,
    invitation: InvitationDetails,
    action: String,
    min_length: usize,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

const ASK_AGAIN: (&str, &str) = ("/sign-in", "Sign in with an emailed link instead");

fn page(
    state: &AppState,
    req: &HttpRequest,
    token: &str,
    invitation: InvitationDetails,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let (shell, status) = Shell::for_form(state, req, Section::SignIn, &errors);
    let page = InvitationPage {
        shell,
        errors,
        invitation,
        action: format!("/invitation/{token}"),
        min_length: MIN_PASSWORD_LENGTH,
    };
    render(status, &page)
}

#[derive(Template)]
#[template(path = "staff_invitation/to_answer.html")]
struct ToAnswerPage<'a> {
    shell: Shell,
    invitation: &'a InvitationDetails,
    invitation_id: &'a str,
    role_label: &'static str,
    organisation_name: &'a str,
    /// The person invited is the one signed in: they may answer here.
    signed_in_as_them: bool,
}

#[get("/invitation/{token}")]
pub async fn invitation_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let invitation = match invitation_details(&state.ctx, &token).await {
        Ok(invitation) => invitation,
        Err(error) => return link_problem(&state, &req, error, ASK_AGAIN),
    };
    if !invitation.has_password {
        return page(&state, &req, &token, invitation, FormErrors::default());
    }
    let answer = ToAnswerPage {
        shell: Shell::new(&state, &req, Section::Account),
        invitation: &invitation,
        invitation_id: &invitation.id,
        role_label: invitation.role.label(),
        organisation_name: &invitation.organisation,
        signed_in_as_them: actor(&req).person_id() == Some(invitation.person_id),
    };
    render(actix_web::http::StatusCode::OK, &answer)
}

/// The signed-in person accepts an invitation of theirs.
#[post("/invitations/{id}/accept")]
pub async fn accept_staff(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    answer(&req, &state, &id, Answer::Accept).await
}

/// The signed-in person declines an invitation of theirs.
#[post("/invitations/{id}/decline")]
pub async fn decline_staff(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    answer(&req, &state, &id, Answer::Decline).await
}

async fn answer(
    req: &HttpRequest,
    state: &AppState,
    id: &str,
    answer: Answer,
) -> Result<HttpResponse, PageError> {
    answer_staff_invitation(&state.ctx, &actor(req), id, answer).await?;
    let done = match answer {
        Answer::Accept => "accepted",
        Answer::Decline => "declined",
    };
    Ok(see_other(&format!("/account?done={done}")).finish())
}

#[post("/invitation/{token}")]
pub async fn accept(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    let replacing = session_token(&req, &state);
    match accept_invitation(&state.ctx, &token, &form.password, replacing.as_deref()).await {
        Ok(session) => signed_in(&state, session, AFTER_SIGN_IN),
        Err(error @ DomainError::InvalidInput(_)) => {
            let errors = FormErrors::from_domain(error)?;
            match invitation_details(&state.ctx, &token).await {
                Ok(invitation) => page(&state, &req, &token, invitation, errors),
                Err(error) => link_problem(&state, &req, error, ASK_AGAIN),
            }
        }
        Err(error) => link_problem(&state, &req, error, ASK_AGAIN),
    }
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(invitation_page)
        .service(accept)
        .service(accept_staff)
        .service(decline_staff);
}
