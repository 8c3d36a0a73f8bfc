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
const CSRF: CookieName = CookieName {
    plain: "hearth_csrf",
    secure: "__Host-hearth_csrf",
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

/// This request's CSRF token: the browser's cookie, or a new one.
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
    let existing = req
        .cookie(CSRF.for_state(&state))
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 43);
    let new_token = match existing {
        Some(token) => {
            req.extensions_mut().insert(CsrfToken(token));
            None
        }
        None => {
            let token = random_token().map_err(actix_web::error::ErrorInternalServerError)?;
            req.extensions_mut().insert(CsrfToken(token.clone()));
            Some(token)
        }
    };
    let mut response = next.call(req).await?;
    if let Some(token) = new_token {
        response
            .response_mut()
            .add_cookie(&csrf_cookie(&state, token))?;
    }
    Ok(response.map_into_left_body())
}

fn csrf_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build(CSRF.for_state(state), token)
        .path("/")
        .http_only(true)
        .secure(served_securely(state))
        .same_site(SameSite::Strict)
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

/// A fresh CSRF cookie: sent at sign-in and sign-out, so a token known before
/// does not carry over into, or out of, a session.
pub fn new_csrf_cookie(state: &AppState) -> Result<Cookie<'static>, domain::DomainError> {
    Ok(csrf_cookie(state, random_token()?))
}

/// Whether a form's submitted token matches the browser's cookie (the
/// double-submit pattern) and it came from Hearth's own pages.
pub fn csrf_ok(req: &HttpRequest, state: &AppState, submitted: &str) -> bool {
    let Some(cookie) = req.cookie(CSRF.for_state(state)) else {
        return false;
    };
    let expected = cookie.value().as_bytes();
    let same = expected.len() == submitted.len()
        && expected
            .iter()
            .zip(submitted.as_bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0;
    same && !submitted.is_empty() && !cross_origin(req, state)
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
