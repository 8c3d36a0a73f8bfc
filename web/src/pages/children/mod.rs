//! `/children`: the children in foster care a member of staff works with,
//! and each child's record (`/children/{id}`). Every read is logged.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::carers::{CHILDREN_LISTED, ChildListed, ChildRecord, child_record, children_placed};
use domain::policy::Permission;

use super::{PageError, Section, Shell, actor, render};

mod delegated;
use crate::server::AppState;

#[derive(Template)]
#[template(path = "children/list.html")]
struct ChildrenPage {
    shell: Shell,
    children: Vec<ChildListed>,
    /// The list stopped at its most.
    more: bool,
    /// Sleepovers at a hub home waiting for the reader to agree, as a
    /// child's social worker.
    to_agree: Vec<domain::constellations::SleepoverSummary>,
}

#[get("/children")]
pub async fn children_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    let children = children_placed(&state.ctx, &actor).await?;
    let to_agree = domain::constellations::sleepovers_to_agree(&state.ctx, &actor).await?;
    render(
        StatusCode::OK,
        &ChildrenPage {
            shell: Shell::new(&state, &req, Section::Children),
            more: u64::try_from(children.len()).unwrap_or(u64::MAX) >= CHILDREN_LISTED,
            children,
            to_agree,
        },
    )
}

#[derive(Template)]
#[template(path = "children/child.html")]
struct ChildPage {
    shell: Shell,
    child: ChildRecord,
    /// Where the reader came from: staff's list of children, or a carer's
    /// own household.
    back: (&'static str, &'static str),
}

impl ChildPage {
    fn day(&self, day: &chrono::NaiveDate) -> String {
        day.format("%-d %B %Y").to_string()
    }
}

#[get("/children/{id}")]
pub async fn child_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    let child = child_record(&state.ctx, &actor, *id).await?;
    let back = if actor.may_anywhere(Permission::SeeChildrenPlaced) {
        ("/children", "Back to children")
    } else {
        ("/my-household", "Back to your household")
    };
    render(
        StatusCode::OK,
        &ChildPage {
            shell: Shell::new(&state, &req, Section::Children),
            child,
            back,
        },
    )
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(children_page)
        .service(child_page)
        .service(delegated::staff_view)
        .service(delegated::exception_form)
        .service(delegated::exception_sent)
        .service(delegated::agreement_form)
        .service(delegated::agreement_sent)
        .service(delegated::can_i_say_yes)
        .service(delegated::young_person)
        .service(delegated::decisions_log)
        .service(delegated::decision_sent);
}
