//! A matched pair's page, `/peer-support/relationships/ID`, for the mentee
//! and their supporter only: the agreement each accepts, the meetings
//! booked (with the video link), moving and cancelling them, and, for the
//! mentee, booking one of the supporter's free times.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};
use domain::peer_support::{
    Booking, LoggedMeeting, PairView, Side, Way, accept_mentoring_agreement, book_meeting,
    cancel_meeting, meeting_to_move, mentoring_relationship, move_meeting, slots::Slot,
};
use domain::recruitment::london_display;

use super::forms::{FormErrors, Pick, pairs, see_other, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(pair_page)
        .service(agreement_sent)
        .service(booking_sent)
        .service(move_form)
        .service(move_sent)
        .service(cancel_sent);
}

/// The free times as radios: each valued by its start, in seconds.
fn slot_picks(slots: &[Slot], chosen: &str) -> Vec<Pick> {
    slots
        .iter()
        .map(|s| {
            let value = s.starts_at.timestamp().to_string();
            Pick {
                selected: value == chosen,
                label: london_display(s.starts_at),
                value,
            }
        })
        .collect()
}

fn chosen_start(form: &[(String, String)]) -> Option<DateTime<Utc>> {
    value(form, "starts_at")
        .parse::<i64>()
        .ok()
        .and_then(|s| DateTime::from_timestamp(s, 0))
}

#[derive(Template)]
#[template(path = "peer_support/pair.html")]
struct PairPage {
    shell: Shell,
    errors: FormErrors,
    done: Option<&'static str>,
    pair: PairView,
    slots: Vec<Pick>,
    ways: Vec<Pick>,
    helped: Vec<Pick>,
    recommend: Vec<Pick>,
}

impl PairPage {
    fn is_mentee(&self) -> bool {
        self.pair.side == Side::Mentee
    }

    fn ways(&self) -> String {
        let ways: Vec<&str> = self.pair.ways.iter().map(|w| w.label()).collect();
        ways.join(", ")
    }

    fn offers_video(&self) -> bool {
        self.pair.ways.contains(&Way::Video)
    }

    fn when(&self, booking: &Booking) -> String {
        london_display(booking.starts_at)
    }

    fn ends_on(&self) -> String {
        self.pair.ends_on.format("%-d %B %Y").to_string()
    }

    fn day(&self, day: &NaiveDate) -> String {
        day.format("%-d %B").to_string()
    }

    fn logged(&self, meeting: &LoggedMeeting) -> String {
        let topics: Vec<&str> = meeting.topics.iter().map(|t| t.label()).collect();
        format!(
            "{}: {}, {} minutes. {}",
            meeting.held_on.format("%-d %B %Y"),
            meeting.way.label().to_lowercase(),
            meeting.minutes,
            topics.join(", ")
        )
    }
}

pub(super) async fn pair_view(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let from = NaiveDate::parse_from_str(value(&query, "from"), "%Y-%m-%d").ok();
    let pair = mentoring_relationship(&state.ctx, &actor(req), id, from).await?;
    let done = match value(&query, "done") {
        "agreed" => Some("You have accepted the mentoring agreement."),
        "booked" => {
            Some("Your meeting is booked: you both have an email with it for your calendar.")
        }
        "moved" => Some("Your meeting is moved: you both have an email with the new time."),
        "cancelled" => Some("Your meeting is cancelled: the other person is told."),
        "logged" => Some("The meeting is logged."),
        "worried" => Some("Thank you for telling us: the people it went to will act on it."),
        "feedback" => Some("Thank you for your feedback."),
        _ => None,
    };
    let slots = slot_picks(&pair.free, value(&typed, "starts_at"));
    let chosen_way = value(&typed, "way");
    let ways = pair
        .ways
        .iter()
        .map(|w| Pick {
            value: w.as_str().to_owned(),
            label: w.label().to_owned(),
            selected: w.as_str() == chosen_way || pair.ways.len() == 1,
        })
        .collect();
    let (shell, status) = Shell::for_form(state, req, Section::PeerSupport, &errors);
    render(
        status,
        &PairPage {
            shell,
            errors,
            done,
            pair,
            slots,
            ways,
            helped: (1..=5)
                .map(|n| Pick {
                    value: n.to_string(),
                    label: match n {
                        1 => "1: not at all".to_owned(),
                        5 => "5: a great deal".to_owned(),
                        n => n.to_string(),
                    },
                    selected: value(&typed, "helped") == n.to_string(),
                })
                .collect(),
            recommend: [("yes", "Yes"), ("no", "No")]
                .iter()
                .map(|(v, l)| Pick {
                    value: (*v).to_owned(),
                    label: (*l).to_owned(),
                    selected: value(&typed, "would_recommend") == *v,
                })
                .collect(),
        },
    )
}

#[get("/peer-support/relationships/{id}")]
pub async fn pair_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    pair_view(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/peer-support/relationships/{id}/agreement")]
pub async fn agreement_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    accept_mentoring_agreement(&state.ctx, &actor(&req), *id).await?;
    Ok(see_other(&format!("/peer-support/relationships/{id}?done=agreed")).finish())
}

#[post("/peer-support/relationships/{id}/meetings")]
pub async fn booking_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let way = Way::parse(value(&form, "way"));
    match book_meeting(&state.ctx, &actor(&req), *id, chosen_start(&form), way).await {
        Ok(_) => Ok(see_other(&format!("/peer-support/relationships/{id}?done=booked")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            pair_view(&state, &req, *id, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "peer_support/move.html")]
struct MovePage {
    shell: Shell,
    errors: FormErrors,
    meeting_id: i32,
    relationship_id: i32,
    now_at: String,
    slots: Vec<Pick>,
}

async fn move_view(
    state: &AppState,
    req: &HttpRequest,
    meeting_id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let reader = actor(req);
    let (booking, slots) = meeting_to_move(&state.ctx, &reader, meeting_id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::PeerSupport, &errors);
    render(
        status,
        &MovePage {
            shell,
            errors,
            meeting_id,
            relationship_id: booking.relationship_id,
            now_at: london_display(booking.starts_at),
            slots: slot_picks(&slots, value(&typed, "starts_at")),
        },
    )
}

#[get("/peer-support/meetings/{id}/move")]
pub async fn move_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    move_view(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/peer-support/meetings/{id}/move")]
pub async fn move_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let reader = actor(&req);
    match move_meeting(&state.ctx, &reader, *id, chosen_start(&form)).await {
        Ok(moved) => {
            let (booking, _) = meeting_to_move(&state.ctx, &reader, moved).await?;
            let to = format!(
                "/peer-support/relationships/{}?done=moved",
                booking.relationship_id
            );
            Ok(see_other(&to).finish())
        }
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            move_view(&state, &req, *id, form, errors).await
        }
    }
}

#[post("/peer-support/meetings/{id}/cancel")]
pub async fn cancel_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let reader = actor(&req);
    let (booking, _) = meeting_to_move(&state.ctx, &reader, *id).await?;
    cancel_meeting(&state.ctx, &reader, *id).await?;
    let to = format!(
        "/peer-support/relationships/{}?done=cancelled",
        booking.relationship_id
    );
    Ok(see_other(&to).finish())
}
