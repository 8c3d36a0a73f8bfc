use domain::applications::documents::DocumentStore;
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::middleware::{Compress, DefaultHeaders, ErrorHandlers, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use api::HearthSchema;
use domain::Ctx;
use url::Url;

use crate::assets::Assets;
use crate::clean_input::clean_input;
use crate::graphql::{self, MAX_BODY_BYTES};
use crate::request_limits::{bound_request, watch_connection};
use crate::request_log::log_request;
use crate::{csrf, health, pages, session};

/// What the web server needs from the configuration.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// The address people use: its origin is the only one forms and
    /// cookie-authenticated GraphQL requests may come from.
    pub public_url: Url,
    /// Serve GraphiQL at `GET /graphql`: for development only.
    pub graphiql: bool,
    /// How many threads serve requests; 0 means one per core.
    pub workers: usize,
    /// Proxies in front of Hearth whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Where uploaded documents are kept.
    pub documents: std::path::PathBuf,
    /// How long a request may run before its response starts.
    pub request_timeout: std::time::Duration,
    /// The key form tokens are made with, shared by every process
    /// (`domain::accounts::form_token_key`).
    pub csrf_key: Vec<u8>,
    /// Where households, events and groups are found by words.
    pub search: Arc<dyn domain::search::port::SearchIndex>,
}

/// Shared by every request.
pub struct AppState {
    pub ctx: Ctx,
    pub public_url: Url,
    pub schema: HearthSchema,
    pub assets: Arc<Assets>,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub documents: DocumentStore,
    pub request_timeout: std::time::Duration,
    pub csrf_key: Vec<u8>,
    pub search: Arc<dyn domain::search::port::SearchIndex>,
}

/// Pages may only load what Hearth itself serves.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The headers every answer carries; over HTTPS, browsers are also told to
/// use nothing else for a year.
fn security_headers(public_url: &Url) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "same-origin"))
        .add((header::X_FRAME_OPTIONS, "DENY"));
    if public_url.scheme() == "https" {
        headers.add((header::STRICT_TRANSPORT_SECURITY, "max-age=31536000"))
    } else {
        headers
    }
}

async fn asset(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    name: web::Path<String>,
) -> HttpResponse {
    match state.assets.get(&name) {
        Some(file) => HttpResponse::Ok()
            .content_type(file.content_type)
            .insert_header(CacheControl(vec![
                CacheDirective::Public,
                CacheDirective::MaxAge(31_536_000),
                CacheDirective::Extension("immutable".into(), None),
            ]))
            .body(file.body.clone()),
        None => pages::not_found(req, state)
            .await
            .unwrap_or_else(|_| HttpResponse::NotFound().finish()),
    }
}

/// Starts serving on `listener`. The returned server runs until it is
/// stopped or the process gets SIGINT or SIGTERM, finishing requests in hand.
pub fn serve(
    listener: TcpListener,
    ctx: Ctx,
    assets: Assets,
    config: WebConfig,
) -> std::io::Result<Server> {
    let state = web::Data::new(AppState {
        schema: api::build_schema(ctx.clone(), config.search.clone()),
        ctx,
        public_url: config.public_url.clone(),
        assets: Arc::new(assets),
        trusted_proxies: config.trusted_proxies.clone(),
        documents: DocumentStore::new(config.documents.clone()),
        request_timeout: config.request_timeout,
        csrf_key: config.csrf_key.clone(),
        search: config.search.clone(),
    });
    let mut server = HttpServer::new(move || {
        let mut app =
            App::new()
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
                // An address whose id is not a number names nothing: the page
                // not found, not the parser's words.
                .app_data(web::PathConfig::default().error_handler(|_, _| {
                    pages::PageError::from(domain::DomainError::NotFound).into()
                }))
                .wrap(
                    ErrorHandlers::new()
                        .handler(
                            StatusCode::INTERNAL_SERVER_ERROR,
                            pages::render_server_error,
                        )
                        .handler(StatusCode::FORBIDDEN, pages::render_refusal)
                        .handler(StatusCode::NOT_FOUND, pages::render_refusal)
                        .handler(StatusCode::SEE_OTHER, crate::return_path::remember_where),
                )
                .wrap(Compress::default())
                // Inside the session, whose token it checks.
                .wrap(from_fn(csrf::require_form_token))
                .wrap(from_fn(clean_input))
                .wrap(from_fn(session::resolve))
                // Outside the session's lookup, so that is bounded too.
                .wrap(from_fn(bound_request))
                .wrap(security_headers(&config.public_url))
                .wrap(from_fn(log_request))
                .service(health::healthz)
                .service(health::readyz)
                .configure(pages::configure)
                .route("/assets/{name}", web::get().to(asset))
                .route("/graphql", web::post().to(graphql::execute));
        if config.graphiql {
            app = app.route("/graphql", web::get().to(graphql::graphiql));
        }
        app.default_service(web::to(pages::not_found))
    })
    .on_connect(watch_connection)
    .listen(listener)?
    // `hearth serve` stops it, gracefully, on SIGINT and SIGTERM alike
    // (actix-web would drop requests in hand on SIGINT).
    .disable_signals()
    .shutdown_timeout(30);
    if config.workers > 0 {
        server = server.workers(config.workers);
    }
    Ok(server.run())
}
