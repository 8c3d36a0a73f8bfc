//! `/application/joint`: the applicant adds their partner as a joint
//! applicant, who then signs in with their own email address.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::applications::joint::add_joint_applicant;

use super::forms::{FormErrors, posted, refused, see_other, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "application/joint.html")]
struct JointPage {
    shell: Shell,
    errors: FormErrors,
    name: String,
    email: String,
}

fn joint_page(
    state: &AppState,
    req: &HttpRequest,
    (errors, typed): (FormErrors, Vec<(String, String)>),
) -> Result<HttpResponse, PageError> {
    let (shell, status) = Shell::for_form(state, req, Section::Account, &errors);
    render(
        status,
        &JointPage {
            shell,
            errors,
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
    // Only someone with an application has a partner to add.
    domain::applications::form::own_application(&state.ctx, &actor(&req)).await?;
    joint_page(&state, &req, Default::default())
}

#[post("/application/joint")]
pub async fn add_joint(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let Some(form) = posted(&req, &state, &body) else {
        return Ok(refused());
    };
    let added = add_joint_applicant(
        &state.ctx,
        &actor(&req),
        value(&form, "name"),
        value(&form, "email"),
    )
    .await;
    let errors = match added {
        Ok(()) => return Ok(see_other("/application?done=saved").finish()),
        Err(error) => FormErrors::from_refusal(error)?,
    };
    joint_page(&state, &req, (errors, form))
}
