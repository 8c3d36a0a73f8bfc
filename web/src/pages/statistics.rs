//! `/statistics`: the public fostering statistics, for anyone. Each
//! region's and service's enquiry-to-application and application-to-
//! approval rates for the last full financial year, once published
//! (`reports::publishing`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::reporting::{PublishedRates, public_statistics};

use super::{PageError, Section, Shell, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "statistics/public.html")]
struct StatisticsPage {
    shell: Shell,
    first: String,
    last: String,
    regions: Vec<PublishedRates>,
    services: Vec<PublishedRates>,
}

impl StatisticsPage {
    fn percent(&self, rate: &Option<f64>) -> String {
        rate.map_or_else(|| "Too few to show".to_owned(), |r| format!("{r:.1}%"))
    }
}

fn day(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[get("/statistics")]
pub async fn statistics_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let published = public_statistics(&state.ctx).await?;
    let page = StatisticsPage {
        shell: Shell::new(&state, &req, Section::None),
        first: day(published.year.first),
        last: day(published.year.last),
        regions: published.regions,
        services: published.services,
    };
    render(StatusCode::OK, &page)
}
