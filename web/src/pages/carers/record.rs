//! `/carers/{id}`: one carer household's record for its supervising social
//! worker and its service's managers, with what each may do next.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::carers::{CarerHouseholdRecord, carer_household_record};

use super::super::forms::{pairs, value};
use super::super::{PageError, Section, Shell, actor, render};
use super::terms_label;
use crate::server::AppState;

#[derive(Template)]
#[template(path = "carers/household.html")]
struct RecordPage {
    shell: Shell,
    /// What was just done, for the banner.
    done: Option<&'static str>,
    record: CarerHouseholdRecord,
    terms: String,
}

impl RecordPage {
    fn day(&self, day: &chrono::NaiveDate) -> String {
        day.format("%-d %B %Y").to_string()
    }

    fn when(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        domain::recruitment::london_display(*at)
    }
}

#[get("/carers/{id}")]
pub async fn record_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let record = carer_household_record(&state.ctx, &actor(&req), id.into_inner()).await?;
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "reviewed" => Some("The annual review is recorded."),
        "left" => Some("The household's leaving is recorded."),
        "given" => Some("The household has its supervising social worker."),
        "placed" => Some("The child's placement is recorded."),
        "ended" => Some("The placement has ended."),
        "exempted" => Some("The exemption from the terms is recorded."),
        _ => None,
    };
    render(
        StatusCode::OK,
        &RecordPage {
            shell: Shell::new(&state, &req, Section::Carers),
            done,
            terms: terms_label(&record.household),
            record,
        },
    )
}
