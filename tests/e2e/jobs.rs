//! The job queue, on SQLite and PostgreSQL: jobs exist exactly when the
//! change that caused them does, run at least once, retry with backoff, die
//! after their limit, and survive a worker that dies.

use std::collections::HashMap;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use domain::clock::FrozenClock;
use domain::jobs::{self, Job, entity};
use domain::{Actor, Ctx};
use sea_orm::{EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};
use serde::{Deserialize, Serialize};
use workers::{HandlerError, Handlers, Outcome, Runner, RunnerConfig, longest_delay_after};

use crate::harness::{Db, TestApp, TestDatabase, db_test, hearth_binary, job};

#[derive(Serialize, Deserialize)]
struct Ping {
    n: u32,
}

impl Job for Ping {
    const KIND: &'static str = "test.ping";
    const MAX_ATTEMPTS: i32 = 3;
}

async fn enqueue_ping(ctx: &Ctx, n: u32) -> i64 {
    let now = ctx.clock.now();
    jobs::enqueue(&ctx.db, &Ping { n }, now, now)
        .await
        .expect("enqueued")
}

/// Handlers whose ping fails until `failures` runs have failed.
/// Waits, up to a deadline, until the job is running its `attempt`.
async fn until_running(ctx: &Ctx, id: i64, attempt: i32) {
    let started = std::time::Instant::now();
    loop {
        let stored = job(ctx, id).await;
        if stored.state == "running" && stored.attempt == attempt {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the job did not start: {stored:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn failing(failures: u32) -> (Handlers, Arc<AtomicU32>) {
    let runs = Arc::new(AtomicU32::new(0));
    let counter = runs.clone();
    let handlers = Handlers::new().register(move |_, _: Ping| {
        let run = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move {
            if run <= failures {
                Err(HandlerError::retry(format!(
                    "the mail server refused (run {run})"
                )))
            } else {
                Ok(())
            }
        }
    });
    (handlers, runs)
}

#[db_test]
async fn a_change_that_rolls_back_enqueues_nothing_and_one_that_commits_enqueues_one(app: TestApp) {
    let now = app.now();
    let txn = app.ctx.db.begin().await.expect("begin");
    jobs::enqueue(&txn, &Ping { n: 1 }, now, now)
        .await
        .expect("enqueued");
    txn.rollback().await.expect("rollback");
    assert_eq!(
        entity::Entity::find()
            .count(&app.ctx.db)
            .await
            .expect("count"),
        0
    );

    let txn = app.ctx.db.begin().await.expect("begin");
    jobs::enqueue(&txn, &Ping { n: 2 }, now, now)
        .await
        .expect("enqueued");
    txn.commit().await.expect("commit");
    let stored = entity::Entity::find().all(&app.ctx.db).await.expect("jobs");
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (stored[0].kind.as_str(), stored[0].payload.as_str()),
        ("test.ping", r#"{"n":2}"#)
    );
}

#[db_test]
async fn a_schedule_slot_is_enqueued_once_however_often_it_is_tried(app: TestApp) {
    let now = app.now();
    let first = jobs::enqueue_once(&app.ctx.db, &Ping { n: 1 }, "digest:2026-11-24", now, now)
        .await
        .expect("once");
    let second = jobs::enqueue_once(&app.ctx.db, &Ping { n: 1 }, "digest:2026-11-24", now, now)
        .await
        .expect("once");
    assert_eq!((first, second), (true, false));
    assert_eq!(
        entity::Entity::find()
            .count(&app.ctx.db)
            .await
            .expect("count"),
        1
    );
}

#[db_test]
async fn a_failing_job_is_retried_on_the_backoff_schedule_until_it_succeeds(app: TestApp) {
    let ctx = app.ctx.clone();
    let id = enqueue_ping(&ctx, 1).await;
    let (handlers, runs) = failing(2);
    let runner = Runner::new(ctx.clone(), handlers, RunnerConfig::default());

    let Some(Outcome::Retrying { run_at }) = runner.run_one().await.expect("runs") else {
        panic!("the first run fails and is retried");
    };
    assert!(run_at > app.now() && run_at <= app.now() + longest_delay_after(1));
    assert_eq!(
        runner.run_one().await.expect("runs"),
        None,
        "not due before its backoff"
    );

    app.advance(longest_delay_after(1));
    assert!(matches!(
        runner.run_one().await.expect("runs"),
        Some(Outcome::Retrying { .. })
    ));
    app.advance(longest_delay_after(2));
    assert_eq!(
        runner.run_one().await.expect("runs"),
        Some(Outcome::Completed)
    );

    let stored = job(&ctx, id).await;
    assert_eq!((stored.state.as_str(), stored.attempt), ("completed", 3));
    assert_eq!(runs.load(Ordering::SeqCst), 3);
}

#[db_test]
async fn a_job_failing_past_its_limit_is_dead_until_retried(app: TestApp) {
    let ctx = app.ctx.clone();
    let id = enqueue_ping(&ctx, 1).await;
    let (handlers, _) = failing(Ping::MAX_ATTEMPTS as u32);
    let runner = Runner::new(ctx.clone(), handlers, RunnerConfig::default());
    for attempt in 1..Ping::MAX_ATTEMPTS {
        assert!(matches!(
            runner.run_one().await.expect("runs"),
            Some(Outcome::Retrying { .. })
        ));
        app.advance(longest_delay_after(attempt));
    }
    assert_eq!(runner.run_one().await.expect("runs"), Some(Outcome::Dead));
    app.advance(TimeDelta::days(1));
    assert_eq!(
        runner.run_one().await.expect("runs"),
        None,
        "a dead job is not run again"
    );

    let dead = jobs::list_dead_jobs(&ctx, &Actor::System)
        .await
        .expect("listed");
    assert_eq!(dead.len(), 1);
    assert_eq!(
        dead[0].last_error.as_deref(),
        Some("the mail server refused (run 3)")
    );

    jobs::retry_job(&ctx, &Actor::System, id)
        .await
        .expect("retried");
    assert_eq!(
        runner.run_one().await.expect("runs"),
        Some(Outcome::Completed)
    );
    assert!(
        jobs::retry_job(&ctx, &Actor::System, id).await.is_err(),
        "only a dead job is retried"
    );
    assert!(
        jobs::list_dead_jobs(&ctx, &Actor::Anonymous).await.is_err(),
        "the public cannot see them"
    );
}

#[db_test]
async fn a_job_whose_worker_died_runs_again_after_the_lease(app: TestApp) {
    let ctx = app.ctx.clone();
    let id = enqueue_ping(&ctx, 1).await;
    let config = RunnerConfig {
        lease: TimeDelta::seconds(30),
        ..RunnerConfig::default()
    };
    let hangs =
        Handlers::new().register(|_, _: Ping| std::future::pending::<Result<(), HandlerError>>());
    let dying = Runner::new(ctx.clone(), hangs, config.clone());
    let run = tokio::spawn(async move { dying.run_one().await });
    until_running(&ctx, id, 1).await;
    run.abort();

    let (handlers, _) = failing(0);
    let survivor = Runner::new(ctx.clone(), handlers, config);
    assert_eq!(
        survivor.run_one().await.expect("runs"),
        None,
        "the lease still holds"
    );
    app.advance(TimeDelta::seconds(31));
    assert_eq!(
        survivor.run_one().await.expect("runs"),
        Some(Outcome::Completed)
    );
    assert_eq!(job(&ctx, id).await.attempt, 2);
}

#[db_test]
async fn a_job_that_outlives_its_lease_elsewhere_records_nothing(app: TestApp) {
    let ctx = app.ctx.clone();
    let id = enqueue_ping(&ctx, 1).await;
    let config = RunnerConfig {
        lease: TimeDelta::seconds(30),
        ..RunnerConfig::default()
    };
    let release = Arc::new(tokio::sync::Notify::new());
    let gate = release.clone();
    let slow = Handlers::new().register(move |_, _: Ping| {
        let gate = gate.clone();
        async move {
            gate.notified().await;
            Err(HandlerError::retry("too late to matter"))
        }
    });
    let slow_runner = Runner::new(ctx.clone(), slow, config.clone());
    let slow_run = tokio::spawn(async move { slow_runner.run_one().await });
    until_running(&ctx, id, 1).await;
    app.advance(TimeDelta::seconds(31));
    let (handlers, _) = failing(0);
    let other = Runner::new(ctx.clone(), handlers, config);
    assert_eq!(
        other.run_one().await.expect("runs"),
        Some(Outcome::Completed)
    );
    release.notify_one();
    let late = slow_run.await.expect("the slow run ends").expect("runs");
    assert_eq!(late, Some(Outcome::LeaseLost));
    let stored = job(&ctx, id).await;
    assert_eq!(
        (stored.state.as_str(), stored.last_error),
        ("completed", None),
        "the late failure changed nothing"
    );
}

#[db_test]
async fn a_job_whose_worker_dies_on_every_attempt_ends_dead(app: TestApp) {
    let ctx = app.ctx.clone();
    let id = enqueue_ping(&ctx, 1).await;
    let config = RunnerConfig {
        lease: TimeDelta::seconds(30),
        ..RunnerConfig::default()
    };
    for attempt in 1..=Ping::MAX_ATTEMPTS {
        let hangs = Handlers::new()
            .register(|_, _: Ping| std::future::pending::<Result<(), HandlerError>>());
        let dying = Runner::new(ctx.clone(), hangs, config.clone());
        let run = tokio::spawn(async move { dying.run_one().await });
        until_running(&ctx, id, attempt).await;
        run.abort();
        app.advance(TimeDelta::seconds(31));
    }
    let (handlers, _) = failing(0);
    let survivor = Runner::new(ctx.clone(), handlers, config);
    assert_eq!(
        survivor.run_one().await.expect("runs"),
        None,
        "nothing left to run"
    );
    let stored = job(&ctx, id).await;
    assert_eq!(
        (stored.state.as_str(), stored.attempt),
        ("dead", Ping::MAX_ATTEMPTS)
    );
}

async fn drain_with_two_workers(db: Db) {
    const JOBS: usize = 1_000;
    let database = TestDatabase::create(db).await;
    let ctx = |pool| Ctx::new(pool);
    let first = ctx(hearth::database::connect(database.url(), 5)
        .await
        .expect("a pool"));
    let now = Utc::now();
    let txn = first.db.begin().await.expect("begin");
    for n in 0..JOBS as u32 {
        jobs::enqueue(&txn, &Ping { n }, now, now)
            .await
            .expect("enqueued");
    }
    txn.commit().await.expect("commit");

    let runs: Arc<Mutex<HashMap<i64, u32>>> = Arc::default();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let config = RunnerConfig {
        idle_poll: Duration::from_millis(20),
        ..RunnerConfig::default()
    };
    let mut workers = Vec::new();
    for pool in [
        first.db.clone(),
        hearth::database::connect(database.url(), 5)
            .await
            .expect("a second pool"),
    ] {
        let record = runs.clone();
        let handlers = Handlers::new().register(move |id, _: Ping| {
            *record.lock().expect("the record").entry(id).or_default() += 1;
            async { Ok(()) }
        });
        let runner = Runner::new(ctx(pool), handlers, config.clone());
        let stopped = stopped.clone();
        workers.push(tokio::spawn(async move { runner.run(stopped).await }));
    }
    let started = std::time::Instant::now();
    while runs.lock().expect("the record").len() < JOBS {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the workers did not drain the queue"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.send(true).expect("stop");
    for worker in workers {
        worker.await.expect("the worker stops");
    }
    let runs = runs.lock().expect("the record");
    assert_eq!(runs.len(), JOBS);
    assert!(runs.values().all(|&count| count == 1), "a job ran twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_on_postgres_run_each_of_1000_jobs_once() {
    drain_with_two_workers(Db::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_on_sqlite_run_each_of_1000_jobs_once() {
    drain_with_two_workers(Db::Sqlite).await;
}

async fn dead_jobs_from_the_command_line(db: Db) {
    let database = TestDatabase::create(db).await;
    let ctx = Ctx::new(
        hearth::database::connect(database.url(), 2)
            .await
            .expect("a pool"),
    );
    let id = enqueue_ping(&ctx, 7).await;
    let (handlers, _) = failing(u32::MAX);
    let clock = FrozenClock::at(Utc::now());
    let runner = Runner::new(
        Ctx::with_clock(ctx.db.clone(), Arc::new(clock.clone())),
        handlers,
        RunnerConfig::default(),
    );
    for attempt in 1..=Ping::MAX_ATTEMPTS {
        runner.run_one().await.expect("runs");
        clock.advance(longest_delay_after(attempt));
    }
    let hearth = |args: &[&str]| {
        Command::new(hearth_binary())
            .args(args)
            .env("HEARTH_DATA_DIR", database.data_dir())
            .env("HEARTH_DATABASE_URL", database.url())
            .output()
            .expect("hearth runs")
    };
    let listed = hearth(&["jobs", "dead"]);
    let listing = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listing.starts_with(&format!("{id}\ttest.ping\t3 attempts\t")),
        "{listing}"
    );

    let retried = hearth(&["jobs", "retry", &id.to_string()]);
    assert!(retried.status.success());
    assert_eq!(job(&ctx, id).await.state, "available");
    let again = hearth(&["jobs", "retry", &id.to_string()]);
    assert!(
        !again.status.success(),
        "a job that is not dead cannot be retried"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not a dead job"));
}

#[tokio::test]
async fn dead_jobs_are_listed_and_retried_from_the_command_line_on_sqlite() {
    dead_jobs_from_the_command_line(Db::Sqlite).await;
}

#[tokio::test]
async fn dead_jobs_are_listed_and_retried_from_the_command_line_on_postgres() {
    dead_jobs_from_the_command_line(Db::Postgres).await;
}

#[db_test]
async fn several_processes_ticking_the_schedule_enqueue_each_slot_once(app: TestApp) {
    let ctx = app.ctx.clone();
    let schedule = || {
        workers::Scheduler::new().add("ping", workers::Cadence::Every(TimeDelta::hours(1)), || {
            Ping { n: 0 }
        })
    };
    let (first, second) = (schedule(), schedule());
    let written = first.tick(&ctx).await.expect("ticks") + second.tick(&ctx).await.expect("ticks");
    assert_eq!(written, 1, "one slot, one job");
    assert_eq!(
        first.tick(&ctx).await.expect("ticks"),
        0,
        "the same slot again writes nothing"
    );
    app.advance(TimeDelta::hours(1));
    let written = second.tick(&ctx).await.expect("ticks") + first.tick(&ctx).await.expect("ticks");
    assert_eq!(written, 1, "the next slot, one more job");
    assert_eq!(
        entity::Entity::find().count(&ctx.db).await.expect("count"),
        2
    );
}

#[db_test]
async fn pruning_removes_completed_jobs_past_a_week_and_keeps_the_rest(app: TestApp) {
    let ctx = app.ctx.clone();
    let old = enqueue_ping(&ctx, 1).await;
    let dead = enqueue_ping(&ctx, 2).await;
    let (handlers, _) = failing(0);
    let runner = Runner::new(ctx.clone(), handlers, RunnerConfig::default());
    runner.run_one().await.expect("runs");
    entity::Entity::update_many()
        .col_expr(
            entity::Column::State,
            sea_orm::sea_query::Expr::value("dead"),
        )
        .filter(sea_orm::ColumnTrait::eq(&entity::Column::Id, dead))
        .exec(&ctx.db)
        .await
        .expect("made dead");
    app.advance(jobs::KEEP_COMPLETED + TimeDelta::minutes(1));
    let recent = enqueue_ping(&ctx, 3).await;
    runner.run_one().await.expect("runs");

    assert_eq!(
        jobs::prune_completed_jobs(&ctx, &Actor::System)
            .await
            .expect("pruned"),
        1
    );
    let left: Vec<i64> = entity::Entity::find()
        .all(&ctx.db)
        .await
        .expect("jobs")
        .iter()
        .map(|j| j.id)
        .collect();
    assert!(!left.contains(&old), "the week-old completed job is gone");
    assert!(
        left.contains(&dead) && left.contains(&recent),
        "dead and recent jobs stay: {left:?}"
    );
}
