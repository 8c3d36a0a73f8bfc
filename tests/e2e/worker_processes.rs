//! The real `hearth worker` process: killed mid-job, and two of them
//! draining one queue.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use domain::jobs::entity;
use domain::{Actor, Ctx};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::harness::{Db, TestDatabase, hearth_binary};

fn worker(database: &TestDatabase, env: &[(&str, &str)]) -> Child {
    Command::new(hearth_binary())
        .arg("worker")
        .env("HEARTH_DATA_DIR", database.data_dir())
        .env("HEARTH_DATABASE_URL", database.url())
        .env("HEARTH_LOG_FORMAT", "json")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("hearth worker starts")
}

async fn wait_for(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !done().await {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn job(ctx: &Ctx, id: i64) -> entity::Model {
    entity::Entity::find_by_id(id)
        .one(&ctx.db)
        .await
        .expect("query")
        .expect("the job")
}

async fn a_killed_worker_leaves_its_job_to_run_again(db: Db) {
    let database = TestDatabase::create(db).await;
    let ctx = Ctx::new(
        hearth::database::connect(database.url(), 2)
            .await
            .expect("a pool"),
    );
    // A mail server that accepts the connection and never says a word: the
    // first worker is stuck in the send when it is killed.
    let silent = TcpListener::bind("127.0.0.1:0").expect("a port");
    let silent_url = format!(
        "smtp://127.0.0.1:{}",
        silent.local_addr().expect("bound").port()
    );
    let id = domain::notifications::send_mail_check(&ctx, &Actor::System, "carer@example.org")
        .await
        .expect("queued");

    let mut first = worker(
        &database,
        &[
            ("HEARTH_SMTP_URL", &silent_url),
            ("HEARTH_JOB_LEASE_SECONDS", "2"),
        ],
    );
    wait_for("the first worker to claim the job", async || {
        job(&ctx, id).await.state == "running"
    })
    .await;
    first.kill().expect("SIGKILL");
    first.wait().expect("it dies");

    let mut second = worker(&database, &[("HEARTH_JOB_LEASE_SECONDS", "2")]);
    wait_for("the job to run again", async || {
        job(&ctx, id).await.state == "completed"
    })
    .await;
    let signal = Command::new("kill")
        .args(["-TERM", &second.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signal.success());
    assert!(
        second.wait().expect("it stops").success(),
        "the worker stops cleanly on SIGTERM"
    );

    assert_eq!(job(&ctx, id).await.attempt, 2, "run once by each worker");
    assert!(
        database
            .data_dir()
            .join(format!("outbox/job-{id}.eml"))
            .exists()
    );
    drop(silent);
}

#[tokio::test]
async fn a_worker_killed_mid_job_leaves_it_to_run_again_after_the_lease_on_sqlite() {
    a_killed_worker_leaves_its_job_to_run_again(Db::Sqlite).await;
}

#[tokio::test]
async fn a_worker_killed_mid_job_leaves_it_to_run_again_after_the_lease_on_postgres() {
    a_killed_worker_leaves_its_job_to_run_again(Db::Postgres).await;
}

#[tokio::test]
async fn two_worker_processes_on_postgres_run_each_of_1000_jobs_once() {
    const JOBS: u64 = 1_000;
    let database = TestDatabase::create(Db::Postgres).await;
    let ctx = Ctx::new(
        hearth::database::connect(database.url(), 2)
            .await
            .expect("a pool"),
    );
    for _ in 0..JOBS {
        domain::notifications::send_mail_check(&ctx, &Actor::System, "carer@example.org")
            .await
            .expect("queued");
    }
    let mut workers = [worker(&database, &[]), worker(&database, &[])];
    // Only the emails: the workers' own schedule adds its housekeeping job.
    let emails = || entity::Entity::find().filter(entity::Column::Kind.eq("email.send"));
    let completed = || {
        emails()
            .filter(entity::Column::State.eq("completed"))
            .count(&ctx.db)
    };
    wait_for("the queue to drain", async || {
        completed().await.expect("count") == JOBS
    })
    .await;
    for process in &mut workers {
        let signal = Command::new("kill")
            .args(["-TERM", &process.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(signal.success());
        assert!(process.wait().expect("it stops").success());
    }
    // A job claimed twice would have been started twice.
    let jobs = emails().all(&ctx.db).await.expect("jobs");
    assert_eq!(jobs.len() as u64, JOBS);
    assert!(
        jobs.iter().all(|job| job.attempt == 1),
        "a job ran more than once"
    );
    assert!(
        jobs.iter().all(|job| job.locked_by.is_none()),
        "finished jobs hold no lock"
    );
    let outbox = std::fs::read_dir(database.data_dir().join("outbox"))
        .expect("the outbox")
        .count();
    assert_eq!(outbox as u64, JOBS);
}

/// A mail server that waits `delay` before it greets, then takes any
/// message: slow enough to stop a worker in the middle of a send.
fn slow_smtp_server(delay: Duration) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("bound").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            std::thread::spawn(move || {
                use std::io::{BufRead, BufReader, Write};
                std::thread::sleep(delay);
                let mut writer = stream.try_clone().expect("a second handle");
                let mut lines = BufReader::new(stream).lines();
                let mut say = |text: &str| writer.write_all(format!("{text}\r\n").as_bytes());
                let _ = say("220 slow.test ESMTP");
                while let Some(Ok(line)) = lines.next() {
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_ascii_uppercase();
                    let reply = match verb.as_str() {
                        "EHLO" | "HELO" => "250 slow.test",
                        "DATA" => {
                            let _ = say("354 go on");
                            for line in lines.by_ref() {
                                if line.map(|l| l == ".").unwrap_or(true) {
                                    break;
                                }
                            }
                            "250 taken"
                        }
                        "QUIT" => {
                            let _ = say("221 bye");
                            return;
                        }
                        _ => "250 ok",
                    };
                    let _ = say(reply);
                }
            });
        }
    });
    port
}

#[tokio::test]
async fn sigterm_lets_the_job_in_hand_finish_and_claims_no_more() {
    let database = TestDatabase::create(Db::Sqlite).await;
    let ctx = Ctx::new(
        hearth::database::connect(database.url(), 2)
            .await
            .expect("a pool"),
    );
    let port = slow_smtp_server(Duration::from_secs(2));
    let first = domain::notifications::send_mail_check(&ctx, &Actor::System, "one@example.org")
        .await
        .expect("queued");
    let second = domain::notifications::send_mail_check(&ctx, &Actor::System, "two@example.org")
        .await
        .expect("queued");
    let smtp_url = format!("smtp://127.0.0.1:{port}");
    let mut process = worker(&database, &[("HEARTH_SMTP_URL", &smtp_url)]);
    wait_for("the worker to claim the first email", async || {
        job(&ctx, first).await.state == "running"
    })
    .await;
    let signal = Command::new("kill")
        .args(["-TERM", &process.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signal.success());
    assert!(process.wait().expect("it stops").success());
    assert_eq!(
        job(&ctx, first).await.state,
        "completed",
        "the job in hand was finished"
    );
    assert_eq!(
        job(&ctx, second).await.state,
        "available",
        "no job was claimed after SIGTERM"
    );
}
