//! `/known-adults`: a child's social worker records an adult already in the
//! child's life who may foster them.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::recruitment::known_adults::{KnownAdult, known_adult_form, record_known_adult};

use super::forms::{FormErrors, pairs, see_other, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "known_adults.html")]
struct KnownAdultPage {
    shell: Shell,
    done: bool,
    errors: FormErrors,
    form: KnownAdult,
}

fn known_adult_page(
    state: &AppState,
    req: &HttpRequest,
    done: bool,
    errors: FormErrors,
    form: KnownAdult,
) -> Result<HttpResponse, PageError> {
    let (shell, status) = Shell::for_form(state, req, Section::KnownAdults, &errors);
    render(
        status,
        &KnownAdultPage {
            shell,
            done,
            errors,
            form,
        },
    )
}

#[get("/known-adults")]
pub async fn known_adults(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let done = req.query_string() == "done=recorded";
    let blank = known_adult_form(&actor(&req))?;
    known_adult_page(&state, &req, done, FormErrors::default(), blank)
}

#[post("/known-adults")]
pub async fn record(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let get = |key: &str| value(&form, key).to_owned();
    let adult = KnownAdult {
        name: get("name"),
        email: get("email"),
        phone: get("phone"),
        postcode: get("postcode"),
        relationship: get("relationship"),
        child_initials: get("child_initials"),
        child_reference: get("child_reference"),
        consent_to_contact: value(&form, "consent_to_contact") == "yes",
    };
    match record_known_adult(&state.ctx, &actor(&req), &adult).await {
        Ok(_) => Ok(see_other("/known-adults?done=recorded").finish()),
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            known_adult_page(&state, &req, false, errors, adult)
        }
    }
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config.service(known_adults).service(record);
}
