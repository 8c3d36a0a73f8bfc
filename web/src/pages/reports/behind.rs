//! `/reports/households`: the households behind one figure of the funnel,
//! by name, each linking to its record; for those who work enquiries, and
//! only their own organisations' households. The figure is named by one of
//! `reached`, `entered` or `closed`, with the report's own question.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::DomainError;
use domain::clock::london_day;
use domain::recruitment::funnel::{Closure, Stage};
use domain::reporting::{Behind, NamedHousehold, households_behind, report_choices};

use super::super::forms::{pairs, value};
use super::super::pagination::{page_links, page_number, page_request};
use super::super::{PageError, Section, Shell, actor, render};
use super::asked::Asked;
use crate::server::AppState;

#[derive(Template)]
#[template(path = "reports/households.html")]
struct BehindPage {
    shell: Shell,
    title: String,
    back: String,
    first: String,
    last: String,
    households: Vec<NamedHousehold>,
    total: String,
    page_number: u32,
    previous_href: Option<String>,
    next_href: Option<String>,
}

impl BehindPage {
    fn day(&self, day: &chrono::NaiveDate) -> String {
        day.format("%-d %B %Y").to_string()
    }

    fn where_now(&self, household: &NamedHousehold) -> String {
        if household.status == "open" {
            household.stage.label().to_owned()
        } else {
            format!(
                "{} ({})",
                household.stage.label(),
                household.status.replace('_', " ")
            )
        }
    }
}

/// The figure the link named, and how the page is titled for it.
fn behind(query: &[(String, String)]) -> Option<(Behind, String)> {
    let stage = |key| Stage::parse(value(query, key));
    if let Some(stage) = stage("reached") {
        return Some((
            Behind::Reached(stage),
            format!("Households that reached {}", stage.label().to_lowercase()),
        ));
    }
    if let Some(stage) = stage("entered") {
        return Some((
            Behind::Entered(stage),
            format!("Households that entered {}", stage.label().to_lowercase()),
        ));
    }
    let closure = Closure::parse(value(query, "closed"))?;
    Some((
        Behind::Closed(closure),
        format!("Households closed: {}", closure.label().to_lowercase()),
    ))
}

#[get("/reports/households")]
pub async fn households_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    actor.require_signed_in()?;
    let query = pairs(req.query_string().as_bytes());
    let (figure, title) = behind(&query).ok_or(DomainError::NotFound)?;
    let choices = report_choices(&state.ctx, &actor).await?;
    let asked = Asked::read(&query);
    let back = format!("/reports?{}", asked.query_string());
    let request = asked
        .request(&choices, london_day(state.ctx.clock.now()))
        .map_err(|_| DomainError::NotFound)?;
    let listed =
        households_behind(&state.ctx, &actor, &request, figure, &page_request(&query)).await?;
    let (previous_href, next_href) = page_links(&listed, "/reports/households", &query);
    let total = if listed.more_than_total {
        format!("More than {}", listed.total_count)
    } else {
        listed.total_count.to_string()
    };
    let page = BehindPage {
        shell: Shell::new(&state, &req, Section::Reports),
        title,
        back,
        first: request.range.first.format("%-d %B %Y").to_string(),
        last: request.range.last.format("%-d %B %Y").to_string(),
        total,
        page_number: page_number(&query),
        households: listed.items.into_iter().map(|(_, h)| h).collect(),
        previous_href,
        next_href,
    };
    render(StatusCode::OK, &page)
}
