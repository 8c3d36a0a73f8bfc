//! `/carers/services/{id}/delegated-authority`: the service's list of
//! day-to-day decisions its carers take by default, which its fostering
//! team managers extend and retire.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::carers::{Area, ListedDecision, add_decision, decision_list, set_decision_retired};

use super::super::forms::{FormErrors, Pick, pairs, picks, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "carers/decision_list.html")]
struct ListPage {
    shell: Shell,
    errors: FormErrors,
    done: Option<&'static str>,
    organisation_id: i32,
    areas: Vec<(Area, Vec<ListedDecision>)>,
    area_choices: Vec<Pick>,
}

async fn list_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    done: Option<&'static str>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let listed = decision_list(&state.ctx, &actor(req), id).await?;
    let areas = Area::ALL
        .iter()
        .map(|area| {
            (
                *area,
                listed
                    .iter()
                    .filter(|d| d.decision.area == *area)
                    .cloned()
                    .collect(),
            )
        })
        .collect();
    let (shell, status) = Shell::for_form(state, req, Section::Carers, &errors);
    render(
        status,
        &ListPage {
            shell,
            errors,
            done,
            organisation_id: id,
            areas,
            area_choices: picks(Area::ALL, Area::as_str, Area::label, ""),
        },
    )
}

#[get("/carers/services/{id}/delegated-authority")]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "added" => Some("The decision is on the list: every child's carers may take it."),
        "retired" => Some("The decision is off the list."),
        "restored" => Some("The decision is back on the list."),
        _ => None,
    };
    list_page(&state, &req, *id, done, FormErrors::default()).await
}

#[post("/carers/services/{id}/delegated-authority")]
pub async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let area = Area::parse(value(&form, "area"));
    match add_decision(&state.ctx, &actor(&req), id, area, value(&form, "decision")).await {
        Ok(_) => Ok(see_other(&format!(
            "/carers/services/{id}/delegated-authority?done=added"
        ))
        .finish()),
        Err(error @ DomainError::InvalidInput(_)) => {
            list_page(&state, &req, id, None, FormErrors::from_domain(error)?).await
        }
        Err(error) => Err(error.into()),
    }
}

#[post("/carers/services/{id}/delegated-authority/{key}/retire")]
pub async fn retire(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, key) = path.into_inner();
    set_decision_retired(&state.ctx, &actor(&req), id, &key, true).await?;
    Ok(see_other(&format!(
        "/carers/services/{id}/delegated-authority?done=retired"
    ))
    .finish())
}

#[post("/carers/services/{id}/delegated-authority/{key}/restore")]
pub async fn restore(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, key) = path.into_inner();
    set_decision_retired(&state.ctx, &actor(&req), id, &key, false).await?;
    Ok(see_other(&format!(
        "/carers/services/{id}/delegated-authority?done=restored"
    ))
    .finish())
}
