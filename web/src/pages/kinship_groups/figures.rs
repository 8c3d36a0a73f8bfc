//! `/kinship/figures`: an organisation's kinship groups in numbers, for
//! its administrators, through the one suppression rule; the same as CSV
//! at `/kinship/figures.csv`.

use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::accounts::organisations_by_id;
use domain::figures::Figure;
use domain::kinship::{KinshipFigures, kinship_figures};
use domain::policy::Permission;

use super::super::forms::{Pick, pairs, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config.service(figures_page).service(figures_csv);
}

#[derive(Template)]
#[template(path = "kinship_groups/figures.html")]
struct FiguresPage {
    shell: Shell,
    organisations: Vec<Pick>,
    figures: KinshipFigures,
}

impl FiguresPage {
    fn shown(&self, figure: &Figure) -> String {
        figure.text()
    }

    fn month(&self, month: &chrono::NaiveDate) -> String {
        month.format("%b %Y").to_string()
    }
}

/// The organisation asked for, or the reader's first.
fn chosen(req: &HttpRequest) -> Result<(i32, Vec<i32>), PageError> {
    let reader = actor(req);
    reader.require_signed_in()?;
    let own = reader.organisations_where(Permission::OverseeKinshipGroups);
    let query = pairs(req.query_string().as_bytes());
    let asked: Option<i32> = value(&query, "organisation").parse().ok();
    let id = asked
        .or_else(|| own.first().copied())
        .ok_or_else(|| reader.refusal())?;
    Ok((id, own))
}

#[get("/kinship/figures")]
pub async fn figures_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let (id, own) = chosen(&req)?;
    let figures = kinship_figures(&state.ctx, &actor(&req), id).await?;
    let organisations = organisations_by_id(&state.ctx, &own)
        .await?
        .into_iter()
        .map(|o| Pick {
            selected: o.id == id,
            value: o.id.to_string(),
            label: o.name,
        })
        .collect();
    render(
        actix_web::http::StatusCode::OK,
        &FiguresPage {
            shell: Shell::new(&state, &req, Section::KinshipGroups),
            organisations,
            figures,
        },
    )
}

#[get("/kinship/figures.csv")]
pub async fn figures_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let (id, _) = chosen(&req)?;
    let csv = kinship_figures(&state.ctx, &actor(&req), id).await?.csv()?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            "attachment; filename=\"kinship-groups.csv\"",
        ))
        .body(csv))
}
