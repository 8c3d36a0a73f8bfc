//! `/kinship/groups/{id}/worry`: "I'm worried about a child", for a
//! group's members and facilitators. What they write goes to the
//! organisation's safeguarding lead, never to the group, and the page says
//! first what to do if a child is in danger now.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::concerns::IN_DANGER;
use domain::kinship::{GroupPage, kinship_group, raise_group_concern};

use super::super::forms::{FormErrors, Typed, pairs, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config.service(worry_form).service(worry_sent);
}

#[derive(Template)]
#[template(path = "kinship_groups/worry.html")]
struct WorryPage {
    shell: Shell,
    errors: FormErrors,
    page: GroupPage,
    in_danger: &'static str,
    typed: Typed,
}

async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let page = kinship_group(&state.ctx, &actor(req), id).await?;
    if !matches!(
        page.standing,
        domain::kinship::Standing::Member { .. } | domain::kinship::Standing::Facilitator
    ) {
        return Err(domain::DomainError::NotFound.into());
    }
    let (shell, status) = Shell::for_form(state, req, Section::Kinship, &errors);
    render(
        status,
        &WorryPage {
            shell,
            errors,
            page,
            in_danger: IN_DANGER,
            typed: Typed(typed),
        },
    )
}

#[get("/kinship/groups/{id}/worry")]
pub async fn worry_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    form_page(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/kinship/groups/{id}/worry")]
pub async fn worry_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    match raise_group_concern(&state.ctx, &actor(&req), *id, value(&form, "what")).await {
        Ok(_) => Ok(see_other(&format!("/kinship/groups/{}?done=worry", *id)).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            form_page(&state, &req, *id, form, errors).await
        }
    }
}
