//! The job queue's throughput and enqueue-to-start latency with no-op
//! handlers, on SQLite and PostgreSQL. Run: `cargo bench --bench queue`
//! (PostgreSQL from HEARTH_TEST_POSTGRES_URL, default 127.0.0.1:5432).

mod support;

use support::{on_each_database, percentile};

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use domain::Ctx;
use domain::jobs::{self, Job, entity};
use sea_orm::{EntityTrait, TransactionTrait};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use workers::{Handlers, Runner, RunnerConfig};

#[derive(Serialize, Deserialize)]
struct Noop {}

impl Job for Noop {
    const KIND: &'static str = "bench.noop";
}

const THROUGHPUT_JOBS: usize = 5_000;
const LATENCY_JOBS: usize = 500;
const LATENCY_GAP: Duration = Duration::from_millis(5);

type Starts = Arc<Mutex<Vec<(i64, DateTime<Utc>)>>>;

fn runner(ctx: Ctx, starts: Starts, idle_poll: Duration) -> Runner {
    let handlers = Handlers::new().register(move |id, _: Noop| {
        starts.lock().expect("starts").push((id, Utc::now()));
        async { Ok(()) }
    });
    Runner::new(
        ctx,
        handlers,
        RunnerConfig {
            idle_poll,
            ..RunnerConfig::default()
        },
    )
}

/// Runs `workers` runners until `count` jobs have started, and returns how long that took.
async fn drain(
    url: &str,
    workers: usize,
    count: usize,
    starts: &Starts,
    idle_poll: Duration,
    during: impl AsyncFnOnce(),
) -> Duration {
    let (stop, stopped) = watch::channel(false);
    let mut tasks = Vec::new();
    for _ in 0..workers {
        let ctx = Ctx::new(hearth::database::connect(url, 4).await.expect("a pool"));
        let runner = runner(ctx, starts.clone(), idle_poll);
        let stopped = stopped.clone();
        tasks.push(tokio::spawn(async move { runner.run(stopped).await }));
    }
    let started = Instant::now();
    during().await;
    while starts.lock().expect("starts").len() < count {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let elapsed = started.elapsed();
    stop.send(true).expect("stop");
    for task in tasks {
        task.await.expect("stopped");
    }
    elapsed
}

async fn bench(name: &str, url: &str) {
    let ctx = Ctx::new(hearth::database::connect(url, 4).await.expect("a pool"));
    hearth::database::migrate(&ctx.db).await.expect("migrated");

    // Throughput: a backlog, drained by two workers.
    let now = Utc::now();
    let txn = ctx.db.begin().await.expect("begin");
    for _ in 0..THROUGHPUT_JOBS {
        jobs::enqueue(&txn, &Noop {}, now, now)
            .await
            .expect("enqueued");
    }
    txn.commit().await.expect("commit");
    let starts: Starts = Arc::default();
    let elapsed = drain(
        url,
        2,
        THROUGHPUT_JOBS,
        &starts,
        Duration::from_millis(100),
        async || {},
    )
    .await;
    println!(
        "{name}: {THROUGHPUT_JOBS} no-op jobs drained by 2 workers in {:.2} s: {:.0} jobs/s",
        elapsed.as_secs_f64(),
        THROUGHPUT_JOBS as f64 / elapsed.as_secs_f64()
    );

    // Latency: jobs enqueued one at a time, every 5 ms, to one idle worker.
    for idle_poll in [Duration::from_millis(1000), Duration::from_millis(50)] {
        entity::Entity::delete_many()
            .exec(&ctx.db)
            .await
            .expect("cleared");
        let starts: Starts = Arc::default();
        let enqueuer = ctx.clone();
        drain(url, 1, LATENCY_JOBS, &starts, idle_poll, async move || {
            for _ in 0..LATENCY_JOBS {
                let now = Utc::now();
                jobs::enqueue(&enqueuer.db, &Noop {}, now, now)
                    .await
                    .expect("enqueued");
                tokio::time::sleep(LATENCY_GAP).await;
            }
        })
        .await;
        let created: std::collections::HashMap<i64, DateTime<Utc>> = entity::Entity::find()
            .all(&ctx.db)
            .await
            .expect("jobs")
            .into_iter()
            .map(|job| (job.id, job.created_at))
            .collect();
        let mut latencies: Vec<f64> = starts
            .lock()
            .expect("starts")
            .iter()
            .map(|(id, start)| {
                (*start - created[id]).num_microseconds().unwrap_or(0) as f64 / 1000.0
            })
            .collect();
        latencies.sort_by(f64::total_cmp);
        println!(
            "{name}: enqueue-to-start latency, idle poll {} ms, {LATENCY_JOBS} jobs 5 ms apart: p50 {:.1} ms, p99 {:.1} ms",
            idle_poll.as_millis(),
            percentile(&latencies, 0.50),
            percentile(&latencies, 0.99)
        );
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    on_each_database(async |name, url| bench(name, &url).await).await;
}
