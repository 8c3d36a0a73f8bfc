//! What every benchmark shares: running on SQLite and on a throwaway
//! PostgreSQL database, and reading percentiles.

use sea_orm::{ConnectionTrait, Database};

/// The value at `p` (0 to 1) of a sorted list.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Runs `bench` on a fresh SQLite file, then on a fresh PostgreSQL database
/// (HEARTH_TEST_POSTGRES_URL, default 127.0.0.1:5432), dropped afterwards.
/// HEARTH_BENCH_DATABASE=sqlite or postgres runs only that one.
pub async fn on_each_database<F, Fut>(bench: F)
where
    F: Fn(&'static str, String) -> Fut,
    Fut: Future<Output = ()>,
{
    let only = std::env::var("HEARTH_BENCH_DATABASE").unwrap_or_default();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    if only != "postgres" {
        bench("SQLite", sqlite).await;
    }
    if only == "sqlite" {
        return;
    }

    let admin_url = std::env::var("HEARTH_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let admin = Database::connect(&admin_url)
        .await
        .expect("PostgreSQL answers");
    let name = format!("hearth_bench_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("created");
    let mut url = url::Url::parse(&admin_url).expect("a URL");
    url.set_path(&name);
    bench("PostgreSQL", url.to_string()).await;
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .expect("dropped");
}
