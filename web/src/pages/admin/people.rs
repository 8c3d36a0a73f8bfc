//! One person in an organisation: their roles there, giving and taking
//! roles, deactivating and reactivating their account.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::accounts::{
    AccountStatus, OrganisationDetails, StaffMember, deactivate_person, give_role,
    organisation_details, reactivate_person, staff_member, take_role,
};
use serde::Deserialize;

use super::{Done, RoleOption, chosen_role, role_options};
use crate::pages::forms::{ButtonForm, FormErrors, form_refusal, see_other};
use crate::pages::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "admin/person.html")]
struct PersonPage {
    shell: Shell,
    done: Option<&'static str>,
    errors: FormErrors,
    details: OrganisationDetails,
    person: StaffMember,
    /// The roles they could still be given here.
    roles: Vec<RoleOption>,
    base: String,
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    csrf_token: String,
}

async fn person_page(
    state: &AppState,
    req: &HttpRequest,
    (organisation_id, person_id): (i32, i32),
    done: Option<&'static str>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let person = staff_member(&state.ctx, &actor(req), organisation_id, person_id).await?;
    let details = organisation_details(&state.ctx, organisation_id).await?;
    let roles = role_options(details.organisation.kind, true)
        .into_iter()
        .filter(|option| {
            !person
                .roles
                .iter()
                .any(|held| held.as_str() == option.value)
        })
        .collect();
    let mut shell = Shell::new(state, req, Section::Admin);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        shell = shell.with_errors();
        StatusCode::BAD_REQUEST
    };
    let page = PersonPage {
        shell,
        done,
        errors,
        base: format!("/admin/organisations/{organisation_id}/people/{person_id}"),
        details,
        person,
        roles,
    };
    render(status, &page)
}

/// After a change: back to the person's page saying what was done, or the
/// page again with what was wrong.
async fn after(
    state: &AppState,
    req: &HttpRequest,
    ids: (i32, i32),
    result: Result<(), DomainError>,
    done: &str,
) -> Result<HttpResponse, PageError> {
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/admin/organisations/{}/people/{}?done={done}",
            ids.0, ids.1
        ))
        .finish()),
        Err(DomainError::Conflict(message)) => {
            person_page(state, req, ids, None, FormErrors::one("actions", message)).await
        }
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            person_page(state, req, ids, None, errors).await
        }
    }
}

#[get("/admin/organisations/{organisation}/people/{person}")]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    done: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    person_page(&state, &req, *ids, done.message(), FormErrors::default()).await
}

#[post("/admin/organisations/{organisation}/people/{person}/roles")]
pub async fn give(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    form: web::Form<RoleForm>,
) -> Result<HttpResponse, PageError> {
    if let Some(refusal) = form_refusal(&req, &state, &form.csrf_token) {
        return Ok(refusal);
    }
    let (organisation_id, person_id) = *ids;
    let result = match chosen_role(&form.role) {
        Ok(role) => give_role(&state.ctx, &actor(&req), organisation_id, person_id, role).await,
        Err(error) => Err(error),
    };
    after(&state, &req, *ids, result, "role-given").await
}

#[post("/admin/organisations/{organisation}/people/{person}/roles/remove")]
pub async fn take(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    form: web::Form<RoleForm>,
) -> Result<HttpResponse, PageError> {
    if let Some(refusal) = form_refusal(&req, &state, &form.csrf_token) {
        return Ok(refusal);
    }
    let (organisation_id, person_id) = *ids;
    let result = match chosen_role(&form.role) {
        Ok(role) => take_role(&state.ctx, &actor(&req), organisation_id, person_id, role).await,
        Err(error) => Err(error),
    };
    after(&state, &req, *ids, result, "role-taken").await
}

#[post("/admin/organisations/{organisation}/people/{person}/deactivate")]
pub async fn deactivate(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    form: web::Form<ButtonForm>,
) -> Result<HttpResponse, PageError> {
    if let Some(refusal) = form_refusal(&req, &state, &form.csrf_token) {
        return Ok(refusal);
    }
    // Only someone who may see them here may try.
    staff_member(&state.ctx, &actor(&req), ids.0, ids.1).await?;
    let result = deactivate_person(&state.ctx, &actor(&req), ids.1).await;
    after(&state, &req, *ids, result, "deactivated").await
}

#[post("/admin/organisations/{organisation}/people/{person}/reactivate")]
pub async fn reactivate(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    form: web::Form<ButtonForm>,
) -> Result<HttpResponse, PageError> {
    if let Some(refusal) = form_refusal(&req, &state, &form.csrf_token) {
        return Ok(refusal);
    }
    staff_member(&state.ctx, &actor(&req), ids.0, ids.1).await?;
    let result = reactivate_person(&state.ctx, &actor(&req), ids.1).await;
    after(&state, &req, *ids, result, "reactivated").await
}
