//! `/constellations/{id}/availability`: the hub's carers (or a manager)
//! mark nights the hub is unavailable, or available again.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::constellations::{
    Availability, ConstellationRecord, constellation_record, set_hub_availability,
};

use super::super::date_time::DateBoxes;
use super::super::forms::{FormErrors, Typed, pairs, see_other, value};
use super::super::{PageError, Shell, actor, render};
use super::day;
use crate::server::AppState;

#[derive(Template)]
#[template(path = "constellations/availability.html")]
struct AvailabilityPage {
    shell: Shell,
    errors: FormErrors,
    record: ConstellationRecord,
    first_night: DateBoxes,
    last_night: DateBoxes,
    typed: Typed,
}

impl AvailabilityPage {
    fn day(&self, on: &chrono::NaiveDate) -> String {
        day(on)
    }
}

async fn availability_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let record = constellation_record(&state.ctx, &actor(req), id).await?;
    if !(record.reader_is_hub || record.reader_manages) {
        return Err(DomainError::NotFound.into());
    }
    let section = super::section(record.reader_manages);
    let (shell, status) = Shell::for_form(state, req, section, &errors);
    render(
        status,
        &AvailabilityPage {
            shell,
            errors,
            record,
            first_night: DateBoxes::from_form(&typed, "first_night"),
            last_night: DateBoxes::from_form(&typed, "last_night"),
            typed: Typed(typed),
        },
    )
}

#[get("/constellations/{id}/availability")]
pub async fn availability_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    availability_page(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/constellations/{id}/availability")]
pub async fn availability_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let first = DateBoxes::from_form(&form, "first_night").date("first_night", "first night");
    let last_boxes = DateBoxes::from_form(&form, "last_night");
    let last =
        if last_boxes.day.is_empty() && last_boxes.month.is_empty() && last_boxes.year.is_empty() {
            Ok(None)
        } else {
            last_boxes.date("last_night", "last night").map(Some)
        };
    // A last night that is no date is never taken for one night.
    if let Err(unreadable) = last {
        let errors = FormErrors::default()
            .reading(first.err())
            .reading(Some(unreadable));
        return availability_page(&state, &req, id, form, errors).await;
    }
    let input = Availability {
        first_night: first.as_ref().ok().copied(),
        last_night: last.as_ref().ok().copied().flatten(),
        available: value(&form, "available") == "yes",
    };
    match set_hub_availability(&state.ctx, &actor(&req), id, &input).await {
        Ok(()) => Ok(see_other(&format!("/constellations/{id}?done=availability")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?
                .reading(first.err())
                .reading(last.err());
            availability_page(&state, &req, id, form, errors).await
        }
    }
}
