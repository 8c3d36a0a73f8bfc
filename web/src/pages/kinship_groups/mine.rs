//! `/kinship/my-groups`: a kinship carer's own page, where their account
//! page leads: their registration, their groups and requests, and their
//! places at sessions. Leaving a group and withdrawing a request are here
//! too, one route each.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::kinship::{
    MembershipMove, MembershipState, MyGroups, SessionEntry, move_membership, my_groups,
};

use super::super::forms::{pairs, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(my_groups_page)
        .service(withdraw_sent)
        .service(leave_sent);
}

#[derive(Template)]
#[template(path = "kinship_groups/mine.html")]
struct MinePage {
    shell: Shell,
    done: Option<&'static str>,
    mine: Option<MyGroups>,
}

impl MinePage {
    fn when(&self, session: &SessionEntry) -> String {
        super::when(&session.starts_at)
    }

    fn asked(&self, state: &MembershipState) -> bool {
        *state == MembershipState::Asked
    }
}

#[get("/kinship/my-groups")]
pub async fn my_groups_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let reader = actor(&req);
    reader.require_signed_in()?;
    let mine = my_groups(&state.ctx, &reader).await?;
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "registered" => Some("You are registered as a kinship carer."),
        "left" => {
            Some("You have left the group. What you came to is kept; you can ask to join again.")
        }
        "withdrawn" => Some("Your request is withdrawn."),
        _ => None,
    };
    render(
        actix_web::http::StatusCode::OK,
        &MinePage {
            shell: Shell::new(&state, &req, Section::Kinship),
            done,
            mine,
        },
    )
}

#[post("/kinship/memberships/{id}/withdraw")]
pub async fn withdraw_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    move_membership(&state.ctx, &actor(&req), *id, MembershipMove::Withdraw).await?;
    Ok(see_other("/kinship/my-groups?done=withdrawn").finish())
}

#[post("/kinship/memberships/{id}/leave")]
pub async fn leave_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    move_membership(&state.ctx, &actor(&req), *id, MembershipMove::Leave).await?;
    Ok(see_other("/kinship/my-groups?done=left").finish())
}
