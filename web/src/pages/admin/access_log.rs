//! `/admin/organisations/{id}/access`: who among staff looked at the
//! organisation's records about people, for its administrators.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::audit::{AccessEntry, LogSearch, Subject, access_log};
use domain::policy::{Allowed, Permission};
use domain::recruitment::london_display;

use crate::pages::forms::{pairs, value};
use crate::pages::pagination::{page_links, page_request};
use crate::pages::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "admin/access_log.html")]
struct AccessLogPage {
    shell: Shell,
    page_number: u32,
    /// What the reader may open: a record is linked only for those who may.
    allowed: Allowed,
    organisation_id: i32,
    household: Option<i32>,
    entries: Vec<AccessEntry>,
    /// Stored name, label, chosen.
    subjects: Vec<(&'static str, &'static str, bool)>,
    total_count: u64,
    previous_href: Option<String>,
    next_href: Option<String>,
}

impl AccessLogPage {
    /// When, and for reads gathered into one entry, until when and how
    /// many.
    fn when(&self, entry: &AccessEntry) -> String {
        if entry.reads > 1 {
            format!(
                "{}, read {} times until {}",
                london_display(entry.at),
                entry.reads,
                entry
                    .last_at
                    .with_timezone(&chrono_tz::Europe::London)
                    .format("%-I:%M%P")
            )
        } else {
            london_display(entry.at)
        }
    }

    /// Where the record is, for the ones that have a page the reader may
    /// open.
    fn link(&self, entry: &AccessEntry) -> Option<String> {
        let (permission, href) = match (entry.subject, entry.subject_id) {
            (Subject::Messages, Some(id)) => (
                Permission::MessageHouseholds,
                format!("/enquiries/{id}/messages"),
            ),
            (Subject::StageOneChecks, Some(id)) => {
                (Permission::WorkStageOne, format!("/enquiries/{id}/stage-1"))
            }
            (Subject::Household | Subject::References, Some(id)) => {
                (Permission::WorkEnquiries, format!("/enquiries/{id}"))
            }
            (Subject::Application | Subject::ApplicationHealth, Some(id)) => (
                Permission::ReadApplication,
                format!("/enquiries/{id}/application"),
            ),
            (Subject::EventRegistrations, Some(id)) => {
                (Permission::WorkEnquiries, format!("/manage/events/{id}"))
            }
            _ => return None,
        };
        self.allowed.may(permission).then_some(href)
    }
}

#[get("/admin/organisations/{id}/access")]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let household = value(&query, "household").parse().ok();
    let subject = Subject::parse(value(&query, "subject"));
    let search = LogSearch {
        household_id: household,
        subject,
        person_id: None,
    };
    let listed = access_log(
        &state.ctx,
        &actor(&req),
        *id,
        &search,
        &page_request(&query),
    )
    .await?;
    let (previous_href, next_href) = page_links(
        &listed,
        &format!("/admin/organisations/{id}/access"),
        &query,
    );
    let total_count = listed.total_count;
    let entries = listed.items.into_iter().map(|(_, entry)| entry).collect();
    let subjects = Subject::ALL
        .iter()
        .map(|s| (s.as_str(), s.label(), Some(*s) == subject))
        .collect();
    let page = AccessLogPage {
        allowed: Allowed::in_organisation(&actor(&req), *id),
        shell: Shell::new(&state, &req, Section::Admin),
        organisation_id: *id,
        household,
        entries,
        subjects,
        total_count,
        page_number: crate::pages::pagination::page_number(&query),
        previous_href,
        next_href,
    };
    render(StatusCode::OK, &page)
}
