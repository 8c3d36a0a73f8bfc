//! A real Meilisearch for tests: the one `scripts/test` started
//! (`HEARTH_TEST_MEILISEARCH_URL`), else one started for the caller from a
//! `meilisearch` on PATH or the workplace's `../shared/tools/meilisearch`.
//! With `CI=true` and none of them, tests fail rather than skip.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A server a test may use; one started here stops when this is dropped.
pub struct TestMeilisearch {
    pub url: String,
    pub key: String,
    started: Option<(Child, tempfile::TempDir)>,
}

impl Drop for TestMeilisearch {
    fn drop(&mut self) {
        if let Some((child, _)) = &mut self.started {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn binary(repository: &Path) -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("meilisearch"))
            .find(|file| file.is_file())
    });
    on_path.or_else(|| {
        let shared = repository.join("../shared/tools/meilisearch");
        shared.is_file().then_some(shared)
    })
}

/// The server, or `None` (said on standard error) when there is none and
/// `CI` is not `true`. `repository` is the checkout's root.
pub async fn test_meilisearch(repository: &Path) -> Option<TestMeilisearch> {
    if let Ok(url) = std::env::var("HEARTH_TEST_MEILISEARCH_URL") {
        let key = std::env::var("HEARTH_TEST_MEILISEARCH_KEY").unwrap_or_default();
        return Some(TestMeilisearch {
            url,
            key,
            started: None,
        });
    }
    let Some(binary) = binary(repository) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true and no Meilisearch: set HEARTH_TEST_MEILISEARCH_URL, put meilisearch \
             on PATH or build ../shared/tools/meilisearch"
        );
        eprintln!("!!! no Meilisearch: this test's Meilisearch case did NOT run");
        return None;
    };
    Some(start(&binary).await)
}

async fn start(binary: &Path) -> TestMeilisearch {
    let folder = tempfile::tempdir().expect("a folder for Meilisearch");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let key = uuid::Uuid::new_v4().simple().to_string();
    let child = Command::new(binary)
        .arg("--db-path")
        .arg(folder.path().join("data"))
        .args(["--http-addr", &format!("127.0.0.1:{port}")])
        .args(["--master-key", &key])
        .args(["--no-analytics", "--env", "development"])
        .args(["--max-indexing-threads", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Meilisearch starts");
    let server = TestMeilisearch {
        url: format!("http://127.0.0.1:{port}"),
        key,
        started: Some((child, folder)),
    };
    let health = format!("{}/health", server.url);
    for _ in 0..200 {
        if reqwest::get(&health)
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("Meilisearch did not answer at {health} within 10 seconds");
}
