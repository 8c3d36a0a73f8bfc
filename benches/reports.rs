//! Reports at England's scale: `hearth seed --national`'s history (three
//! years by default, about 400,000 households), then every report page and
//! its GraphQL query against the real server, for the national programme
//! and one cooperative, one request at a time: p50 and p95. Also how long
//! the history took to write, a national CSV download, and the cooperative's
//! queue afterwards. Run on a release build: `cargo bench --bench reports`
//! (HEARTH_BENCH_YEARS for another number of years; PostgreSQL from
//! HEARTH_TEST_POSTGRES_URL, default 127.0.0.1:5432; HEARTH_BENCH_DATABASE
//! to run one database).

#[path = "support/server.rs"]
mod server;
#[path = "support/sign_in.rs"]
mod sign_in;
mod support;

use server::serve;
use sign_in::sign_in;
use support::{on_each_database, percentile};

use std::time::Instant;

use domain::Ctx;
use serde_json::{Value, json};

const REPEATS: usize = 20;

fn years() -> u32 {
    std::env::var("HEARTH_BENCH_YEARS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3)
}

/// A browser signed in as `email` with the demo password.
async fn signed_in(address: &str, email: &str) -> reqwest::Client {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    sign_in(&browser, address, email, seed::DEMO_PASSWORD).await;
    browser
}

/// Times `REPEATS` requests made by `send`; prints p50 and p95 in ms and
/// returns the p95.
async fn measure<F, Fut>(label: &str, send: F) -> f64
where
    F: Fn() -> Fut,
    Fut: Future<Output = bool>,
{
    // One request first, so a cold cache is not what is measured.
    assert!(send().await, "{label} answers");
    let mut took = Vec::with_capacity(REPEATS);
    for _ in 0..REPEATS {
        let at = Instant::now();
        assert!(send().await, "{label} answers");
        took.push(at.elapsed().as_secs_f64() * 1000.0);
    }
    took.sort_by(f64::total_cmp);
    let p95 = percentile(&took, 0.95);
    println!(
        "  {label}: p50 {:.1} ms, p95 {p95:.1} ms",
        percentile(&took, 0.5)
    );
    p95
}

async fn page(browser: &reqwest::Client, url: String) -> bool {
    browser
        .get(url)
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
}

async fn graphql(browser: &reqwest::Client, address: &str, query: &str, input: Value) -> bool {
    let Ok(answer) = browser
        .post(format!("{address}/graphql"))
        .json(&json!({ "query": query, "variables": { "input": input } }))
        .send()
        .await
    else {
        return false;
    };
    answer
        .json::<Value>()
        .await
        .is_ok_and(|v| v["errors"].is_null())
}

const FUNNEL: &str = "query($input: ReportInput) { funnelReport(input: $input) { \
    total { cohort { enquiries stages { stage households fromPrevious } } \
    period { entered { stage households } withdrew } } \
    groups { key label cohort { enquiries enquiryToApplication } period { entered { stage households } } } } }";

/// Every report page asked `query`: the slowest p95.
async fn every_report(browser: &reqwest::Client, address: &str, query: &str) -> f64 {
    let mut slowest: f64 = 0.0;
    for report in [
        "/reports",
        "/reports/time",
        "/reports/reasons",
        "/reports/trend",
        "/reports/annual-counts",
        "/reports/homes-needed",
        "/reports/equality",
    ] {
        let url = format!("{address}{report}?{query}");
        let p95 = measure(&format!("{report}?{query}"), || page(browser, url.clone())).await;
        slowest = slowest.max(p95);
    }
    slowest
}

async fn bench(name: &str, url: String) {
    let ctx = Ctx::new(hearth::database::connect(&url, 10).await.expect("a pool"));
    hearth::database::migrate(&ctx.db).await.expect("migrated");
    seed::load_reference_data(&ctx)
        .await
        .expect("reference data");
    seed::load_demo_data(&ctx).await.expect("demo data");
    let years = years();
    let started = Instant::now();
    let services = seed::national::national_services(&ctx)
        .await
        .expect("services");
    let plan = seed::made_up::Plan {
        years,
        seed: 2026,
        now: ctx.clock.now(),
    };
    let written = seed::made_up::write_history(&ctx, &services, &plan, |_, _| {})
        .await
        .expect("history");
    println!(
        "{name}: {written} households over {years} years for {} organisations written in {:.0} s",
        services.len(),
        started.elapsed().as_secs_f64()
    );

    let (address, handle) = serve(&ctx).await;
    let mut worst: f64 = 0.0;
    let mut slowest_other: f64 = 0.0;
    for (reader, email) in [
        ("national", "administrator.national@example.org"),
        (
            "one cooperative",
            "recruitment-manager.north-east@example.org",
        ),
    ] {
        let browser = signed_in(&address, email).await;
        println!("{name}, {reader}:");
        for range in ["last_year", "all_time"] {
            for breakdown in [
                "",
                "organisation",
                "region",
                "local_authority",
                "enquiry_month",
            ] {
                let query = format!("range={range}&breakdown={breakdown}");
                worst = worst.max(every_report(&browser, &address, &query).await);
                let preset = if range == "last_year" {
                    "LAST_FINANCIAL_YEAR"
                } else {
                    "ALL_TIME"
                };
                let mut input = json!({ "preset": preset });
                if !breakdown.is_empty() {
                    input["breakdown"] = json!(breakdown.to_uppercase());
                }
                let p95 = measure(&format!("funnelReport {preset} {breakdown}"), || {
                    graphql(&browser, &address, FUNNEL, input.clone())
                })
                .await;
                worst = worst.max(p95);
            }
        }
        for page_path in ["/reports/targets", "/statistics"] {
            let url = format!("{address}{page_path}");
            let p95 = measure(page_path, || page(&browser, url.clone())).await;
            worst = worst.max(p95);
        }
        println!("{name}, {reader}, other filters (target under 1 s):");
        for query in [
            "range=all_time&breakdown=campaign",
            "range=all_time&breakdown=interest&heard_about=social_media",
            "range=last_year&breakdown=heard_about&interest=teenagers&campaign_source=facebook",
            "range=all_time&breakdown=known_adult&campaign_medium=social",
        ] {
            slowest_other = slowest_other.max(every_report(&browser, &address, query).await);
        }
        let at = Instant::now();
        let csv = browser
            .get(format!(
                "{address}/reports/funnel/breakdown.csv?range=all_time&breakdown=local_authority"
            ))
            .send()
            .await
            .expect("a download")
            .bytes()
            .await
            .expect("CSV");
        println!(
            "  CSV by local authority, all time: {} bytes in {:.0} ms",
            csv.len(),
            at.elapsed().as_secs_f64() * 1000.0
        );
    }
    let officer = signed_in(&address, "recruitment-officer.north-east@example.org").await;
    let url = format!("{address}/enquiries");
    measure("the cooperative's queue afterwards", || {
        page(&officer, url.clone())
    })
    .await;
    println!(
        "{name}: the slowest p95 of the pages and queries by organisation, region, local authority and month: {worst:.1} ms"
    );
    println!("{name}: the slowest p95 with other filters: {slowest_other:.1} ms");
    handle.stop(true).await;
}

#[tokio::main]
async fn main() {
    server::assets();
    on_each_database(async |name, url| bench(name, url).await).await;
}
