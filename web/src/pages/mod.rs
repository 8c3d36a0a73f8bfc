//! The pages. Each handler loads, calls a use case and renders; the layout
//! (`templates/layout.html`) gets what it needs from [`Shell`].

mod errors;
mod info;
mod local_authorities;
mod sign_in;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;
use domain::{Actor, DomainError, ErrorCode};

use crate::assets::AssetUrls;
use crate::server::AppState;

pub use errors::{not_found, render_server_error};
pub use info::{accessibility, cookies, privacy, start};
pub use local_authorities::list_local_authorities;
pub use sign_in::{sign_in_page, sign_out, submit_sign_in};

pub use crate::session::actor;

/// The parts of the service navigation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    LocalAuthorities,
    SignIn,
    /// A page outside the navigation, such as the privacy notice.
    None,
}

pub struct NavItem {
    pub href: &'static str,
    pub text: &'static str,
    pub current: bool,
}

/// What the layout needs on every page.
pub struct Shell {
    pub assets: AssetUrls,
    pub section: Section,
    pub has_errors: bool,
    pub signed_in: bool,
    /// For the forms on the page, the sign-out button among them.
    pub csrf_token: String,
}

impl Shell {
    pub fn new(state: &AppState, req: &HttpRequest, section: Section) -> Self {
        Self {
            assets: state.assets.urls.clone(),
            section,
            has_errors: false,
            signed_in: matches!(actor(req), Actor::Person(_)),
            csrf_token: crate::session::csrf_token(req),
        }
    }

    pub fn navigation(&self) -> Vec<NavItem> {
        [
            (Section::Home, "/", "Home"),
            (
                Section::LocalAuthorities,
                "/local-authorities",
                "Local authorities",
            ),
        ]
        .into_iter()
        .map(|(section, href, text)| NavItem {
            href,
            text,
            current: section == self.section,
        })
        .collect()
    }
}

/// An error named against a form field, for the error summary.
pub struct PageFieldError {
    /// The id of the field the summary links to.
    pub field: String,
    pub message: String,
}

/// A page that could not be shown. A 500's body is replaced by the "problem
/// with the service" page (see `errors::render_server_error`).
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("rendering a page: {0}")]
    Template(#[from] askama::Error),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Domain(error) => match error.code() {
                ErrorCode::NotFound => StatusCode::NOT_FOUND,
                ErrorCode::Forbidden => StatusCode::FORBIDDEN,
                ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidInput => StatusCode::BAD_REQUEST,
                ErrorCode::Conflict => StatusCode::CONFLICT,
                ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            },
            Self::Template(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        match self {
            Self::Domain(DomainError::Internal(source)) => {
                tracing::error!(error = %source, "internal error while rendering a page");
            }
            Self::Template(error) => tracing::error!(%error, "a page template failed"),
            Self::Domain(other) => tracing::info!(code = %other.code().as_str(), "page refused"),
        }
        HttpResponse::build(status).finish()
    }
}

pub fn render(status: StatusCode, page: &impl Template) -> Result<HttpResponse, PageError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        // Pages carry form tokens and, signed in, personal data: no cache
        // (shared or the back button after sign-out) may keep them.
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(page.render()?))
}
