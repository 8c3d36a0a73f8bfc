//! `/kinship/groups/{id}`: a group's page. Anyone sees what it is, where
//! and when; a registered kinship carer asks to join; a member accepts the
//! agreement, books and gives up places, sees the other members' first
//! names and the announcements; its facilitators post announcements and
//! reach everything they run from here.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::kinship::{
    GroupPage, SessionEntry, Standing, accept_agreement, ask_to_join, book_session, cancel_booking,
    close_group, kinship_group, post_announcement,
};

use super::super::forms::{FormErrors, Typed, pairs, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(group_page)
        .service(join_sent)
        .service(agreement_sent)
        .service(announcement_sent)
        .service(book_sent)
        .service(give_up_sent)
        .service(close_sent);
}

#[derive(Template)]
#[template(path = "kinship_groups/group.html")]
struct GroupView {
    shell: Shell,
    errors: FormErrors,
    done: Option<&'static str>,
    page: GroupPage,
    /// What the reader may do, from their standing.
    registered: bool,
    signed_in: bool,
    asked: Option<i32>,
    to_agree: bool,
    member: Option<i32>,
    facilitator: bool,
    typed: Typed,
}

impl GroupView {
    fn when(&self, session: &SessionEntry) -> String {
        super::when(&session.starts_at)
    }

    fn posted(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        at.with_timezone(&chrono_tz::Europe::London)
            .format("%-d %B %Y")
            .to_string()
    }

    fn may_book(&self, session: &SessionEntry) -> bool {
        !session.booked
            && session.places_left > 0
            && (self.member.is_some() && !self.to_agree || (self.registered && session.open_to_all))
    }
}

async fn view(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    errors: FormErrors,
    typed: Vec<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let reader = actor(req);
    let page = kinship_group(&state.ctx, &reader, id).await?;
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "asked" => Some("You have asked to join. A facilitator will let you know by email."),
        "agreed" => Some("Thank you: you can now book the group's sessions."),
        "booked" => Some("Your place is booked. We have emailed it to you for your calendar."),
        "given-up" => Some("Your place is given up."),
        "posted" => Some("Your announcement is posted: each member is told there is a message."),
        "worry" => Some("Your worry has been passed on to the safeguarding lead."),
        "changed" => Some("The group's details are saved."),
        "published" => Some("Published: members can book their places."),
        "stopped" => Some("No more sessions will be made from it; those already made stay."),
        "closed" => Some(
            "The group is closed: it is no longer listed, and its coming sessions are cancelled.",
        ),
        _ => None,
    };
    let (mut registered, mut asked, mut to_agree, mut member, mut facilitator) =
        (false, None, false, None, false);
    match &page.standing {
        Standing::Public => {}
        Standing::Registered => registered = true,
        Standing::Asked { membership_id } => {
            registered = true;
            asked = Some(*membership_id);
        }
        Standing::Member {
            membership_id,
            agreed,
        } => {
            registered = true;
            member = Some(*membership_id);
            to_agree = !agreed;
        }
        Standing::Facilitator => facilitator = true,
    }
    let (shell, status) = Shell::for_form(
        state,
        req,
        if facilitator {
            Section::KinshipGroups
        } else {
            Section::Kinship
        },
        &errors,
    );
    render(
        status,
        &GroupView {
            signed_in: shell.signed_in,
            shell,
            errors,
            done,
            page,
            registered,
            asked,
            to_agree,
            member,
            facilitator,
            typed: Typed(typed),
        },
    )
}

#[get("/kinship/groups/{id}")]
pub async fn group_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    view(&state, &req, *id, FormErrors::default(), Vec::new()).await
}

fn back(id: i32, done: &str) -> HttpResponse {
    see_other(&format!("/kinship/groups/{id}?done={done}")).finish()
}

#[post("/kinship/groups/{id}/join")]
pub async fn join_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    ask_to_join(&state.ctx, &actor(&req), *id).await?;
    Ok(back(*id, "asked"))
}

#[post("/kinship/groups/{id}/agreement")]
pub async fn agreement_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    accept_agreement(&state.ctx, &actor(&req), *id).await?;
    Ok(back(*id, "agreed"))
}

#[post("/kinship/groups/{id}/announcements")]
pub async fn announcement_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let posted = post_announcement(
        &state.ctx,
        &actor(&req),
        *id,
        value(&form, "title"),
        value(&form, "body"),
    )
    .await;
    match posted {
        Ok(_) => Ok(back(*id, "posted")),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            view(&state, &req, *id, errors, form).await
        }
    }
}

/// Back to the session's group, or its page with why the move was
/// refused (the group named by the form only then: nothing was done).
async fn after_session_move(
    state: &AppState,
    req: &HttpRequest,
    body: &[u8],
    moved: Result<i32, domain::DomainError>,
    done: &str,
) -> Result<HttpResponse, PageError> {
    match moved {
        Ok(group) => Ok(back(group, done)),
        Err(domain::DomainError::Conflict(message)) => {
            let group: i32 = value(&pairs(body), "group")
                .parse()
                .map_err(|_| domain::DomainError::Conflict(message.clone()))?;
            view(
                state,
                req,
                group,
                FormErrors::one("sessions", message),
                Vec::new(),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[post("/kinship/sessions/{id}/book")]
pub async fn book_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let moved = book_session(&state.ctx, &actor(&req), *id).await;
    after_session_move(&state, &req, &body, moved, "booked").await
}

#[post("/kinship/sessions/{id}/give-up")]
pub async fn give_up_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let moved = cancel_booking(&state.ctx, &actor(&req), *id).await;
    after_session_move(&state, &req, &body, moved, "given-up").await
}

#[post("/kinship/groups/{id}/close")]
pub async fn close_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    close_group(&state.ctx, &actor(&req), *id).await?;
    Ok(back(*id, "closed"))
}
