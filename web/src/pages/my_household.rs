//! `/my-household`: a foster carer's own household and the children living
//! with them, each with their "Can I say yes?".

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::carers::{MyHousehold, my_households};
use domain::constellations::{ConstellationListed, constellations};

use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "my_household.html")]
struct MyHouseholdPage {
    shell: Shell,
    households: Vec<MyHousehold>,
    /// The Mockingbird constellations their household is in.
    constellations: Vec<ConstellationListed>,
}

impl MyHouseholdPage {
    fn day(&self, day: &chrono::NaiveDate) -> String {
        day.format("%-d %B %Y").to_string()
    }
}

#[get("/my-household")]
pub async fn my_household(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let actor = actor(&req);
    let households = my_households(&state.ctx, &actor).await?;
    let constellations = constellations(&state.ctx, &actor).await?;
    render(
        StatusCode::OK,
        &MyHouseholdPage {
            shell: Shell::new(&state, &req, Section::MyHousehold),
            households,
            constellations,
        },
    )
}
