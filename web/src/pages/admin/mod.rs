//! Administration: organisations, their people and API tokens, and jobs
//! that failed. Every page asks the same use cases GraphQL does, which
//! decide who may see and do what.

mod access_log;
mod api_tokens;
mod bank_holidays;
mod carer_import;
mod jobs;
mod organisations;
mod people;

use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::accounts::{OrganisationKind, OrganisationSummary, Role, administered_organisations};
use domain::policy::Permission;
use domain::{Actor, DomainError};
use serde::Deserialize;

use super::forms::FormErrors;
use super::forms::pairs;
use super::pagination::{PAGE_SIZE, page_links, page_request};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;
use domain::pagination::PageRequest;

/// Every administration route.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(home)
        .service(organisations::new_organisation)
        .service(organisations::create)
        .service(organisations::show)
        .service(organisations::invite)
        .service(organisations::areas)
        .service(organisations::set_areas)
        .service(people::show)
        .service(people::give)
        .service(people::take)
        .service(people::remove)
        .service(people::lock)
        .service(people::unlock)
        .service(access_log::show)
        .service(api_tokens::list)
        .service(api_tokens::create)
        .service(api_tokens::revoke)
        .service(bank_holidays::list)
        .service(bank_holidays::change)
        .service(bank_holidays::remove)
        .service(jobs::list)
        .service(jobs::retry)
        .service(carer_import::form)
        .service(carer_import::upload);
}

/// A role to choose in a form.
pub struct RoleOption {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// The roles someone may hold in an organisation of `kind`, administrator
/// too unless `administrator` is false.
fn role_options(kind: OrganisationKind, administrator: bool) -> Vec<RoleOption> {
    options(Role::fitting(kind).filter(|role| administrator || *role != Role::Administrator))
}

/// These roles as a select's options.
fn options(roles: impl Iterator<Item = Role>) -> Vec<RoleOption> {
    roles
        .map(|role| RoleOption {
            value: role.as_str(),
            label: role.label(),
            selected: false,
        })
        .collect()
}

/// What a form's role field named, if it is a role.
fn chosen_role(value: &str) -> Result<Role, DomainError> {
    Role::parse(value).ok_or_else(|| DomainError::invalid("role", "Select a role"))
}

/// After a change, the page it redirects to says what was done.
#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

impl Done {
    fn message(&self) -> Option<&'static str> {
        Some(match self.done.as_deref()? {
            "invited" => "Invitation sent: the role is theirs once they accept",
            "role-given" => "Role given",
            "role-taken" => "Role taken away",
            "removed" => "Removed from this organisation: their roles here have gone",
            "locked" => "Account locked: it cannot sign in",
            "unlocked" => "Account unlocked: it can sign in again",
            "revoked" => "Token revoked: it no longer works",
            "retried" => "The job will run again shortly",
            "created" => "Organisation set up",
            "areas" => "Local authorities served changed",
            _ => return None,
        })
    }
}

#[derive(Template)]
#[template(path = "admin/home.html")]
struct HomePage {
    shell: Shell,
    errors: FormErrors,
    /// What the name search asked for.
    named: String,
    page_number: u32,
    organisations: Vec<OrganisationSummary>,
    total_count: u64,
    previous_href: Option<String>,
    next_href: Option<String>,
    national: bool,
}

fn is_national_administrator(actor: &Actor) -> bool {
    actor.require_anywhere(Permission::AdministerHearth).is_ok()
}

#[get("/admin")]
async fn home(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    let query = pairs(req.query_string().as_bytes());
    let named = super::forms::value(&query, "name");
    let national = is_national_administrator(&actor);
    let (listed, errors) =
        match administered_organisations(&state.ctx, &actor, named, &page_request(&query)).await {
            Ok(listed) => (listed, FormErrors::default()),
            Err(error @ DomainError::InvalidInput(_)) => {
                let page = PageRequest::first(PAGE_SIZE as u64);
                let all = administered_organisations(&state.ctx, &actor, "", &page).await?;
                (all, FormErrors::from_domain(error)?)
            }
            Err(other) => return Err(other.into()),
        };
    if !actor.may_anywhere(Permission::AdministerOrganisation) {
        return Err(actor.refusal().into());
    }
    let (previous_href, next_href) = page_links(&listed, "/admin", &query);
    let (shell, status) = Shell::for_form(&state, &req, Section::Admin, &errors);
    let page = HomePage {
        shell,
        errors,
        named: named.to_owned(),
        page_number: super::pagination::page_number(&query),
        total_count: listed.total_count,
        organisations: listed.items.into_iter().map(|(_, o)| o).collect(),
        previous_href,
        next_href,
        national,
    };
    render(status, &page)
}
