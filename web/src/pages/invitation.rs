//! Accepting an invitation: the invited member of staff chooses a password
//! and is signed in.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::accounts::{
    InvitationDetails, MIN_PASSWORD_LENGTH, accept_invitation, invitation_details,
};
use serde::Deserialize;

use super::forms::{FormErrors, form_refusal};
use super::sign_in::{AFTER_SIGN_IN, link_problem, signed_in};
use super::{PageError, Section, Shell, render};
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
    #[serde(default)]
    csrf_token: String,
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

#[get("/invitation/{token}")]
pub async fn invitation_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    match invitation_details(&state.ctx, &token).await {
        Ok(invitation) => page(&state, &req, &token, invitation, FormErrors::default()),
        Err(error) => link_problem(&state, &req, error, ASK_AGAIN),
    }
}

#[post("/invitation/{token}")]
pub async fn accept(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    if let Some(refusal) = form_refusal(&req, &state, &form.csrf_token) {
        return Ok(refusal);
    }
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
