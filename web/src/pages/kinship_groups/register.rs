//! `/kinship/register`: registering as a kinship carer. Signed out, they
//! give a name and email address and are sent a link to sign in, as
//! applicants are; signed in, they register as themselves. Only the
//! arrangement, the first half of the postcode and how many children are
//! asked: nothing about the children, and nobody is told.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::Actor;
use domain::kinship::{Arrangement, MOST_CHILDREN, NewKinshipCarer, register_kinship_carer};

use super::super::forms::{FormErrors, Pick, Typed, pairs, picks, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::client_address::client_address;
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(register_form)
        .service(register_sent)
        .service(registered_page);
}

#[derive(Template)]
#[template(path = "kinship_groups/register.html")]
struct RegisterPage {
    shell: Shell,
    errors: FormErrors,
    arrangements: Vec<Pick>,
    typed: Typed,
    children_hint: String,
}

async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let (shell, status) = Shell::for_form(state, req, Section::Kinship, &errors);
    render(
        status,
        &RegisterPage {
            shell,
            errors,
            arrangements: picks(
                Arrangement::ALL,
                Arrangement::as_str,
                Arrangement::label,
                value(&typed, "arrangement"),
            ),
            typed: Typed(typed),
            children_hint: format!("A number from 1 to {MOST_CHILDREN}"),
        },
    )
}

#[get("/kinship/register")]
pub async fn register_form(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    form_page(&state, &req, Vec::new(), FormErrors::default()).await
}

#[post("/kinship/register")]
pub async fn register_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let reader = actor(&req);
    let input = NewKinshipCarer {
        name: value(&form, "name").to_owned(),
        email: value(&form, "email").to_owned(),
        arrangement: Arrangement::parse(value(&form, "arrangement")),
        postcode: value(&form, "postcode").to_owned(),
        children: value(&form, "children").trim().parse().ok(),
        trap: value(&form, "website").to_owned(),
    };
    let client = client_address(&req, &state.trusted_proxies);
    match register_kinship_carer(&state.ctx, &reader, &input, &client).await {
        Ok(()) if matches!(reader, Actor::Person(_)) => {
            Ok(see_other("/kinship/my-groups?done=registered").finish())
        }
        Ok(()) => Ok(see_other("/kinship/registered").finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            form_page(&state, &req, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "kinship_groups/registered.html")]
struct RegisteredPage {
    shell: Shell,
}

#[get("/kinship/registered")]
pub async fn registered_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    render(
        actix_web::http::StatusCode::OK,
        &RegisteredPage {
            shell: Shell::new(&state, &req, Section::Kinship),
        },
    )
}
