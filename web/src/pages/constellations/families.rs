//! `/constellations/{id}/families/new` and `.../families/{member}/leaving`:
//! a fostering team manager records a family joining the constellation
//! (or a new hub home, when it has none) and a family leaving it.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::constellations::{
    ConstellationRecord, Family, FamilyJoining, FamilyLeaving, add_family, constellation_choices,
    constellation_record, family_leaves,
};

use super::super::date_time::DateBoxes;
use super::super::forms::{FormErrors, Pick, Typed, pairs, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "constellations/join.html")]
struct JoinPage {
    shell: Shell,
    errors: FormErrors,
    record: ConstellationRecord,
    households: Vec<Pick>,
    joined_on: DateBoxes,
    typed: Typed,
}

async fn managed(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
) -> Result<ConstellationRecord, PageError> {
    let record = constellation_record(&state.ctx, &actor(req), id).await?;
    if record.reader_manages {
        Ok(record)
    } else {
        Err(DomainError::NotFound.into())
    }
}

async fn join_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let record = managed(state, req, id).await?;
    let choices = constellation_choices(&state.ctx, &actor(req), record.organisation_id).await?;
    let chosen = value(&typed, "carer_household").to_owned();
    let (shell, status) = Shell::for_form(state, req, Section::Constellations, &errors);
    render(
        status,
        &JoinPage {
            shell,
            errors,
            households: choices
                .households
                .iter()
                .map(|(id, name)| Pick {
                    value: id.to_string(),
                    label: name.clone(),
                    selected: id.to_string() == chosen,
                })
                .collect(),
            joined_on: DateBoxes::from_form(&typed, "joined_on"),
            record,
            typed: Typed(typed),
        },
    )
}

#[get("/constellations/{id}/families/new")]
pub async fn join_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    join_page(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/constellations/{id}/families/new")]
pub async fn join_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let joined_on = DateBoxes::from_form(&form, "joined_on").date("joined_on", "joining");
    let input = FamilyJoining {
        carer_household_id: value(&form, "carer_household").parse().ok(),
        joined_on: joined_on.as_ref().ok().copied(),
        reason: value(&form, "reason").to_owned(),
        as_hub: value(&form, "as_hub") == "yes",
    };
    match add_family(&state.ctx, &actor(&req), id, &input).await {
        Ok(()) => Ok(see_other(&format!("/constellations/{id}?done=joined")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?.reading(joined_on.err());
            join_page(&state, &req, id, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "constellations/leaving.html")]
struct LeavingPage {
    shell: Shell,
    errors: FormErrors,
    record: ConstellationRecord,
    family: Family,
    left_on: DateBoxes,
    typed: Typed,
}

async fn leaving_page(
    state: &AppState,
    req: &HttpRequest,
    (id, member): (i32, i32),
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let record = managed(state, req, id).await?;
    let family = record
        .families
        .iter()
        .chain(&record.hub)
        .find(|f| f.member_id == member)
        .cloned()
        .ok_or(DomainError::NotFound)?;
    let (shell, status) = Shell::for_form(state, req, Section::Constellations, &errors);
    render(
        status,
        &LeavingPage {
            shell,
            errors,
            family,
            record,
            left_on: DateBoxes::from_form(&typed, "left_on"),
            typed: Typed(typed),
        },
    )
}

#[get("/constellations/{id}/families/{member}/leaving")]
pub async fn leaving_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, PageError> {
    leaving_page(&state, &req, *path, Vec::new(), FormErrors::default()).await
}

#[post("/constellations/{id}/families/{member}/leaving")]
pub async fn leaving_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, member) = *path;
    let form = pairs(&body);
    let left_on = DateBoxes::from_form(&form, "left_on").date("left_on", "leaving");
    let input = FamilyLeaving {
        left_on: left_on.as_ref().ok().copied(),
        reason: value(&form, "reason").to_owned(),
    };
    match family_leaves(&state.ctx, &actor(&req), id, member, &input).await {
        Ok(()) => Ok(see_other(&format!("/constellations/{id}?done=left")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?.reading(left_on.err());
            leaving_page(&state, &req, (id, member), form, errors).await
        }
    }
}
