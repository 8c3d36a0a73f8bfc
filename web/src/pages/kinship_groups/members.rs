//! `/kinship/groups/{id}/members`: a group's members and requests, with
//! their details, for its facilitators (each read is in the access log),
//! and one route for each decision: accept, decline, end a membership.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::kinship::{
    GroupPage, MemberEntry, MembershipMove, MembershipState, group_members, kinship_group,
    move_membership,
};

use super::super::forms::{pairs, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(members_page)
        .service(accept_sent)
        .service(decline_sent)
        .service(end_sent);
}

#[derive(Template)]
#[template(path = "kinship_groups/members.html")]
struct MembersPage {
    shell: Shell,
    done: Option<&'static str>,
    page: GroupPage,
    asking: Vec<MemberEntry>,
    members: Vec<MemberEntry>,
}

impl MembersPage {
    fn date(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        at.with_timezone(&chrono_tz::Europe::London)
            .format("%-d %B %Y")
            .to_string()
    }
}

#[get("/kinship/groups/{id}/members")]
pub async fn members_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let reader = actor(&req);
    let everyone = group_members(&state.ctx, &reader, *id).await?;
    let page = kinship_group(&state.ctx, &reader, *id).await?;
    let (asking, members) = everyone
        .into_iter()
        .partition(|m| m.state == MembershipState::Asked);
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "accept" => Some("Accepted: they are told by email, and asked to accept the agreement."),
        "decline" => Some("Declined: they are told by email."),
        "leave" => Some("Their membership has ended. What they came to is kept."),
        _ => None,
    };
    render(
        actix_web::http::StatusCode::OK,
        &MembersPage {
            shell: Shell::new(&state, &req, Section::KinshipGroups),
            done,
            page,
            asking,
            members,
        },
    )
}

async fn decide(
    state: &AppState,
    req: &HttpRequest,
    membership: i32,
    step: MembershipMove,
    body: &[u8],
) -> Result<HttpResponse, PageError> {
    let form = pairs(body);
    let group: i32 = value(&form, "group")
        .parse()
        .map_err(|_| domain::DomainError::NotFound)?;
    move_membership(&state.ctx, &actor(req), membership, step).await?;
    Ok(see_other(&format!(
        "/kinship/groups/{group}/members?done={}",
        step.as_str()
    ))
    .finish())
}

#[post("/kinship/memberships/{id}/accept")]
pub async fn accept_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    decide(&state, &req, *id, MembershipMove::Accept, &body).await
}

#[post("/kinship/memberships/{id}/decline")]
pub async fn decline_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    decide(&state, &req, *id, MembershipMove::Decline, &body).await
}

#[post("/kinship/memberships/{id}/end")]
pub async fn end_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    decide(&state, &req, *id, MembershipMove::Leave, &body).await
}
