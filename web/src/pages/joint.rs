//! Applying jointly: the applicant invites their partner
//! (`/application/joint`), who signs in with their own email address and
//! accepts from their account page.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::applications::form::{OwnApplication, own_application};
use domain::applications::joint::{
    accept_joint_invitation, add_joint_applicant, remove_joint_applicant,
};

use super::forms::{FormErrors, pairs, see_other, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "application/joint.html")]
struct JointPage {
    shell: Shell,
    errors: FormErrors,
    application: OwnApplication,
    name: String,
    email: String,
}

async fn joint_page(
    state: &AppState,
    req: &HttpRequest,
    (errors, typed): (FormErrors, Vec<(String, String)>),
) -> Result<HttpResponse, PageError> {
    let application = own_application(&state.ctx, &actor(req)).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Account, &errors);
    render(
        status,
        &JointPage {
            shell,
            errors,
            application,
            name: value(&typed, "name").to_owned(),
            email: value(&typed, "email").to_owned(),
        },
    )
}

#[get("/application/joint")]
pub async fn show_joint(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    joint_page(&state, &req, Default::default()).await
}

#[post("/application/joint")]
pub async fn add_joint(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let actor = actor(&req);
    let done = match value(&form, "action") {
        "remove" => remove_joint_applicant(&state.ctx, &actor).await,
        _ => {
            let (name, email) = (value(&form, "name"), value(&form, "email"));
            add_joint_applicant(&state.ctx, &actor, name, email).await
        }
    };
    let errors = match done {
        Ok(()) => return Ok(see_other("/application?done=saved").finish()),
        Err(error) => FormErrors::from_refusal(error)?,
    };
    joint_page(&state, &req, (errors, form)).await
}

/// The invited partner accepts, from their account page.
#[post("/application/joint/accept")]
pub async fn accept_joint(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let household = value(&form, "household").parse().unwrap_or(-1);
    accept_joint_invitation(&state.ctx, &actor(&req), household).await?;
    Ok(see_other("/application").finish())
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(show_joint)
        .service(add_joint)
        .service(accept_joint);
}
