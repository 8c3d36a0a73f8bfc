//! A facilitator's sessions: `/kinship/groups/{id}/sessions/new` publishes
//! a one-off session, a workshop, or weekly or monthly sessions;
//! `/kinship/groups/{id}/attendance` lists the last 90 days' sessions;
//! `/kinship/sessions/{id}` shows who booked one and records who came.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::{DateTime, Utc};
use domain::kinship::recurrence::Repeats;
use domain::kinship::{
    GroupPage, NewSessions, SessionPlaces, cancel_session, kinship_group, past_sessions,
    publish_sessions, record_session_attendance, session_places, stop_series,
};
use domain::recruitment::event_registrations::Attendance;

use super::super::date_time::{DateBoxes, time_field};
use super::super::forms::{FormErrors, Pick, Typed, pairs, picks, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(publish_form)
        .service(publish_sent)
        .service(attendance_page)
        .service(places_page)
        .service(attendance_sent)
        .service(cancel_sent)
        .service(stop_sent);
}

#[derive(Template)]
#[template(path = "kinship_groups/publish.html")]
struct PublishPage {
    shell: Shell,
    errors: FormErrors,
    done: bool,
    page: GroupPage,
    kinds: Vec<Pick>,
    repeats: Vec<Pick>,
    on: DateBoxes,
    until: DateBoxes,
    typed: Typed,
}

async fn publish_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let page = facilitated(state, req, id).await?;
    let query = pairs(req.query_string().as_bytes());
    let (shell, status) = Shell::for_form(state, req, Section::KinshipGroups, &errors);
    let kinds: &[(&str, &str)] = &[
        ("session", "A group session"),
        ("workshop", "A workshop for members"),
        (
            "open_workshop",
            "A workshop any registered kinship carer may book",
        ),
    ];
    let chosen = match value(&typed, "kind") {
        "" => "session",
        other => other,
    };
    let how_often: &'static [Repeats] = Repeats::ALL;
    let mut repeats = vec![Pick {
        value: "once".into(),
        label: "Once".into(),
        selected: matches!(value(&typed, "repeats"), "" | "once"),
    }];
    repeats.extend(picks(
        how_often,
        Repeats::as_str,
        Repeats::label,
        value(&typed, "repeats"),
    ));
    render(
        status,
        &PublishPage {
            shell,
            errors,
            done: value(&query, "done") == "set-up",
            page,
            kinds: kinds
                .iter()
                .map(|(v, l)| Pick {
                    value: (*v).into(),
                    label: (*l).into(),
                    selected: *v == chosen,
                })
                .collect(),
            repeats,
            on: DateBoxes::from_form(&typed, "on"),
            until: DateBoxes::from_form(&typed, "until"),
            typed: Typed(typed),
        },
    )
}

/// The group's page, for one of its facilitators only.
async fn facilitated(state: &AppState, req: &HttpRequest, id: i32) -> Result<GroupPage, PageError> {
    let page = kinship_group(&state.ctx, &actor(req), id).await?;
    if page.standing == domain::kinship::Standing::Facilitator {
        Ok(page)
    } else {
        Err(domain::DomainError::NotFound.into())
    }
}

#[get("/kinship/groups/{id}/sessions/new")]
pub async fn publish_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    publish_page(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/kinship/groups/{id}/sessions/new")]
pub async fn publish_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let mut unreadable = Vec::new();
    let on = DateBoxes::from_form(&form, "on")
        .date("on", "date")
        .map_err(|e| unreadable.push(e))
        .ok();
    let until_boxes = DateBoxes::from_form(&form, "until");
    let until = if until_boxes.day.is_empty()
        && until_boxes.month.is_empty()
        && until_boxes.year.is_empty()
    {
        None
    } else {
        until_boxes
            .date("until", "last date")
            .map_err(|e| unreadable.push(e))
            .ok()
    };
    let starts_at = time_field(value(&form, "starts_at"), "starts_at", "it starts")
        .map_err(|e| unreadable.push(e))
        .ok();
    let kind = value(&form, "kind");
    let input = NewSessions {
        group_id: *id,
        workshop: kind != "session",
        open_to_all: kind == "open_workshop",
        title: value(&form, "title").to_owned(),
        about: value(&form, "about").to_owned(),
        on,
        starts_at,
        minutes: value(&form, "minutes").trim().parse().ok(),
        capacity: value(&form, "capacity").trim().parse().ok(),
        repeats: Repeats::parse(value(&form, "repeats")),
        last_of_month: value(&form, "last_of_month") == "yes",
        until,
        joining_link: value(&form, "joining_link").to_owned(),
    };
    match publish_sessions(&state.ctx, &actor(&req), &input).await {
        Ok(_) => Ok(see_other(&format!("/kinship/groups/{}?done=published", *id)).finish()),
        Err(error) => {
            let mut errors = FormErrors::from_refusal(error)?;
            for problem in unreadable {
                errors = errors.reading(Some(problem));
            }
            publish_page(&state, &req, *id, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "kinship_groups/attendance.html")]
struct AttendancePage {
    shell: Shell,
    page: GroupPage,
    past: Vec<(i32, String, DateTime<Utc>)>,
}

impl AttendancePage {
    fn when(&self, at: &DateTime<Utc>) -> String {
        super::when(at)
    }
}

#[get("/kinship/groups/{id}/attendance")]
pub async fn attendance_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let past = past_sessions(&state.ctx, &actor(&req), *id).await?;
    let page = facilitated(&state, &req, *id).await?;
    render(
        actix_web::http::StatusCode::OK,
        &AttendancePage {
            shell: Shell::new(&state, &req, Section::KinshipGroups),
            page,
            past,
        },
    )
}

#[derive(Template)]
#[template(path = "kinship_groups/places.html")]
struct PlacesPage {
    shell: Shell,
    id: i32,
    done: Option<&'static str>,
    places: SessionPlaces,
}

impl PlacesPage {
    fn when(&self) -> String {
        super::when(&self.places.starts_at)
    }

    fn came(&self, attendance: &Option<Attendance>) -> Option<bool> {
        attendance.map(|a| a == Attendance::Attended)
    }
}

#[get("/kinship/sessions/{id}")]
pub async fn places_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let places = session_places(&state.ctx, &actor(&req), *id).await?;
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "recorded" => Some("Saved."),
        "cancelled" => Some("The session is cancelled: everyone with a place is told."),
        _ => None,
    };
    render(
        actix_web::http::StatusCode::OK,
        &PlacesPage {
            shell: Shell::new(&state, &req, Section::KinshipGroups),
            id: *id,
            done,
            places,
        },
    )
}

#[post("/kinship/places/{id}/attendance")]
pub async fn attendance_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let session: i32 = value(&form, "session")
        .parse()
        .map_err(|_| domain::DomainError::NotFound)?;
    let attendance = Attendance::parse(value(&form, "attendance"));
    record_session_attendance(&state.ctx, &actor(&req), *id, attendance).await?;
    Ok(see_other(&format!("/kinship/sessions/{session}?done=recorded")).finish())
}

#[post("/kinship/sessions/{id}/cancel")]
pub async fn cancel_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    cancel_session(&state.ctx, &actor(&req), *id).await?;
    Ok(see_other(&format!("/kinship/sessions/{}?done=cancelled", *id)).finish())
}

#[post("/kinship/series/{id}/stop")]
pub async fn stop_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let group = stop_series(&state.ctx, &actor(&req), *id).await?;
    Ok(see_other(&format!("/kinship/groups/{group}?done=stopped")).finish())
}
