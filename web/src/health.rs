use std::time::Duration;

use actix_web::{HttpResponse, get, web};

use crate::server::AppState;

/// The process is up and serving.
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// How long the readiness check waits for the database: a load balancer
/// asking must hear "not ready" quickly, not wait out the pool's own
/// connection timeout.
pub const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

/// The process can do its work: the database answers, within
/// [`READINESS_TIMEOUT`].
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let answer = tokio::time::timeout(READINESS_TIMEOUT, state.ctx.db.ping()).await;
    match answer {
        Ok(Ok(())) => HttpResponse::Ok().content_type("text/plain").body("ready"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness check: the database did not answer");
            not_ready()
        }
        Err(_) => {
            tracing::warn!("readiness check: the database did not answer in time");
            not_ready()
        }
    }
}

fn not_ready() -> HttpResponse {
    HttpResponse::ServiceUnavailable()
        .content_type("text/plain")
        .body("the database is not answering")
}
