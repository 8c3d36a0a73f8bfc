//! `/search`: staff find a household by words from the box on every staff
//! page, narrowed by stage, whether it is theirs and whether it is late.
//! Without JavaScript: a GET form, its answer a page of results.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::DomainError;
use domain::pagination::Page;
use domain::policy::Permission;
use domain::recruitment::funnel::Stage;
use domain::search::find::{FoundHousehold, HouseholdSearch, search_households};

use super::forms::{FormErrors, pairs, value};
use super::pagination::{page_links, page_request};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config.service(search_page);
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    shell: Shell,
    errors: FormErrors,
    words: String,
    stage: String,
    mine: bool,
    overdue: bool,
    /// Whether anything was asked: the first visit shows the form alone.
    asked: bool,
    found: Page<FoundHousehold>,
    previous_href: Option<String>,
    next_href: Option<String>,
}

/// Search cannot be reached (Meilisearch is down): 503, and the lists
/// that still work.
#[derive(Template)]
#[template(path = "search_unavailable.html")]
struct SearchUnavailablePage {
    shell: Shell,
}

impl SearchPage {
    fn stages(&self) -> Vec<(&'static str, &'static str)> {
        Stage::ALL.iter().map(|s| (s.as_str(), s.label())).collect()
    }

    fn stage_label(&self, stage: &Stage) -> &'static str {
        stage.label()
    }

    fn count(&self) -> String {
        let total = self.found.total_count;
        let floor = if self.found.more_than_total {
            "more than "
        } else {
            ""
        };
        match total {
            1 => "1 household found".to_owned(),
            n => format!("{floor}{n} households found"),
        }
    }
}

#[get("/search")]
pub async fn search_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let reader = actor(&req);
    reader.require_anywhere(Permission::WorkEnquiries)?;
    let query = pairs(req.query_string().as_bytes());
    let words = value(&query, "q").to_owned();
    let stage = value(&query, "stage").to_owned();
    let mine = value(&query, "mine") == "yes";
    let overdue = value(&query, "overdue") == "yes";
    let asked = query.iter().any(|(k, _)| k == "q");
    let search = HouseholdSearch {
        words: words.clone(),
        stage: Stage::parse(&stage),
        owner_id: reader.person_id().filter(|_| mine),
        overdue,
    };
    let mut errors = FormErrors::default();
    let mut found = Page::default();
    let mut status = StatusCode::OK;
    if asked {
        match search_households(
            &state.ctx,
            &reader,
            state.search.as_ref(),
            &search,
            &page_request(&query),
        )
        .await
        {
            Ok(page) => found = page,
            Err(error @ DomainError::InvalidInput(_)) => {
                errors = FormErrors::from_domain(error)?;
                status = StatusCode::BAD_REQUEST;
            }
            Err(DomainError::Unavailable(why)) => {
                tracing::warn!(%why, "search is not available");
                let shell = Shell::new(&state, &req, Section::Work);
                return render(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &SearchUnavailablePage { shell },
                );
            }
            Err(other) => return Err(other.into()),
        }
    }
    let (previous_href, next_href) = page_links(&found, "/search", &query);
    let mut shell = Shell::new(&state, &req, Section::Work);
    shell.has_errors = !errors.is_empty();
    render(
        status,
        &SearchPage {
            shell,
            errors,
            words,
            stage,
            mine,
            overdue,
            asked,
            found,
            previous_href,
            next_href,
        },
    )
}
