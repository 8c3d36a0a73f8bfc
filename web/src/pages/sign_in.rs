//! Signing in with a password, and signing out.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::accounts::{sign_in_with_password, sign_out as end_session};
use serde::Deserialize;

use super::{PageError, PageFieldError, Section, Shell, render};
use crate::server::AppState;
use crate::session::{SESSION_COOKIE, csrf_ok, new_csrf_cookie, session_cookie};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    shell: Shell,
    errors: Vec<PageFieldError>,
    email: String,
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
}

#[derive(Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf_token: String,
}

fn refused() -> HttpResponse {
    HttpResponse::Forbidden()
        .content_type("text/plain; charset=utf-8")
        .body("This form was not sent from Hearth's own page. Go back, reload the page and try again.")
}

fn see_other(to: &str) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::SeeOther();
    response.insert_header((LOCATION, to.to_owned()));
    response
}

#[get("/sign-in")]
pub async fn sign_in_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let page = SignInPage {
        shell: Shell::new(&state, &req, Section::SignIn),
        errors: Vec::new(),
        email: String::new(),
    };
    render(StatusCode::OK, &page)
}

#[post("/sign-in")]
pub async fn submit_sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, PageError> {
    if !csrf_ok(&req, &state, &form.csrf_token) {
        return Ok(refused());
    }
    // The peer, not a forwarded header anyone can write.
    let address = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let old = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
    let result = sign_in_with_password(
        &state.ctx,
        &form.email,
        &form.password,
        &address,
        old.as_deref(),
    )
    .await;
    let (status, message) = match result {
        Ok(token) => {
            return Ok(see_other("/")
                .cookie(session_cookie(&state, token.0))
                .cookie(new_csrf_cookie(&state)?)
                .finish());
        }
        Err(DomainError::InvalidInput(errors)) => (
            StatusCode::BAD_REQUEST,
            errors
                .into_iter()
                .next()
                .map(|e| e.message)
                .unwrap_or_default(),
        ),
        Err(DomainError::RateLimited) => (
            StatusCode::TOO_MANY_REQUESTS,
            "There have been too many attempts to sign in. Wait 15 minutes and try again."
                .to_owned(),
        ),
        Err(other) => return Err(other.into()),
    };
    let mut shell = Shell::new(&state, &req, Section::SignIn);
    shell.has_errors = true;
    let page = SignInPage {
        shell,
        errors: vec![PageFieldError {
            field: "email".into(),
            message,
        }],
        email: form.email.trim().to_owned(),
    };
    render(status, &page)
}

#[post("/sign-out")]
pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<SignOutForm>,
) -> Result<HttpResponse, PageError> {
    if !csrf_ok(&req, &state, &form.csrf_token) {
        return Ok(refused());
    }
    if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        end_session(&state.ctx, cookie.value()).await?;
    }
    let mut gone = session_cookie(&state, String::new());
    gone.make_removal();
    Ok(see_other("/")
        .cookie(gone)
        .cookie(new_csrf_cookie(&state)?)
        .finish())
}
