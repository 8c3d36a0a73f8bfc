//! A household leaving its service (`/carers/{id}/leaving`), and the list
//! of leaving reasons a service's fostering team managers keep
//! (`/carers/services/{id}/leaving-reasons`).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::carers::{
    CarerHouseholdRecord, LeavingChoice, LeavingEnding, LeavingInput, LeavingReason,
    carer_household_record, record_leaving,
};
use domain::reason_lists::{Entry, add_reason as add, reasons, retire_reason as retire};
use domain::{DomainError, Named};

use super::super::date_time::DateBoxes;
use super::super::forms::{FormErrors, Pick, pairs, picks, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "carers/leaving.html")]
struct LeavingPage {
    shell: Shell,
    errors: FormErrors,
    record: CarerHouseholdRecord,
    organisation_id: i32,
    left_on: DateBoxes,
    endings: Vec<Pick>,
    reasons: Vec<Pick>,
}

async fn leaving_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: &[(String, String)],
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let record = carer_household_record(&state.ctx, &actor, id).await?;
    // Only a manager of the service records leaving: nothing links here
    // for anyone else, or once it is recorded.
    if !record.may_record_leaving {
        return Err(DomainError::NotFound.into());
    }
    let organisation_id = record.household.organisation_id;
    let chosen = value(typed, "reason");
    let reasons = reasons::<LeavingReason>(&state.ctx, &actor, organisation_id)
        .await?
        .into_iter()
        .map(|entry| Pick {
            selected: entry.choice.code() == chosen,
            value: entry.choice.code(),
            label: entry.label,
        })
        .collect();
    let (shell, status) = Shell::for_form(state, req, Section::Carers, &errors);
    render(
        status,
        &LeavingPage {
            shell,
            errors,
            record,
            organisation_id,
            left_on: DateBoxes::from_form(typed, "left_on"),
            endings: picks(
                LeavingEnding::ALL,
                LeavingEnding::as_str,
                LeavingEnding::label,
                value(typed, "ending"),
            ),
            reasons,
        },
    )
}

#[get("/carers/{id}/leaving")]
pub async fn leaving_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    leaving_page(&state, &req, *id, &[], FormErrors::default()).await
}

#[post("/carers/{id}/leaving")]
pub async fn leaving_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let left_on = DateBoxes::from_form(&form, "left_on").date("left_on", "leaving");
    let input = LeavingInput {
        left_on: left_on.as_ref().ok().copied(),
        ending: LeavingEnding::parse(value(&form, "ending")),
        reason: LeavingChoice::parse(value(&form, "reason")),
    };
    match record_leaving(&state.ctx, &actor(&req), id, input).await {
        Ok(()) => Ok(see_other(&format!("/carers/{id}?done=left")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?.reading(left_on.err());
            leaving_page(&state, &req, id, &form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "carers/leaving_reasons.html")]
struct ReasonsPage {
    shell: Shell,
    errors: FormErrors,
    organisation_id: i32,
    done: Option<&'static str>,
    reasons: Vec<Entry<LeavingReason>>,
}

async fn reasons_view(
    state: &AppState,
    req: &HttpRequest,
    organisation_id: i32,
    done: Option<&'static str>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let reasons = reasons(&state.ctx, &actor(req), organisation_id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Carers, &errors);
    render(
        status,
        &ReasonsPage {
            shell,
            errors,
            organisation_id,
            done,
            reasons,
        },
    )
}

#[get("/carers/services/{id}/leaving-reasons")]
pub async fn reasons_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "added" => Some("The reason is on the list."),
        "retired" => Some("The reason is off the list. Households that gave it keep it."),
        _ => None,
    };
    reasons_view(&state, &req, *id, done, FormErrors::default()).await
}

/// Back to the list saying what was done, or the list again with what was
/// wrong.
async fn after_change(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    outcome: Result<&'static str, DomainError>,
) -> Result<HttpResponse, PageError> {
    match outcome {
        Ok(done) => Ok(see_other(&format!(
            "/carers/services/{id}/leaving-reasons?done={done}"
        ))
        .finish()),
        Err(error @ DomainError::InvalidInput(_)) => {
            reasons_view(state, req, id, None, FormErrors::from_domain(error)?).await
        }
        Err(error) => Err(error.into()),
    }
}

#[post("/carers/services/{id}/leaving-reasons")]
pub async fn add_reason(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let label = value(&pairs(&body), "label").to_owned();
    let added = add::<LeavingReason>(&state.ctx, &actor(&req), *id, &label).await;
    after_change(&state, &req, *id, added.map(|_| "added")).await
}

#[post("/carers/services/{id}/leaving-reasons/{reason}/retire")]
pub async fn retire_reason(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
) -> Result<HttpResponse, PageError> {
    let (id, reason) = *ids;
    let named = Named::within(id, reason);
    let retired = retire::<LeavingReason>(&state.ctx, &actor(&req), named).await;
    after_change(&state, &req, id, retired.map(|()| "retired")).await
}
