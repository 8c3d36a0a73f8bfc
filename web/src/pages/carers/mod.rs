//! `/carers`: the carer households a supervising social worker supervises,
//! or a fostering team manager's service holds, review due soonest first,
//! and each household's record, reviews and leaving.

mod decision_list;
mod leaving;
mod placements;
mod record;
mod review;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::carers::{
    CarerHousehold, WorkerChoice, carer_households, give_supervising_social_worker, worker_choice,
};

use domain::accounts::organisations_by_id;
use domain::policy::Permission;

use super::forms::{FormErrors, Pick, pairs, see_other, value};
use super::pagination::{page_links, page_number, page_request};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "carers/list.html")]
struct CarersPage {
    shell: Shell,
    /// Listing the households that left, not those approved now.
    left: bool,
    /// The services whose leaving reasons the reader keeps, by id and name.
    reason_lists: Vec<(i32, String)>,
    households: Vec<CarerHousehold>,
    total: String,
    page_number: u32,
    previous_href: Option<String>,
    next_href: Option<String>,
}

impl CarersPage {
    fn day(&self, day: &chrono::NaiveDate) -> String {
        day.format("%-d %B %Y").to_string()
    }

    fn terms(&self, household: &CarerHousehold) -> String {
        terms_label(household)
    }
}

/// The terms as a person says them: "2 children, aged 8 to 17: Teenagers,
/// Long-term fostering".
fn terms_label(household: &CarerHousehold) -> String {
    match &household.terms {
        None => "Temporarily approved for one child".to_owned(),
        Some(terms) => {
            let kinds: Vec<&str> = terms.kinds.iter().map(|k| k.label()).collect();
            let children = if terms.children == 1 {
                "1 child".to_owned()
            } else {
                format!("{} children", terms.children)
            };
            format!(
                "{children}, aged {} to {}: {}",
                terms.age_from,
                terms.age_to,
                kinds.join(", ")
            )
        }
    }
}

#[get("/carers")]
pub async fn carers_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let actor = actor(&req);
    let left = value(&query, "left") == "yes";
    let listed = carer_households(&state.ctx, &actor, left, &page_request(&query)).await?;
    // The services whose list of leaving reasons the reader keeps.
    let managed = actor.organisations_where(Permission::ManageCarerHouseholds);
    let reason_lists = organisations_by_id(&state.ctx, &managed)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let (previous_href, next_href) = page_links(&listed, "/carers", &query);
    let total = if listed.more_than_total {
        format!("More than {}", listed.total_count)
    } else {
        listed.total_count.to_string()
    };
    render(
        StatusCode::OK,
        &CarersPage {
            shell: Shell::new(&state, &req, Section::Carers),
            left,
            reason_lists,
            households: listed.items.into_iter().map(|(_, h)| h).collect(),
            total,
            page_number: page_number(&query),
            previous_href,
            next_href,
        },
    )
}

#[derive(Template)]
#[template(path = "carers/worker.html")]
struct WorkerPage {
    shell: Shell,
    errors: FormErrors,
    choice: WorkerChoice,
    workers: Vec<Pick>,
}

fn worker_page(
    state: &AppState,
    req: &HttpRequest,
    choice: WorkerChoice,
    chosen: Option<i32>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let (shell, status) = Shell::for_form(state, req, Section::Carers, &errors);
    let workers = choice
        .workers
        .iter()
        .map(|w| Pick {
            value: w.person_id.to_string(),
            label: w.name.clone(),
            selected: chosen == Some(w.person_id),
        })
        .collect();
    render(
        status,
        &WorkerPage {
            shell,
            errors,
            choice,
            workers,
        },
    )
}

#[get("/carers/{id}/supervising-social-worker")]
pub async fn worker_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let choice = worker_choice(&state.ctx, &actor(&req), id.into_inner()).await?;
    let current = choice.current;
    worker_page(&state, &req, choice, current, FormErrors::default())
}

#[post("/carers/{id}/supervising-social-worker")]
pub async fn give_worker(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let actor = actor(&req);
    let chosen = value(&pairs(&body), "supervising_social_worker")
        .parse::<i32>()
        .ok();
    match give_supervising_social_worker(&state.ctx, &actor, id, chosen).await {
        Ok(()) => Ok(see_other(&format!("/carers/{id}?done=given")).finish()),
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            let choice = worker_choice(&state.ctx, &actor, id).await?;
            worker_page(&state, &req, choice, chosen, errors)
        }
    }
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(carers_page)
        .service(decision_list::list)
        .service(decision_list::add)
        .service(decision_list::retire)
        .service(decision_list::restore)
        .service(leaving::reasons_page)
        .service(leaving::add_reason)
        .service(leaving::retire_reason)
        .service(record::record_page)
        .service(worker_form)
        .service(give_worker)
        .service(review::review_form)
        .service(review::review_sent)
        .service(leaving::leaving_form)
        .service(leaving::leaving_sent)
        .service(placements::place_form)
        .service(placements::place_sent)
        .service(placements::end_form)
        .service(placements::end_sent)
        .service(placements::exemption_form)
        .service(placements::exemption_sent);
}
