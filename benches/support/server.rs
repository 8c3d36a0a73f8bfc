//! The real server for the benchmarks that talk HTTP.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use domain::Ctx;

/// Serves Hearth over `ctx` on a free port with two HTTP workers, as a
/// small production server would: its address and handle. It trusts
/// 127.0.0.1 as its proxy, so a benchmark can give each request a client
/// address of its own.
pub async fn serve(ctx: &Ctx) -> (String, ServerHandle) {
    let search = std::sync::Arc::new(
        search::EmbeddedIndex::at(std::env::temp_dir().join("hearth-bench-search"))
            .expect("a search index"),
    );
    serve_with(ctx, search).await
}

/// The built page assets. A benchmark that serves asks for them before its
/// long set-up, so a checkout without them fails at once.
pub fn assets() -> web::Assets {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    web::Assets::load(&root.join("web/dist")).unwrap_or_else(|error| {
        panic!("the page assets are not built ({error:?}): run scripts/build-assets first")
    })
}

/// The same, searching `search`.
pub async fn serve_with(
    ctx: &Ctx,
    search: std::sync::Arc<dyn domain::search::port::SearchIndex>,
) -> (String, ServerHandle) {
    let assets = assets();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = format!("http://{}", listener.local_addr().expect("bound"));
    let server = web::serve(
        listener,
        ctx.clone(),
        assets,
        web::WebConfig {
            public_url: url::Url::parse(&address).expect("a URL"),
            graphiql: false,
            workers: 2,
            trusted_proxies: vec!["127.0.0.1".parse().expect("an address")],
            documents: std::env::temp_dir().join("hearth-bench-documents"),
            request_timeout: Duration::from_secs(30),
            csrf_key: domain::accounts::form_token_key(ctx)
                .await
                .expect("the form key"),
            search,
        },
    )
    .expect("serving");
    let handle = server.handle();
    tokio::spawn(server);
    (address, handle)
}
