//! Hearth's web server: GOV.UK-styled pages, the `/graphql` endpoint, health
//! checks and the page assets. Handlers parse, call a domain use case, and
//! render or redirect; they decide nothing themselves.
// The GraphQL schema's merged query root is deep enough that a release
// build's layout computation needs more than the default 128.
#![recursion_limit = "256"]

mod assets;
mod clean_input;
mod client_address;
mod csrf;
mod graphql;
mod health;
mod pages;
mod request_limits;
mod request_log;
mod return_path;
mod server;
mod session;

/// What stops a running server: `hearth serve` stops it on a signal.
pub use actix_web::dev::ServerHandle;
pub use assets::{Assets, AssetsError};
pub use health::READINESS_TIMEOUT;
pub use server::{AppState, WebConfig, serve};
