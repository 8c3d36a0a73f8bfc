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
    action: String,
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

/// What an administrator may change about someone: each button on the page
/// posts one `action`, with a role where it needs one.
async fn apply(
    state: &AppState,
    actor: &domain::Actor,
    (organisation_id, person_id): (i32, i32),
    form: &ChangeForm,
) -> Result<&'static str, DomainError> {
    let ctx = &state.ctx;
    // Only someone who may see them here may change them.
    staff_member(ctx, actor, organisation_id, person_id).await?;
    match form.action.as_str() {
        "give-role" => {
            let role = chosen_role(&form.role)?;
            give_role(ctx, actor, organisation_id, person_id, role).await?;
            Ok("role-given")
        }
        "take-role" => {
            let role = chosen_role(&form.role)?;
            take_role(ctx, actor, organisation_id, person_id, role).await?;
            Ok("role-taken")
        }
        "remove" => {
            remove_from_organisation(ctx, actor, organisation_id, person_id).await?;
            Ok("removed")
        }
        "lock" => {
            lock_account(ctx, actor, person_id, &form.reason).await?;
            Ok("locked")
        }
        "unlock" => {
            unlock_account(ctx, actor, person_id).await?;
            Ok("unlocked")
        }
        _ => Err(DomainError::invalid("account", "Choose what to change")),
    }
}

#[post("/admin/organisations/{organisation}/people/{person}")]
pub async fn change(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    form: web::Form<ChangeForm>,
) -> Result<HttpResponse, PageError> {
    let ids = *ids;
    let actor = actor(&req);
    match apply(&state, &actor, ids, &form).await {
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
            let section = if form.action.ends_with("role") {
                "roles"
            } else {
                "account"
            };
            let errors = FormErrors::one(section, message);
            person_page(&state, &req, ids, None, (errors, form.reason.clone())).await
        }
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            person_page(&state, &req, ids, None, (errors, form.reason.clone())).await
        }
    }
}
