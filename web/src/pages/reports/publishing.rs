//! `/reports/publishing`: whose figures the public statistics show, decided
//! by those who run each organisation's recruitment (the national
//! programme's decides for England's regions).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::reporting::{Publisher, publishers, set_published};

use super::super::forms::{pairs, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use super::{ReportLink, report_links};
use crate::server::AppState;

pub const TITLE: &str = "Publishing";

#[derive(Template)]
#[template(path = "reports/publishing.html")]
struct PublishingPage {
    shell: Shell,
    reports: Vec<ReportLink>,
    publishers: Vec<Publisher>,
    done: Option<&'static str>,
}

#[get("/reports/publishing")]
pub async fn publishing_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    actor.require_signed_in()?;
    let found = publishers(&state.ctx, &actor).await?;
    if found.is_empty() {
        return Err(actor.refusal().into());
    }
    let query = pairs(req.query_string().as_bytes());
    let page = PublishingPage {
        shell: Shell::new(&state, &req, Section::Reports),
        reports: report_links(&actor, "", TITLE),
        publishers: found,
        done: match value(&query, "done") {
            "published" => Some("Figures published"),
            "withdrawn" => Some("Figures no longer published"),
            _ => None,
        },
    };
    render(StatusCode::OK, &page)
}

#[post("/reports/publishing/{organisation}")]
pub async fn publish(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    let form = pairs(&body);
    // The buttons send one of two values: anything else was not sent by
    // this page.
    let published = match value(&form, "published") {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(DomainError::invalid("published", "Choose whether to publish").into());
        }
    };
    set_published(&state.ctx, &actor, *path, published).await?;
    let done = if published { "published" } else { "withdrawn" };
    Ok(see_other(&format!("/reports/publishing?done={done}")).finish())
}
