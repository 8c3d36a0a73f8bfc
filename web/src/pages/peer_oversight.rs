//! The coordinator's page of relationships, `/peer-support/relationships`:
//! each pair, those quiet for longer than the service expects and those
//! ending soon; the feedback in aggregate; and each supporter's hours and
//! mileage in a month, with the month as a CSV for paying them.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use chrono::{Datelike, Months, NaiveDate};
use chrono_tz::Europe::London;
use domain::accounts::organisations_by_id;
use domain::figures::Figure;
use domain::peer_support::{
    FeedbackFigures, Overseen, SupporterHours, feedback_figures, hours_csv,
    relationships_to_oversee, supporter_hours,
};
use domain::policy::Permission;

use super::forms::{pairs, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config.service(oversight_page).service(hours_file);
}

/// One organisation's part of the page.
struct Coordinated {
    id: i32,
    name: String,
    relationships: Vec<Overseen>,
    feedback: Vec<FeedbackFigures>,
    hours: Vec<SupporterHours>,
}

#[derive(Template)]
#[template(path = "peer_support/oversight.html")]
struct OversightPage {
    shell: Shell,
    month: NaiveDate,
    organisations: Vec<Coordinated>,
}

impl OversightPage {
    fn day(&self, day: &NaiveDate) -> String {
        day.format("%-d %B %Y").to_string()
    }

    fn month_name(&self) -> String {
        self.month.format("%B %Y").to_string()
    }

    fn month_value(&self) -> String {
        self.month.format("%Y-%m").to_string()
    }

    fn figure(&self, figure: &Figure) -> String {
        figure.text()
    }

    fn hours(&self, row: &SupporterHours) -> String {
        format!("{:.1}", row.minutes as f64 / 60.0)
    }
}

/// The month the query names (`month=2026-11`), else the last one.
fn chosen_month(req: &HttpRequest, today: NaiveDate) -> NaiveDate {
    let query = pairs(req.query_string().as_bytes());
    NaiveDate::parse_from_str(&format!("{}-01", value(&query, "month")), "%Y-%m-%d")
        .ok()
        .or_else(|| {
            today
                .with_day(1)
                .and_then(|d| d.checked_sub_months(Months::new(1)))
        })
        .unwrap_or(today)
}

#[get("/peer-support/relationships")]
pub async fn oversight_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let reader = actor(&req);
    reader.require_anywhere(Permission::CoordinatePeerSupport)?;
    let today = state.ctx.clock.now().with_timezone(&London).date_naive();
    let month = chosen_month(&req, today);
    let own = reader.organisations_where(Permission::CoordinatePeerSupport);
    let mut organisations = Vec::new();
    for organisation in organisations_by_id(&state.ctx, &own).await? {
        organisations.push(Coordinated {
            relationships: relationships_to_oversee(&state.ctx, &reader, organisation.id).await?,
            feedback: feedback_figures(&state.ctx, &reader, organisation.id).await?,
            hours: supporter_hours(&state.ctx, &reader, organisation.id, month).await?,
            id: organisation.id,
            name: organisation.name,
        });
    }
    render(
        StatusCode::OK,
        &OversightPage {
            shell: Shell::new(&state, &req, Section::PeerSupport),
            month,
            organisations,
        },
    )
}

#[get("/peer-support/hours/{organisation}.csv")]
pub async fn hours_file(
    req: HttpRequest,
    state: web::Data<AppState>,
    organisation: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let today = state.ctx.clock.now().with_timezone(&London).date_naive();
    let month = chosen_month(&req, today);
    let rows = supporter_hours(&state.ctx, &actor(&req), *organisation, month).await?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"peer-support-hours-{}.csv\"",
                month.format("%Y-%m")
            ),
        ))
        .body(hours_csv(month, &rows)?))
}
