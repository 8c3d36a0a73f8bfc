//! `/graphql`: JSON POSTs only, so a cross-site form cannot send a query
//! without the browser asking the server first.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::http::GraphiQLSource;
use async_graphql::{BatchRequest, BatchResponse, Response};

use crate::client_address::client_address;
use crate::pages::actor;
use crate::server::AppState;
use crate::session::{cross_origin, session_token};

/// The largest request body `/graphql` reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

fn refused(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(Response::from_errors(vec![api::request_error(message)]))
}

pub async fn execute(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Result<web::Bytes, actix_web::Error>,
) -> HttpResponse {
    let is_json = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !is_json {
        return refused(
            StatusCode::BAD_REQUEST,
            "Send the query as JSON, with Content-Type: application/json",
        );
    }
    let Ok(body) = body else {
        return refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("A request may be at most {} KiB", MAX_BODY_BYTES / 1024),
        );
    };
    // A browser on another site may hold a session cookie for Hearth: such
    // a request is refused, so GraphQL is no way round the forms' protection.
    if session_token(&req, &state).is_some() && cross_origin(&req, &state) {
        return HttpResponse::Forbidden().json(Response::from_errors(vec![api::forbidden_error(
            "A signed-in request must come from Hearth's own pages",
        )]));
    }
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(error) => {
            return refused(
                StatusCode::BAD_REQUEST,
                &format!("The request is not a GraphQL request: {error}"),
            );
        }
    };
    let client = api::ClientAddress(client_address(&req, &state.trusted_proxies));
    let response: BatchResponse = api::execute_batch(
        &state.schema,
        api::for_actor(batch, &state.ctx, actor(&req)).data(client),
    )
    .await;
    HttpResponse::Ok().json(response)
}

pub async fn graphiql() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        // GraphiQL loads its own scripts and styles from a CDN.
        .insert_header((
            CONTENT_SECURITY_POLICY,
            "default-src 'self' https://unpkg.com; script-src 'self' 'unsafe-inline' https://unpkg.com; style-src 'self' 'unsafe-inline' https://unpkg.com",
        ))
        .body(GraphiQLSource::build().endpoint("/graphql").title("Hearth GraphQL").finish())
}
