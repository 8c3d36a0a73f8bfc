//! `/constellations/{id}/calendar`: the hub's beds, taken and free, each
//! night of the next eight weeks, a week to a row, and each family's
//! requests in them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::constellations::{ConstellationCalendar, Night, constellation_calendar};

use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "constellations/calendar.html")]
struct CalendarPage {
    shell: Shell,
    calendar: ConstellationCalendar,
    /// The nights, seven to a row.
    weeks: Vec<Vec<Night>>,
}

impl CalendarPage {
    fn night(&self, night: &Night) -> String {
        night.night.format("%a %-d %b").to_string()
    }
}

#[get("/constellations/{id}/calendar")]
pub async fn calendar_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let calendar = constellation_calendar(&state.ctx, &actor(&req), *id).await?;
    let weeks = calendar.nights.chunks(7).map(<[Night]>::to_vec).collect();
    render(
        StatusCode::OK,
        &CalendarPage {
            shell: Shell::new(&state, &req, Section::Constellations),
            calendar,
            weeks,
        },
    )
}
