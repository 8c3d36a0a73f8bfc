//! `/constellations`: Mockingbird constellations for the fostering team
//! managers who set them up, the liaison workers who support them and the
//! carers of their hub and satellite families; one page per constellation,
//! its calendar, its sleepovers and its check-ins.

mod availability;
mod calendar;
mod check_ins;
mod families;
mod figures;
mod meetings;
mod settings;
mod sleepovers;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use chrono::NaiveDate;
use domain::constellations::{
    ConstellationListed, ConstellationRecord, Part, constellation_record, constellations,
};
use domain::policy::Permission;

use super::forms::{pairs, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(list_page)
        .service(settings::new_form)
        .service(settings::new_sent)
        .service(figures::figures_page)
        .service(figures::return_csv)
        .service(record_page)
        .service(settings::settings_form)
        .service(settings::settings_sent)
        .service(families::join_form)
        .service(families::join_sent)
        .service(families::leaving_form)
        .service(families::leaving_sent)
        .service(availability::availability_form)
        .service(availability::availability_sent)
        .service(calendar::calendar_page);
    check_ins::configure(config);
    meetings::configure(config);
    sleepovers::configure(config);
}

/// The navigation section a constellation's page is in: staff reach it
/// from their list of constellations, carers from their household.
pub(crate) fn section(staff: bool) -> Section {
    if staff {
        Section::Constellations
    } else {
        Section::MyHousehold
    }
}

/// A day as pages say it: "4 December 2026".
pub(crate) fn day(day: &NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

#[derive(Template)]
#[template(path = "constellations/list.html")]
struct ListPage {
    shell: Shell,
    constellations: Vec<ConstellationListed>,
    /// The services the reader may set one up in, by id and name.
    may_set_up: Vec<(i32, String)>,
    /// The reader is a liaison worker: their figures page is theirs.
    supports: bool,
}

#[get("/constellations")]
pub async fn list_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    let listed = constellations(&state.ctx, &actor).await?;
    let services = actor.organisations_where(Permission::RunConstellations);
    let may_set_up = domain::accounts::organisations_by_id(&state.ctx, &services)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    render(
        StatusCode::OK,
        &ListPage {
            shell: Shell::new(&state, &req, Section::Constellations),
            constellations: listed,
            may_set_up,
            supports: actor.may_anywhere(Permission::LiaiseWithConstellations),
        },
    )
}

#[derive(Template)]
#[template(path = "constellations/constellation.html")]
struct RecordPage {
    shell: Shell,
    done: Option<&'static str>,
    record: ConstellationRecord,
}

impl RecordPage {
    fn day(&self, on: &NaiveDate) -> String {
        day(on)
    }

    fn is_hub(&self, part: &Part) -> bool {
        *part == Part::Hub
    }
}

#[get("/constellations/{id}")]
pub async fn record_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let record = constellation_record(&state.ctx, &actor(&req), id.into_inner()).await?;
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "set-up" => Some("The constellation is set up."),
        "changed" => Some("The settings are changed."),
        "joined" => Some("The family has joined."),
        "left" => Some("The family's leaving is recorded."),
        "availability" => Some("The hub's availability is changed."),
        "checked-in" => Some("The check-in is recorded."),
        "requested" => Some("Your request is sent."),
        _ => None,
    };
    // Carers reach it from their household; staff from the list.
    let section = section(record.reader_manages || record.reader_is_liaison);
    render(
        StatusCode::OK,
        &RecordPage {
            shell: Shell::new(&state, &req, section),
            done,
            record,
        },
    )
}
