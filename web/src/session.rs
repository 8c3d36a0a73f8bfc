//! Who is asking, from an API token or the session cookie, and the
//! cross-site request forgery token every form carries. One middleware sets
//! both up per request.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{AUTHORIZATION, HeaderName, HeaderValue, ORIGIN, WWW_AUTHENTICATE};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse, web};
use domain::Actor;
use domain::accounts::{api_client, random_token, session_actor};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::server::AppState;

const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// A cookie's name over plain HTTP (development) and over HTTPS, where the
/// `__Host-` prefix makes browsers refuse one set by a sibling subdomain or
/// without Secure: nobody else can plant a session or a form token.
struct CookieName {
    plain: &'static str,
    secure: &'static str,
}

const SESSION: CookieName = CookieName {
    plain: "hearth_session",
    secure: "__Host-hearth_session",
};
/// A browser that has signed in with a password before: wrong guesses from
/// elsewhere do not slow its sign-in down.
const DEVICE: CookieName = CookieName {
    plain: "hearth_device",
    secure: "__Host-hearth_device",
};
/// Before sign-in, what a form's token is bound to: a random value of the
/// browser's own.
const PRESESSION: CookieName = CookieName {
    plain: "hearth_presession",
    secure: "__Host-hearth_presession",
};

fn served_securely(state: &AppState) -> bool {
    state.public_url.scheme() == "https"
}

impl CookieName {
    fn for_state(&self, state: &AppState) -> &'static str {
        if served_securely(state) {
            self.secure
        } else {
            self.plain
        }
    }
}

/// The session token the browser sent, if any.
pub fn session_token(req: &HttpRequest, state: &AppState) -> Option<String> {
    req.cookie(SESSION.for_state(state))
        .map(|c| c.value().to_owned())
}

/// What the `Authorization` header says.
enum Credentials {
    /// No header: a browser, or a client signed out.
    None,
    Bearer(String),
    /// Empty, malformed or of another scheme: refused, never quietly served
    /// as signed out, so a client with a broken header learns at once.
    Unusable,
}

fn credentials(req: &ServiceRequest) -> Credentials {
    let Some(value) = req.headers().get(AUTHORIZATION) else {
        return Credentials::None;
    };
    let bearer = value
        .to_str()
        .ok()
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, secret)| secret.trim())
        .filter(|secret| !secret.is_empty() && !secret.contains(char::is_whitespace));
    match bearer {
        Some(secret) => Credentials::Bearer(secret.to_owned()),
        None => Credentials::Unusable,
    }
}

/// The answer to a request whose credentials are no good: 401, as JSON for
/// the API and plain text elsewhere.
fn unauthorised(req: ServiceRequest, message: &str) -> ServiceResponse<BoxBody> {
    let mut response = HttpResponse::Unauthorized();
    response.insert_header((WWW_AUTHENTICATE, "Bearer"));
    let response = if req.path() == "/graphql" {
        response.json(async_graphql::Response::from_errors(vec![
            api::unauthenticated_error(message),
        ]))
    } else {
        response
            .content_type("text/plain; charset=utf-8")
            .body(message.to_owned())
    };
    req.into_response(response)
}

/// Where the timeout warning asks how long the session has left.
pub const TIME_LEFT_PATH: &str = "/session/time-left";

/// This request's form token, bound to its session or pre-session cookie.
#[derive(Clone)]
struct CsrfToken(String);

pub async fn resolve(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| actix_web::error::ErrorInternalServerError("the app has no state"))?;
    let found = match (credentials(&req), req.cookie(SESSION.for_state(&state))) {
        (Credentials::Unusable, _) => {
            return Ok(unauthorised(
                req,
                "The Authorization header must be `Bearer` and an API token",
            )
            .map_into_right_body());
        }
        (Credentials::Bearer(secret), _) => match api_client(&state.ctx, &secret).await {
            Ok(None) => {
                return Ok(
                    unauthorised(req, "The API token is not known or has been revoked")
                        .map_into_right_body(),
                );
            }
            found => found,
        },
        // Asking how long the session has left is not activity: it is
        // answered without looking the session up (which would keep it).
        (Credentials::None, Some(_)) if req.path() == TIME_LEFT_PATH => Ok(None),
        (Credentials::None, Some(cookie)) => session_actor(&state.ctx, cookie.value()).await,
        (Credentials::None, None) => Ok(None),
    };
    let actor = match found {
        Ok(found) => found.unwrap_or(Actor::Anonymous),
        // Carrying on signed out would hide the outage and ask people to
        // sign in again into a failing service.
        Err(error) => {
            tracing::error!(%error, "the session or API token could not be read");
            return Err(actix_web::error::ErrorServiceUnavailable(
                "the service is unavailable",
            ));
        }
    };
    req.extensions_mut().insert(actor);
    // A form's token is an HMAC, under a key only Hearth holds, of what it
    // is bound to: the session, or before sign-in the pre-session cookie. A
    // value planted in a cookie gives nobody a token that matches it.
    let (binding, new_presession) = match req.cookie(SESSION.for_state(&state)) {
        Some(session) => (format!("session:{}", session.value()), None),
        None => match req
            .cookie(PRESESSION.for_state(&state))
            .map(|c| c.value().to_owned())
            .filter(|v| v.len() == 43)
        {
            Some(presession) => (format!("presession:{presession}"), None),
            None => {
                let fresh = random_token().map_err(actix_web::error::ErrorInternalServerError)?;
                (format!("presession:{fresh}"), Some(fresh))
            }
        },
    };
    let token = form_token(&state.csrf_key, &binding);
    req.extensions_mut().insert(CsrfToken(token));
    let mut response = next.call(req).await?;
    if let Some(presession) = new_presession {
        response
            .response_mut()
            .add_cookie(&presession_cookie(&state, presession))?;
    }
    Ok(response.map_into_left_body())
}

/// The token for `binding` under `key`: HMAC-SHA256, in hex. Also signs
/// what a redirect carries, so a crafted address cannot show a page words
/// Hearth never said.
pub(crate) fn form_token(key: &[u8], binding: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        // HMAC takes a key of any length: this cannot happen.
        return String::new();
    };
    mac.update(binding.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn presession_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build(PRESESSION.for_state(state), value)
        .path("/")
        .http_only(true)
        .secure(served_securely(state))
        .same_site(SameSite::Lax)
        .finish()
}

/// Who is making the request: signed in through the session cookie, or not.
pub fn actor(req: &HttpRequest) -> Actor {
    req.extensions()
        .get::<Actor>()
        .cloned()
        .unwrap_or(Actor::Anonymous)
}

/// The token a form must send back.
pub fn csrf_token(req: &HttpRequest) -> String {
    req.extensions()
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default()
}

/// Whether a browser on another site sent this request: its Origin is not
/// Hearth's own, or, without an Origin, its Sec-Fetch-Site says cross-site.
/// (Clients that are not browsers send neither.)
pub fn cross_origin(req: &HttpRequest, state: &AppState) -> bool {
    let header = |name| {
        req.headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    match header(ORIGIN) {
        Some(origin) => origin != state.public_url.origin().ascii_serialization(),
        None => matches!(header(SEC_FETCH_SITE), Some("cross-site" | "same-site")),
    }
}

/// Whether a browser says this request came from one of Hearth's own
/// pages: its Origin is Hearth's, or, without one, its Sec-Fetch-Site
/// says same-origin. Silence proves nothing, so it is not enough.
pub fn from_our_pages(req: &HttpRequest, state: &AppState) -> bool {
    let header = |name| {
        req.headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    match header(ORIGIN) {
        Some(origin) => origin == state.public_url.origin().ascii_serialization(),
        None => header(SEC_FETCH_SITE) == Some("same-origin"),
    }
}

/// A fresh pre-session cookie: sent at sign-in and sign-out, so a form
/// token known before does not carry over into, or out of, a session.
pub fn new_csrf_cookie(state: &AppState) -> Result<Cookie<'static>, domain::DomainError> {
    Ok(presession_cookie(state, random_token()?))
}

/// Whether two tokens are the same, in time that does not depend on where
/// they differ.
pub(crate) fn same_token(expected: &str, submitted: &str) -> bool {
    let (expected, submitted) = (expected.as_bytes(), submitted.as_bytes());
    !expected.is_empty()
        && expected.len() == submitted.len()
        && expected
            .iter()
            .zip(submitted)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// Whether a form's submitted token is the one bound to this browser's
/// session (or pre-session cookie) and it came from Hearth's own pages.
pub fn csrf_ok(req: &HttpRequest, state: &AppState, submitted: &str) -> bool {
    let same = same_token(&csrf_token(req), submitted);
    same && !submitted.is_empty() && !cross_origin(req, state)
}

/// The browser's device cookie, if it has one.
pub fn device_token(req: &HttpRequest, state: &AppState) -> Option<String> {
    req.cookie(DEVICE.for_state(state))
        .map(|c| c.value().to_owned())
}

/// The device cookie for `token`: kept for a year, HttpOnly, Secure over TLS.
pub fn device_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build(DEVICE.for_state(state), token)
        .path("/")
        .http_only(true)
        .secure(served_securely(state))
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::days(
            domain::accounts::DEVICE_LIFETIME.num_days(),
        ))
        .finish()
}

/// The session cookie for `token`: HttpOnly, SameSite=Lax, Secure over TLS.
pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build(SESSION.for_state(state), token)
        .path("/")
        .http_only(true)
        .secure(served_securely(state))
        .same_site(SameSite::Lax)
        .finish()
}
