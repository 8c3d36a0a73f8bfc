//! Registering interest under load: `registerInterest` through GraphQL and
//! the `/register-interest` form post, each request a new household, against
//! the real server on SQLite and PostgreSQL. Requests per second and p50/p99
//! latency. Run: `cargo bench --bench register_interest` (PostgreSQL from
//! HEARTH_TEST_POSTGRES_URL, default 127.0.0.1:5432).
//!
//! Each request comes "through a proxy" from an address of its own (the
//! server trusts 127.0.0.1 as its proxy), so the per-client limit measures
//! nothing here: it is the work of registering that is timed.

#[path = "support/server.rs"]
mod server;
mod support;

use server::serve;
use support::{on_each_database, percentile};

use std::sync::Arc;
use std::time::{Duration, Instant};

use domain::accounts::{NewOrganisation, OrganisationKind, create_organisation};
use domain::{Actor, Ctx};
use serde_json::json;
use tokio::sync::Semaphore;

const REQUESTS: usize = 2_000;
const CONCURRENCY: usize = 16;

fn client_address(n: usize) -> String {
    format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255)
}

/// Sends `REQUESTS` requests, `CONCURRENCY` at a time, and prints the figures.
async fn measure<F, Fut>(label: &str, send: F)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = u16> + Send,
{
    let send = Arc::new(send);
    let gate = Arc::new(Semaphore::new(CONCURRENCY));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(REQUESTS);
    for n in 0..REQUESTS {
        let permit = gate.clone().acquire_owned().await.expect("a permit");
        let send = send.clone();
        tasks.push(tokio::spawn(async move {
            let at = Instant::now();
            let status = send(n).await;
            drop(permit);
            (status, at.elapsed())
        }));
    }
    let mut latencies = Vec::with_capacity(REQUESTS);
    let mut failures = 0;
    for task in tasks {
        let (status, took) = task.await.expect("a request");
        if status != 200 {
            failures += 1;
        }
        latencies.push(took.as_secs_f64() * 1000.0);
    }
    let elapsed = started.elapsed();
    latencies.sort_by(f64::total_cmp);
    println!(
        "{label}: {REQUESTS} requests, {CONCURRENCY} at a time: {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms, {failures} not 200",
        REQUESTS as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
    );
}

async fn bench(name: &str, url: &str) {
    let db = hearth::database::connect(url, 10).await.expect("a pool");
    hearth::database::migrate(&db).await.expect("migrated");
    let ctx = Ctx::new(db);
    seed::load_reference_data(&ctx)
        .await
        .expect("reference data");
    let rcc = NewOrganisation {
        kind: OrganisationKind::RegionalCareCooperative,
        name: "Bench Care Cooperative".into(),
        local_authorities: vec!["E06000001".into()],
    };
    create_organisation(&ctx, &Actor::System, &rcc)
        .await
        .expect("an RCC");
    let (address, handle) = serve(&ctx).await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .expect("a client");

    let (graphql_client, graphql_url, run) = (
        client.clone(),
        format!("{address}/graphql"),
        name.to_owned(),
    );
    measure(&format!("{name}: registerInterest"), move |n| {
        let (client, url) = (graphql_client.clone(), graphql_url.clone());
        let email = format!("graphql{n}.{run}@example.org");
        async move {
            let body = json!({
                "query": "mutation($input: RegisterInterestInput!) { registerInterest(input: $input) { callBy } }",
                "variables": { "input": {
                    "name": "Bench Household",
                    "email": email,
                    "phone": "07700 900 982",
                    "postcode": "TS24 7AB",
                    "bestTimeToCall": "EVENING",
                    "interests": ["TEENAGERS"],
                    "consentToContact": true,
                } },
            });
            let response = client
                .post(url)
                .header("x-forwarded-for", client_address(n))
                .json(&body)
                .send()
                .await
                .expect("answered");
            let status = response.status().as_u16();
            let answer: serde_json::Value = response.json().await.expect("JSON");
            if answer["errors"].is_null() { status } else { 500 }
        }
    })
    .await;

    let page = client
        .get(format!("{address}/register-interest"))
        .send()
        .await
        .expect("the form")
        .text()
        .await
        .expect("a page");
    let token = page
        .split_once(r#"name="csrf_token" value=""#)
        .and_then(|(_, rest)| rest.split('"').next())
        .expect("a form token")
        .to_owned();
    let (form_client, form_url, run) = (
        client.clone(),
        format!("{address}/register-interest"),
        name.to_owned(),
    );
    measure(&format!("{name}: form post"), move |n| {
        let (client, url, token) = (form_client.clone(), form_url.clone(), token.clone());
        let email = format!("form{n}.{run}@example.org");
        async move {
            client
                .post(url)
                .header("x-forwarded-for", client_address(REQUESTS + n))
                .form(&[
                    ("name", "Bench Household"),
                    ("email", email.as_str()),
                    ("phone", "07700 900 982"),
                    ("postcode", "TS24 7AB"),
                    ("best_time_to_call", "evening"),
                    ("interests", "teenagers"),
                    ("consent_to_contact", "yes"),
                    ("csrf_token", token.as_str()),
                ])
                .send()
                .await
                .expect("answered")
                .status()
                .as_u16()
        }
    })
    .await;
    handle.stop(true).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    server::assets();
    on_each_database(async |name, url| bench(name, &url).await).await;
}
