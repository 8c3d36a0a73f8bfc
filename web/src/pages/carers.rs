//! `/carers`: the carer households a supervising social worker supervises,
//! or a fostering team manager's service holds, review due soonest first.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::carers::{CarerHousehold, carer_households};

use super::forms::pairs;
use super::pagination::{page_links, page_number, page_request};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "carers.html")]
struct CarersPage {
    shell: Shell,
    households: Vec<CarerHousehold>,
    total: String,
    page_number: u32,
    previous_href: Option<String>,
    next_href: Option<String>,
}

impl CarersPage {
    fn day(&self, day: &chrono::NaiveDate) -> String {
        day.format("%-d %B %Y").to_string()
    }

    /// The terms as a person says them: "2 children, 8 to 17: Teenagers,
    /// Long-term".
    fn terms(&self, household: &CarerHousehold) -> String {
        match &household.terms {
            None => "Temporarily approved for one child".to_owned(),
            Some(terms) => {
                let kinds: Vec<&str> = terms.kinds.iter().map(|k| k.label()).collect();
                let children = if terms.children == 1 {
                    "1 child".to_owned()
                } else {
                    format!("{} children", terms.children)
                };
                format!(
                    "{children}, aged {} to {}: {}",
                    terms.age_from,
                    terms.age_to,
                    kinds.join(", ")
                )
            }
        }
    }
}

#[get("/carers")]
pub async fn carers_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let listed = carer_households(&state.ctx, &actor(&req), &page_request(&query)).await?;
    let (previous_href, next_href) = page_links(&listed, "/carers", &query);
    let total = if listed.more_than_total {
        format!("More than {}", listed.total_count)
    } else {
        listed.total_count.to_string()
    };
    render(
        StatusCode::OK,
        &CarersPage {
            shell: Shell::new(&state, &req, Section::Carers),
            households: listed.items.into_iter().map(|(_, h)| h).collect(),
            total,
            page_number: page_number(&query),
            previous_href,
            next_href,
        },
    )
}
