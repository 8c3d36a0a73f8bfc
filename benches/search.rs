//! Staff search at England's scale: `hearth seed --national`'s history
//! (HEARTH_BENCH_YEARS, four by default: about 500,000 households) indexed
//! by `hearth reindex`'s rebuild, on the embedded index and on Meilisearch
//! (HEARTH_TEST_MEILISEARCH_URL, a `meilisearch` on PATH or
//! ../shared/tools/meilisearch). For each: how long the rebuild took, how
//! fast the indexing job drains 10,000 changes, the disk and memory the
//! index takes, then `searchHouseholds` through GraphQL on the real server
//! at 10, 50 and 100 searches a second (open loop: each search starts on
//! time whether or not the one before has answered): p50, p95 and p99.
//! Run on a release build: `cargo bench --bench search`
//! (HEARTH_BENCH_DATABASE=sqlite or postgres for one database).

// Its indexes are its own: the embedded one `serve` gives is not used.
#[path = "support/server.rs"]
#[allow(dead_code)]
mod server;
#[path = "support/sign_in.rs"]
mod sign_in;
mod support;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use domain::Ctx;
use domain::search::households::HOUSEHOLDS;
use domain::search::port::SearchIndex;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use server::serve_with;
use sign_in::sign_in;
use support::{on_each_database, percentile};

const RATES: [u32; 3] = [10, 50, 100];
/// How long each rate is held.
const SECONDS_AT_EACH_RATE: u32 = 20;
/// Changes noted for the indexing job to drain.
const CHANGES: i64 = 10_000;
/// Who searches: the demo's recruitment officer of a cooperative the
/// national history fills.
const OFFICER: &str = "recruitment-officer.north-east@example.org";

const SEARCH: &str = "query($q: String!) { searchHouseholds(query: $q, first: 20) \
    { totalCount edges { node { householdId name } } } }";

fn years() -> u32 {
    std::env::var("HEARTH_BENCH_YEARS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4)
}

/// The resident memory of process `pid`, in MB, as Linux counts it.
fn resident_mb(pid: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// The Meilisearch server's process, found by the port it listens on.
fn meilisearch_pid(url: &str) -> Option<String> {
    let port = url.rsplit(':').next()?.trim_end_matches('/');
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid = entry.file_name().to_string_lossy().into_owned();
            let command = std::fs::read(entry.path().join("cmdline")).ok()?;
            let command = String::from_utf8_lossy(&command);
            (command.contains("meilisearch") && command.contains(&format!(":{port}")))
                .then_some(pid)
        })
}

fn folder_mb(path: &Path) -> f64 {
    fn bytes(path: &Path) -> u64 {
        match std::fs::read_dir(path) {
            Ok(entries) => entries.flatten().map(|e| bytes(&e.path())).sum(),
            Err(_) => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        }
    }
    bytes(path) as f64 / 1_048_576.0
}

/// Searches at `rate` a second for `SECONDS_AT_EACH_RATE`, each started on
/// time: p50, p95 and p99 in ms, and how many failed.
async fn at_rate(
    address: &str,
    browser: &reqwest::Client,
    rate: u32,
    words: &[&str],
    report: bool,
) {
    let total = (rate * SECONDS_AT_EACH_RATE) as usize;
    let gap = Duration::from_secs_f64(1.0 / f64::from(rate));
    let started = tokio::time::Instant::now();
    let mut running = Vec::with_capacity(total);
    for i in 0..total {
        tokio::time::sleep_until(started + gap * i as u32).await;
        let browser = browser.clone();
        let url = format!("{address}/graphql");
        let body = json!({ "query": SEARCH, "variables": { "q": words[i % words.len()] } });
        running.push(tokio::spawn(async move {
            let at = Instant::now();
            let answer = browser.post(url).json(&body).send().await;
            let ok = match answer {
                Ok(response) => response
                    .json::<Value>()
                    .await
                    .is_ok_and(|v| v["errors"].is_null()),
                Err(_) => false,
            };
            (at.elapsed().as_secs_f64() * 1000.0, ok)
        }));
    }
    let mut took = Vec::with_capacity(total);
    let mut failed = 0;
    for search in running {
        let (ms, ok) = search.await.expect("a search");
        took.push(ms);
        failed += usize::from(!ok);
    }
    took.sort_by(f64::total_cmp);
    if !report {
        return;
    }
    println!(
        "    {rate:>3} a second: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms ({total} searches, {failed} failed)",
        percentile(&took, 0.50),
        percentile(&took, 0.95),
        percentile(&took, 0.99),
    );
}

/// Rebuilds `index` from the database and drains `CHANGES` noted changes
/// through the indexing job, saying how fast each went.
async fn index_and_time(ctx: &Ctx, index: &dyn SearchIndex) {
    let started = Instant::now();
    let rebuilt = domain::search::rebuild::rebuild_index(ctx, index, &HOUSEHOLDS, |_, _| {})
        .await
        .expect("rebuilt");
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "    reindex: {} households in {seconds:.1} s ({:.0} a second)",
        rebuilt.indexed,
        rebuilt.indexed as f64 / seconds
    );
    // Changes as use cases note them, drained by the indexing job.
    ctx.db
        .execute_unprepared(&format!(
            "INSERT INTO search_changes (index_name, record_id, noted_at) \
             SELECT 'households', CAST(id AS TEXT), created_at FROM households \
             ORDER BY id LIMIT {CHANGES}"
        ))
        .await
        .expect("noted");
    let started = Instant::now();
    let indexed = domain::search::update_search_index(ctx, index)
        .await
        .expect("indexed");
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "    indexing job: {indexed} changed households in {seconds:.1} s ({:.0} a second, batches of {})",
        indexed as f64 / seconds,
        domain::search::indexing::BATCH
    );
}

/// The officer's searches through GraphQL on the real server, at each rate.
async fn search_at_rates(ctx: &Ctx, index: Arc<dyn SearchIndex>) {
    let (address, handle) = serve_with(ctx, index).await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    sign_in(&browser, &address, OFFICER, seed::DEMO_PASSWORD).await;
    let words: Vec<&str> = seed::made_up::SURNAMES.to_vec();
    // A round first, so caches are warm; not reported.
    at_rate(&address, &browser, 10, &words, false).await;
    for rate in RATES {
        at_rate(&address, &browser, rate, &words, true).await;
    }
    handle.stop(true).await;
}

async fn bench(name: &'static str, url: String) {
    let db = hearth::database::connect(&url, 10).await.expect("connects");
    hearth::database::migrate(&db).await.expect("migrated");
    let ctx = Ctx::new(db);
    seed::load_reference_data(&ctx)
        .await
        .expect("reference data");
    seed::load_demo_data(&ctx).await.expect("demo data");
    let services = seed::national::national_services(&ctx)
        .await
        .expect("services");
    let plan = seed::made_up::Plan {
        years: years(),
        seed: 2026,
        now: ctx.clock.now(),
    };
    let started = Instant::now();
    let written = seed::made_up::write_history(&ctx, &services, &plan, |_, _| {})
        .await
        .expect("history");
    println!(
        "{name}: {written} households written in {:.0} s",
        started.elapsed().as_secs_f64()
    );

    let folder = tempfile::tempdir().expect("a folder");
    let root = folder.path().join("search");
    let embedded: Arc<dyn SearchIndex> =
        Arc::new(search::EmbeddedIndex::at(root.clone()).expect("the embedded index"));
    println!("  embedded (tantivy):");
    index_and_time(&ctx, embedded.as_ref()).await;
    println!(
        "    disk: {:.0} MB; memory: {}",
        folder_mb(&root),
        resident_mb("self").map_or("unknown".into(), |mb| format!(
            "{mb:.0} MB resident (this whole process)"
        ))
    );
    search_at_rates(&ctx, embedded).await;

    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(server) = search::testing::test_meilisearch(repository).await else {
        println!("  Meilisearch: none to measure");
        return;
    };
    let at = search::IndexAt::Meilisearch {
        url: server.url.clone(),
        key: Some(server.key.clone()),
        prefix: format!("bench{}_", uuid::Uuid::new_v4().simple()),
    };
    let index = search::open(&at, &domain::search::indexing::SCHEMAS)
        .await
        .expect("Meilisearch");
    // A pool of its own: connections the stopped server's workers opened
    // went with their runtimes.
    let ctx = Ctx::new(hearth::database::connect(&url, 10).await.expect("connects"));
    println!("  Meilisearch:");
    index_and_time(&ctx, index.as_ref()).await;
    let stats: Option<Value> = async {
        reqwest::Client::new()
            .get(format!("{}/stats", server.url))
            .bearer_auth(&server.key)
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()
    }
    .await;
    let disk = stats
        .as_ref()
        .and_then(|s| s["databaseSize"].as_f64())
        .map_or("unknown".into(), |bytes| {
            format!("{:.0} MB", bytes / 1_048_576.0)
        });
    let memory = meilisearch_pid(&server.url)
        .and_then(|pid| resident_mb(&pid))
        .map_or("unknown".into(), |mb| {
            format!("{mb:.0} MB resident (the server)")
        });
    println!("    disk: {disk} (the whole server); memory: {memory}");
    search_at_rates(&ctx, index).await;
}

#[tokio::main]
async fn main() {
    server::assets();
    on_each_database(async |name, url| bench(name, url).await).await;
}
