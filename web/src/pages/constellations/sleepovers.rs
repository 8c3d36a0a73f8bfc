//! Sleepovers and short breaks: `/constellations/{id}/sleepovers/new`,
//! where a satellite family asks the hub, and `/sleepovers/{id}`, where
//! each side sees where it is and makes its next move, one route per move.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::constellations::{
    RequestChoices, SleepoverKind, SleepoverMove, SleepoverRecord, SleepoverRequest, SleepoverStep,
    move_sleepover, request_choices, request_sleepover, sleepover_record,
};

use super::super::date_time::DateBoxes;
use super::super::forms::{FormErrors, Pick, Typed, pairs, picks, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(request_form)
        .service(request_sent)
        .service(sleepover_page)
        .service(move_sent);
}

#[derive(Template)]
#[template(path = "constellations/request.html")]
struct RequestPage {
    shell: Shell,
    errors: FormErrors,
    choices: RequestChoices,
    children: Vec<Pick>,
    kinds: Vec<Pick>,
    first_night: DateBoxes,
    last_night: DateBoxes,
    typed: Typed,
}

async fn request_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let choices = request_choices(&state.ctx, &actor(req), id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::MyHousehold, &errors);
    render(
        status,
        &RequestPage {
            shell,
            errors,
            children: choices
                .children
                .iter()
                .map(|c| Pick {
                    value: c.child_id.to_string(),
                    label: if c.needs_agreement {
                        format!(
                            "{}, aged {}: their social worker must agree first",
                            c.name, c.age
                        )
                    } else {
                        format!("{}, aged {}", c.name, c.age)
                    },
                    selected: typed
                        .iter()
                        .any(|(k, v)| k == "children" && *v == c.child_id.to_string()),
                })
                .collect(),
            kinds: picks(
                SleepoverKind::ALL,
                SleepoverKind::as_str,
                SleepoverKind::label,
                value(&typed, "kind"),
            ),
            first_night: DateBoxes::from_form(&typed, "first_night"),
            last_night: DateBoxes::from_form(&typed, "last_night"),
            choices,
            typed: Typed(typed),
        },
    )
}

#[get("/constellations/{id}/sleepovers/new")]
pub async fn request_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    request_page(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

/// The last night's boxes: empty means the same as the first.
fn optional_date(
    form: &[(String, String)],
    id: &str,
    what: &str,
) -> Result<Option<chrono::NaiveDate>, super::super::PageFieldError> {
    let boxes = DateBoxes::from_form(form, id);
    if boxes.day.is_empty() && boxes.month.is_empty() && boxes.year.is_empty() {
        Ok(None)
    } else {
        boxes.date(id, what).map(Some)
    }
}

#[post("/constellations/{id}/sleepovers/new")]
pub async fn request_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let first = DateBoxes::from_form(&form, "first_night").date("first_night", "first night");
    let last = optional_date(&form, "last_night", "last night");
    // A last night that is no date is never taken for one night.
    if let Err(unreadable) = last {
        let errors = FormErrors::default()
            .reading(first.err())
            .reading(Some(unreadable));
        return request_page(&state, &req, id, form, errors).await;
    }
    let input = SleepoverRequest {
        constellation_id: id,
        child_ids: form
            .iter()
            .filter(|(k, _)| k == "children")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
        first_night: first.as_ref().ok().copied(),
        last_night: last.as_ref().ok().copied().flatten(),
        kind: SleepoverKind::parse(value(&form, "kind")),
        note: value(&form, "note").to_owned(),
    };
    match request_sleepover(&state.ctx, &actor(&req), &input).await {
        Ok(made) => {
            Ok(see_other(&format!("/sleepovers/{}?done=requested", made.sleepover_id)).finish())
        }
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?
                .reading(first.err())
                .reading(last.err());
            request_page(&state, &req, id, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "constellations/sleepover.html")]
struct SleepoverPage {
    shell: Shell,
    errors: FormErrors,
    done: Option<&'static str>,
    record: SleepoverRecord,
    proposed_first_night: DateBoxes,
    proposed_last_night: DateBoxes,
    typed: Typed,
}

impl SleepoverPage {
    fn may(&self, step: &str) -> bool {
        self.record.moves.iter().any(|m| m.as_str() == step)
    }

    fn when(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        domain::recruitment::london_display(*at)
    }

    fn day(&self, on: &chrono::NaiveDate) -> String {
        super::day(on)
    }

    /// Each move without a form of its own, as a button: its path, its
    /// label, and whether it steps back rather than forward.
    fn buttons(&self) -> Vec<(&'static str, &'static str, bool)> {
        self.record
            .moves
            .iter()
            .filter(|m| !matches!(m, SleepoverMove::Decline | SleepoverMove::Propose))
            .map(|m| {
                let back = matches!(
                    m,
                    SleepoverMove::Cancel | SleepoverMove::Withdraw | SleepoverMove::DidNotHappen
                );
                (path_of(*m), m.label(), back)
            })
            .collect()
    }
}

/// A move as its route names it: `accept-proposal`.
fn path_of(step: SleepoverMove) -> &'static str {
    match step {
        SleepoverMove::Agree => "agree",
        SleepoverMove::Refuse => "refuse",
        SleepoverMove::Accept => "accept",
        SleepoverMove::Decline => "decline",
        SleepoverMove::Propose => "propose",
        SleepoverMove::AcceptProposal => "accept-proposal",
        SleepoverMove::Withdraw => "withdraw",
        SleepoverMove::Cancel => "cancel",
        SleepoverMove::Start => "start",
        SleepoverMove::End => "end",
        SleepoverMove::DidNotHappen => "did-not-happen",
    }
}

async fn sleepover_view(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let record = sleepover_record(&state.ctx, &actor(req), id).await?;
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "requested" => Some("Your request is sent."),
        "moved" => Some("Done: the other side is told there is something to see."),
        _ => None,
    };
    let section = super::section(!(record.reader_is_family || record.reader_is_hub));
    let (shell, status) = Shell::for_form(state, req, section, &errors);
    render(
        status,
        &SleepoverPage {
            shell,
            errors,
            done,
            record,
            proposed_first_night: DateBoxes::from_form(&typed, "proposed_first_night"),
            proposed_last_night: DateBoxes::from_form(&typed, "proposed_last_night"),
            typed: Typed(typed),
        },
    )
}

#[get("/sleepovers/{id}")]
pub async fn sleepover_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    sleepover_view(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/sleepovers/{id}/{step}")]
pub async fn move_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, step) = path.into_inner();
    let form = pairs(&body);
    let child_id = || value(&form, "child").parse().unwrap_or(0);
    let mut unreadable = None;
    let step = match SleepoverMove::ALL.iter().find(|m| path_of(**m) == step) {
        Some(SleepoverMove::Agree) => SleepoverStep::Agree {
            child_id: child_id(),
        },
        Some(SleepoverMove::Refuse) => SleepoverStep::Refuse {
            child_id: child_id(),
        },
        Some(SleepoverMove::Accept) => SleepoverStep::Accept,
        Some(SleepoverMove::Decline) => SleepoverStep::Decline {
            reason: value(&form, "reason").to_owned(),
        },
        Some(SleepoverMove::Propose) => {
            let first = DateBoxes::from_form(&form, "proposed_first_night")
                .date("proposed_first_night", "first night");
            let last = optional_date(&form, "proposed_last_night", "last night");
            if let Err(last) = last {
                let errors = FormErrors::default()
                    .reading(first.err())
                    .reading(Some(last));
                return sleepover_view(&state, &req, id, form, errors).await;
            }
            let step = SleepoverStep::Propose {
                first_night: first.as_ref().ok().copied(),
                last_night: last.as_ref().ok().copied().flatten(),
            };
            unreadable = first.err();
            step
        }
        Some(SleepoverMove::AcceptProposal) => SleepoverStep::AcceptProposal,
        Some(SleepoverMove::Withdraw) => SleepoverStep::Withdraw,
        Some(SleepoverMove::Cancel) => SleepoverStep::Cancel,
        Some(SleepoverMove::Start) => SleepoverStep::Start,
        Some(SleepoverMove::End) => SleepoverStep::End,
        Some(SleepoverMove::DidNotHappen) => SleepoverStep::DidNotHappen,
        None => return Err(DomainError::NotFound.into()),
    };
    match move_sleepover(&state.ctx, &actor(&req), id, &step).await {
        Ok(_) => Ok(see_other(&format!("/sleepovers/{id}?done=moved")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?.reading(unreadable);
            sleepover_view(&state, &req, id, form, errors).await
        }
    }
}
