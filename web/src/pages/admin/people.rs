//! One person in an organisation: their roles there, giving and taking
//! roles, removing them from the organisation, and, for the national
//! programme's administrators, locking and unlocking their account.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::accounts::{
    AccountStatus, OrganisationDetails, StaffMember, give_role, lock_account, organisation_details,
    remove_from_organisation, staff_member, take_role, unlock_account,
};
use serde::Deserialize;

use super::{Done, RoleOption, chosen_role, role_options};
use crate::pages::forms::{FormErrors, see_other};
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
    /// The reader may lock the account as a whole (the national
    /// programme's administrators).
    may_lock: bool,
    /// What was typed as the reason for a lock that came back with errors.
    reason: String,
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    reason: String,
}

async fn person_page(
    state: &AppState,
    req: &HttpRequest,
    (organisation_id, person_id): (i32, i32),
    done: Option<&'static str>,
    (errors, reason): (FormErrors, String),
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
    let (shell, status) = Shell::for_form(state, req, Section::Admin, &errors);
    let page = PersonPage {
        shell,
        done,
        errors,
        base: format!("/admin/organisations/{organisation_id}/people/{person_id}"),
        details,
        person,
        roles,
        may_lock: actor(req).is_national_administrator(),
        reason,
    };
    render(status, &page)
}

#[get("/admin/organisations/{organisation}/people/{person}")]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    done: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    person_page(
        &state,
        &req,
        *ids,
        done.message(),
        (FormErrors::default(), String::new()),
    )
    .await
}

/// What an administrator may change about someone: each its own route.
#[derive(Clone, Copy)]
enum PersonChange<'a> {
    GiveRole(&'a str),
    TakeRole(&'a str),
    Remove,
    Lock(&'a str),
    Unlock,
}

async fn apply(
    state: &AppState,
    actor: &domain::Actor,
    (organisation_id, person_id): (i32, i32),
    change: PersonChange<'_>,
) -> Result<&'static str, DomainError> {
    let ctx = &state.ctx;
    // Only someone who may see them here may change them.
    staff_member(ctx, actor, organisation_id, person_id).await?;
    match change {
        PersonChange::GiveRole(role) => {
            give_role(ctx, actor, organisation_id, person_id, chosen_role(role)?).await?;
            Ok("role-given")
        }
        PersonChange::TakeRole(role) => {
            take_role(ctx, actor, organisation_id, person_id, chosen_role(role)?).await?;
            Ok("role-taken")
        }
        PersonChange::Remove => {
            remove_from_organisation(ctx, actor, organisation_id, person_id).await?;
            Ok("removed")
        }
        PersonChange::Lock(reason) => {
            lock_account(ctx, actor, person_id, reason).await?;
            Ok("locked")
        }
        PersonChange::Unlock => {
            unlock_account(ctx, actor, person_id).await?;
            Ok("unlocked")
        }
    }
}

/// Makes the change, then shows the person again, or their organisation
/// once they no longer hold a role there.
async fn answer(
    state: &AppState,
    req: &HttpRequest,
    ids: (i32, i32),
    change: PersonChange<'_>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let reason = match change {
        PersonChange::Lock(reason) => reason.to_owned(),
        _ => String::new(),
    };
    match apply(state, &actor, ids, change).await {
        Ok(done) => {
            // Someone whose last role here went no longer has a page here.
            let still_here = staff_member(&state.ctx, &actor, ids.0, ids.1).await.is_ok();
            let to = if still_here {
                format!(
                    "/admin/organisations/{}/people/{}?done={done}",
                    ids.0, ids.1
                )
            } else {
                format!("/admin/organisations/{}?done={done}", ids.0)
            };
            Ok(see_other(&to).finish())
        }
        Err(DomainError::Conflict(message)) => {
            // Refused for what it would leave: said beside the buttons.
            let section = match change {
                PersonChange::GiveRole(_) | PersonChange::TakeRole(_) => "roles",
                _ => "account",
            };
            let errors = FormErrors::one(section, message);
            person_page(state, req, ids, None, (errors, reason)).await
        }
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            person_page(state, req, ids, None, (errors, reason)).await
        }
    }
}

#[post("/admin/organisations/{organisation}/people/{person}/roles")]
pub async fn give(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    form: web::Form<ChangeForm>,
) -> Result<HttpResponse, PageError> {
    answer(&state, &req, *ids, PersonChange::GiveRole(&form.role)).await
}

#[post("/admin/organisations/{organisation}/people/{person}/roles/{role}/take")]
pub async fn take(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32, String)>,
) -> Result<HttpResponse, PageError> {
    let (organisation, person, role) = ids.into_inner();
    answer(
        &state,
        &req,
        (organisation, person),
        PersonChange::TakeRole(&role),
    )
    .await
}

#[post("/admin/organisations/{organisation}/people/{person}/remove")]
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
) -> Result<HttpResponse, PageError> {
    answer(&state, &req, *ids, PersonChange::Remove).await
}

#[post("/admin/organisations/{organisation}/people/{person}/lock")]
pub async fn lock(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    form: web::Form<ChangeForm>,
) -> Result<HttpResponse, PageError> {
    answer(&state, &req, *ids, PersonChange::Lock(&form.reason)).await
}

#[post("/admin/organisations/{organisation}/people/{person}/unlock")]
pub async fn unlock(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
) -> Result<HttpResponse, PageError> {
    answer(&state, &req, *ids, PersonChange::Unlock).await
}
