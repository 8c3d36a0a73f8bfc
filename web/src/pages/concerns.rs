//! `/concerns`: the worries about children that went to the reader (a
//! safeguarding lead), and `/concerns/{id}` to read one (in the access
//! log) and close it with what was done.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::concerns::{
    ConcernRecord, ConcernState, ConcernSummary, close_concern, concern_record, my_concerns,
};

use super::forms::{FormErrors, Typed, pairs, see_other, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(concerns_page)
        .service(concern_page)
        .service(close_sent);
}

fn date(at: &chrono::DateTime<chrono::Utc>) -> String {
    domain::recruitment::london_display(*at)
}

#[derive(Template)]
#[template(path = "concerns/list.html")]
struct ConcernsPage {
    shell: Shell,
    concerns: Vec<ConcernSummary>,
}

impl ConcernsPage {
    fn when(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        date(at)
    }

    fn open(&self, concern: &ConcernSummary) -> bool {
        concern.state == ConcernState::Raised
    }
}

#[get("/concerns")]
pub async fn concerns_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let concerns = my_concerns(&state.ctx, &actor(&req)).await?;
    render(
        actix_web::http::StatusCode::OK,
        &ConcernsPage {
            shell: Shell::new(&state, &req, Section::Concerns),
            concerns,
        },
    )
}

#[derive(Template)]
#[template(path = "concerns/concern.html")]
struct ConcernPage {
    shell: Shell,
    errors: FormErrors,
    done: bool,
    id: i32,
    record: ConcernRecord,
    typed: Typed,
}

impl ConcernPage {
    fn when(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        date(at)
    }
}

async fn view(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let record = concern_record(&state.ctx, &actor(req), id).await?;
    let query = pairs(req.query_string().as_bytes());
    let (shell, status) = Shell::for_form(state, req, Section::Concerns, &errors);
    render(
        status,
        &ConcernPage {
            shell,
            errors,
            done: value(&query, "done") == "closed",
            id,
            record,
            typed: Typed(typed),
        },
    )
}

#[get("/concerns/{id}")]
pub async fn concern_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    view(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/concerns/{id}/close")]
pub async fn close_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    match close_concern(&state.ctx, &actor(&req), *id, value(&form, "outcome")).await {
        Ok(()) => Ok(see_other(&format!("/concerns/{}?done=closed", *id)).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            view(&state, &req, *id, form, errors).await
        }
    }
}
