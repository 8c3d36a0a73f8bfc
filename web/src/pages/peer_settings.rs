//! A service's peer support settings, `/peer-support/settings/ID`, for
//! its coordinators: offering a supporter to everyone invited to apply,
//! the notice for moving or cancelling a meeting, the meetings expected a
//! month, mileage, and the service's own mentoring agreement.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::accounts::organisations_by_id;
use domain::peer_support::{
    PeerSupportSettings, STANDARD_AGREEMENT, peer_support_settings, save_peer_support_settings,
};
use domain::policy::Permission;

use super::forms::{FormErrors, Pick, Typed, pairs, see_other, ticked, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config.service(settings_form).service(settings_sent);
}

const CHOICES: [(&str, &str); 2] = [
    (
        "mentor_at_invitation",
        "Offer everyone invited to apply a peer supporter",
    ),
    ("pays_mileage", "The scheme pays supporters' mileage"),
];

#[derive(Template)]
#[template(path = "peer_support/settings.html")]
struct SettingsPage {
    shell: Shell,
    errors: FormErrors,
    done: bool,
    organisation_id: i32,
    organisation: String,
    choices: Vec<Pick>,
    standard: &'static str,
    typed: Typed,
}

/// The saved settings as the form's values.
fn as_typed(settings: &PeerSupportSettings) -> Vec<(String, String)> {
    let mut typed = vec![
        (
            "change_notice_hours".to_owned(),
            settings.change_notice_hours.to_string(),
        ),
        (
            "meetings_a_month".to_owned(),
            settings.meetings_a_month.to_string(),
        ),
        ("agreement".to_owned(), settings.own_agreement.clone()),
    ];
    for (on, name) in [
        (settings.mentor_at_invitation, "mentor_at_invitation"),
        (settings.pays_mileage, "pays_mileage"),
    ] {
        if on {
            typed.push(("settings".to_owned(), name.to_owned()));
        }
    }
    typed
}

async fn settings_view(
    state: &AppState,
    req: &HttpRequest,
    organisation_id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    actor(req).require(Permission::CoordinatePeerSupport, organisation_id)?;
    let organisation = organisations_by_id(&state.ctx, &[organisation_id])
        .await?
        .pop()
        .map(|o| o.name)
        .unwrap_or_default();
    let done = value(&pairs(req.query_string().as_bytes()), "done") == "saved";
    let (shell, status) = Shell::for_form(state, req, Section::PeerSupport, &errors);
    render(
        status,
        &SettingsPage {
            shell,
            errors,
            done,
            organisation_id,
            organisation,
            choices: ticked(&CHOICES, &typed, "settings"),
            standard: STANDARD_AGREEMENT,
            typed: Typed(typed),
        },
    )
}

#[get("/peer-support/settings/{organisation}")]
pub async fn settings_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    organisation: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let saved = peer_support_settings(&state.ctx, &actor(&req), *organisation).await?;
    settings_view(
        &state,
        &req,
        *organisation,
        as_typed(&saved),
        FormErrors::default(),
    )
    .await
}

#[post("/peer-support/settings/{organisation}")]
pub async fn settings_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    organisation: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let ticked = |name: &str| form.iter().any(|(k, v)| k == "settings" && v == name);
    let number = |name: &str| value(&form, name).trim().parse::<i32>().unwrap_or(-1);
    let input = PeerSupportSettings {
        mentor_at_invitation: ticked("mentor_at_invitation"),
        change_notice_hours: number("change_notice_hours"),
        meetings_a_month: number("meetings_a_month"),
        pays_mileage: ticked("pays_mileage"),
        own_agreement: value(&form, "agreement").to_owned(),
    };
    match save_peer_support_settings(&state.ctx, &actor(&req), *organisation, &input).await {
        Ok(()) => {
            let to = format!("/peer-support/settings/{organisation}?done=saved");
            Ok(see_other(&to).finish())
        }
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            settings_view(&state, &req, *organisation, form, errors).await
        }
    }
}
