//! The "page not found" and "problem with the service" pages.

use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use askama::Template;

use super::{PageError, Section, Shell, render};
use crate::request_log::RequestId;
use crate::server::AppState;

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFoundPage {
    shell: Shell,
}

#[derive(Template)]
#[template(path = "forbidden.html")]
struct ForbiddenPage {
    shell: Shell,
}

#[derive(Template)]
#[template(path = "server_error.html")]
struct ServerErrorPage {
    shell: Shell,
    request_id: Option<String>,
}

pub async fn not_found(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let shell = Shell::new(&state, &req, Section::None);
    render(StatusCode::NOT_FOUND, &NotFoundPage { shell })
}

fn server_error_page(req: &HttpRequest) -> Option<HttpResponse> {
    let state = req.app_data::<web::Data<AppState>>()?;
    let page = ServerErrorPage {
        shell: Shell::new(state, req, Section::None),
        request_id: req
            .extensions()
            .get::<RequestId>()
            .map(|id| id.0.to_string()),
    };
    render(StatusCode::INTERNAL_SERVER_ERROR, &page).ok()
}

/// Puts the "problem with the service" page in place of a 500's body,
/// whatever produced it.
pub fn render_server_error<B>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let (req, original) = response.into_parts();
    let response = match server_error_page(&req) {
        Some(page) => ServiceResponse::new(req, page).map_into_right_body(),
        None => ServiceResponse::new(req, original).map_into_left_body(),
    };
    Ok(ErrorHandlerResponse::Response(response))
}

/// Gives a 403 or 404 that a handler left without a body (a use case said
/// no, or found nothing) its page. Answers with a body of their own, such
/// as a refused form's explanation, are left alone.
pub fn render_refusal<B>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    if response.headers().contains_key(CONTENT_TYPE) {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let (req, original) = response.into_parts();
    let page = req.app_data::<web::Data<AppState>>().and_then(|state| {
        let shell = Shell::new(state, &req, Section::None);
        if original.status() == StatusCode::FORBIDDEN {
            render(StatusCode::FORBIDDEN, &ForbiddenPage { shell }).ok()
        } else {
            render(original.status(), &NotFoundPage { shell }).ok()
        }
    });
    let response = match page {
        Some(page) => ServiceResponse::new(req, page).map_into_right_body(),
        None => ServiceResponse::new(req, original).map_into_left_body(),
    };
    Ok(ErrorHandlerResponse::Response(response))
}
