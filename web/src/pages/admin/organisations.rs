//! Setting up an organisation, and an organisation's page: its areas, its
//! people, and inviting more.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::accounts::{
    AccountStatus, NewOrganisation, NewStaffMember, OrganisationDetails, OrganisationKind, Role,
    StaffInvitation, StaffMember, create_organisation, invite_staff, organisation_details,
    organisation_people, set_served_local_authorities, waiting_invitations,
};
use domain::geography::{LocalAuthority, authorities_to_serve};
use domain::policy::Permission;
use serde::Deserialize;

use super::{Done, RoleOption, role_options};
use crate::pages::forms::{FormErrors, pairs, see_other};
use crate::pages::pagination::{page_links, page_request};
use crate::pages::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

struct AreaOption {
    /// The first box is `local_authorities`, where the error summary links.
    input_id: String,
    gss_code: String,
    name: String,
    checked: bool,
}

struct RegionGroup {
    name: String,
    areas: Vec<AreaOption>,
}

impl RegionGroup {
    /// Shown open when something in it is ticked.
    fn any_checked(&self) -> bool {
        self.areas.iter().any(|area| area.checked)
    }
}

#[derive(Template)]
#[template(path = "admin/new_organisation.html")]
struct NewOrganisationPage {
    shell: Shell,
    errors: FormErrors,
    kind: String,
    name: String,
    regions: Vec<RegionGroup>,
}

/// The form's fields; the checkboxes repeat `local_authorities`.
#[derive(Default)]
pub struct OrganisationForm {
    kind: String,
    name: String,
    local_authorities: Vec<String>,
}

impl OrganisationForm {
    /// Read from the urlencoded body, where a checkbox list repeats its name.
    fn parse(body: &[u8]) -> Self {
        let mut form = Self::default();
        for (key, value) in url::form_urlencoded::parse(body) {
            match key.as_ref() {
                "kind" => form.kind = value.into_owned(),
                "name" => form.name = value.into_owned(),
                "local_authorities" => form.local_authorities.push(value.into_owned()),
                _ => {}
            }
        }
        form
    }
}

/// Every local authority, by region, to tick those an RCC serves.
fn area_choices(authorities: Vec<LocalAuthority>, checked: &[String]) -> Vec<RegionGroup> {
    let mut regions: Vec<RegionGroup> = Vec::new();
    for la in authorities {
        let first = regions.is_empty();
        let option = AreaOption {
            input_id: if first {
                "local_authorities".to_owned()
            } else {
                format!("la-{}", la.gss_code)
            },
            checked: checked.contains(&la.gss_code),
            gss_code: la.gss_code,
            name: la.name,
        };
        match regions.last_mut() {
            Some(group) if group.name == la.region.name => group.areas.push(option),
            _ => regions.push(RegionGroup {
                name: la.region.name,
                areas: vec![option],
            }),
        }
    }
    regions
}

async fn new_organisation_page(
    state: &AppState,
    req: &HttpRequest,
    form: OrganisationForm,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let authorities = authorities_to_serve(&state.ctx, &actor(req)).await?;
    let regions = area_choices(authorities, &form.local_authorities);
    let (shell, status) = Shell::for_form(state, req, Section::Admin, &errors);
    let page = NewOrganisationPage {
        shell,
        errors,
        kind: form.kind,
        name: form.name,
        regions,
    };
    render(status, &page)
}

#[get("/admin/organisations/new")]
pub async fn new_organisation(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let form = OrganisationForm {
        kind: OrganisationKind::RegionalCareCooperative
            .as_str()
            .to_owned(),
        ..OrganisationForm::default()
    };
    new_organisation_page(&state, &req, form, FormErrors::default()).await
}

#[post("/admin/organisations")]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = OrganisationForm::parse(&body);
    let input = NewOrganisation {
        // An unknown kind is refused by the use case, like the national
        // programme would be.
        kind: OrganisationKind::parse(&form.kind).unwrap_or(OrganisationKind::NationalProgramme),
        name: form.name.clone(),
        local_authorities: form.local_authorities.clone(),
    };
    match create_organisation(&state.ctx, &actor(&req), &input).await {
        Ok(id) => Ok(see_other(&format!("/admin/organisations/{id}?done=created")).finish()),
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            new_organisation_page(&state, &req, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "admin/organisation.html")]
struct OrganisationPage {
    shell: Shell,
    done: Option<&'static str>,
    errors: FormErrors,
    details: OrganisationDetails,
    people: Vec<StaffMember>,
    /// Everyone who holds a role here, on every page.
    people_count: u64,
    previous_href: Option<String>,
    next_href: Option<String>,
    /// Invitations still waiting for an answer, as they were typed.
    invitations: Vec<StaffInvitation>,
    roles: Vec<RoleOption>,
    email: String,
    name: String,
    /// An administrator of the national programme, who may change the areas.
    national: bool,
}

impl OrganisationPage {
    /// The day an invitation lapses, as people in England read it.
    fn until(&self, invitation: &StaffInvitation) -> String {
        invitation
            .expires_at
            .with_timezone(&chrono_tz::Europe::London)
            .format("%-d %B %Y")
            .to_string()
    }
}

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

async fn organisation_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    done: Option<&'static str>,
    form: Option<&InviteForm>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let query = pairs(req.query_string().as_bytes());
    let listed = organisation_people(&state.ctx, &actor, id, &page_request(&query)).await?;
    let (previous_href, next_href) =
        page_links(&listed, &format!("/admin/organisations/{id}"), &query);
    let people_count = listed.total_count;
    let people = listed.items.into_iter().map(|(_, person)| person).collect();
    let invitations = waiting_invitations(&state.ctx, &actor, id).await?;
    let details = organisation_details(&state.ctx, id).await?;
    let mut roles = role_options(details.organisation.kind, true);
    for option in &mut roles {
        option.selected = form.is_some_and(|f| f.role == option.value);
    }
    let (shell, status) = Shell::for_form(state, req, Section::Admin, &errors);
    let page = OrganisationPage {
        shell,
        done,
        errors,
        details,
        people,
        people_count,
        previous_href,
        next_href,
        invitations,
        roles,
        national: actor.require_anywhere(Permission::AdministerHearth).is_ok(),
        email: form.map(|f| f.email.trim().to_owned()).unwrap_or_default(),
        name: form.map(|f| f.name.trim().to_owned()).unwrap_or_default(),
    };
    render(status, &page)
}

#[get("/admin/organisations/{id}")]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    done: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    organisation_page(
        &state,
        &req,
        *id,
        done.message(),
        None,
        FormErrors::default(),
    )
    .await
}

#[post("/admin/organisations/{id}/invitations")]
pub async fn invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: web::Form<InviteForm>,
) -> Result<HttpResponse, PageError> {
    let input = NewStaffMember {
        organisation_id: *id,
        email: form.email.clone(),
        name: form.name.clone(),
        role: Role::parse(&form.role),
    };
    match invite_staff(&state.ctx, &actor(&req), &input).await {
        Ok(_) => Ok(see_other(&format!("/admin/organisations/{id}?done=invited")).finish()),
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            organisation_page(&state, &req, *id, None, Some(&form), errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "admin/areas.html")]
struct AreasPage {
    shell: Shell,
    errors: FormErrors,
    details: OrganisationDetails,
    regions: Vec<RegionGroup>,
}

async fn areas_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    checked: Option<Vec<String>>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    // Asked first: an organisation's details are for those who may change them.
    let authorities = authorities_to_serve(&state.ctx, &actor(req)).await?;
    let details = organisation_details(&state.ctx, id).await?;
    let checked = checked.unwrap_or_else(|| {
        details
            .local_authorities
            .iter()
            .map(|(code, _)| code.clone())
            .collect()
    });
    let regions = area_choices(authorities, &checked);
    let (shell, status) = Shell::for_form(state, req, Section::Admin, &errors);
    let page = AreasPage {
        shell,
        errors,
        details,
        regions,
    };
    render(status, &page)
}

#[get("/admin/organisations/{id}/areas")]
pub async fn areas(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    areas_page(&state, &req, *id, None, FormErrors::default()).await
}

#[post("/admin/organisations/{id}/areas")]
pub async fn set_areas(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = OrganisationForm::parse(&body);
    match set_served_local_authorities(&state.ctx, &actor(&req), *id, &form.local_authorities).await
    {
        Ok(()) => Ok(see_other(&format!("/admin/organisations/{id}?done=areas")).finish()),
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            areas_page(&state, &req, *id, Some(form.local_authorities), errors).await
        }
    }
}
