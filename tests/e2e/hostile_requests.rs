//! Requests sent to take Hearth down, against the real `hearth serve`
//! binary: a stack overflow aborts the whole process, which would end an
//! in-process test too. Each is refused with the limit it broke, and the
//! process goes on serving.

use std::io::Write;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{Value, json};

use crate::harness::{Db, ServeProcess, TestDatabase, error_codes};

/// Fragments that each spread the next `fan_out` times: fan_out^depth
/// spreads once expanded, from a few hundred bytes.
fn multiplying_fragments(fan_out: usize, depth: usize) -> String {
    let mut query = String::from("query { ...F0 }\n");
    for i in 0..depth {
        let spreads = format!("...F{} ", i + 1).repeat(fan_out);
        query.push_str(&format!("fragment F{i} on Query {{ {spreads} }}\n"));
    }
    query.push_str(&format!(
        "fragment F{depth} on Query {{ regions {{ name }} }}\n"
    ));
    query
}

fn hostile_requests() -> Vec<(&'static str, Value, String)> {
    let nesting = api::MAX_NESTING.to_string();
    let deep_list = format!(
        "{{ localAuthority(gssCode: {}\"E06000012\"{}) {{ name }} }}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let deep_object = format!(
        "{{ localAuthority(gssCode: {}1{}) {{ name }} }}",
        "{a: ".repeat(5_000),
        "}".repeat(5_000)
    );
    let deep_input = format!(
        "mutation {{ registerInterest(input: {{ name: {}\"x\"{} }}) {{ callBy }} }}",
        "[".repeat(3_000),
        "]".repeat(3_000)
    );
    let mut deep_variable = json!("E06000012");
    for _ in 0..100 {
        deep_variable = json!([deep_variable]);
    }
    let aliases = format!("{{ {} }}", "x: __typename ".repeat(2_000));
    let directives = format!("{{ __typename {} }}", "@skip(if:false)".repeat(2_000));
    vec![
        (
            "a list literal 5,000 deep in an argument",
            json!({ "query": deep_list }),
            nesting.clone(),
        ),
        (
            "an object literal 5,000 deep in an argument",
            json!({ "query": deep_object }),
            nesting.clone(),
        ),
        (
            "a mutation's input 3,000 deep",
            json!({ "query": deep_input }),
            nesting.clone(),
        ),
        (
            "a variable 100 deep",
            json!({
                "query": "query($code: String!) { localAuthority(gssCode: $code) { name } }",
                "variables": { "code": deep_variable },
            }),
            nesting,
        ),
        (
            "fragments that double 40 times",
            json!({ "query": multiplying_fragments(2, 40) }),
            api::MAX_EXPANDED_SPREADS.to_string(),
        ),
        (
            "fragments that fan out three ways 30 times",
            json!({ "query": multiplying_fragments(3, 30) }),
            api::MAX_EXPANDED_SPREADS.to_string(),
        ),
        (
            "2,000 aliases",
            json!({ "query": aliases }),
            api::MAX_ALIASES.to_string(),
        ),
        (
            "2,000 directives",
            json!({ "query": directives }),
            api::MAX_DIRECTIVES.to_string(),
        ),
    ]
}

#[tokio::test]
async fn hostile_graphql_is_refused_naming_its_limit_and_the_process_goes_on() {
    let database = TestDatabase::create(Db::Sqlite).await;
    let mut server = ServeProcess::start(&database, &[("HEARTH_RUN_WORKERS", "false")]).await;
    for (what, body, limit) in hostile_requests() {
        let (status, answer) = server.graphql(&body).await;
        assert_eq!(status, 200, "{what}: {answer}");
        assert_eq!(error_codes(&answer), ["INVALID_INPUT"], "{what}: {answer}");
        let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(&limit),
            "{what}: the message names the limit {limit}: {message}"
        );
        assert!(server.is_running(), "{what} ended the process");
        assert!(server.answers("/healthz").await, "{what}: /healthz");
    }
}

#[tokio::test]
async fn a_body_nested_past_what_json_allows_is_refused_and_the_process_goes_on() {
    let database = TestDatabase::create(Db::Sqlite).await;
    let mut server = ServeProcess::start(&database, &[("HEARTH_RUN_WORKERS", "false")]).await;
    let body = format!(
        "{{\"query\": \"{{ viewer {{ id }} }}\", \"variables\": {{\"v\": {}1{}}}}}",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let response = reqwest::Client::new()
        .post(format!("{}/graphql", server.address))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 400);
    let answer: Value = response.json().await.expect("JSON");
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
    assert!(server.is_running());
    assert!(server.answers("/healthz").await);
}

/// Holds `local_authorities` locked, as a long migration or a stuck
/// transaction would, so that any request reading it waits.
async fn lock_local_authorities(database: &TestDatabase) -> sea_orm::DatabaseTransaction {
    let db = sea_orm::Database::connect(database.url())
        .await
        .expect("connects");
    let lock = db.begin().await.expect("a transaction");
    lock.execute_unprepared("LOCK TABLE local_authorities IN ACCESS EXCLUSIVE MODE")
        .await
        .expect("the table locks");
    lock
}

const AUTHORITIES: &str = "{ localAuthorities(first: 1) { totalCount } }";

#[tokio::test]
async fn a_request_past_its_time_limit_is_stopped_and_others_are_served() {
    let database = TestDatabase::create(Db::Postgres).await;
    let server = ServeProcess::start(
        &database,
        &[
            ("HEARTH_RUN_WORKERS", "false"),
            ("HEARTH_REQUEST_TIMEOUT_SECONDS", "1"),
        ],
    )
    .await;
    let lock = lock_local_authorities(&database).await;
    let (status, answer) = server.graphql(&json!({ "query": AUTHORITIES })).await;
    assert_eq!(status, 503, "{answer}");
    assert_eq!(error_codes(&answer), ["INTERNAL"]);
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("longer than 1 second")),
        "{answer}"
    );
    assert!(server.answers("/healthz").await);
    lock.rollback().await.expect("the lock ends");
    let (status, answer) = server.graphql(&json!({ "query": AUTHORITIES })).await;
    assert_eq!(status, 200, "served again once the table is free: {answer}");
}

#[tokio::test]
async fn a_request_whose_client_has_gone_stops_its_work() {
    let database = TestDatabase::create(Db::Postgres).await;
    let server = ServeProcess::start(&database, &[("HEARTH_RUN_WORKERS", "false")]).await;
    let lock = lock_local_authorities(&database).await;
    let body = json!({ "query": AUTHORITIES }).to_string();
    let address = server.address.trim_start_matches("http://").to_owned();
    let mut client = std::net::TcpStream::connect(&address).expect("connects");
    write!(
        client,
        "POST /graphql HTTP/1.1\r\nHost: {address}\r\nContent-Type: \
            application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("sent");
    // Once the request waits on the lock, the client gives up.
    crate::harness::until_someone_waits_for_a_lock(&lock).await;
    drop(client);
    let started = Instant::now();
    while !server
        .log()
        .iter()
        .any(|line| line.contains("the client went away"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the request went on after its client left: {:?}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    lock.rollback().await.expect("the lock ends");
    assert!(server.answers("/healthz").await);
}
