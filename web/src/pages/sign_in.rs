//! Signing in: by a link emailed to you (everyone), or with a password
//! (staff); and signing out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::accounts::{
    SessionToken, check_sign_in_link, request_sign_in_link, sign_in_with_link,
    sign_in_with_password, sign_out as end_session,
};
use serde::Deserialize;

use super::forms::{FormErrors, see_other};
use super::{PageError, Section, Shell, render};
use crate::client_address::client_address;
use crate::return_path;
use crate::server::AppState;
use crate::session::{device_cookie, device_token, new_csrf_cookie, session_cookie, session_token};

/// Where people go once signed in.
pub const AFTER_SIGN_IN: &str = "/account";

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    shell: Shell,
    errors: FormErrors,
    email: String,
    /// The password sign-in, remembering the page the person was going to.
    password_href: String,
}

/// The password sign-in's address, carrying the return path if any.
fn password_href(next: &str) -> String {
    if next.is_empty() {
        return "/sign-in/password".to_owned();
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair(return_path::FIELD, next)
        .finish();
    format!("/sign-in/password?{query}")
}

#[derive(Template)]
#[template(path = "sign_in_password.html")]
struct PasswordPage {
    shell: Shell,
    errors: FormErrors,
    email: String,
    /// Where to go once signed in, when it is a page on Hearth.
    next: String,
}

#[derive(Template)]
#[template(path = "check_email.html")]
struct CheckEmailPage {
    shell: Shell,
    email: String,
    minutes: i64,
}

#[derive(Template)]
#[template(path = "sign_in_link.html")]
struct UseLinkPage {
    shell: Shell,
    action: String,
}

#[derive(Template)]
#[template(path = "link_problem.html")]
pub struct LinkProblemPage {
    pub shell: Shell,
    pub heading: &'static str,
    pub message: String,
    pub next_href: &'static str,
    pub next_text: &'static str,
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// The safe return path the request asks for, or nothing.
fn next_of(req: &HttpRequest) -> String {
    let query = super::forms::pairs(req.query_string().as_bytes());
    return_path::safe(super::forms::value(&query, return_path::FIELD))
        .unwrap_or_default()
        .to_owned()
}

/// Where the request came from, behind the proxies Hearth trusts.
fn client(req: &HttpRequest, state: &AppState) -> String {
    client_address(req, &state.trusted_proxies)
}

/// Signed in: the new session's cookie, a new form token, and on to `to`.
pub fn signed_in(
    state: &AppState,
    token: SessionToken,
    to: &str,
) -> Result<HttpResponse, PageError> {
    Ok(see_other(to)
        .cookie(session_cookie(state, token.0))
        .cookie(new_csrf_cookie(state)?)
        .finish())
}

const TOO_MANY: &str = "There have been too many attempts. Wait 15 minutes and try again.";

#[get("/sign-in")]
pub async fn sign_in_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let page = SignInPage {
        shell: Shell::new(&state, &req, Section::SignIn),
        errors: FormErrors::default(),
        email: String::new(),
        password_href: password_href(&next_of(&req)),
    };
    render(StatusCode::OK, &page)
}

#[post("/sign-in")]
pub async fn request_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<EmailForm>,
) -> Result<HttpResponse, PageError> {
    let result = request_sign_in_link(&state.ctx, &form.email, &client(&req, &state)).await;
    let (status, errors) = match result {
        Ok(()) => {
            let page = CheckEmailPage {
                shell: Shell::new(&state, &req, Section::SignIn),
                email: form.email.trim().to_owned(),
                minutes: domain::accounts::SIGN_IN_LINK_LIFETIME.num_minutes(),
            };
            return render(StatusCode::OK, &page);
        }
        Err(DomainError::RateLimited) => (
            StatusCode::TOO_MANY_REQUESTS,
            FormErrors::one("email", TOO_MANY),
        ),
        Err(other) => (StatusCode::BAD_REQUEST, FormErrors::from_domain(other)?),
    };
    let page = SignInPage {
        shell: Shell::new(&state, &req, Section::SignIn).with_errors(),
        errors,
        email: form.email.trim().to_owned(),
        password_href: password_href(""),
    };
    render(status, &page)
}

#[get("/sign-in/password")]
pub async fn password_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let page = PasswordPage {
        shell: Shell::new(&state, &req, Section::SignIn),
        errors: FormErrors::default(),
        email: String::new(),
        next: next_of(&req),
    };
    render(StatusCode::OK, &page)
}

#[post("/sign-in/password")]
pub async fn submit_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    let result = sign_in_with_password(
        &state.ctx,
        (&form.email, &form.password),
        &client(&req, &state),
        session_token(&req, &state).as_deref(),
        device_token(&req, &state).as_deref(),
    )
    .await;
    let mut retry_after = None;
    let (status, errors) = match result {
        Ok(done) => {
            let to = return_path::safe(&form.next).unwrap_or(AFTER_SIGN_IN);
            let mut response = signed_in(&state, done.session, to)?;
            if let Some(device) = done.new_device {
                response
                    .add_cookie(&device_cookie(&state, device.0))
                    .map_err(|e| DomainError::Internal(Box::new(e)))?;
            }
            return Ok(response);
        }
        Err(DomainError::RateLimited) => (
            StatusCode::TOO_MANY_REQUESTS,
            FormErrors::one("email", TOO_MANY),
        ),
        Err(DomainError::RateLimitedFor(seconds)) => {
            retry_after = Some(seconds);
            let wait = if seconds < 60 {
                format!("{seconds} seconds")
            } else {
                format!("{} minutes", seconds.div_ceil(60))
            };
            (
                StatusCode::TOO_MANY_REQUESTS,
                FormErrors::one(
                    "email",
                    format!(
                        "There have been too many wrong passwords for this account. Wait {wait} and try again."
                    ),
                ),
            )
        }
        Err(other) => (StatusCode::BAD_REQUEST, FormErrors::from_domain(other)?),
    };
    let page = PasswordPage {
        shell: Shell::new(&state, &req, Section::SignIn).with_errors(),
        errors,
        email: form.email.trim().to_owned(),
        next: return_path::safe(&form.next).unwrap_or_default().to_owned(),
    };
    let mut response = render(status, &page)?;
    if let Some(seconds) = retry_after
        && let Ok(value) = actix_web::http::header::HeaderValue::from_str(&seconds.to_string())
    {
        response
            .headers_mut()
            .insert(actix_web::http::header::RETRY_AFTER, value);
    }
    Ok(response)
}

/// The page for a link that cannot be used, or an error of the page.
pub fn link_problem(
    state: &AppState,
    req: &HttpRequest,
    error: DomainError,
    next: (&'static str, &'static str),
) -> Result<HttpResponse, PageError> {
    let (status, heading, message) = match error {
        DomainError::Conflict(message) => (StatusCode::GONE, "This link cannot be used", message),
        DomainError::NotFound => (
            StatusCode::NOT_FOUND,
            "This link is not valid",
            "Check you copied the whole link from the email".to_owned(),
        ),
        other => return Err(other.into()),
    };
    let page = LinkProblemPage {
        shell: Shell::new(state, req, Section::SignIn),
        heading,
        message,
        next_href: next.0,
        next_text: next.1,
    };
    render(status, &page)
}

const ASK_AGAIN: (&str, &str) = ("/sign-in", "Get a new sign-in link");

#[get("/sign-in/link/{token}")]
pub async fn link_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    if let Err(error) = check_sign_in_link(&state.ctx, &token).await {
        return link_problem(&state, &req, error, ASK_AGAIN);
    }
    let page = UseLinkPage {
        shell: Shell::new(&state, &req, Section::SignIn),
        action: format!("/sign-in/link/{token}"),
    };
    render(StatusCode::OK, &page)
}

#[post("/sign-in/link/{token}")]
pub async fn use_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    match sign_in_with_link(&state.ctx, &token, session_token(&req, &state).as_deref()).await {
        Ok(session) => signed_in(&state, session, AFTER_SIGN_IN),
        Err(error) => link_problem(&state, &req, error, ASK_AGAIN),
    }
}

/// The timeout warning's "Stay signed in": a request on the session is
/// activity, which keeps it; 204 if it is still there, 401 if it has ended.
#[post("/session/stay-signed-in")]
pub async fn stay_signed_in(req: HttpRequest) -> HttpResponse {
    if matches!(super::actor(&req), domain::Actor::Person(_)) {
        HttpResponse::NoContent().finish()
    } else {
        HttpResponse::Unauthorized().finish()
    }
}

/// How long this browser's session has left, in whole seconds, as
/// `{"seconds": n}`: asked by the timeout warning, and not itself counted as
/// activity (`crate::session` leaves the session alone for it).
#[get("/session/time-left")]
pub async fn time_left(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let seconds = match session_token(&req, &state) {
        Some(token) => domain::accounts::session_time_left(&state.ctx, &token).await?,
        None => 0,
    };
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({ "seconds": seconds })))
}

/// This browser's form token as it stands now, as `{"token": …}`: a form
/// shown again after it was refused takes it before it is sent again (a
/// page on another site cannot read it).
#[get("/session/form-token")]
pub async fn form_token(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({ "token": crate::session::csrf_token(&req) }))
}

#[post("/sign-out")]
pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    if let Some(token) = session_token(&req, &state) {
        end_session(&state.ctx, &token).await?;
    }
    let mut gone = session_cookie(&state, String::new());
    gone.make_removal();
    Ok(see_other("/")
        .cookie(gone)
        .cookie(new_csrf_cookie(&state)?)
        .finish())
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(sign_in_page)
        .service(request_link)
        .service(password_page)
        .service(submit_password)
        .service(link_page)
        .service(use_link)
        .service(stay_signed_in)
        .service(time_left)
        .service(form_token)
        .service(sign_out);
}
