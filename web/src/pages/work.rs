//! `/work`: the work lists a person sees, with how many households wait on
//! each; `/work/{list}`: one list, a page at a time, in its parts.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::accounts::organisations_by_id;
use domain::work_lists::{Part, WorkItem, WorkList, work_count, work_list};
use domain::{Actor, DomainError};

use super::enquiries::state_label;
use super::forms::{Pick, pairs, value};
use super::pagination::{page_links, page_request};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

/// A list as the hub shows it: where it opens and how many wait there.
pub struct ListSummary {
    pub list: WorkList,
    pub href: String,
    pub part: Part,
    pub count: u64,
    pub more_than: bool,
}

#[derive(Template)]
#[template(path = "work/hub.html")]
struct HubPage {
    shell: Shell,
    organisations: Vec<Pick>,
    lists: Vec<ListSummary>,
}

#[derive(Template)]
#[template(path = "work/list.html")]
struct ListPage {
    shell: Shell,
    list: WorkList,
    organisation_id: i32,
    organisation: String,
    organisations: Vec<Pick>,
    part: Part,
    /// The list's other parts, each with its address.
    parts: Vec<(Part, String)>,
    items: Vec<WorkItem>,
    total_count: u64,
    more_than_total: bool,
    page_number: u32,
    previous_href: Option<String>,
    next_href: Option<String>,
    /// The day in London: whether a proposal's 28 days have ended.
    today: chrono::NaiveDate,
}

impl ListPage {
    fn state(&self, item: &WorkItem) -> String {
        state_label(&item.state)
    }

    /// Where a household on this list is worked.
    fn href(&self, item: &WorkItem) -> String {
        let id = item.household_id;
        match self.list {
            WorkList::Enquiries => format!("/enquiries/{id}"),
            WorkList::Applications => format!("/enquiries/{id}/stage-1"),
            WorkList::Assessments => format!("/enquiries/{id}/assessment"),
            WorkList::Panel | WorkList::Decisions => format!("/enquiries/{id}/panel"),
        }
    }

    /// The column saying how far each household has got, named for the list.
    fn progress_heading(&self) -> &'static str {
        match self.list {
            WorkList::Enquiries => "Owner",
            WorkList::Applications => "Checks done",
            WorkList::Assessments => "Report sections complete",
            WorkList::Panel => "Panel",
            WorkList::Decisions => "Waiting for",
        }
    }

    /// The column naming who has each household, when the list has one
    /// besides the progress column.
    fn assigned_heading(&self) -> Option<&'static str> {
        match self.list {
            WorkList::Enquiries => None,
            WorkList::Applications => Some("Owner"),
            _ => Some("Assessing social worker"),
        }
    }

    fn progress(&self, item: &WorkItem) -> String {
        let day = |on: chrono::NaiveDate| on.format("%-d %B %Y").to_string();
        match self.list {
            WorkList::Enquiries => item
                .assigned_to
                .clone()
                .unwrap_or_else(|| "Nobody yet".into()),
            WorkList::Applications | WorkList::Assessments => item
                .progress
                .map(|p| format!("{} of {}", p.done, p.of))
                .unwrap_or_else(|| "None listed".into()),
            WorkList::Panel => match item.panel_on {
                Some(on) => format!("Booked for {}", day(on)),
                None => match item.progress {
                    Some(p) if p.done == p.of => "Report complete: ready to book".into(),
                    Some(p) => format!("Report {} of {} sections complete", p.done, p.of),
                    None => "Not booked".into(),
                },
            },
            WorkList::Decisions => match (item.respond_by, item.responded) {
                (Some(_), true) => "Your decision: the household has responded".into(),
                (Some(by), false) if by < self.today => format!(
                    "Your decision: the 28 days ended on {} with no response",
                    day(by)
                ),
                (Some(by), false) => format!("The household's response, until {}", day(by)),
                (None, _) => match item.recommendation {
                    Some(recommendation) => format!("Your decision ({})", recommendation.label()),
                    None => "Your decision".into(),
                },
            },
        }
    }
}

/// The organisations where the actor sees `list`, as choices, with the one
/// asked for (or the first) chosen.
async fn organisation_choices(
    state: &AppState,
    actor: &Actor,
    ids: &[i32],
    asked: &str,
) -> Result<(i32, Vec<Pick>), PageError> {
    let chosen = asked
        .parse::<i32>()
        .ok()
        .filter(|id| ids.contains(id))
        .or_else(|| ids.first().copied())
        .ok_or_else(|| actor.refusal())?;
    let picks = organisations_by_id(&state.ctx, ids)
        .await?
        .into_iter()
        .map(|organisation| Pick {
            selected: organisation.id == chosen,
            value: organisation.id.to_string(),
            label: organisation.name,
        })
        .collect();
    Ok((chosen, picks))
}

/// How many households wait on each list the actor sees in the
/// organisation, each where it opens for them.
pub async fn list_summaries(
    state: &AppState,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<ListSummary>, DomainError> {
    let mut lists = Vec::new();
    for list in WorkList::seen_by(actor) {
        let Some(part) = list.parts(actor, organisation_id).first().copied() else {
            continue;
        };
        let (count, more_than) = work_count(&state.ctx, actor, organisation_id, list, part).await?;
        lists.push(ListSummary {
            list,
            href: format!("/work/{}?organisation={organisation_id}", list.as_str()),
            part,
            count,
            more_than,
        });
    }
    Ok(lists)
}

#[get("/work")]
pub async fn hub(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    let query = pairs(req.query_string().as_bytes());
    let mut ids: Vec<i32> = WorkList::seen_by(&actor)
        .into_iter()
        .flat_map(|list| list.organisations(&actor))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    actor.require_signed_in()?;
    let (organisation_id, organisations) =
        organisation_choices(&state, &actor, &ids, value(&query, "organisation")).await?;
    let page = HubPage {
        lists: list_summaries(&state, &actor, organisation_id).await?,
        shell: Shell::new(&state, &req, Section::Work),
        organisations,
    };
    render(StatusCode::OK, &page)
}

#[get("/work/{list}")]
pub async fn one_list(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let list = WorkList::parse(&path).ok_or(DomainError::NotFound)?;
    let actor = actor(&req);
    actor.require_signed_in()?;
    let query = pairs(req.query_string().as_bytes());
    let (organisation_id, organisations) = organisation_choices(
        &state,
        &actor,
        &list.organisations(&actor),
        value(&query, "organisation"),
    )
    .await?;
    let parts = list.parts(&actor, organisation_id);
    let part = Part::parse(value(&query, "part"))
        .filter(|part| parts.contains(part))
        .or_else(|| parts.first().copied())
        .ok_or_else(|| actor.refusal())?;
    let listed = work_list(
        &state.ctx,
        &actor,
        organisation_id,
        list,
        part,
        &page_request(&query),
    )
    .await?;
    let base = format!("/work/{}", list.as_str());
    let (previous_href, next_href) = page_links(&listed, &base, &query);
    let organisation = organisations
        .iter()
        .find(|pick| pick.selected)
        .map(|pick| pick.label.clone())
        .unwrap_or_default();
    let page = ListPage {
        shell: Shell::new(&state, &req, Section::Work),
        list,
        organisation_id,
        organisation,
        organisations,
        part,
        parts: parts
            .iter()
            .map(|p| {
                let href = format!("{base}?organisation={organisation_id}&part={}", p.as_str());
                (*p, href)
            })
            .collect(),
        page_number: super::pagination::page_number(&query),
        today: domain::clock::london_day(state.ctx.clock.now()),
        total_count: listed.total_count,
        more_than_total: listed.more_than_total,
        items: listed.items.into_iter().map(|(_, item)| item).collect(),
        previous_href,
        next_href,
    };
    render(StatusCode::OK, &page)
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config.service(hub).service(one_list);
}
