//! `/constellations/figures`: one page for a liaison worker (or manager)
//! with the figures of every constellation they support for a period, and
//! each constellation's return as a CSV download.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use chrono::{Days, NaiveDate};
use domain::clock::london_day;
use domain::constellations::{
    ConstellationReturn, checked_period, constellation_return, my_returns,
};

use super::super::date_time::DateBoxes;
use super::super::forms::{FormErrors, pairs, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

/// How far back the page looks unless asked otherwise.
const STANDARD_DAYS: u64 = 90;

#[derive(Template)]
#[template(path = "constellations/figures.html")]
struct FiguresPage {
    shell: Shell,
    errors: FormErrors,
    from: DateBoxes,
    to: DateBoxes,
    /// The period as the CSV links carry it.
    period: Option<(NaiveDate, NaiveDate)>,
    returns: Vec<ConstellationReturn>,
}

impl FiguresPage {
    fn day(&self, on: &NaiveDate) -> String {
        super::day(on)
    }

    /// The constellation's activity: what, and how many.
    fn activity(&self, r: &ConstellationReturn) -> Vec<(&'static str, String)> {
        r.lines()
            .into_iter()
            .filter(|(_, group, _)| *group == "constellation")
            .map(|(what, _, value)| (what, value))
            .collect()
    }

    /// The outcomes, members beside others.
    fn outcomes(&self, r: &ConstellationReturn) -> Vec<(&'static str, String, String)> {
        let lines = r.lines();
        let shown = |v: &str| {
            if v.is_empty() {
                "fewer than 5".to_owned()
            } else {
                v.to_owned()
            }
        };
        lines
            .iter()
            .filter(|(_, group, _)| *group == "members")
            .map(|(what, _, members)| {
                let others = lines
                    .iter()
                    .find(|(w, g, _)| w == what && *g == "others")
                    .map(|(_, _, v)| v.as_str())
                    .unwrap_or_default();
                (*what, shown(members), shown(others))
            })
            .collect()
    }
}

#[get("/constellations/figures")]
pub async fn figures_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let today = london_day(state.ctx.clock.now());
    let asked = !value(&query, "from").is_empty() || !value(&query, "to").is_empty();
    let (from, to) = if asked {
        (
            DateBoxes::from_form(&query, "from"),
            DateBoxes::from_form(&query, "to"),
        )
    } else {
        (
            DateBoxes::of(
                today
                    .checked_sub_days(Days::new(STANDARD_DAYS))
                    .unwrap_or(today),
            ),
            DateBoxes::of(today),
        )
    };
    let read = (from.date("from", "first day"), to.date("to", "last day"));
    let actor = actor(&req);
    let (errors, period, returns) = match read {
        (Ok(first), Ok(last)) => match checked_period(Some(first), Some(last)) {
            Ok(period) => (
                FormErrors::default(),
                Some((period.from, period.to)),
                my_returns(&state.ctx, &actor, period).await?,
            ),
            Err(error) => (FormErrors::from_refusal(error)?, None, Vec::new()),
        },
        (first, last) => (
            FormErrors::default()
                .reading(first.err())
                .reading(last.err()),
            None,
            Vec::new(),
        ),
    };
    let (shell, status) = Shell::for_form(&state, &req, Section::Constellations, &errors);
    render(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            status
        },
        &FiguresPage {
            shell,
            errors,
            from,
            to,
            period,
            returns,
        },
    )
}

#[get("/constellations/{id}/return.csv")]
pub async fn return_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let day = |key: &str| value(&query, key).parse::<NaiveDate>().ok();
    let period = checked_period(day("from"), day("to"))?;
    let found = constellation_return(&state.ctx, &actor(&req), *id, period).await?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"constellation-{}-{}-to-{}.csv\"",
                found.constellation_id, period.from, period.to
            ),
        ))
        .body(found.csv()?))
}
