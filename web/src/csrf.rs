//! Every page form proves it came from Hearth's own page, checked here once
//! for every route rather than by each handler: a request that is not a
//! GET or HEAD carries this browser's form token (bound to its session, or
//! before sign-in to its pre-session cookie), in its body for an ordinary
//! form and in its address for an upload, whose multipart body is streamed
//! to its handler and never read twice. An API client's token comes in a
//! header no other site's form can send, so its requests need none.
//! `/graphql` keeps its own rule: a browser's request must come from
//! Hearth's origin.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::LOCATION;
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use domain::Actor;

use crate::clean_input::is_form;
use crate::pages::{form_refusal, pairs, refused, value};
use crate::server::AppState;
use crate::session::actor;

/// The field, or query parameter for an upload, that carries the token.
pub const FIELD: &str = "csrf_token";

pub async fn require_form_token(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, Error> {
    let exempt = matches!(*req.method(), Method::GET | Method::HEAD)
        || req.path() == "/graphql"
        || matches!(actor(req.request()), Actor::Client(_));
    if exempt {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    let (token, sent) = if is_form(&req) {
        let body = req.extract::<web::Bytes>().await?;
        let sent = pairs(&body);
        let token = value(&sent, FIELD).to_owned();
        req.set_payload(body.into());
        (token, sent)
    } else {
        let query = pairs(req.query_string().as_bytes());
        (value(&query, FIELD).to_owned(), Vec::new())
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Err(actix_web::error::ErrorInternalServerError(
            "the app has no state",
        ));
    };
    if let Some(refusal) = form_refusal(req.request(), &state, &token, &sent) {
        return Ok(req.into_response(refusal).map_into_right_body());
    }
    let response = next.call(req).await?;
    // Sent after the session ended: the person is shown what they typed,
    // with a way to sign in again, rather than sent to sign in and losing
    // it. Nothing was saved.
    let to_sign_in = response.status() == StatusCode::SEE_OTHER
        && response
            .headers()
            .get(LOCATION)
            .is_some_and(|to| to == "/sign-in");
    if to_sign_in && !sent.is_empty() {
        let refusal = refused(response.request(), &state, &sent);
        return Ok(response.into_response(refusal).map_into_right_body());
    }
    Ok(response.map_into_left_body())
}
