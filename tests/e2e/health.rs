use std::time::Duration;

use crate::harness::{AppOptions, Db, TestApp, TestDatabase, db_test, serve};

#[db_test]
async fn healthz_says_the_process_is_up(app: TestApp) {
    let (status, body) = app.get_page("/healthz").await;
    assert_eq!((status.as_u16(), body.as_str()), (200, "ok"));
}

#[db_test]
async fn readyz_says_ready_when_the_database_answers(app: TestApp) {
    let (status, body) = app.get_page("/readyz").await;
    assert_eq!((status.as_u16(), body.as_str()), (200, "ready"));
}

#[db_test]
async fn readyz_says_unavailable_when_the_database_is_gone(app: TestApp) {
    app.lose_the_database().await;
    let (status, _) = app.get_page("/readyz").await;
    assert_eq!(status.as_u16(), 503);
    let (status, _) = app.get_page("/healthz").await;
    assert_eq!(status.as_u16(), 200, "the process itself is still up");
}

#[tokio::test]
async fn readyz_says_unavailable_quickly_when_the_database_does_not_answer() {
    // A server that takes connections and never speaks, as a database
    // behind a failed network does.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let port = silent.local_addr().expect("bound").port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let mut options =
        sea_orm::ConnectOptions::new(format!("postgres://postgres@127.0.0.1:{port}/hearth"));
    options
        .connect_lazy(true)
        .connect_timeout(Duration::from_secs(30))
        .acquire_timeout(Duration::from_secs(30));
    let db = sea_orm::Database::connect(options)
        .await
        .expect("a lazy pool");
    let app = serve(
        db,
        TestDatabase::create(Db::Sqlite).await,
        AppOptions::default(),
    );
    // Well inside the pool's own 30 seconds: the check gives up first.
    let client = reqwest::Client::builder()
        .timeout(web::READINESS_TIMEOUT * 3)
        .build()
        .expect("a client");
    let answer = client
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("answered before the client gave up");
    assert_eq!(answer.status().as_u16(), 503);
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
}
