//! One log line per request, with an id the response also carries. The route
//! pattern is logged, never the path or query, which may hold personal data.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use tracing::Instrument;
use uuid::Uuid;

#[derive(Clone, Copy, Debug)]
pub struct RequestId(pub Uuid);

pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = Uuid::new_v4();
    req.extensions_mut().insert(RequestId(id));
    let method = req.method().clone();
    let started = Instant::now();
    // Everything logged while the request is handled carries its id, so the
    // reference on the problem page leads to the cause in the logs.
    let result = next
        .call(req)
        .instrument(tracing::info_span!("request", request_id = %id))
        .await;
    let mut response = match result {
        Ok(response) => response,
        Err(error) => {
            // Stopped before any handler answered (out of time, the client
            // gone): the server makes the answer from the error.
            tracing::info!(
                request_id = %id,
                %method,
                route = "(stopped)",
                status = error.as_response_error().status_code().as_u16(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "request"
            );
            return Err(error);
        }
    };
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "(none)".to_owned());
    if let Ok(value) = HeaderValue::from_str(&id.to_string()) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    tracing::info!(
        request_id = %id,
        %method,
        route,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    Ok(response)
}
