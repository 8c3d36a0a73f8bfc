//! Jobs that failed as often as they may, and retrying them: for the
//! national programme's administrators.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::jobs::{DeadJob, list_dead_jobs, retry_job};

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
}

#[get("/admin/jobs")]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    done: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let jobs = list_dead_jobs(&state.ctx, &actor(&req)).await?;
    let page = JobsPage {
        shell: Shell::new(&state, &req, Section::Admin),
        done: done.message(),
        jobs,
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
