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
    started: Option<Started>,
}

/// A server started here: what it takes to start it again where it was.
struct Started {
    binary: PathBuf,
    port: u16,
    folder: tempfile::TempDir,
    running: Option<Child>,
}

impl Started {
    fn stop(&mut self) {
        if let Some(mut child) = self.running.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for TestMeilisearch {
    fn drop(&mut self) {
        if let Some(started) = &mut self.started {
            started.stop();
        }
    }
}

impl TestMeilisearch {
    /// Stops the server, as an outage would; its data stays.
    ///
    /// # Panics
    /// When the server was not started here ([`own_meilisearch`] starts one
    /// that was).
    pub fn stop(&mut self) {
        self.started
            .as_mut()
            .expect("a server started by the test")
            .stop();
    }

    /// Starts the stopped server again, at the same address with the same
    /// data, once it answers.
    ///
    /// # Panics
    /// As [`TestMeilisearch::stop`], or when it does not come back.
    pub async fn restart(&mut self) {
        let started = self.started.as_mut().expect("a server started by the test");
        started.stop();
        started.running = Some(spawn(
            &started.binary,
            started.folder.path(),
            started.port,
            &self.key,
        ));
        until_healthy(&self.url).await;
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

/// `None` when there is no server to be had, said on standard error; with
/// `CI=true`, a failure instead.
fn none_to_be_had() -> Option<TestMeilisearch> {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true and no Meilisearch: set HEARTH_TEST_MEILISEARCH_URL, put meilisearch \
         on PATH or build ../shared/tools/meilisearch"
    );
    eprintln!("!!! no Meilisearch: this test's Meilisearch case did NOT run");
    None
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
    own_meilisearch(repository).await
}

/// A server of the caller's own, never the shared one, which the caller may
/// stop and start again; `None` as for [`test_meilisearch`].
pub async fn own_meilisearch(repository: &Path) -> Option<TestMeilisearch> {
    let Some(binary) = binary(repository) else {
        return none_to_be_had();
    };
    let folder = tempfile::tempdir().expect("a folder for Meilisearch");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let key = uuid::Uuid::new_v4().simple().to_string();
    let running = Some(spawn(&binary, folder.path(), port, &key));
    let server = TestMeilisearch {
        url: format!("http://127.0.0.1:{port}"),
        key,
        started: Some(Started {
            binary,
            port,
            folder,
            running,
        }),
    };
    until_healthy(&server.url).await;
    Some(server)
}

fn spawn(binary: &Path, folder: &Path, port: u16, key: &str) -> Child {
    Command::new(binary)
        .arg("--db-path")
        .arg(folder.join("data"))
        .args(["--http-addr", &format!("127.0.0.1:{port}")])
        .args(["--master-key", key])
        .args(["--no-analytics", "--env", "development"])
        .args(["--max-indexing-threads", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Meilisearch starts")
}

async fn until_healthy(url: &str) {
    let health = format!("{url}/health");
    for _ in 0..200 {
        if reqwest::get(&health)
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("Meilisearch did not answer at {health} within 10 seconds");
}
