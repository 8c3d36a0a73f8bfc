//! The pages. Each handler loads, calls a use case and renders; the layout
//! (`templates/layout.html`) gets what it needs from [`Shell`].

mod account;
mod admin;
mod application;
mod carers;
mod children;
mod concerns;
mod constellations;
mod date_time;
mod documents;
mod enquiries;
mod errors;
mod events;
mod forms;
mod household_actions;
mod info;
mod invitation;
mod joint;
mod kinship;
mod kinship_groups;
mod known_adults;
mod local_authorities;
mod messages;
mod my_household;
mod own_decision;
pub(crate) mod pagination;
mod panel;
mod peer_log;
mod peer_matching;
mod peer_meetings;
mod peer_oversight;
mod peer_settings;
mod peer_support;
pub(crate) mod places;
mod references;
mod register_interest;
mod reports;
mod search;
mod services;
mod sign_in;
mod statistics;
mod work;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;
use domain::policy::Permission;
use domain::{Actor, DomainError, ErrorCode};

use crate::assets::AssetUrls;
use crate::server::AppState;

pub use errors::{not_found, render_refusal, render_server_error};
pub(crate) use forms::{form_refusal, pairs, refused, value};

pub use crate::session::actor;

/// Registers every page's routes: each module lists its own.
pub fn configure(config: &mut actix_web::web::ServiceConfig) {
    info::configure(config);
    config.service(statistics::statistics_page);
    local_authorities::configure(config);
    sign_in::configure(config);
    invitation::configure(config);
    account::configure(config);
    register_interest::configure(config);
    services::configure(config);
    known_adults::configure(config);
    carers::configure(config);
    children::configure(config);
    constellations::configure(config);
    config.service(my_household::my_household);
    config.service(kinship::support_page);
    kinship_groups::configure(config);
    concerns::configure(config);
    peer_support::configure(config);
    peer_matching::configure(config);
    peer_meetings::configure(config);
    peer_log::configure(config);
    peer_oversight::configure(config);
    search::configure(config);
    peer_settings::configure(config);
    messages::configure(config);
    application::configure(config);
    joint::configure(config);
    documents::configure(config);
    own_decision::configure(config);
    references::configure(config);
    events::configure(config);
    enquiries::configure(config);
    household_actions::configure(config);
    panel::configure(config);
    work::configure(config);
    reports::configure(config);
    admin::configure(config);
}

/// The parts of the service navigation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    LocalAuthorities,
    SignIn,
    Account,
    Admin,
    Events,
    Fostering,
    KnownAdults,
    Panel,
    /// The work lists, and the households they lead to.
    Work,
    /// Recruitment reports.
    Reports,
    /// Carer households, after approval.
    Carers,
    /// Children in foster care.
    Children,
    /// A foster carer's own household.
    MyHousehold,
    /// Mockingbird constellations, for the staff who run and support them.
    Constellations,
    /// Kinship care for the public and kinship carers: support, finding
    /// and belonging to a group.
    Kinship,
    /// Kinship groups, for the staff who facilitate and oversee them.
    KinshipGroups,
    /// Concerns about children, for those they go to.
    Concerns,
    /// Peer support, for supporters and coordinators.
    PeerSupport,
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
    /// Publishes information events: the public list links to managing
    /// them.
    pub recruiter: bool,
    /// The navigation's places for this reader (`places`), in order.
    places: Vec<&'static places::Place>,
    /// For the forms on the page, the sign-out button among them.
    pub csrf_token: String,
}

impl Shell {
    pub fn new(state: &AppState, req: &HttpRequest, section: Section) -> Self {
        let actor = actor(req);
        Self {
            assets: state.assets.urls.clone(),
            section,
            has_errors: false,
            signed_in: matches!(actor, Actor::Person(_)),
            recruiter: actor.may_anywhere(Permission::WorkEnquiries),
            places: places::places_for(&actor)
                .filter(|place| place.in_navigation)
                .collect(),
            csrf_token: crate::session::csrf_token(req),
        }
    }

    /// How long a signed-in session lasts without activity, for the
    /// timeout warning.
    pub fn idle_seconds(&self) -> i64 {
        domain::accounts::IDLE_TIMEOUT.num_seconds()
    }

    /// The same, for a page showing a form's errors ("Error:" in its title).
    pub fn with_errors(mut self) -> Self {
        self.has_errors = true;
        self
    }

    /// The shell and status of a page with a form: 400, and "Error:" in the
    /// title, when the form came back with errors.
    pub fn for_form(
        state: &AppState,
        req: &HttpRequest,
        section: Section,
        errors: &forms::FormErrors,
    ) -> (Self, StatusCode) {
        let shell = Self::new(state, req, section);
        if errors.is_empty() {
            (shell, StatusCode::OK)
        } else {
            (shell.with_errors(), StatusCode::BAD_REQUEST)
        }
    }

    /// The service navigation: the reader's places, then their account or
    /// signing in. Only the section the page is in is marked current.
    pub fn navigation(&self) -> Vec<NavItem> {
        let account = if self.signed_in {
            (Section::Account, "/account", "Your account")
        } else {
            (Section::SignIn, "/sign-in", "Sign in")
        };
        self.places
            .iter()
            .map(|place| (place.section, place.href, place.title))
            .chain([account])
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
                ErrorCode::Unauthenticated => StatusCode::SEE_OTHER,
                ErrorCode::InvalidInput => StatusCode::BAD_REQUEST,
                ErrorCode::Conflict => StatusCode::CONFLICT,
                ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            },
            Self::Template(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Domain(DomainError::Unauthenticated) = self {
            return forms::see_other("/sign-in").finish();
        }
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

/// The household's name, for the title of one of its pages the reader may
/// open (only those who read its application reach them).
pub async fn household_name(
    state: &AppState,
    req: &HttpRequest,
    household_id: i32,
) -> Result<String, PageError> {
    let row = domain::policy::household_for(
        &state.ctx,
        &actor(req),
        household_id,
        Permission::ReadApplication,
    )
    .await?;
    Ok(row.name)
}

/// Where "Back" goes from one of a household's pages, for this reader: its
/// record for those who work enquiries, else its panel page for panel
/// staff, else nowhere (a link they could not open is no way back).
pub async fn household_back(
    state: &AppState,
    req: &HttpRequest,
    household_id: i32,
) -> Result<Option<(String, &'static str)>, PageError> {
    let allowed =
        domain::policy::allowed_for_household(&state.ctx, &actor(req), household_id).await?;
    Ok(if allowed.may(Permission::WorkEnquiries) {
        Some((
            format!("/enquiries/{household_id}"),
            "Back to the household's record",
        ))
    } else if allowed.may(Permission::SeePanel) {
        Some((
            format!("/enquiries/{household_id}/panel"),
            "Back to the panel and decision",
        ))
    } else {
        None
    })
}
