//! `spawn_app()` and its helpers. PostgreSQL databases are copied from a
//! migrated template made once per set of migrations, so each test gets a
//! fresh database in milliseconds.

use std::hash::{Hash, Hasher};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::dev::ServerHandle;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use domain::Ctx;
use domain::clock::{Clock, FrozenClock};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use tokio::sync::OnceCell;

/// Where the tests find PostgreSQL: a server database they may create
/// databases from. `scripts/test` sets it; a local default suits this machine.
pub fn postgres_admin_url() -> String {
    std::env::var("HEARTH_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

#[derive(Clone, Copy, Debug)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// One test body run once on SQLite and once on PostgreSQL.
pub use test_macros::db_test;

pub fn repository_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A running Hearth with a database of its own.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub ctx: Ctx,
    /// The app's clock, which stands still until `advance` moves it.
    clock: FrozenClock,
    /// How many statements the app's connection has made.
    statements: Arc<AtomicU64>,
    server: ServerHandle,
    /// Where the app's email lands when `run_pending_jobs` sends it.
    outbox: tempfile::TempDir,
    /// The app's search index: embedded, in a folder of its own.
    pub search: Arc<dyn domain::search::port::SearchIndex>,
    /// Kept until the app goes, with the index in it.
    _search_folder: tempfile::TempDir,
    /// The Meilisearch the index is in, if it is: kept as long.
    _meilisearch: Option<SharedIndex>,
    database: TestDatabase,
}

/// A database of a test's own, removed when the test ends.
pub enum TestDatabase {
    Sqlite { dir: tempfile::TempDir, url: String },
    Postgres { name: String, url: String },
}

/// What a test's database holds when the test starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Contents {
    /// The migrations run and the reference data loaded.
    #[default]
    ReferenceData,
    /// That and the demo data, as `hearth seed --demo` loads it on the
    /// tests' clock: loading it takes seconds, copying it milliseconds.
    DemoData,
}

impl Contents {
    fn name(self) -> &'static str {
        match self {
            Self::ReferenceData => "reference",
            Self::DemoData => "demo",
        }
    }
}

impl TestDatabase {
    /// A fresh, migrated database with the reference data.
    pub async fn create(db: Db) -> Self {
        Self::holding(db, Contents::ReferenceData).await
    }

    /// A fresh database holding `contents`.
    pub async fn holding(db: Db, contents: Contents) -> Self {
        match db {
            Db::Sqlite => {
                let template = sqlite_template(contents).await;
                let dir = tempfile::tempdir().expect("a temporary directory");
                let file = dir.path().join("hearth.db");
                std::fs::copy(template, &file).expect("copy the SQLite template");
                let url = format!("sqlite://{}?mode=rwc", file.display());
                Self::Sqlite { dir, url }
            }
            Db::Postgres => {
                let template = postgres_template(contents).await;
                let name = format!("hearth_test_{}", uuid::Uuid::new_v4().simple());
                let admin = admin_connection().await;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                    .await
                    .expect("copy the template");
                // A test's database need not survive a crash: commits that
                // wait for no disk flush keep a busy machine's tests quick.
                admin
                    .execute_unprepared(&format!(
                        "ALTER DATABASE {name} SET synchronous_commit TO off"
                    ))
                    .await
                    .expect("relax durability");
                let url = postgres_url(&name);
                Self::Postgres { name, url }
            }
        }
    }

    pub fn url(&self) -> &str {
        match self {
            Self::Sqlite { url, .. } | Self::Postgres { url, .. } => url,
        }
    }

    /// A data directory for a `hearth` process: beside the SQLite file, or
    /// a fresh one for PostgreSQL.
    pub fn data_dir(&self) -> PathBuf {
        match self {
            Self::Sqlite { dir, .. } => dir.path().to_owned(),
            Self::Postgres { name, .. } => std::env::temp_dir().join(name),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Self::Postgres { name, .. } = self else {
            return;
        };
        // Drop cannot wait and the test's runtime may be ending: remove the
        // database from a thread and runtime of its own.
        let statement = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for cleaning up");
            runtime.block_on(async {
                let _ = admin_connection()
                    .await
                    .execute_unprepared(&statement)
                    .await;
            });
        });
        let _ = cleanup.join();
        let _ = std::fs::remove_dir_all(std::env::temp_dir().join(name.as_str()));
    }
}

#[derive(Default)]
pub struct AppOptions {
    pub graphiql: bool,
    /// Proxies whose `X-Forwarded-For` the app believes.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The address people use, when not the app's own (such as https).
    pub public_url: Option<url::Url>,
    /// The form token key; the database's own unless given.
    pub csrf_key: Option<Vec<u8>>,
    /// What the app's database holds when it starts.
    pub contents: Contents,
    /// The app's search index; else an embedded one in a folder of the
    /// app's own.
    pub search: Option<Arc<dyn domain::search::port::SearchIndex>>,
    /// The Meilisearch that index is in, kept as long as the app.
    pub meilisearch: Option<SharedIndex>,
}

pub async fn spawn_app(db: Db) -> TestApp {
    spawn_app_with(db, AppOptions::default()).await
}

/// An app whose search index is in Meilisearch, with index names of its
/// own: `#[db_test(search)]`. `None` where no Meilisearch is to be had.
pub async fn spawn_app_on_meilisearch(db: Db) -> Option<TestApp> {
    let shared = SharedIndex::start().await?;
    let index = shared.index().await;
    let options = AppOptions {
        search: Some(index),
        meilisearch: Some(shared),
        ..AppOptions::default()
    };
    Some(spawn_app_with(db, options).await)
}

/// An app whose database holds the demo data: `#[db_test(demo)]`.
pub async fn spawn_demo_app(db: Db) -> TestApp {
    let options = AppOptions {
        contents: Contents::DemoData,
        ..AppOptions::default()
    };
    spawn_app_with(db, options).await
}

pub async fn spawn_app_with(db: Db, options: AppOptions) -> TestApp {
    let database = TestDatabase::holding(db, options.contents).await;
    let connection = hearth::database::connect(database.url(), 5)
        .await
        .expect("the test database opens");
    let csrf_key = domain::accounts::form_token_key(&on_a_frozen_clock(connection.clone()).0)
        .await
        .expect("the form key");
    serve(
        connection,
        database,
        AppOptions {
            csrf_key: Some(csrf_key),
            ..options
        },
    )
}

/// The moment every test app starts at, on a clock that moves only when the
/// test says (`TestApp::advance`): a Tuesday in November, clear of bank
/// holidays and clock changes, so working days and London dates come out
/// the same on every run.
pub fn test_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 10, 10, 0, 0)
        .single()
        .expect("a moment")
}

fn on_a_frozen_clock(db: DatabaseConnection) -> (Ctx, FrozenClock) {
    let clock = FrozenClock::at(test_start());
    (Ctx::with_clock(db, Arc::new(clock.clone())), clock)
}

/// Serves the app over `db`, which need not be `database`'s: a test may
/// hand it storage that misbehaves.
pub fn serve(mut db: DatabaseConnection, database: TestDatabase, options: AppOptions) -> TestApp {
    let search_folder = tempfile::tempdir().expect("a search folder");
    let search: Arc<dyn domain::search::port::SearchIndex> = match options.search {
        Some(index) => index,
        None => Arc::new(
            search::EmbeddedIndex::at(search_folder.path().join("search"))
                .expect("the index opens"),
        ),
    };
    let statements = Arc::new(AtomicU64::new(0));
    let counted = statements.clone();
    db.set_metric_callback(move |_| {
        counted.fetch_add(1, Ordering::Relaxed);
    });
    let (ctx, clock) = on_a_frozen_clock(db);
    let assets = web::Assets::load(&repository_root().join("web/dist"))
        .expect("page assets are built: run `npm ci --prefix web && npm run build --prefix web`");
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = format!(
        "http://{}",
        listener.local_addr().expect("bound").to_owned()
    );
    let server = web::serve(
        listener,
        ctx.clone(),
        assets,
        web::WebConfig {
            public_url: options
                .public_url
                .unwrap_or_else(|| url::Url::parse(&address).expect("the app's address")),
            graphiql: options.graphiql,
            workers: 1,
            trusted_proxies: options.trusted_proxies,
            documents: database.data_dir().join("documents"),
            request_timeout: std::time::Duration::from_secs(30),
            csrf_key: options
                .csrf_key
                .unwrap_or_else(|| b"a key for this test".to_vec()),
            search: search.clone(),
        },
    )
    .expect("the server starts");
    let handle = server.handle();
    tokio::spawn(server);
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client"),
        ctx,
        clock,
        statements,
        server: handle,
        outbox: tempfile::tempdir().expect("an outbox"),
        search,
        _search_folder: search_folder,
        _meilisearch: options.meilisearch,
        database,
    }
}

fn postgres_url(database: &str) -> String {
    let mut url =
        url::Url::parse(&postgres_admin_url()).expect("HEARTH_TEST_POSTGRES_URL is a URL");
    url.set_path(database);
    url.to_string()
}

/// What every test database starts from: the migrations run and the
/// reference data (authorities, regions, postcode districts, bank holidays)
/// loaded by the domain's own code. The templates' names carry a hash of all
/// of these sources (their places in the repository and their contents), so
/// an edit to any makes new templates and none is ever stale.
const TEMPLATE_SOURCES: [&str; 3] = ["migrations/src", "seed", "domain/src"];

fn template_hash() -> String {
    fn files_under(path: &Path, files: &mut Vec<PathBuf>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).expect("a template source folder") {
                files_under(&entry.expect("a directory entry").path(), files);
            }
        } else {
            files.push(path.to_owned());
        }
    }
    let root = repository_root();
    let mut files = Vec::new();
    for source in TEMPLATE_SOURCES {
        files_under(&root.join(source), &mut files);
    }
    files.sort();
    let mut hasher = std::hash::DefaultHasher::new();
    for file in files {
        // Within the repository: every checkout of the same sources shares
        // the PostgreSQL template.
        file.strip_prefix(root)
            .expect("under the repository")
            .hash(&mut hasher);
        std::fs::read(&file)
            .expect("a template source")
            .hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// Fills a template as the tests' clock starts: the reference template is
/// migrated and given the reference data; the demo template, a copy of the
/// reference one, is given the demo data.
async fn fill_template(db: DatabaseConnection, contents: Contents) -> DatabaseConnection {
    let (ctx, _) = on_a_frozen_clock(db);
    match contents {
        Contents::ReferenceData => {
            hearth::database::migrate(&ctx.db)
                .await
                .expect("the migrations run");
            seed::load_reference_data(&ctx)
                .await
                .expect("the reference data loads");
        }
        Contents::DemoData => {
            seed::load_demo_data(&ctx)
                .await
                .expect("the demo data loads");
        }
    }
    ctx.db
}

/// The SQLite template holding `contents`, made once per set of sources in
/// Cargo's temporary folder for tests and kept there; each test copies the
/// file.
async fn sqlite_template(contents: Contents) -> &'static Path {
    static REFERENCE: OnceCell<PathBuf> = OnceCell::const_new();
    static DEMO: OnceCell<PathBuf> = OnceCell::const_new();
    match contents {
        Contents::ReferenceData => {
            REFERENCE
                .get_or_init(|| make_sqlite_template(contents, None))
                .await
        }
        Contents::DemoData => {
            let reference = Box::pin(sqlite_template(Contents::ReferenceData)).await;
            DEMO.get_or_init(|| make_sqlite_template(contents, Some(reference)))
                .await
        }
    }
}

async fn make_sqlite_template(contents: Contents, copy_of: Option<&Path>) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let hash = template_hash();
    let template = folder.join(format!("sqlite-{}-{hash}.db", contents.name()));
    if template.exists() {
        return template;
    }
    // Made under a name of this process's own, then renamed: another test
    // process never copies a half-made file.
    let building = folder.join(format!(
        "sqlite-{}-{}.building",
        contents.name(),
        std::process::id()
    ));
    for leftover in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{leftover}", building.display()));
    }
    if let Some(source) = copy_of {
        std::fs::copy(source, &building).expect("copy the template underneath");
    }
    let url = format!("sqlite://{}?mode=rwc", building.display());
    // The demo's loading reads on one connection while it writes on another.
    let db = hearth::database::connect(&url, 5)
        .await
        .expect("the SQLite template opens");
    fill_template(db, contents)
        .await
        .close()
        .await
        .expect("the SQLite template closes");
    // Back from the write-ahead log into the one file, so a copy of the file
    // alone is the whole database: a change only the last connection may make.
    let db = hearth::database::connect(&url, 1)
        .await
        .expect("the SQLite template opens again");
    db.execute_unprepared("PRAGMA journal_mode = DELETE")
        .await
        .expect("the log folds into the file");
    db.close().await.expect("the SQLite template closes");
    std::fs::rename(&building, &template).expect("publish the SQLite template");
    // Templates of sources since changed are never used again.
    for entry in std::fs::read_dir(folder).expect("the template folder") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with("sqlite-") && name.ends_with(".db") && !name.contains(&hash) {
            let _ = std::fs::remove_file(&path);
        }
    }
    template
}

/// Drops the templates of sources since changed. One still being copied
/// from (another checkout's test run) cannot be dropped and is left.
async fn drop_stale_templates(admin: &DatabaseConnection, hash: &str) {
    let stale = admin
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT datname FROM pg_database \
             WHERE datname LIKE 'hearth_template_%' AND datname NOT LIKE $1",
            [format!("%{hash}%").into()],
        ))
        .await
        .expect("pg_database is readable");
    for row in stale {
        let name: String = row.try_get("", "datname").expect("a name");
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
            .await;
    }
}

async fn admin_connection() -> DatabaseConnection {
    let mut options = sea_orm::ConnectOptions::new(postgres_admin_url());
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options).await.unwrap_or_else(|error| {
        panic!(
            "PostgreSQL does not answer at HEARTH_TEST_POSTGRES_URL ({error}). \
             Run the tests with `scripts/test`, which starts one if needed."
        )
    })
}

/// The PostgreSQL template holding `contents`.
async fn postgres_template(contents: Contents) -> &'static str {
    static REFERENCE: OnceCell<String> = OnceCell::const_new();
    static DEMO: OnceCell<String> = OnceCell::const_new();
    match contents {
        Contents::ReferenceData => {
            REFERENCE
                .get_or_init(|| make_postgres_template(contents, None))
                .await
        }
        Contents::DemoData => {
            let reference = Box::pin(postgres_template(Contents::ReferenceData)).await;
            DEMO.get_or_init(|| make_postgres_template(contents, Some(reference)))
                .await
        }
    }
}

/// Makes a template once for all test processes: an advisory lock of its
/// own keeps two from building it at the same time.
async fn make_postgres_template(contents: Contents, copy_of: Option<&str>) -> String {
    let hash = template_hash();
    let name = format!("hearth_template_{}_{hash}", contents.name());
    let lock = match contents {
        Contents::ReferenceData => 7_317_001,
        Contents::DemoData => 7_317_002,
    };
    let admin = admin_connection().await;
    admin
        .execute_unprepared(&format!("SELECT pg_advisory_lock({lock})"))
        .await
        .expect("advisory lock");
    let exists = admin
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT 1 FROM pg_database WHERE datname = $1",
            [name.clone().into()],
        ))
        .await
        .expect("pg_database is readable")
        .is_some();
    if !exists {
        let building = format!("{name}_building");
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
            .await
            .expect("drop a half-built template");
        let create = match copy_of {
            Some(source) => format!("CREATE DATABASE {building} TEMPLATE {source}"),
            None => format!("CREATE DATABASE {building}"),
        };
        admin
            .execute_unprepared(&create)
            .await
            .expect("create the template");
        let db = Database::connect(postgres_url(&building))
            .await
            .expect("connect to the template");
        let db = fill_template(db, contents).await;
        db.close().await.expect("close the template");
        admin
            .execute_unprepared(&format!("ALTER DATABASE {building} RENAME TO {name}"))
            .await
            .expect("publish the template");
        drop_stale_templates(&admin, &hash).await;
    }
    admin
        .execute_unprepared(&format!("SELECT pg_advisory_unlock({lock})"))
        .await
        .expect("advisory unlock");
    name
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The stop command is sent now; waiting for it would block the very
        // runtime the server runs on. Its database goes after this.
        drop(self.server.stop(false));
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the request is answered")
    }

    pub async fn get_page(&self, path: &str) -> (reqwest::StatusCode, String) {
        let response = self.get(path).await;
        let status = response.status();
        (status, response.text().await.expect("a body"))
    }

    /// Sends a GraphQL request body as JSON and returns the JSON answer.
    pub async fn post_graphql(&self, body: Value) -> Value {
        self.client
            .post(self.url("/graphql"))
            .json(&body)
            .send()
            .await
            .expect("the request is answered")
            .json()
            .await
            .expect("the answer is JSON")
    }

    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.post_graphql(json!({ "query": query, "variables": variables }))
            .await
    }

    pub async fn seed_reference_data(&self) {
        seed::load_reference_data(&self.ctx)
            .await
            .expect("the reference data loads");
    }

    /// Runs every job that is due with Hearth's own handlers, as a worker
    /// would, email going to this app's outbox; returns how many ran.
    pub async fn run_pending_jobs(&self) -> usize {
        let mailer = workers::Mailer::outbox(
            self.outbox.path().to_owned(),
            "Hearth <hearth@example.org>",
            url::Url::parse("https://hearth.example.org/").expect("a URL"),
        )
        .expect("a mailer");
        let handlers = workers::hearth_handlers(&self.ctx, Arc::new(mailer), self.search.clone());
        let runner =
            workers::Runner::new(self.ctx.clone(), handlers, workers::RunnerConfig::default());
        let mut ran = 0;
        while runner.run_one().await.expect("the queue answers").is_some() {
            ran += 1;
        }
        ran
    }

    /// The emails the app has sent, as raw messages.
    pub fn emails(&self) -> Vec<String> {
        std::fs::read_dir(self.outbox.path())
            .expect("the outbox")
            .map(|entry| entry.expect("an entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "eml"))
            .map(|path| std::fs::read_to_string(path).expect("an email"))
            .collect()
    }

    /// Where the app keeps its files: documents, and the SQLite database.
    pub fn data_dir(&self) -> PathBuf {
        self.database.data_dir()
    }

    /// The SQLite database's file; none on PostgreSQL.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        matches!(self.database, TestDatabase::Sqlite { .. })
            .then(|| self.data_dir().join("hearth.db"))
    }

    /// How many database statements `work` made, the app's own included.
    pub async fn statements_made_by(&self, work: impl Future<Output = ()>) -> u64 {
        let before = self.statements.load(Ordering::Relaxed);
        work.await;
        self.statements.load(Ordering::Relaxed) - before
    }

    /// The app's time now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Moves the app's clock on, as the passing of `by` would.
    pub fn advance(&self, by: TimeDelta) {
        self.clock.advance(by);
    }

    /// Moves the app's clock on to `moment`; never back.
    pub fn advance_to(&self, moment: DateTime<Utc>) {
        assert!(moment >= self.now(), "time runs forwards: {moment}");
        self.clock.advance(moment - self.now());
    }

    /// Moves the clock on a day at a time until `day` (in London) is past.
    pub fn advance_past(&self, day: chrono::NaiveDate) {
        let today = |app: &Self| {
            app.now()
                .with_timezone(&chrono_tz::Europe::London)
                .date_naive()
        };
        while today(self) <= day {
            self.clock.advance(TimeDelta::days(1));
        }
    }

    /// Where the app's database is, for a connection of a test's own.
    pub fn database_url(&self) -> &str {
        self.database.url()
    }

    /// Closes the pool the app shares, so every database call fails.
    pub async fn lose_the_database(&self) {
        self.ctx.db.clone().close().await.expect("the pool closes");
    }
}

/// The codes of a GraphQL answer's errors, in order.
pub fn error_codes(answer: &Value) -> Vec<String> {
    answer["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    e["extensions"]["code"]
                        .as_str()
                        .unwrap_or("(none)")
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn hearth_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_hearth"))
}

/// A real SMTP server (Python's aiosmtpd) on a loopback port, keeping what
/// it receives in a maildir. `scripts/test` installs it and sets
/// HEARTH_TEST_PYTHON; a test that needs it fails, never skips, without it.
pub struct SmtpServer {
    maildir: tempfile::TempDir,
    process: std::process::Child,
}

impl SmtpServer {
    pub async fn start_on(port: u16) -> Self {
        let python = std::env::var("HEARTH_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let maildir = tempfile::tempdir().expect("a maildir");
        let process = std::process::Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("mail"))
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{python} -m aiosmtpd does not start ({e}): run the tests with scripts/test")
            });
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "aiosmtpd never listened: is it installed for {python}? (scripts/test installs it)"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Self { maildir, process }
    }

    /// The messages received so far, as raw text.
    pub fn received(&self) -> Vec<String> {
        let new = self.maildir.path().join("mail/new");
        std::fs::read_dir(new)
            .map(|entries| {
                entries
                    .map(|entry| {
                        std::fs::read_to_string(entry.expect("an entry").path()).expect("a message")
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("bound")
        .port()
}

/// Sends SIGTERM to `process` and waits for it: its exit status.
pub fn terminate(process: &mut std::process::Child) -> std::process::ExitStatus {
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &process.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "SIGTERM could not be sent");
    process.wait().expect("the process ends")
}

/// The stored job with this id.
pub async fn job(ctx: &Ctx, id: i64) -> domain::jobs::entity::Model {
    use sea_orm::EntityTrait;
    domain::jobs::entity::Entity::find_by_id(id)
        .one(&ctx.db)
        .await
        .expect("query")
        .expect("the job")
}

/// A real `hearth serve` process on a free port, over a test database: for
/// what only a separate process shows (an abort would end an in-process
/// test binary too). What it logs is kept; it is killed when dropped.
pub struct ServeProcess {
    pub address: String,
    process: std::process::Child,
    log: Arc<std::sync::Mutex<Vec<String>>>,
}

/// A Meilisearch with index names of a test's own, for `hearth` processes
/// that need an index they can share (`hearth worker`).
pub struct SharedIndex {
    server: search::testing::TestMeilisearch,
    prefix: String,
}

impl SharedIndex {
    /// `None` where no Meilisearch is to be had, said on standard error
    /// (with `CI=true` the test fails instead).
    pub async fn start() -> Option<Self> {
        let server = search::testing::test_meilisearch(repository_root()).await?;
        Some(Self {
            server,
            prefix: format!("t{}_", uuid::Uuid::new_v4().simple()),
        })
    }

    /// The index itself, its indexes made.
    pub async fn index(&self) -> Arc<dyn domain::search::port::SearchIndex> {
        let at = search::IndexAt::Meilisearch {
            url: self.server.url.clone(),
            key: Some(self.server.key.clone()),
            prefix: self.prefix.clone(),
        };
        search::open(&at, &domain::search::indexing::SCHEMAS)
            .await
            .expect("Meilisearch takes the indexes")
    }

    /// The settings that point a `hearth` process at it.
    pub fn env(&self) -> [(&'static str, String); 3] {
        [
            ("HEARTH_MEILISEARCH_URL", self.server.url.clone()),
            ("HEARTH_MEILISEARCH_KEY", self.server.key.clone()),
            ("HEARTH_MEILISEARCH_PREFIX", self.prefix.clone()),
        ]
    }
}

impl ServeProcess {
    pub async fn start(database: &TestDatabase, env: &[(&str, &str)]) -> Self {
        use std::io::BufRead;
        let port = free_port();
        let mut process = std::process::Command::new(hearth_binary())
            .arg("serve")
            .env_remove("HEARTH_CONFIG")
            .env("HEARTH_DATA_DIR", database.data_dir())
            .env("HEARTH_DATABASE_URL", database.url())
            .env("HEARTH_ASSETS_DIR", repository_root().join("web/dist"))
            .env("HEARTH_LOG_FORMAT", "json")
            .env("HEARTH_LISTEN", format!("127.0.0.1:{port}"))
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("hearth serve starts");
        let log = Arc::new(std::sync::Mutex::new(Vec::new()));
        let stderr = process.stderr.take().expect("piped");
        let kept = log.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                kept.lock().expect("the log").push(line);
            }
        });
        let server = Self {
            address: format!("http://127.0.0.1:{port}"),
            process,
            log,
        };
        let started = std::time::Instant::now();
        let mut server = server;
        while !server.answers("/readyz").await {
            assert!(
                server.is_running() && started.elapsed() < std::time::Duration::from_secs(30),
                "hearth serve never became ready: {:?}",
                server.log()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        server
    }

    /// Whether `path` answers 200.
    pub async fn answers(&self, path: &str) -> bool {
        reqwest::get(format!("{}{path}", self.address))
            .await
            .is_ok_and(|response| response.status().is_success())
    }

    /// Sends a GraphQL request body and returns the status and JSON answer.
    pub async fn graphql(&self, body: &Value) -> (u16, Value) {
        let response = reqwest::Client::new()
            .post(format!("{}/graphql", self.address))
            .json(body)
            .send()
            .await
            .expect("the request is answered");
        let status = response.status().as_u16();
        (status, response.json().await.expect("the answer is JSON"))
    }

    /// What it has logged so far, one line each.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().expect("the log").clone()
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.process.try_wait().expect("the process").is_none()
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Waits until a session of this PostgreSQL database waits for a lock that
/// another holds: what a test's other side does once it has started and is
/// blocked, seen rather than guessed with a sleep.
pub async fn until_someone_waits_for_a_lock(conn: &impl ConnectionTrait) {
    let waiting = sea_orm::Statement::from_string(
        sea_orm::DbBackend::Postgres,
        "SELECT count(*) AS waiting FROM pg_locks \
         WHERE NOT granted \
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    let started = std::time::Instant::now();
    loop {
        let row = conn
            .query_one_raw(waiting.clone())
            .await
            .expect("the locks")
            .expect("a count");
        let count: i64 = row.try_get("", "waiting").expect("a number");
        if count > 0 {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "nobody came to wait for the lock"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
