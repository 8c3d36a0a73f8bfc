use actix_web::{HttpResponse, get, web};

use crate::server::AppState;

/// The process is up and serving.
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// The process can do its work: the database answers.
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match state.ctx.db.ping().await {
        Ok(()) => HttpResponse::Ok().content_type("text/plain").body("ready"),
        Err(error) => {
            tracing::warn!(%error, "readiness check: the database did not answer");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain")
                .body("the database is not answering")
        }
    }
}
