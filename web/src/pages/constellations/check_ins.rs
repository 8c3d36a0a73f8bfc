//! `/constellations/{id}/check-ins/new`: the hub carer (or a liaison
//! worker) records contact with a satellite family, in a few words.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::constellations::{
    CheckInInput, ConstellationRecord, Contact, constellation_record, record_check_in,
};

use super::super::date_time::DateBoxes;
use super::super::forms::{FormErrors, Pick, Typed, pairs, picks, see_other, value};
use super::super::{PageError, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config.service(check_in_form).service(check_in_sent);
}

#[derive(Template)]
#[template(path = "constellations/check_in.html")]
struct CheckInPage {
    shell: Shell,
    errors: FormErrors,
    record: ConstellationRecord,
    families: Vec<Pick>,
    contacts: Vec<Pick>,
    contacted_on: DateBoxes,
    typed: Typed,
}

async fn check_in_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let record = constellation_record(&state.ctx, &actor(req), id).await?;
    if !(record.reader_is_hub || record.reader_is_liaison) {
        return Err(DomainError::NotFound.into());
    }
    let chosen = value(&typed, "carer_household").to_owned();
    let section = super::section(record.reader_is_liaison);
    let (shell, status) = Shell::for_form(state, req, section, &errors);
    render(
        status,
        &CheckInPage {
            shell,
            errors,
            families: record
                .families
                .iter()
                .map(|f| Pick {
                    value: f.carer_household_id.to_string(),
                    label: f.name.clone(),
                    selected: f.carer_household_id.to_string() == chosen,
                })
                .collect(),
            contacts: picks(
                Contact::ALL,
                Contact::as_str,
                Contact::label,
                value(&typed, "contact"),
            ),
            contacted_on: DateBoxes::from_form(&typed, "contacted_on"),
            record,
            typed: Typed(typed),
        },
    )
}

#[get("/constellations/{id}/check-ins/new")]
pub async fn check_in_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let family = value(&query, "family");
    let typed = if family.is_empty() {
        Vec::new()
    } else {
        vec![("carer_household".to_owned(), family.to_owned())]
    };
    check_in_page(&state, &req, *id, typed, FormErrors::default()).await
}

#[post("/constellations/{id}/check-ins/new")]
pub async fn check_in_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let on = DateBoxes::from_form(&form, "contacted_on").date("contacted_on", "contact");
    let input = CheckInInput {
        carer_household_id: value(&form, "carer_household").parse().ok(),
        contact: Contact::parse(value(&form, "contact")),
        contacted_on: on.as_ref().ok().copied(),
        note: value(&form, "note").to_owned(),
    };
    match record_check_in(&state.ctx, &actor(&req), id, &input).await {
        Ok(()) => Ok(see_other(&format!("/constellations/{id}?done=checked-in")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?.reading(on.err());
            check_in_page(&state, &req, id, form, errors).await
        }
    }
}
