use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::geography::{self, GssCode, LocalAuthorityFilter};
use domain::pagination::PageRequest;
use serde::Deserialize;

use super::{PageError, PageFieldError, Section, Shell, actor, render};
use crate::server::AppState;

/// Authorities shown on one page.
const PAGE_SIZE: i64 = 25;

#[derive(Deserialize)]
pub struct Query {
    #[serde(default)]
    name: String,
    #[serde(default)]
    region: String,
    after: Option<String>,
    before: Option<String>,
}

struct RegionOption {
    gss_code: String,
    name: String,
    selected: bool,
}

struct Row {
    name: String,
    official_name: String,
    kind: String,
    region: String,
    gss_code: String,
    dfe_code: i32,
}

#[derive(Template)]
#[template(path = "local_authorities.html")]
struct LocalAuthoritiesPage {
    shell: Shell,
    errors: Vec<PageFieldError>,
    name: String,
    regions: Vec<RegionOption>,
    region_error: Option<String>,
    rows: Vec<Row>,
    total_count: u64,
    previous_href: Option<String>,
    next_href: Option<String>,
}

/// `/local-authorities` with the filters kept and one cursor added.
fn page_href(query: &Query, cursor: (&str, &str)) -> String {
    let mut pairs = url::form_urlencoded::Serializer::new(String::new());
    if !query.name.is_empty() {
        pairs.append_pair("name", &query.name);
    }
    if !query.region.is_empty() {
        pairs.append_pair("region", &query.region);
    }
    pairs.append_pair(cursor.0, cursor.1);
    format!("/local-authorities?{}", pairs.finish())
}

/// The page the links asked for. A cursor from an old or mangled link starts
/// the list again, rather than failing.
fn page_request(query: &Query) -> PageRequest {
    let request = match &query.before {
        Some(before) => PageRequest::parse(None, None, Some(PAGE_SIZE), Some(before)),
        None => PageRequest::parse(Some(PAGE_SIZE), query.after.as_deref(), None, None),
    };
    request.unwrap_or_else(|_| PageRequest::first(PAGE_SIZE as u64))
}

#[get("/local-authorities")]
pub async fn list_local_authorities(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<Query>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    let regions = geography::list_regions(&state.ctx, &actor).await?;
    let mut page = LocalAuthoritiesPage {
        shell: Shell::new(&state, &req, Section::LocalAuthorities),
        errors: Vec::new(),
        name: query.name.clone(),
        regions: regions
            .into_iter()
            .map(|region| RegionOption {
                selected: region.gss_code == query.region,
                gss_code: region.gss_code,
                name: region.name,
            })
            .collect(),
        region_error: None,
        rows: Vec::new(),
        total_count: 0,
        previous_href: None,
        next_href: None,
    };
    let region = match query.region.as_str() {
        "" => None,
        code => match page.regions.iter().find(|r| r.gss_code == code) {
            Some(known) => GssCode::parse(&known.gss_code).ok(),
            None => {
                let message = "Select a region from the list";
                page.region_error = Some(message.to_owned());
                page.errors.push(PageFieldError {
                    field: "region".into(),
                    message: message.to_owned(),
                });
                page.shell.has_errors = true;
                return render(StatusCode::BAD_REQUEST, &page);
            }
        },
    };
    let filter = LocalAuthorityFilter {
        region,
        name_contains: Some(query.name.clone()),
    };
    let listed =
        geography::list_local_authorities(&state.ctx, &actor, &filter, &page_request(&query))
            .await?;
    page.total_count = listed.total_count;
    page.previous_href = listed
        .has_previous_page
        .then(|| listed.items.first())
        .flatten()
        .map(|(cursor, _)| page_href(&query, ("before", &cursor.encode())));
    page.next_href = listed
        .has_next_page
        .then(|| listed.items.last())
        .flatten()
        .map(|(cursor, _)| page_href(&query, ("after", &cursor.encode())));
    page.rows = listed
        .items
        .into_iter()
        .map(|(_, la)| Row {
            name: la.name,
            official_name: la.official_name,
            kind: la.kind,
            region: la.region.name,
            gss_code: la.gss_code,
            dfe_code: la.dfe_code,
        })
        .collect();
    render(StatusCode::OK, &page)
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config.service(list_local_authorities);
}
