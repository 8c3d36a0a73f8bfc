//! `/reports`: recruitment reports for officers, managers, administrators
//! and the national programme. Four reports share one form (range, filters,
//! breakdown); each shows its figures as tables (some with a chart first),
//! and each table downloads as CSV at `/reports/{report}/{table}.csv` with
//! the same query.

mod asked;
mod behind;
mod chart;
mod csv_export;
mod publishing;
mod sections;
mod table;
mod targets;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::DomainError;
use domain::clock::london_day;
use domain::reporting::{DateRange, ReportChoices, report_choices};

use self::asked::{Asked, ReportForm};
use self::sections::{Report, Section as ReportSection, sections};
use super::forms::{FormErrors, pairs};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(targets::targets_page)
        .service(targets::target_form)
        .service(targets::save_target)
        .service(publishing::publishing_page)
        .service(publishing::publish)
        .service(behind::households_page)
        .service(funnel_page)
        .service(report_page)
        .service(table_download);
}

#[derive(Template)]
#[template(path = "reports/report.html")]
struct ReportPage {
    shell: Shell,
    report: Report,
    /// Every report, each with the same question: title, address, whether
    /// it is this one.
    reports: Vec<ReportLink>,
    query: String,
    form: ReportForm,
    errors: FormErrors,
    range: Option<DateRange>,
    scope: String,
    sections: Vec<ReportSection>,
}

impl ReportPage {
    fn day(&self, day: &chrono::NaiveDate) -> String {
        day.format("%-d %B %Y").to_string()
    }
}

/// A report in the reports' own navigation.
pub struct ReportLink {
    pub title: &'static str,
    pub href: String,
    pub current: bool,
}

/// The reports the actor may open, each asking `query`, targets, and
/// publishing for those who decide it.
fn report_links(actor: &domain::Actor, query: &str, current: &str) -> Vec<ReportLink> {
    Report::ALL
        .iter()
        .filter(|r| r.open_to(actor))
        .map(|r| (r.title(), format!("{}?{query}", r.href())))
        .chain(std::iter::once((
            targets::TITLE,
            "/reports/targets".to_owned(),
        )))
        .chain(
            actor
                .may_anywhere(domain::policy::Permission::ManageRecruitment)
                .then(|| (publishing::TITLE, "/reports/publishing".to_owned())),
        )
        .map(|(title, href)| ReportLink {
            title,
            href,
            current: title == current,
        })
        .collect()
}

/// Who the figures are about, as the page heads them.
fn scope_of(choices: &ReportChoices, national: bool) -> String {
    match (national, choices.organisations.as_slice()) {
        (true, _) => "Every organisation".to_owned(),
        (false, [(_, only)]) => only.clone(),
        (false, _) => "Your organisations".to_owned(),
    }
}

async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    report: Report,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    actor.require_signed_in()?;
    let choices = report_choices(&state.ctx, &actor).await?;
    let query = pairs(req.query_string().as_bytes());
    let asked = Asked::read(&query);
    let today = london_day(state.ctx.clock.now());
    let query = asked.query_string();
    let national = actor.may_anywhere(domain::policy::Permission::ReadNationalReports);
    let (status, errors, range, found) = match asked.request(&choices, today) {
        Ok(request) => (
            StatusCode::OK,
            FormErrors::default(),
            Some(request.range),
            sections(&state.ctx, &actor, report, &request, &query).await?,
        ),
        Err(errors) => (StatusCode::BAD_REQUEST, errors, None, Vec::new()),
    };
    let page = ReportPage {
        shell: if errors.is_empty() {
            Shell::new(&state, &req, Section::Reports)
        } else {
            Shell::new(&state, &req, Section::Reports).with_errors()
        },
        reports: report_links(&actor, &query, report.title()),
        report,
        query,
        form: ReportForm::new(asked, &choices),
        errors,
        range,
        scope: scope_of(&choices, national),
        sections: found,
    };
    render(status, &page)
}

#[get("/reports")]
async fn funnel_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    show(req, state, Report::Funnel).await
}

#[get("/reports/{report}")]
async fn report_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    match Report::parse(&path) {
        Some(report) if report != Report::Funnel => show(req, state, report).await,
        _ => Err(DomainError::NotFound.into()),
    }
}

#[get("/reports/{report}/{table}.csv")]
async fn table_download(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    actor.require_signed_in()?;
    let (report, slug) = path.into_inner();
    let Some(report) = Report::parse(&report) else {
        return Err(DomainError::NotFound.into());
    };
    let choices = report_choices(&state.ctx, &actor).await?;
    let query = pairs(req.query_string().as_bytes());
    let today = london_day(state.ctx.clock.now());
    let Ok(request) = Asked::read(&query).request(&choices, today) else {
        // The page with the same question says what is wrong with it.
        return show(req, state, report).await;
    };
    // A download has no links: no query to carry.
    let found = sections(&state.ctx, &actor, report, &request, "").await?;
    match found.into_iter().find(|s| s.slug == slug) {
        Some(section) => Ok(csv_export::download(
            &format!(
                "{}-{}-{}-to-{}",
                report.as_str(),
                section.slug,
                request.range.first,
                request.range.last
            ),
            section.table,
        )),
        None => Err(DomainError::NotFound.into()),
    }
}
