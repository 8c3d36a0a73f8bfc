//! Asking for a peer supporter and matching one: the applicant's button
//! (`/peer-support/ask`, from their account page) and the coordinator's
//! `/peer-support/waiting`, with suggestions in the stated order and one
//! route to confirm a match.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::accounts::organisations_by_id;
use domain::peer_support::{PersonToMatch, ask_for_supporter, confirm_match, people_to_match};
use domain::policy::Permission;

use super::forms::{FormErrors, pairs, see_other, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(waiting_page)
        .service(ask_sent)
        .service(match_sent);
}

#[post("/peer-support/ask")]
pub async fn ask_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    ask_for_supporter(&state.ctx, &actor(&req), value(&form, "languages")).await?;
    Ok(see_other("/account?done=peer-support").finish())
}

#[derive(Template)]
#[template(path = "peer_support/waiting.html")]
struct WaitingPage {
    shell: Shell,
    errors: FormErrors,
    done: bool,
    organisations: Vec<(i32, String, Vec<PersonToMatch>)>,
}

impl WaitingPage {
    fn asked(&self, person: &PersonToMatch) -> String {
        person
            .asked_at
            .with_timezone(&chrono_tz::Europe::London)
            .format("%-d %B %Y")
            .to_string()
    }

    fn kinds(&self, person: &PersonToMatch) -> String {
        if person.kinds.is_empty() {
            return "Not said".to_owned();
        }
        person
            .kinds
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

async fn waiting_view(
    state: &AppState,
    req: &HttpRequest,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let reader = actor(req);
    reader.require_anywhere(Permission::CoordinatePeerSupport)?;
    let own = reader.organisations_where(Permission::CoordinatePeerSupport);
    let mut organisations = Vec::new();
    for organisation in organisations_by_id(&state.ctx, &own).await? {
        let people = people_to_match(&state.ctx, &reader, organisation.id).await?;
        organisations.push((organisation.id, organisation.name, people));
    }
    let query = pairs(req.query_string().as_bytes());
    let (shell, status) = Shell::for_form(state, req, Section::PeerSupport, &errors);
    render(
        status,
        &WaitingPage {
            shell,
            errors,
            done: value(&query, "done") == "matched",
            organisations,
        },
    )
}

#[get("/peer-support/waiting")]
pub async fn waiting_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    waiting_view(&state, &req, FormErrors::default()).await
}

#[post("/peer-support/requests/{id}/match")]
pub async fn match_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let supporter: i32 = value(&form, "supporter").parse().unwrap_or_default();
    match confirm_match(
        &state.ctx,
        &actor(&req),
        *id,
        supporter,
        value(&form, "reason"),
    )
    .await
    {
        Ok(_) => Ok(see_other("/peer-support/waiting?done=matched").finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            waiting_view(&state, &req, errors).await
        }
    }
}
