//! The real `hearth worker` process: killed mid-job, and two of them
//! draining one queue.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use domain::jobs::entity;
use domain::{Actor, Ctx};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::harness::{Db, SharedIndex, TestDatabase, hearth_binary, job, terminate};

fn worker(database: &TestDatabase, index: &SharedIndex, env: &[(&str, &str)]) -> Child {
    worker_logging_to(database, index, env, Stdio::null())
}

/// A `hearth worker` on `database`, sharing `index` (a worker refuses the
/// embedded one, which is `hearth serve`'s).
fn worker_logging_to(
    database: &TestDatabase,
    index: &SharedIndex,
    env: &[(&str, &str)],
    log: impl Into<Stdio>,
) -> Child {
    Command::new(hearth_binary())
        .arg("worker")
        .env("HEARTH_DATA_DIR", database.data_dir())
        .env("HEARTH_DATABASE_URL", database.url())
        .env("HEARTH_LOG_FORMAT", "json")
        .envs(index.env())
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("hearth worker starts")
}

/// The emails written to the outbox of `database`'s data directory.
fn outbox_emails(database: &TestDatabase) -> usize {
    std::fs::read_dir(database.data_dir().join("outbox"))
        .map(|files| {
            files
                .filter(|f| {
                    f.as_ref()
                        .is_ok_and(|f| f.path().extension().is_some_and(|e| e == "eml"))
                })
                .count()
        })
        .unwrap_or(0)
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

async fn a_killed_worker_leaves_its_job_to_run_again(db: Db) {
    let Some(index) = SharedIndex::start().await else {
        return;
    };
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
        &index,
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

    let mut second = worker(&database, &index, &[("HEARTH_JOB_LEASE_SECONDS", "2")]);
    wait_for("the job to run again", async || {
        job(&ctx, id).await.state == "completed"
    })
    .await;
    assert!(
        terminate(&mut second).success(),
        "the worker stops cleanly on SIGTERM"
    );

    assert_eq!(job(&ctx, id).await.attempt, 2, "run once by each worker");
    assert_eq!(
        outbox_emails(&database),
        1,
        "the email was written once it ran again"
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
    let Some(index) = SharedIndex::start().await else {
        return;
    };
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
    let logs_dir = tempfile::tempdir().expect("a folder for the logs");
    let logs = [
        logs_dir.path().join("first.log"),
        logs_dir.path().join("second.log"),
    ];
    let log = |path: &std::path::Path| std::fs::File::create(path).expect("a log file");
    let mut workers = [
        worker_logging_to(&database, &index, &[], log(&logs[0])),
        worker_logging_to(&database, &index, &[], log(&logs[1])),
    ];
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
        assert!(terminate(process).success());
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
    assert_eq!(outbox_emails(&database) as u64, JOBS);
    // Both processes took jobs, and neither logged an address.
    let logs: Vec<String> = logs
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("a log"))
        .collect();
    for log in &logs {
        assert!(log.contains("jobs completed"), "a worker ran nothing");
        assert!(!log.contains("@example.org"), "a worker logged an address");
    }
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
    let Some(index) = SharedIndex::start().await else {
        return;
    };
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
    let mut process = worker(&database, &index, &[("HEARTH_SMTP_URL", &smtp_url)]);
    wait_for("the worker to claim the first email", async || {
        job(&ctx, first).await.state == "running"
    })
    .await;
    assert!(terminate(&mut process).success());
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

#[tokio::test]
async fn a_second_signal_stops_at_once_leaving_the_job_in_hand_for_its_lease() {
    let Some(index) = SharedIndex::start().await else {
        return;
    };
    let database = TestDatabase::create(Db::Sqlite).await;
    let ctx = Ctx::new(
        hearth::database::connect(database.url(), 2)
            .await
            .expect("a pool"),
    );
    // A mail server slow enough that the job is still in hand.
    let port = slow_smtp_server(Duration::from_secs(30));
    let first = domain::notifications::send_mail_check(&ctx, &Actor::System, "one@example.org")
        .await
        .expect("queued");
    let smtp_url = format!("smtp://127.0.0.1:{port}");
    let mut process = worker(&database, &index, &[("HEARTH_SMTP_URL", &smtp_url)]);
    wait_for("the worker to claim the email", async || {
        job(&ctx, first).await.state == "running"
    })
    .await;
    for signal in ["-TERM", "-INT"] {
        let sent = Command::new("kill")
            .args([signal, &process.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        std::thread::sleep(Duration::from_millis(200));
    }
    let status = process.wait().expect("the worker ends");
    assert!(!status.success(), "stopped at once, not cleanly: {status}");
    assert_eq!(
        job(&ctx, first).await.state,
        "running",
        "the job in hand is left for its lease to pass"
    );
}

#[tokio::test]
async fn a_worker_refuses_the_embedded_search_index_and_says_what_to_set() {
    let database = TestDatabase::create(Db::Sqlite).await;
    let output = Command::new(hearth_binary())
        .arg("worker")
        .env("HEARTH_DATA_DIR", database.data_dir())
        .env("HEARTH_DATABASE_URL", database.url())
        .env_remove("HEARTH_MEILISEARCH_URL")
        .output()
        .expect("hearth worker runs");
    assert!(!output.status.success(), "it stops");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("HEARTH_MEILISEARCH_URL"), "{said}");
    assert!(said.contains("hearth serve"), "{said}");
}
