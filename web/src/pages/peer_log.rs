//! What the pair do besides booking, each from their page: the supporter
//! logs a meeting they had (`/peer-support/relationships/ID/log`); either
//! says "I'm worried" (`.../worried`); at the end, each gives feedback
//! (`.../feedback`).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::concerns::IN_DANGER;
use domain::peer_support::{
    MeetingLogInput, Topic, Way, give_feedback, log_meeting, mentoring_relationship,
    raise_peer_support_concern,
};

use super::date_time::DateBoxes;
use super::forms::{FormErrors, Pick, Typed, pairs, see_other, ticked, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(log_form)
        .service(log_sent)
        .service(worried_form)
        .service(worried_sent)
        .service(feedback_sent);
}

fn back_to(id: i32, done: &str) -> HttpResponse {
    see_other(&format!("/peer-support/relationships/{id}?done={done}")).finish()
}

#[derive(Template)]
#[template(path = "peer_support/log.html")]
struct LogPage {
    shell: Shell,
    errors: FormErrors,
    id: i32,
    with: String,
    pays_mileage: bool,
    held_on: DateBoxes,
    ways: Vec<Pick>,
    topics: Vec<Pick>,
    typed: Typed,
}

async fn log_view(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let pair = mentoring_relationship(&state.ctx, &actor(req), id, None).await?;
    let ways: Vec<(&str, &str)> = Way::ALL.iter().map(|w| (w.as_str(), w.label())).collect();
    let topics: Vec<(&str, &str)> = Topic::ALL.iter().map(|t| (t.as_str(), t.label())).collect();
    let chosen_way = value(&typed, "way").to_owned();
    let (shell, status) = Shell::for_form(state, req, Section::PeerSupport, &errors);
    render(
        status,
        &LogPage {
            shell,
            errors,
            id,
            with: pair.other_name,
            pays_mileage: pair.pays_mileage,
            held_on: DateBoxes::from_form(&typed, "held_on"),
            ways: ways
                .iter()
                .map(|(v, l)| Pick {
                    value: (*v).to_owned(),
                    label: (*l).to_owned(),
                    selected: *v == chosen_way,
                })
                .collect(),
            topics: ticked(&topics, &typed, "topics"),
            typed: Typed(typed),
        },
    )
}

#[get("/peer-support/relationships/{id}/log")]
pub async fn log_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    log_view(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/peer-support/relationships/{id}/log")]
pub async fn log_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let held_on = DateBoxes::from_form(&form, "held_on").date("held_on", "date you met");
    let miles = value(&form, "miles").trim();
    let input = MeetingLogInput {
        held_on: held_on.as_ref().ok().copied(),
        way: Way::parse(value(&form, "way")),
        minutes: value(&form, "minutes").trim().parse().ok(),
        topics: form
            .iter()
            .filter(|(k, _)| k == "topics")
            .filter_map(|(_, v)| Topic::parse(v))
            .collect(),
        // Unreadable miles are refused as out of range.
        miles: (!miles.is_empty()).then(|| miles.parse().unwrap_or(-1)),
    };
    match log_meeting(&state.ctx, &actor(&req), *id, &input).await {
        Ok(_) => Ok(back_to(*id, "logged")),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?.reading(held_on.err());
            log_view(&state, &req, *id, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "peer_support/worried.html")]
struct WorriedPage {
    shell: Shell,
    errors: FormErrors,
    id: i32,
    in_danger: &'static str,
    about_safety: Vec<Pick>,
    typed: Typed,
}

async fn worried_view(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    // Only the two of them may raise one: the same check as their page.
    mentoring_relationship(&state.ctx, &actor(req), id, None).await?;
    let (shell, status) = Shell::for_form(state, req, Section::PeerSupport, &errors);
    let about: [(&str, &str); 1] = [("yes", "It is about a child's safety")];
    render(
        status,
        &WorriedPage {
            shell,
            errors,
            id,
            in_danger: IN_DANGER,
            about_safety: ticked(&about, &typed, "about_safety"),
            typed: Typed(typed),
        },
    )
}

#[get("/peer-support/relationships/{id}/worried")]
pub async fn worried_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    worried_view(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/peer-support/relationships/{id}/worried")]
pub async fn worried_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let about_safety = value(&form, "about_safety") == "yes";
    match raise_peer_support_concern(
        &state.ctx,
        &actor(&req),
        *id,
        value(&form, "what"),
        about_safety,
    )
    .await
    {
        Ok(_) => Ok(back_to(*id, "worried")),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            worried_view(&state, &req, *id, form, errors).await
        }
    }
}

#[post("/peer-support/relationships/{id}/feedback")]
pub async fn feedback_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let helped = value(&form, "helped").parse().ok();
    let recommend = match value(&form, "would_recommend") {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    match give_feedback(&state.ctx, &actor(&req), *id, helped, recommend).await {
        Ok(()) => Ok(back_to(*id, "feedback")),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            super::peer_meetings::pair_view(&state, &req, *id, form, errors).await
        }
    }
}
