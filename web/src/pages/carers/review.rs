//! `/carers/{id}/annual-review`: the household's supervising social worker
//! (or a manager) records an annual review: its date, what it found, and
//! new terms when it changed them.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::applications::decision::Terms;
use domain::applications::sections::CARE;
use domain::carers::{
    CarerHouseholdRecord, ReviewInput, ReviewOutcome, carer_household_record, record_review,
};

use super::super::date_time::DateBoxes;
use super::super::forms::{FormErrors, Pick, Typed, pairs, picks, see_other, ticked, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;
use domain::DomainError;

#[derive(Template)]
#[template(path = "carers/review.html")]
struct ReviewPage {
    shell: Shell,
    errors: FormErrors,
    record: CarerHouseholdRecord,
    reviewed_on: DateBoxes,
    outcomes: Vec<Pick>,
    kinds: Vec<Pick>,
    typed: Typed,
}

async fn review_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let record = carer_household_record(&state.ctx, &actor(req), id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Carers, &errors);
    // A household that left has no more reviews: nothing links here then.
    if !record.may_review {
        return Err(DomainError::NotFound.into());
    }
    render(
        status,
        &ReviewPage {
            shell,
            reviewed_on: DateBoxes::from_form(&typed, "reviewed_on"),
            outcomes: picks(
                ReviewOutcome::ALL,
                ReviewOutcome::as_str,
                ReviewOutcome::label,
                value(&typed, "outcome"),
            ),
            kinds: ticked(CARE, &typed, "kinds"),
            errors,
            record,
            typed: Typed(typed),
        },
    )
}

#[get("/carers/{id}/annual-review")]
pub async fn review_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    review_page(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/carers/{id}/annual-review")]
pub async fn review_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let reviewed_on = DateBoxes::from_form(&form, "reviewed_on").date("reviewed_on", "review");
    let number = |key: &str| value(&form, key).parse::<i64>().ok();
    let input = ReviewInput {
        reviewed_on: reviewed_on.as_ref().ok().copied(),
        outcome: ReviewOutcome::parse(value(&form, "outcome")),
        note: value(&form, "note").to_owned(),
        terms: Terms {
            children: number("children"),
            age_from: number("age_from"),
            age_to: number("age_to"),
            kinds: form
                .iter()
                .filter(|(k, _)| k == "kinds")
                .map(|(_, v)| v.clone())
                .collect(),
        },
    };
    match record_review(&state.ctx, &actor(&req), id, input).await {
        Ok(()) => Ok(see_other(&format!("/carers/{id}?done=reviewed")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?.reading(reviewed_on.err());
            review_page(&state, &req, id, form, errors).await
        }
    }
}
