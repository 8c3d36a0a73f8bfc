//! Fostering services: the public's view of their local one
//! (`/fostering/your-local-service`, `/fostering-services/{id}`), and its
//! managers' page for its profile, settings and closure reasons
//! (`/manage/service/{id}`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::Named;
use domain::policy::{Allowed, Permission};
use domain::recruitment::closure_reasons::{
    ReasonEntry, add_closure_reason, closure_reasons, retire_closure_reason,
};
use domain::recruitment::interest::FosteringKind;
use domain::recruitment::service_profile::{
    Clocks, ProfileChange, ServiceProfile, profile_to_manage, service_near, service_profile,
    update_service_profile,
};
use serde::Deserialize;

use super::forms::{FormErrors, pairs, see_other, typed, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "fostering/service.html")]
struct ServicePage {
    shell: Shell,
    errors: FormErrors,
    postcode: String,
    service: Option<ServiceProfile>,
}

#[get("/fostering/your-local-service")]
pub async fn local_service(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let postcode = value(&query, "postcode").to_owned();
    let (service, errors) = if postcode.is_empty() {
        (None, FormErrors::default())
    } else {
        match service_near(&state.ctx, &postcode).await {
            Ok(service) => (Some(service), FormErrors::default()),
            Err(error) => (None, FormErrors::from_domain(error)?),
        }
    };
    let (shell, status) = Shell::for_form(&state, &req, Section::Fostering, &errors);
    render(
        status,
        &ServicePage {
            shell,
            errors,
            postcode,
            service,
        },
    )
}

#[get("/fostering-services/{id}")]
pub async fn fostering_service(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let service = service_profile(&state.ctx, *id).await?;
    let shell = Shell::new(&state, &req, Section::Fostering);
    let page = ServicePage {
        shell,
        errors: FormErrors::default(),
        postcode: String::new(),
        service: Some(service),
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "manage_service.html")]
struct ManagePage {
    shell: Shell,
    /// What the reader may do in the organisation: the way back is to its
    /// enquiries for those who work them.
    allowed: Allowed,
    done: Option<&'static str>,
    errors: FormErrors,
    profile: ServiceProfile,
    days: String,
    kinds: Vec<(FosteringKind, bool)>,
    reasons: Vec<ReasonEntry>,
}

async fn manage_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    done: Option<&'static str>,
    errors: FormErrors,
    typed: Option<ProfileChange>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let mut profile = profile_to_manage(&state.ctx, &actor, id).await?;
    let mut days = profile.first_contact_working_days.to_string();
    if let Some(typed) = typed {
        days = typed
            .first_contact_working_days
            .map(|d| d.to_string())
            .unwrap_or_default();
        profile = ServiceProfile {
            clocks: typed.clocks.unwrap_or(profile.clocks),
            about: typed.about,
            phone: typed.phone,
            out_of_hours_phone: typed.out_of_hours_phone,
            kinship_local_offer: typed.kinship_local_offer,
            email: typed.email,
            website: typed.website,
            address: typed.address,
            homes_needed: typed.homes_needed,
            ..profile
        };
    }
    let reasons = closure_reasons(&state.ctx, &actor, id).await?;
    let kinds = FosteringKind::ALL
        .iter()
        .filter(|k| **k != FosteringKind::NotSure)
        .map(|k| (*k, profile.homes_needed.contains(k)))
        .collect();
    let (shell, status) = Shell::for_form(state, req, Section::Work, &errors);
    render(
        status,
        &ManagePage {
            allowed: Allowed::in_organisation(&actor, id),
            shell,
            done,
            errors,
            profile,
            days,
            kinds,
            reasons,
        },
    )
}

#[get("/manage/service/{id}")]
pub async fn manage_service(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "profile" => Some("Profile and settings saved"),
        "reason-added" => Some("Reason added"),
        "reason-retired" => Some("Reason taken off the list"),
        _ => None,
    };
    manage_page(&state, &req, *id, done, FormErrors::default(), None).await
}

/// The service's profile, as its form is sent. The kinds of home needed are
/// ticked boxes, one field each, read apart.
#[derive(Default, Deserialize)]
#[serde(default)]
struct ProfileForm {
    about: String,
    phone: String,
    out_of_hours_phone: String,
    kinship_local_offer: String,
    email: String,
    website: String,
    address: String,
    first_contact_working_days: String,
    stage_one_months: String,
    stage_two_months: String,
    panel_months: String,
}

impl ProfileForm {
    fn change(self, homes_needed: Vec<FosteringKind>) -> ProfileChange {
        // A box left empty or not a number is out of range, and said so.
        let months = |text: &str| text.parse().unwrap_or(0);
        ProfileChange {
            clocks: Some(Clocks {
                stage_one_months: months(&self.stage_one_months),
                stage_two_months: months(&self.stage_two_months),
                panel_months: months(&self.panel_months),
            }),
            first_contact_working_days: self.first_contact_working_days.parse().ok(),
            about: self.about,
            phone: self.phone,
            out_of_hours_phone: self.out_of_hours_phone,
            kinship_local_offer: self.kinship_local_offer,
            email: self.email,
            website: self.website,
            address: self.address,
            homes_needed,
        }
    }
}

/// A closure reason a service adds.
#[derive(Default, Deserialize)]
#[serde(default)]
struct ReasonForm {
    label: String,
}

#[post("/manage/service/{id}/profile")]
pub async fn change_profile(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let homes_needed = form
        .iter()
        .filter(|(k, _)| k == "homes_needed")
        .filter_map(|(_, v)| FosteringKind::parse(v))
        .collect();
    let change = typed::<ProfileForm>(&form)?.change(homes_needed);
    let outcome = update_service_profile(&state.ctx, &actor(&req), *id, &change).await;
    after_change(&state, &req, *id, outcome.map(|()| "profile"), Some(change)).await
}

#[post("/manage/service/{id}/closure-reasons")]
pub async fn add_reason(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let sent: ReasonForm = typed(&pairs(&body))?;
    let added = add_closure_reason(&state.ctx, &actor(&req), *id, &sent.label).await;
    after_change(&state, &req, *id, added.map(|_| "reason-added"), None).await
}

#[post("/manage/service/{id}/closure-reasons/{reason}/retire")]
pub async fn retire_reason(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
) -> Result<HttpResponse, PageError> {
    let (id, reason) = *ids;
    let retired = retire_closure_reason(&state.ctx, &actor(&req), Named::within(id, reason)).await;
    after_change(&state, &req, id, retired.map(|()| "reason-retired"), None).await
}

/// Back to the service's page saying what was done, or the page again
/// with what was wrong and, for the profile, what was typed.
async fn after_change(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    outcome: Result<&'static str, DomainError>,
    typed: Option<ProfileChange>,
) -> Result<HttpResponse, PageError> {
    match outcome {
        Ok(done) => Ok(see_other(&format!("/manage/service/{id}?done={done}")).finish()),
        Err(error @ DomainError::InvalidInput(_)) => {
            let errors = FormErrors::from_domain(error)?;
            manage_page(state, req, id, None, errors, typed).await
        }
        Err(error) => Err(error.into()),
    }
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(local_service)
        .service(fostering_service)
        .service(manage_service)
        .service(change_profile)
        .service(add_reason)
        .service(retire_reason);
}
