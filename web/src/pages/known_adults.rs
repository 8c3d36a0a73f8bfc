//! `/known-adults`: a child's social worker records an adult already in the
//! child's life who may foster them.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::recruitment::known_adults::{KnownAdult, known_adult_form, record_known_adult};
use serde::Deserialize;

use super::forms::{FormErrors, pairs, see_other, typed};
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

/// A known adult, as their form is sent.
#[derive(Default, Deserialize)]
#[serde(default)]
struct KnownAdultForm {
    name: String,
    email: String,
    phone: String,
    postcode: String,
    relationship: String,
    child_initials: String,
    child_reference: String,
    consent_to_contact: String,
}

impl KnownAdultForm {
    fn known_adult(self) -> KnownAdult {
        KnownAdult {
            consent_to_contact: self.consent_to_contact == "yes",
            name: self.name,
            email: self.email,
            phone: self.phone,
            postcode: self.postcode,
            relationship: self.relationship,
            child_initials: self.child_initials,
            child_reference: self.child_reference,
        }
    }
}

#[post("/known-adults")]
pub async fn record(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let adult = typed::<KnownAdultForm>(&pairs(&body))?.known_adult();
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
