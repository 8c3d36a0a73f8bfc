//! The work one request may do ends when its time runs out or its client
//! has gone away. Either way the handler's future is dropped: its open
//! transaction rolls back and its connection returns to the pool.
//!
//! Both bound only what runs until the response starts: a streamed body (a
//! download) is sent after, at the client's pace.

use std::os::fd::AsFd;
use std::rc::Rc;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Extensions, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, RETRY_AFTER};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError, web};
use async_graphql::Response;
use tokio::io::Interest;
use tokio::net::TcpStream;

use crate::server::AppState;

/// A second handle on a connection's socket, kept with the connection, that
/// tells when the client has closed its end.
#[derive(Clone)]
pub struct ClientConnection(Rc<TcpStream>);

/// Called by the server for each new connection: keeps a duplicate of its
/// socket to watch. Where the socket cannot be duplicated the connection is
/// simply not watched; its requests still end at the time limit.
pub fn watch_connection(io: &dyn std::any::Any, extensions: &mut Extensions) {
    let Some(stream) = io.downcast_ref::<TcpStream>() else {
        return;
    };
    let watched = stream
        .as_fd()
        .try_clone_to_owned()
        .map(std::net::TcpStream::from)
        .and_then(|std| {
            std.set_nonblocking(true)?;
            TcpStream::from_std(std)
        });
    match watched {
        Ok(stream) => {
            extensions.insert(ClientConnection(Rc::new(stream)));
        }
        Err(error) => tracing::warn!(%error, "a connection could not be watched"),
    }
}

impl ClientConnection {
    /// Resolves once the client has closed its end of the connection.
    async fn closed(&self) {
        loop {
            match self.0.ready(Interest::READABLE).await {
                Ok(ready) if ready.is_read_closed() => return,
                Ok(_) => {
                    // Bytes wait that the server will read (a body, the
                    // next request): readiness stays set until it does, so
                    // look again shortly rather than spin.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(_) => return,
            }
        }
    }
}

/// Ends a request that runs past the time limit, or whose client has gone.
/// Either ends as an error, which the server turns into the answer (the
/// request itself has gone with the handler).
pub async fn bound_request(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let limit = req
        .app_data::<web::Data<AppState>>()
        .map_or(Duration::from_secs(30), |state| state.request_timeout);
    let graphql = req.path() == "/graphql";
    let connection = req.conn_data::<ClientConnection>().cloned();
    let gone = async {
        match &connection {
            Some(connection) => connection.closed().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        result = tokio::time::timeout(limit, next.call(req)) => match result {
            Ok(response) => response,
            Err(_) => {
                tracing::warn!(limit_seconds = limit.as_secs(), "a request ran out of time and was stopped");
                Err(Stopped::TimedOut { limit, graphql }.into())
            }
        },
        () = gone => {
            tracing::info!("the client went away: its request was stopped");
            Err(Stopped::ClientGone.into())
        }
    }
}

/// Why a request was stopped before its handler finished.
#[derive(Debug, thiserror::Error)]
enum Stopped {
    #[error("the request ran out of time")]
    TimedOut { limit: Duration, graphql: bool },
    #[error("the client went away")]
    ClientGone,
}

impl ResponseError for Stopped {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::TimedOut { .. } => StatusCode::SERVICE_UNAVAILABLE,
            // Nobody reads this answer; the request log records it.
            Self::ClientGone => StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
        }
    }

    fn error_response(&self) -> HttpResponse {
        let Self::TimedOut { limit, graphql } = self else {
            return HttpResponse::build(self.status_code()).finish();
        };
        let seconds = limit.as_secs();
        let unit = if seconds == 1 { "second" } else { "seconds" };
        let message = format!(
            "This request took longer than {seconds} {unit} and was stopped. Try again later."
        );
        let mut response = HttpResponse::ServiceUnavailable();
        response
            .insert_header((RETRY_AFTER, "5"))
            .insert_header((CACHE_CONTROL, "no-store"));
        if *graphql {
            response.json(Response::from_errors(vec![api::internal_error(&message)]))
        } else {
            response
                .content_type("text/plain; charset=utf-8")
                .body(message)
        }
    }
}
