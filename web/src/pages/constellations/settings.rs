//! `/constellations/new` and `/constellations/{id}/settings`: a fostering
//! team manager sets up a constellation around its hub home, and changes
//! its settings and liaison workers.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::constellations::{
    ConstellationSettings, NewConstellation, STANDARD_BEDS, STANDARD_CHECK_IN_DAYS,
    STANDARD_ESCALATION_MINUTES, change_constellation, constellation_choices, constellation_record,
    set_up_constellation,
};

use super::super::forms::{FormErrors, Pick, Typed, pairs, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "constellations/settings.html")]
struct SettingsPage {
    shell: Shell,
    errors: FormErrors,
    new: bool,
    name: String,
    organisation: String,
    action: String,
    back: String,
    hubs: Vec<Pick>,
    liaison_workers: Vec<Pick>,
    typed: Typed,
}

/// The settings as the form sent them; a number that is not one is out of
/// range, and said so.
fn settings_from(form: &[(String, String)]) -> ConstellationSettings {
    let number = |key: &str| {
        let text = value(form, key).trim();
        if text.is_empty() {
            None
        } else {
            Some(text.parse().unwrap_or(-1))
        }
    };
    ConstellationSettings {
        name: value(form, "name").to_owned(),
        liaison_worker_ids: form
            .iter()
            .filter(|(k, _)| k == "liaison_workers")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
        beds: number("beds"),
        quiet_from: value(form, "quiet_from").to_owned(),
        quiet_until: value(form, "quiet_until").to_owned(),
        escalate_after_minutes: number("escalate_after_minutes"),
        check_in_days: number("check_in_days"),
    }
}

/// The standard settings, as a new form shows them.
fn standard() -> Vec<(String, String)> {
    [
        ("beds", STANDARD_BEDS.to_string()),
        ("quiet_from", "21:00".to_owned()),
        ("quiet_until", "07:00".to_owned()),
        (
            "escalate_after_minutes",
            STANDARD_ESCALATION_MINUTES.to_string(),
        ),
        ("check_in_days", STANDARD_CHECK_IN_DAYS.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn ticked_people(
    people: &[domain::carers::Worker],
    form: &[(String, String)],
    key: &str,
) -> Vec<Pick> {
    people
        .iter()
        .map(|w| Pick {
            value: w.person_id.to_string(),
            label: w.name.clone(),
            selected: form
                .iter()
                .any(|(k, v)| k == key && *v == w.person_id.to_string()),
        })
        .collect()
}

async fn new_page(
    state: &AppState,
    req: &HttpRequest,
    organisation_id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let choices = constellation_choices(&state.ctx, &actor, organisation_id).await?;
    let organisation = domain::accounts::organisations_by_id(&state.ctx, &[organisation_id])
        .await?
        .pop()
        .map(|o| o.name)
        .unwrap_or_default();
    let (shell, status) = Shell::for_form(state, req, Section::Constellations, &errors);
    let chosen_hub = value(&typed, "hub").to_owned();
    render(
        status,
        &SettingsPage {
            shell,
            errors,
            new: true,
            name: String::new(),
            organisation,
            action: format!("/constellations/new?organisation={organisation_id}"),
            back: "/constellations".to_owned(),
            hubs: choices
                .households
                .iter()
                .map(|(id, name)| Pick {
                    value: id.to_string(),
                    label: name.clone(),
                    selected: *id.to_string() == chosen_hub,
                })
                .collect(),
            liaison_workers: ticked_people(&choices.liaison_workers, &typed, "liaison_workers"),
            typed: Typed(typed),
        },
    )
}

fn organisation_of(req: &HttpRequest) -> i32 {
    let query = pairs(req.query_string().as_bytes());
    value(&query, "organisation").parse().unwrap_or(0)
}

#[get("/constellations/new")]
pub async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    new_page(
        &state,
        &req,
        organisation_of(&req),
        standard(),
        FormErrors::default(),
    )
    .await
}

#[post("/constellations/new")]
pub async fn new_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let organisation_id = organisation_of(&req);
    let form = pairs(&body);
    let input = NewConstellation {
        organisation_id,
        hub_carer_household_id: value(&form, "hub").parse().ok(),
        settings: settings_from(&form),
    };
    match set_up_constellation(&state.ctx, &actor(&req), &input).await {
        Ok(id) => Ok(see_other(&format!("/constellations/{id}?done=set-up")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            new_page(&state, &req, organisation_id, form, errors).await
        }
    }
}

async fn settings_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Option<Vec<(String, String)>>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let record = constellation_record(&state.ctx, &actor, id).await?;
    if !record.reader_manages {
        return Err(domain::DomainError::NotFound.into());
    }
    let choices = constellation_choices(&state.ctx, &actor, record.organisation_id).await?;
    let typed = typed.unwrap_or_else(|| {
        let mut now: Vec<(String, String)> = vec![
            ("name".to_owned(), record.name.clone()),
            ("beds".to_owned(), record.beds.to_string()),
            (
                "quiet_from".to_owned(),
                record.quiet.from.format("%H:%M").to_string(),
            ),
            (
                "quiet_until".to_owned(),
                record.quiet.until.format("%H:%M").to_string(),
            ),
            (
                "escalate_after_minutes".to_owned(),
                record.escalate_after_minutes.to_string(),
            ),
            ("check_in_days".to_owned(), record.check_in_days.to_string()),
        ];
        now.extend(
            record
                .liaison_workers
                .iter()
                .map(|w| ("liaison_workers".to_owned(), w.person_id.to_string())),
        );
        now
    });
    let (shell, status) = Shell::for_form(state, req, Section::Constellations, &errors);
    render(
        status,
        &SettingsPage {
            shell,
            errors,
            new: false,
            name: record.name.clone(),
            organisation: record.organisation.clone(),
            action: format!("/constellations/{id}/settings"),
            back: format!("/constellations/{id}"),
            hubs: Vec::new(),
            liaison_workers: ticked_people(&choices.liaison_workers, &typed, "liaison_workers"),
            typed: Typed(typed),
        },
    )
}

#[get("/constellations/{id}/settings")]
pub async fn settings_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    settings_page(&state, &req, *id, None, FormErrors::default()).await
}

#[post("/constellations/{id}/settings")]
pub async fn settings_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    match change_constellation(&state.ctx, &actor(&req), id, &settings_from(&form)).await {
        Ok(()) => Ok(see_other(&format!("/constellations/{id}?done=changed")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            settings_page(&state, &req, id, Some(form), errors).await
        }
    }
}
