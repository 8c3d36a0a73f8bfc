//! Jobs that failed as often as they may, and retrying them: for the
//! national programme's administrators.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::jobs::{DeadJob, list_dead_jobs, retry_job};
use domain::search::drift::{IndexCheck, last_index_checks};

use super::Done;
use crate::pages::forms::see_other;
use crate::pages::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "admin/jobs.html")]
struct JobsPage {
    shell: Shell,
    done: Option<&'static str>,
    jobs: Vec<DeadJob>,
    /// The last comparison of each search index with the database.
    checks: Vec<IndexCheck>,
}

#[get("/admin/jobs")]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    done: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let reader = actor(&req);
    let jobs = list_dead_jobs(&state.ctx, &reader).await?;
    let checks = last_index_checks(&state.ctx, &reader).await?;
    let page = JobsPage {
        shell: Shell::new(&state, &req, Section::Admin),
        done: done.message(),
        jobs,
        checks,
    };
    render(StatusCode::OK, &page)
}

#[post("/admin/jobs/{id}/retry")]
pub async fn retry(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    retry_job(&state.ctx, &actor(&req), *id).await?;
    Ok(see_other("/admin/jobs?done=retried").finish())
}
