//! `/kinship/facilitate`: the groups a facilitator runs and an
//! administrator oversees, and the one form that sets a group up
//! (`/kinship/groups/new`) or changes it (`/kinship/groups/{id}/change`).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::accounts::organisations_by_id;
use domain::geography::{LocalAuthorityFilter, list_local_authorities, list_regions};
use domain::kinship::{
    ForWhom, GroupFormat, GroupInput, RunGroup, STANDARD_AGREEMENT, Serves, change_group,
    facilitators_to_choose, group_as_entered, groups_run, set_up_group,
};
use domain::pagination::PageRequest;
use domain::policy::Permission;

use super::super::forms::{FormErrors, Pick, Typed, pairs, picks, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(facilitate_page)
        .service(new_group_form)
        .service(new_group_sent)
        .service(change_form)
        .service(change_sent);
}

#[derive(Template)]
#[template(path = "kinship_groups/facilitate.html")]
struct FacilitatePage {
    shell: Shell,
    groups: Vec<RunGroup>,
    may_set_up: bool,
    oversees: bool,
}

#[get("/kinship/facilitate")]
pub async fn facilitate_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let reader = actor(&req);
    let groups = groups_run(&state.ctx, &reader).await?;
    render(
        actix_web::http::StatusCode::OK,
        &FacilitatePage {
            shell: Shell::new(&state, &req, Section::KinshipGroups),
            groups,
            may_set_up: reader.may_anywhere(Permission::FacilitateKinshipGroups),
            oversees: reader.may_anywhere(Permission::OverseeKinshipGroups),
        },
    )
}

#[derive(Template)]
#[template(path = "kinship_groups/group_form.html")]
struct GroupForm {
    shell: Shell,
    errors: FormErrors,
    /// None when setting one up.
    group: Option<(i32, String)>,
    organisations: Vec<Pick>,
    formats: Vec<Pick>,
    for_whom: Vec<Pick>,
    serves: Vec<Pick>,
    regions: Vec<Pick>,
    authorities: Vec<Pick>,
    facilitators: Vec<Pick>,
    children_welcome: bool,
    typed: Typed,
    standard_agreement: &'static str,
}

/// The group being changed (id, name and organisation), or none when
/// setting one up.
type Changing = Option<(i32, String, i32)>;

async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    changing: Changing,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let group = changing.as_ref().map(|(id, name, _)| (*id, name.clone()));
    let reader = actor(req);
    let own = reader.organisations_where(Permission::FacilitateKinshipGroups);
    if own.is_empty() {
        return Err(reader.refusal().into());
    }
    let organisations = organisations_by_id(&state.ctx, &own).await?;
    let chosen = value(&typed, "organisation");
    let organisation_picks: Vec<Pick> = organisations
        .iter()
        .map(|o| Pick {
            value: o.id.to_string(),
            label: o.name.clone(),
            selected: chosen == o.id.to_string() || organisations.len() == 1,
        })
        .collect();
    // A group's facilitators come from its own organisation; a new one's
    // from the facilitator's, when they have one.
    let facilitators = match (&changing, own.as_slice()) {
        (Some((_, _, organisation)), _) | (None, [organisation]) => {
            facilitators_to_choose(&state.ctx, &reader, *organisation).await?
        }
        (None, _) => Vec::new(),
    };
    let ticked: Vec<&str> = typed
        .iter()
        .filter(|(k, _)| k == "facilitators")
        .map(|(_, v)| v.as_str())
        .collect();
    let me = reader.person_id().unwrap_or_default().to_string();
    let facilitator_picks = facilitators
        .into_iter()
        .map(|(id, name)| Pick {
            selected: ticked.contains(&id.to_string().as_str())
                || (ticked.is_empty() && id.to_string() == me),
            value: id.to_string(),
            label: name,
        })
        .collect();
    let regions = list_regions(&state.ctx, &reader).await?;
    let authorities = list_local_authorities(
        &state.ctx,
        &reader,
        &LocalAuthorityFilter::default(),
        &PageRequest::first(500),
    )
    .await?;
    let served: Vec<&str> = typed
        .iter()
        .filter(|(k, _)| k == "authorities")
        .map(|(_, v)| v.as_str())
        .collect();
    let (shell, status) = Shell::for_form(state, req, Section::KinshipGroups, &errors);
    let online_areas: &'static [Serves] = &[Serves::National, Serves::Region, Serves::Authorities];
    render(
        status,
        &GroupForm {
            shell,
            errors,
            group,
            organisations: organisation_picks,
            formats: picks(
                GroupFormat::ALL,
                GroupFormat::as_str,
                GroupFormat::label,
                value(&typed, "format"),
            ),
            for_whom: picks(
                ForWhom::ALL,
                ForWhom::as_str,
                ForWhom::label,
                value(&typed, "for_whom"),
            ),
            serves: picks(
                online_areas,
                Serves::as_str,
                Serves::label,
                value(&typed, "serves"),
            ),
            regions: regions
                .into_iter()
                .map(|r| Pick {
                    selected: value(&typed, "region") == r.gss_code,
                    value: r.gss_code,
                    label: r.name,
                })
                .collect(),
            authorities: authorities
                .items
                .into_iter()
                .map(|(_, a)| Pick {
                    selected: served.contains(&a.gss_code.as_str()),
                    value: a.gss_code,
                    label: a.name,
                })
                .collect(),
            facilitators: facilitator_picks,
            children_welcome: value(&typed, "children_welcome") == "yes",
            typed: Typed(typed),
            standard_agreement: STANDARD_AGREEMENT,
        },
    )
}

fn group_from(form: &[(String, String)], organisation_id: i32) -> GroupInput {
    let all = |key: &str| -> Vec<String> {
        form.iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    };
    GroupInput {
        organisation_id,
        name: value(form, "name").to_owned(),
        about: value(form, "about").to_owned(),
        format: GroupFormat::parse(value(form, "format")),
        for_whom: ForWhom::parse(value(form, "for_whom")),
        children_welcome: value(form, "children_welcome") == "yes",
        venue: value(form, "venue").to_owned(),
        postcode: value(form, "postcode").to_owned(),
        joining_link: value(form, "joining_link").to_owned(),
        serves: Serves::parse(value(form, "serves")),
        region: value(form, "region").to_owned(),
        authorities: all("authorities"),
        agreement: value(form, "agreement").to_owned(),
        facilitators: all("facilitators")
            .iter()
            .filter_map(|id| id.parse().ok())
            .collect(),
    }
}

#[get("/kinship/groups/new")]
pub async fn new_group_form(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    form_page(&state, &req, None, Vec::new(), FormErrors::default()).await
}

#[post("/kinship/groups/new")]
pub async fn new_group_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let reader = actor(&req);
    let own = reader.organisations_where(Permission::FacilitateKinshipGroups);
    let organisation = match own.as_slice() {
        [only] => Some(*only),
        _ => value(&form, "organisation").parse().ok(),
    };
    let Some(organisation) = organisation else {
        let errors = FormErrors::one("organisation", "Choose the organisation that runs it");
        return form_page(&state, &req, None, form, errors).await;
    };
    match set_up_group(&state.ctx, &reader, &group_from(&form, organisation)).await {
        Ok(id) => Ok(see_other(&format!("/kinship/groups/{id}/sessions/new?done=set-up")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            form_page(&state, &req, None, form, errors).await
        }
    }
}

/// The group as its form shows it, for changing.
async fn as_typed(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
) -> Result<(Changing, Vec<(String, String)>), PageError> {
    let stored = group_as_entered(&state.ctx, &actor(req), id).await?;
    let mut typed = vec![
        ("name".to_owned(), stored.name.clone()),
        ("about".to_owned(), stored.about),
        ("venue".to_owned(), stored.venue),
        ("postcode".to_owned(), stored.postcode),
        ("joining_link".to_owned(), stored.joining_link),
        ("region".to_owned(), stored.region),
        ("agreement".to_owned(), stored.agreement),
    ];
    if let Some(format) = stored.format {
        typed.push(("format".into(), format.as_str().into()));
    }
    if let Some(for_whom) = stored.for_whom {
        typed.push(("for_whom".into(), for_whom.as_str().into()));
    }
    if let Some(serves) = stored.serves {
        typed.push(("serves".into(), serves.as_str().into()));
    }
    if stored.children_welcome {
        typed.push(("children_welcome".into(), "yes".into()));
    }
    typed.extend(
        stored
            .authorities
            .into_iter()
            .map(|a| ("authorities".into(), a)),
    );
    typed.extend(
        stored
            .facilitators
            .into_iter()
            .map(|f| ("facilitators".into(), f.to_string())),
    );
    Ok((Some((id, stored.name, stored.organisation_id)), typed))
}

#[get("/kinship/groups/{id}/change")]
pub async fn change_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let (changing, typed) = as_typed(&state, &req, *id).await?;
    form_page(&state, &req, changing, typed, FormErrors::default()).await
}

#[post("/kinship/groups/{id}/change")]
pub async fn change_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    match change_group(&state.ctx, &actor(&req), *id, &group_from(&form, 0)).await {
        Ok(()) => Ok(see_other(&format!("/kinship/groups/{}?done=changed", *id)).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            let (changing, _) = as_typed(&state, &req, *id).await?;
            form_page(&state, &req, changing, form, errors).await
        }
    }
}
