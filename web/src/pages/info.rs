//! The pages that only inform: the start page and the footer's pages.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use askama::Template;

use super::{PageError, Section, Shell, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    shell: Shell,
}

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    shell: Shell,
}

#[derive(Template)]
#[template(path = "cookies.html")]
struct CookiesPage {
    shell: Shell,
}

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    shell: Shell,
}

#[get("/")]
pub async fn start(state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let shell = Shell::new(&state, Section::Home);
    render(StatusCode::OK, &StartPage { shell })
}

#[get("/privacy")]
pub async fn privacy(state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let shell = Shell::new(&state, Section::None);
    render(StatusCode::OK, &PrivacyPage { shell })
}

#[get("/cookies")]
pub async fn cookies(state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let shell = Shell::new(&state, Section::None);
    render(StatusCode::OK, &CookiesPage { shell })
}

#[get("/accessibility")]
pub async fn accessibility(state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let shell = Shell::new(&state, Section::None);
    render(StatusCode::OK, &AccessibilityPage { shell })
}
