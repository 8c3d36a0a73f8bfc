//! The pages that only inform: the start page and the footer's pages.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;

use super::{PageError, Section, Shell, render};
use crate::server::AppState;

/// A page of fixed text: its template, route and place in the navigation.
macro_rules! info_page {
    ($handler:ident, $page:ident, $route:literal, $template:literal, $section:expr) => {
        #[derive(Template)]
        #[template(path = $template)]
        struct $page {
            shell: Shell,
        }

        #[get($route)]
        pub async fn $handler(
            req: HttpRequest,
            state: web::Data<AppState>,
        ) -> Result<HttpResponse, PageError> {
            let shell = Shell::new(&state, &req, $section);
            render(StatusCode::OK, &$page { shell })
        }
    };
}

info_page!(start, StartPage, "/", "start.html", Section::Home);
info_page!(
    privacy,
    PrivacyPage,
    "/privacy",
    "privacy.html",
    Section::None
);
info_page!(
    cookies,
    CookiesPage,
    "/cookies",
    "cookies.html",
    Section::None
);
info_page!(
    accessibility,
    AccessibilityPage,
    "/accessibility",
    "accessibility.html",
    Section::None
);
info_page!(
    fostering,
    FosteringPage,
    "/fostering",
    "fostering/what.html",
    Section::Fostering
);
info_page!(
    who_can_foster,
    WhoCanFosterPage,
    "/fostering/who-can-foster",
    "fostering/who.html",
    Section::Fostering
);
info_page!(
    kinds_of_fostering,
    KindsOfFosteringPage,
    "/fostering/kinds-of-fostering",
    "fostering/kinds.html",
    Section::Fostering
);
info_page!(
    kinship,
    KinshipPage,
    "/kinship",
    "kinship/what.html",
    Section::Kinship
);
info_page!(
    what_happens_next,
    WhatHappensNextPage,
    "/fostering/what-happens-next",
    "fostering/next.html",
    Section::Fostering
);

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(start)
        .service(privacy)
        .service(cookies)
        .service(accessibility)
        .service(fostering)
        .service(who_can_foster)
        .service(kinds_of_fostering)
        .service(what_happens_next)
        .service(kinship);
}
