//! Applying jointly: the applicant invites their partner
//! (`/application/joint`), who signs in with their own email address and
//! accepts from their account page.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::applications::form::{OwnApplication, own_application};
use domain::applications::joint::{
    accept_joint_invitation, add_joint_applicant, remove_joint_applicant,
};
use serde::Deserialize;

use super::forms::{FormErrors, done_or_again, pairs, see_other, typed, value};
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

/// The partner invited to apply jointly.
#[derive(Default, Deserialize)]
#[serde(default)]
struct JointForm {
    name: String,
    email: String,
}

#[post("/application/joint")]
pub async fn add_joint(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let done = async {
        let sent: JointForm = typed(&form)?;
        add_joint_applicant(&state.ctx, &actor(&req), &sent.name, &sent.email).await
    }
    .await;
    after_change(&state, &req, done.map(|()| "invited"), form).await
}

/// The applicant applies on their own after all.
#[post("/application/joint/remove")]
pub async fn remove_joint(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let done = remove_joint_applicant(&state.ctx, &actor(&req)).await;
    after_change(&state, &req, done.map(|()| "alone"), Vec::new()).await
}

/// Back to the task list, or the page again with what was wrong.
async fn after_change(
    state: &AppState,
    req: &HttpRequest,
    done: Result<&'static str, DomainError>,
    form: Vec<(String, String)>,
) -> Result<HttpResponse, PageError> {
    // Where to go is known only once it is done; a refusal stays here.
    let to = format!(
        "/application?done={}",
        done.as_ref().map_or("", |said| *said)
    );
    done_or_again(done.map(drop), &to, async |errors| {
        joint_page(state, req, (errors, form)).await
    })
    .await
}

/// The invited partner accepts, from their account page.
#[post("/application/joint/accept")]
pub async fn accept_joint(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let Ok(household) = value(&form, "household").parse() else {
        return Err(DomainError::NotFound.into());
    };
    accept_joint_invitation(&state.ctx, &actor(&req), household).await?;
    Ok(see_other("/application").finish())
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(show_joint)
        .service(add_joint)
        .service(remove_joint)
        .service(accept_joint);
}
