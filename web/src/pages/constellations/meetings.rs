//! `/constellations/{id}/meetings/new`, where the hub carer or a liaison
//! worker publishes a meeting, activity or trip, and `/meetings/{id}`,
//! where each family says who is coming and the hub records who came.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::constellations::{
    ConstellationRecord, ForWhom, MeetingInput, MeetingKind, MeetingRecord, answer_meeting,
    constellation_record, meeting_record, publish_meeting, record_meeting_attendance,
};

use super::super::date_time::{DateBoxes, in_london, time_field};
use super::super::forms::{FormErrors, Pick, Typed, pairs, picks, see_other, value};
use super::super::{PageError, PageFieldError, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(publish_form)
        .service(publish_sent)
        .service(meeting_page)
        .service(answer_sent)
        .service(attendance_sent);
}

#[derive(Template)]
#[template(path = "constellations/publish_meeting.html")]
struct PublishPage {
    shell: Shell,
    errors: FormErrors,
    record: ConstellationRecord,
    kinds: Vec<Pick>,
    for_whom: Vec<Pick>,
    date: DateBoxes,
    last_day: DateBoxes,
    typed: Typed,
}

async fn publish_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let record = constellation_record(&state.ctx, &actor(req), id).await?;
    if !record.reader_supports() {
        return Err(DomainError::NotFound.into());
    }
    let section = super::section(!record.reader_is_hub);
    let (shell, status) = Shell::for_form(state, req, section, &errors);
    render(
        status,
        &PublishPage {
            shell,
            errors,
            record,
            kinds: picks(
                MeetingKind::ALL,
                MeetingKind::as_str,
                MeetingKind::label,
                value(&typed, "kind"),
            ),
            for_whom: picks(
                ForWhom::ALL,
                ForWhom::as_str,
                ForWhom::label,
                value(&typed, "for_whom"),
            ),
            date: DateBoxes::from_form(&typed, "date"),
            last_day: DateBoxes::from_form(&typed, "last_day"),
            typed: Typed(typed),
        },
    )
}

#[get("/constellations/{id}/meetings/new")]
pub async fn publish_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    publish_page(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

/// The meeting the form asks for, and what the page could not read.
fn meeting_from(form: &[(String, String)]) -> (MeetingInput, Vec<PageFieldError>) {
    let mut unreadable = Vec::new();
    let date = DateBoxes::from_form(form, "date")
        .date("date", "day")
        .map_err(|e| unreadable.push(e))
        .ok();
    let last = DateBoxes::from_form(form, "last_day");
    let last_day = if last.day.is_empty() && last.month.is_empty() && last.year.is_empty() {
        date
    } else {
        last.date("last_day", "last day")
            .map_err(|e| unreadable.push(e))
            .ok()
    };
    let starts = time_field(value(form, "starts_at"), "starts_at", "it starts")
        .map_err(|e| unreadable.push(e))
        .ok();
    let ends = time_field(value(form, "ends_at"), "ends_at", "it ends")
        .map_err(|e| unreadable.push(e))
        .ok();
    let input = MeetingInput {
        kind: MeetingKind::parse(value(form, "kind")),
        title: value(form, "title").to_owned(),
        place: value(form, "place").to_owned(),
        about: value(form, "about").to_owned(),
        starts_at: date.zip(starts).and_then(|(d, t)| in_london(d, t)),
        ends_at: last_day.zip(ends).and_then(|(d, t)| in_london(d, t)),
        for_whom: ForWhom::parse(value(form, "for_whom")),
    };
    (input, unreadable)
}

#[post("/constellations/{id}/meetings/new")]
pub async fn publish_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let (input, unreadable) = meeting_from(&form);
    match publish_meeting(&state.ctx, &actor(&req), id, &input).await {
        Ok(meeting) => Ok(see_other(&format!("/meetings/{meeting}?done=published")).finish()),
        Err(error) => {
            let mut errors = FormErrors::from_refusal(error)?;
            for problem in unreadable {
                errors = errors.reading(Some(problem));
            }
            publish_page(&state, &req, id, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "constellations/meeting.html")]
struct MeetingPage {
    shell: Shell,
    errors: FormErrors,
    done: Option<&'static str>,
    record: MeetingRecord,
    /// The reader's household's people, ticked where coming.
    own: Vec<Pick>,
    /// Every person of every household, ticked where they came (or, not
    /// yet recorded, where they said they would).
    came: Vec<(String, Vec<Attendee>)>,
}

/// A checkbox of who came, with its own HTML id.
struct Attendee {
    id: String,
    value: String,
    label: String,
    selected: bool,
}

impl MeetingPage {
    fn when(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        domain::recruitment::london_display(*at)
    }
}

async fn meeting_view(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let record = meeting_record(&state.ctx, &actor(req), id).await?;
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "published" => Some("It is published: each family is told."),
        "answered" => Some("Your answer is saved."),
        "attendance" => Some("Who came is recorded."),
        _ => None,
    };
    let own = record
        .own
        .iter()
        .flat_map(|h| &h.people)
        .map(|p| Pick {
            value: p.key.clone(),
            label: p.name.clone(),
            selected: p.coming == Some(true),
        })
        .collect();
    let came = record
        .households
        .iter()
        .map(|h| {
            let people = h
                .people
                .iter()
                .map(|p| Attendee {
                    id: format!("came-{}-{}", h.carer_household_id, p.key.replace(':', "-")),
                    value: format!("{}|{}", h.carer_household_id, p.key),
                    label: p.name.clone(),
                    selected: p.came.unwrap_or(p.coming == Some(true)),
                })
                .collect();
            (h.family.clone(), people)
        })
        .collect();
    let section = super::section(record.own.is_none());
    let (shell, status) = Shell::for_form(state, req, section, &errors);
    render(
        status,
        &MeetingPage {
            shell,
            errors,
            done,
            record,
            own,
            came,
        },
    )
}

#[get("/meetings/{id}")]
pub async fn meeting_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    meeting_view(&state, &req, *id, FormErrors::default()).await
}

#[post("/meetings/{id}/answer")]
pub async fn answer_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let coming: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "coming")
        .map(|(_, v)| v.clone())
        .collect();
    match answer_meeting(&state.ctx, &actor(&req), id, &coming).await {
        Ok(()) => Ok(see_other(&format!("/meetings/{id}?done=answered")).finish()),
        Err(error) => meeting_view(&state, &req, id, FormErrors::from_refusal(error)?).await,
    }
}

#[post("/meetings/{id}/attendance")]
pub async fn attendance_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let came: Vec<(i32, String)> = form
        .iter()
        .filter(|(k, _)| k == "came")
        .filter_map(|(_, v)| {
            let (household, key) = v.split_once('|')?;
            Some((household.parse().ok()?, key.to_owned()))
        })
        .collect();
    match record_meeting_attendance(&state.ctx, &actor(&req), id, &came).await {
        Ok(()) => Ok(see_other(&format!("/meetings/{id}?done=attendance")).finish()),
        Err(error) => meeting_view(&state, &req, id, FormErrors::from_refusal(error)?).await,
    }
}
