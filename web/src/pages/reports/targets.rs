//! `/reports/targets`: this financial year's approvals against England's
//! target and each service's, with the run rate and the forecast; and the
//! form that sets a target, for those who run the organisation's
//! recruitment.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::figures::grouped;
use domain::reporting::{TargetLine, set_target, targets_report};

use super::super::forms::{FormErrors, pairs, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use super::{ReportLink, report_links};
use crate::server::AppState;

pub const TITLE: &str = "Targets";

#[derive(Template)]
#[template(path = "reports/targets.html")]
struct TargetsPage {
    shell: Shell,
    reports: Vec<ReportLink>,
    first: String,
    last: String,
    lines: Vec<TargetLine>,
    /// Where each line's target is set, for those that may set it.
    set_at: Vec<Option<String>>,
    done: bool,
}

impl TargetsPage {
    fn target(&self, line: &TargetLine) -> String {
        line.target
            .map_or_else(|| "Not set".to_owned(), |t| grouped(u64::from(t)))
    }
}

fn day(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[get("/reports/targets")]
pub async fn targets_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    actor.require_signed_in()?;
    let report = targets_report(&state.ctx, &actor).await?;
    let query = pairs(req.query_string().as_bytes());
    let national =
        domain::accounts::national_programme_id(&state.ctx, &domain::Actor::System).await?;
    let set_at = report
        .lines
        .iter()
        .map(|line| {
            let id = line.organisation_id.unwrap_or(national);
            report
                .settable
                .contains(&id)
                .then(|| format!("/reports/targets/{id}"))
        })
        .collect();
    let page = TargetsPage {
        shell: Shell::new(&state, &req, Section::Reports),
        reports: report_links(&actor, "", TITLE),
        first: day(report.year.first),
        last: day(report.year.last),
        lines: report.lines,
        set_at,
        done: value(&query, "done") == "set",
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "reports/target_form.html")]
struct TargetForm {
    shell: Shell,
    organisation_id: i32,
    name: String,
    approvals: String,
    errors: FormErrors,
}

/// The line of the report for `organisation_id`, if the actor may set its
/// target: England's is the national programme's.
async fn settable_line(
    state: &AppState,
    actor: &domain::Actor,
    organisation_id: i32,
) -> Result<TargetLine, PageError> {
    let report = targets_report(&state.ctx, actor).await?;
    let national =
        domain::accounts::national_programme_id(&state.ctx, &domain::Actor::System).await?;
    if !report.settable.contains(&organisation_id) {
        return Err(DomainError::Forbidden.into());
    }
    report
        .lines
        .into_iter()
        .find(|l| l.organisation_id.unwrap_or(national) == organisation_id)
        .ok_or_else(|| DomainError::NotFound.into())
}

#[get("/reports/targets/{organisation}")]
pub async fn target_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    actor.require_signed_in()?;
    let line = settable_line(&state, &actor, *path).await?;
    let page = TargetForm {
        shell: Shell::new(&state, &req, Section::Reports),
        organisation_id: *path,
        approvals: line.target.map(|t| t.to_string()).unwrap_or_default(),
        name: line.name,
        errors: FormErrors::default(),
    };
    render(StatusCode::OK, &page)
}

#[post("/reports/targets/{organisation}")]
pub async fn save_target(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    let line = settable_line(&state, &actor, *path).await?;
    let form = pairs(&body);
    let typed = value(&form, "approvals").trim().replace(',', "");
    let approvals = typed.parse::<u32>().ok();
    match set_target(&state.ctx, &actor, *path, approvals).await {
        Ok(()) => Ok(see_other("/reports/targets?done=set").finish()),
        Err(error) => {
            let page = TargetForm {
                shell: Shell::new(&state, &req, Section::Reports).with_errors(),
                organisation_id: *path,
                approvals: value(&form, "approvals").to_owned(),
                name: line.name,
                errors: FormErrors::from_domain(error)?,
            };
            render(StatusCode::BAD_REQUEST, &page)
        }
    }
}
