//! `/admin/bank-holidays`: the bank holidays working days skip, for national
//! administrators to add to, rename and remove.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::NaiveDate;
use chrono_tz::Europe::London;
use domain::DomainError;
use domain::recruitment::{bank_holidays_to_manage, remove_bank_holiday, set_bank_holiday};

use super::super::date_time::DateBoxes;
use super::super::forms::{FormErrors, pairs, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "admin/bank_holidays.html")]
struct BankHolidaysPage {
    shell: Shell,
    done: Option<&'static str>,
    errors: FormErrors,
    date: DateBoxes,
    name: String,
    /// From today on; earlier ones no longer change any deadline.
    holidays: Vec<(NaiveDate, String)>,
}

async fn holidays_page(
    state: &AppState,
    req: &HttpRequest,
    done: Option<&'static str>,
    errors: FormErrors,
    (date, name): (DateBoxes, String),
) -> Result<HttpResponse, PageError> {
    let today = state.ctx.clock.now().with_timezone(&London).date_naive();
    let holidays = bank_holidays_to_manage(&state.ctx, &actor(req))
        .await?
        .into_iter()
        .filter(|(date, _)| *date >= today)
        .collect();
    let (shell, status) = Shell::for_form(state, req, Section::Admin, &errors);
    render(
        status,
        &BankHolidaysPage {
            shell,
            done,
            errors,
            date,
            name,
            holidays,
        },
    )
}

#[get("/admin/bank-holidays")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let done = match req.query_string() {
        "done=saved" => Some("Bank holiday saved"),
        "done=removed" => Some("Bank holiday removed"),
        _ => None,
    };
    holidays_page(
        &state,
        &req,
        done,
        FormErrors::default(),
        Default::default(),
    )
    .await
}

#[post("/admin/bank-holidays")]
pub async fn change(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let date = DateBoxes::from_form(&form, "date");
    let name = value(&form, "name").to_owned();
    let day = date.date("date", "bank holiday").ok();
    match set_bank_holiday(&state.ctx, &actor(&req), day, &name).await {
        Ok(()) => Ok(see_other("/admin/bank-holidays?done=saved").finish()),
        Err(error @ DomainError::InvalidInput(_)) => {
            let errors = FormErrors::from_domain(error)?;
            holidays_page(&state, &req, None, errors, (date, name)).await
        }
        Err(error) => Err(error.into()),
    }
}

#[post("/admin/bank-holidays/{date}/remove")]
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    date: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let Ok(day) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
        return Err(DomainError::NotFound.into());
    };
    remove_bank_holiday(&state.ctx, &actor(&req), day).await?;
    Ok(see_other("/admin/bank-holidays?done=removed").finish())
}
