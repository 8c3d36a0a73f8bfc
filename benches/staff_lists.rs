//! Staff lists and records at a real size: 100,000 households in one
//! organisation, on SQLite and PostgreSQL, against the real server, 16
//! readers at a time while registrations go on. p50/p95 latency and the
//! database statements each request made. Run on a release build:
//! `cargo bench --bench staff_lists` (PostgreSQL from
//! HEARTH_TEST_POSTGRES_URL, default 127.0.0.1:5432; HEARTH_BENCH_HOUSEHOLDS
//! for another size).

#[path = "support/server.rs"]
mod server;
#[path = "support/sign_in.rs"]
mod sign_in;
mod support;

use server::serve;
use sign_in::sign_in;
use support::{on_each_database, percentile};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use domain::accounts::{
    NewAccount, NewOrganisation, OrganisationKind, Role, create_account, create_api_token,
    create_organisation, load_actor,
};
use domain::recruitment::entities::{household, household_history};
use domain::{Actor, Ctx};
use sea_orm::{ActiveValue::NotSet, ConnectionTrait, EntityTrait, Set};
use serde_json::{Value, json};
use tokio::sync::Semaphore;

const CONCURRENCY: usize = 16;
const REQUESTS: usize = 800;
const PASSWORD: &str = "a long enough bench password";

fn households() -> usize {
    std::env::var("HEARTH_BENCH_HOUSEHOLDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

/// `n` households in the organisation's queue, each with its first
/// history row, written in batches; then placed in the queue by the same
/// code `hearth migrate` runs for households from before positions.
async fn fill(ctx: &Ctx, organisation_id: i32, n: usize) {
    let started = Instant::now();
    let now = Utc::now();
    // 500 rows of 36 columns stay under SQLite's 32,766 bound values.
    for batch in (0..n).collect::<Vec<_>>().chunks(500) {
        let rows = batch.iter().map(|&i| household::ActiveModel {
            id: NotSet,
            organisation_id: Set(organisation_id),
            status: Set(if i % 10 == 0 { "closed" } else { "open" }.into()),
            stage: Set(["enquiry", "contacted", "initial_visit"][i % 3].into()),
            closure: Set((i % 10 == 0).then(|| "withdrawn".into())),
            on_hold_until: Set(None),
            name: Set(format!("Bench Household {i}")),
            email: Set(format!("bench{i}@example.org")),
            // One number in a hundred is given twice.
            phone: Set(format!("07700 {:06}", if i % 100 == 1 { i - 1 } else { i })),
            postcode: Set("TS24 7AB".into()),
            local_authority_id: Set(None),
            routing_to_check: Set(false),
            best_time_to_call: Set("anytime".into()),
            interests: Set(r#"["teenagers"]"#.into()),
            heard_about: Set(None),
            consent_to_contact: Set(true),
            utm_source: Set(None),
            utm_medium: Set(None),
            utm_campaign: Set(Some(format!("campaign-{}", i % 7))),
            utm_term: Set(None),
            utm_content: Set(None),
            first_contact_due_at: Set(Some(now + chrono::TimeDelta::minutes(i as i64 - 5_000))),
            first_contact_at: Set(None),
            owner_id: Set(None),
            next_action_on: Set(None),
            person_id: Set(None),
            last_enquiry_at: Set(now),
            known_adult_for: Set(None),
            child_reference: Set(None),
            relationship: Set(None),
            referred_by_id: Set(None),
            created_at: Set(now - chrono::TimeDelta::seconds(n as i64 - i as i64)),
            updated_at: Set(now),
            due_at: Set(None),
            queue_key: Set(String::new()),
            phone_digits: Set(String::new()),
        });
        household::Entity::insert_many(rows)
            .exec(&ctx.db)
            .await
            .expect("households");
    }
    let ids: Vec<i32> = {
        use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
        household::Entity::find()
            .select_only()
            .column(household::Column::Id)
            .filter(household::Column::OrganisationId.eq(organisation_id))
            .into_tuple()
            .all(&ctx.db)
            .await
            .expect("ids")
    };
    for batch in ids.chunks(1_000) {
        let rows = batch.iter().map(|&id| household_history::ActiveModel {
            id: NotSet,
            household_id: Set(id),
            at: Set(now),
            actor_id: Set(None),
            event: Set("enquired".into()),
            from_status: Set(None),
            from_stage: Set(None),
            to_status: Set("open".into()),
            to_stage: Set("enquiry".into()),
            reason_code: Set(None),
            reason_text: Set(None),
            from_organisation_id: Set(None),
            to_organisation_id: Set(None),
        });
        household_history::Entity::insert_many(rows)
            .exec(&ctx.db)
            .await
            .expect("history");
    }
    let placed = domain::recruitment::queue_position::place_unplaced_households(ctx, |placed| {
        if placed % 20_000 == 0 {
            eprintln!("  placed {placed} households in the queue");
        }
    })
    .await
    .expect("placed");
    // As a database that has been running a while would have: statistics
    // for the planner on every table, and on PostgreSQL the bulk update's
    // dead rows gone (autovacuum's work).
    let statistics = match ctx.db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    ctx.db
        .execute_unprepared(statistics)
        .await
        .expect("statistics");
    eprintln!(
        "  {placed} households written and placed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
}

/// Sends `REQUESTS` requests, `readers` at a time; prints p50 and p95
/// and the statements each made. With one reader the figures are what a
/// request costs; with 16 they are what the server's throughput allows.
async fn measure<F, Fut>(label: &str, readers: usize, statements: &AtomicU64, send: F)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let send = Arc::new(send);
    let gate = Arc::new(Semaphore::new(readers));
    let before = statements.load(Ordering::Relaxed);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(REQUESTS);
    for n in 0..REQUESTS {
        let permit = gate.clone().acquire_owned().await.expect("a permit");
        let send = send.clone();
        tasks.push(tokio::spawn(async move {
            let at = Instant::now();
            let ok = send(n).await;
            drop(permit);
            (ok, at.elapsed())
        }));
    }
    let mut latencies = Vec::with_capacity(REQUESTS);
    let mut failures = 0;
    for task in tasks {
        let (ok, took) = task.await.expect("a request");
        failures += usize::from(!ok);
        latencies.push(took.as_secs_f64() * 1000.0);
    }
    let elapsed = started.elapsed();
    let made = statements.load(Ordering::Relaxed) - before;
    latencies.sort_by(f64::total_cmp);
    println!(
        "{label}, {readers} at a time: {:.0} requests/s, p50 {:.1} ms, p95 {:.1} ms, about {:.1} statements a request (registrations' included), {failures} failed",
        REQUESTS as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.95),
        made as f64 / REQUESTS as f64,
    );
}

async fn bench(name: &str, url: &str) {
    let n = households();
    let mut db = hearth::database::connect(url, 10).await.expect("a pool");
    hearth::database::migrate(&db).await.expect("migrated");
    let statements = Arc::new(AtomicU64::new(0));
    let counted = statements.clone();
    db.set_metric_callback(move |_| {
        counted.fetch_add(1, Ordering::Relaxed);
    });
    let ctx = Ctx::new(db);
    seed::load_reference_data(&ctx)
        .await
        .expect("reference data");
    let rcc = create_organisation(
        &ctx,
        &Actor::System,
        &NewOrganisation {
            kind: OrganisationKind::RegionalCareCooperative,
            name: "Bench Care Cooperative".into(),
            local_authorities: vec!["E06000001".into()],
        },
    )
    .await
    .expect("an RCC");
    let account = |email: &str, role| NewAccount {
        email: email.into(),
        name: "Bench Person".into(),
        password: Some(PASSWORD.into()),
        roles: vec![(rcc, role)],
    };
    let officer = create_account(
        &ctx,
        &Actor::System,
        &account("officer@bench.example.org", Role::RecruitmentOfficer),
    )
    .await
    .expect("an officer");
    // A token has the rights of a role its maker holds: the officer's own.
    let officer = load_actor(&ctx, officer).await.expect("signed in");
    let token = create_api_token(&ctx, &officer, rcc, "Bench", Some(Role::RecruitmentOfficer))
        .await
        .expect("a token")
        .secret;
    eprintln!("{name}: writing {n} households");
    fill(&ctx, rcc, n).await;

    let (address, handle) = serve(&ctx).await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .expect("a client");
    sign_in(&browser, &address, "officer@bench.example.org", PASSWORD).await;

    let graphql = {
        let (address, token) = (address.clone(), token.clone());
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(CONCURRENCY)
            .build()
            .expect("a client");
        Arc::new(move |body: Value| {
            let (client, address, token) = (client.clone(), address.clone(), token.clone());
            async move {
                let answer: Value = client
                    .post(format!("{address}/graphql"))
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .expect("answered")
                    .json()
                    .await
                    .expect("JSON");
                answer["errors"].is_null()
            }
        })
    };

    // What each request costs in statements, alone, before the
    // registrations start.
    let organisation = format!("Organisation:{rcc}");
    let queue_query = json!({
        "query": "query($org: ID!) { enquiries(organisationId: $org, first: 50) { totalCount nodes { id name overdue possibleDuplicate state { stage } } } }",
        "variables": { "org": organisation },
    });
    let household_query = json!({
        "query": "query($id: ID!) { household(id: $id) { name phone state { stage } possibleDuplicates history { at event to } } }",
        "variables": { "id": "Household:7" },
    });
    let twenty: String = (1..=20)
        .map(|k| {
            format!("h{k}: household(id: \"Household:{k}\") {{ name history {{ at event to }} }} ")
        })
        .collect();
    let twenty_query = json!({ "query": format!("{{ {twenty} }}") });
    let before = statements.load(Ordering::Relaxed);
    let page = browser
        .get(format!("{address}/enquiries"))
        .send()
        .await
        .expect("the queue");
    assert!(page.status().is_success(), "the queue page opens");
    let made = statements.load(Ordering::Relaxed) - before;
    println!("{name}: the queue page alone makes {made} statements");
    for (label, query) in [
        ("the queue's GraphQL", &queue_query),
        ("one household by id", &household_query),
        ("20 households with their history", &twenty_query),
    ] {
        let before = statements.load(Ordering::Relaxed);
        assert!(graphql(query.clone()).await, "{label} answers");
        let made = statements.load(Ordering::Relaxed) - before;
        println!("{name}: {label} alone makes {made} statements");
    }

    // Registrations go on, four at a time, while staff read.
    let stop = Arc::new(AtomicBool::new(false));
    let registered = Arc::new(AtomicU64::new(0));
    let mut writers = Vec::new();
    for w in 0..4 {
        let (stop, registered, address) = (stop.clone(), registered.clone(), address.clone());
        writers.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                let body = json!({
                    "query": "mutation($input: RegisterInterestInput!) { registerInterest(input: $input) { callBy } }",
                    "variables": { "input": {
                        "name": "Bench Newcomer",
                        "email": format!("new{w}-{i}@example.org"),
                        "phone": "07700 900 982",
                        "postcode": "TS24 7AB",
                        "bestTimeToCall": "EVENING",
                        "consentToContact": true,
                    } },
                });
                let sent = client
                    .post(format!("{address}/graphql"))
                    .header("x-forwarded-for", format!("10.9.{w}.{}", i % 250))
                    .json(&body)
                    .send()
                    .await;
                if sent.is_ok() {
                    registered.fetch_add(1, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }

    let page_client = browser.clone();
    let page_address = address.clone();
    measure(
        &format!("{name}: the queue page (/enquiries)"),
        CONCURRENCY,
        &statements,
        move |_| {
            let (client, address) = (page_client.clone(), page_address.clone());
            async move {
                client
                    .get(format!("{address}/enquiries"))
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success())
            }
        },
    )
    .await;

    let ask = graphql.clone();
    measure(
        &format!("{name}: the queue's GraphQL (enquiries, first 50)"),
        CONCURRENCY,
        &statements,
        move |_| ask(queue_query.clone()),
    )
    .await;

    for readers in [1, CONCURRENCY] {
        let ask = graphql.clone();
        measure(&format!("{name}: one household by id, with its history"), readers, &statements, move |i| {
            let id = 1 + (i * 7919) % n;
            ask(json!({
                "query": "query($id: ID!) { household(id: $id) { name phone state { stage } possibleDuplicates history { at event to } } }",
                "variables": { "id": format!("Household:{id}") },
            }))
        })
        .await;

        let ask = graphql.clone();
        measure(&format!("{name}: 20 households with their history"), readers, &statements, move |i| {
            let start = 1 + (i * 104_729) % (n - 20);
            let fields: String = (0..20)
                .map(|k| format!("h{k}: household(id: \"Household:{}\") {{ name history {{ at event to }} }} ", start + k))
                .collect();
            ask(json!({ "query": format!("{{ {fields} }}") }))
        })
        .await;
    }

    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        let _ = writer.await;
    }
    println!(
        "{name}: {} registrations were made while staff read",
        registered.load(Ordering::Relaxed)
    );
    handle.stop(true).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    server::assets();
    on_each_database(async |name, url| bench(name, &url).await).await;
}
