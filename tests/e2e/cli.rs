//! The real `hearth` binary, as an operator runs it.

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{TestDatabase, hearth_binary, repository_root};

/// `hearth` with only the settings a test gives it.
fn hearth(database: &TestDatabase) -> Command {
    let mut command = Command::new(hearth_binary());
    command
        .env_remove("HEARTH_CONFIG")
        .env("HEARTH_DATA_DIR", database.data_dir())
        .env("HEARTH_DATABASE_URL", database.url())
        .env("HEARTH_ASSETS_DIR", repository_root().join("web/dist"))
        .env("HEARTH_LOG_FORMAT", "json");
    command
}

#[test]
fn help_explains_every_command() {
    let output = Command::new(hearth_binary())
        .arg("--help")
        .output()
        .expect("hearth runs");
    let help = String::from_utf8_lossy(&output.stdout);
    for command in ["serve", "migrate", "seed", "reindex", "export-schema"] {
        assert!(
            help.contains(command),
            "--help does not mention {command}:\n{help}"
        );
    }
    for command in ["serve", "migrate", "seed", "reindex", "export-schema"] {
        let output = Command::new(hearth_binary())
            .args([command, "--help"])
            .output()
            .expect("hearth runs");
        assert!(output.status.success(), "{command} --help failed");
        assert!(
            output.stdout.len() > 100,
            "{command} --help explains too little"
        );
    }
}

#[test]
fn a_wrong_setting_stops_start_up_naming_it() {
    let output = Command::new(hearth_binary())
        .arg("serve")
        .env("HEARTH_LISTEN", "everywhere")
        .output()
        .expect("hearth runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("HEARTH_LISTEN"), "{stderr}");
}

#[test]
fn export_schema_prints_the_schema_the_api_serves() {
    let output = Command::new(hearth_binary())
        .args(["export-schema", "--output", "-"])
        .output()
        .expect("hearth runs");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout) == api::sdl());
}

#[test]
fn export_schema_writes_to_the_file_it_is_given() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("schema.graphql");
    let status = Command::new(hearth_binary())
        .args(["export-schema", "--output"])
        .arg(&path)
        .status()
        .expect("hearth runs");
    assert!(status.success());
    assert!(std::fs::read_to_string(&path).expect("written") == api::sdl());
}

/// Seeds, migrates and serves, then stops the server with `signal` (TERM
/// or INT: both answer the requests in hand first).
async fn seed_migrate_serve_and_stop(db: crate::harness::Db, signal: &str) {
    let database = TestDatabase::create(db).await;
    for run in ["first", "second"] {
        let args: &[&str] = if run == "first" {
            &["seed", "--demo"]
        } else {
            &["seed"]
        };
        let output = hearth(&database)
            .args(args)
            .output()
            .expect("hearth seed runs");
        assert!(
            output.status.success(),
            "the {run} seed failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        if run == "first" {
            let told = String::from_utf8_lossy(&output.stdout);
            for expected in [
                "administrator.national@example.org",
                seed::DEMO_PASSWORD,
                "alex.morgan@example.org",
                "outbox",
            ] {
                assert!(
                    told.contains(expected),
                    "the demo seed says how to sign in: {told}"
                );
            }
            let last: Vec<&str> = told.trim_end().lines().rev().take(3).collect();
            assert!(
                last[0].contains("/sign-in ")
                    && last[1].contains("/sign-in/password ")
                    && last[2].starts_with("Hearth will be at http"),
                "the address and how to sign in come last: {last:?}"
            );
        }
        if run == "second" {
            let log = String::from_utf8_lossy(&output.stderr);
            assert!(
                log.contains("reference data was already up to date"),
                "{log}"
            );
        }
    }
    assert!(
        hearth(&database)
            .arg("migrate")
            .status()
            .expect("hearth migrate runs")
            .success()
    );
    let queued = hearth(&database)
        .args(["check-mail", "carer@example.org"])
        .output()
        .expect("hearth check-mail runs");
    assert!(
        queued.status.success(),
        "{}",
        String::from_utf8_lossy(&queued.stderr)
    );

    let port = TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("bound")
        .port();
    std::fs::create_dir_all(database.data_dir()).expect("the data folder");
    let log_path = database.data_dir().join("serve.log");
    let log_file = std::fs::File::create(&log_path).expect("a log file");
    let mut server = hearth(&database)
        .arg("serve")
        .env("HEARTH_LISTEN", format!("127.0.0.1:{port}"))
        .env("HEARTH_LOG_FORMAT", "text")
        .stdout(Stdio::piped())
        .stderr(log_file)
        .spawn()
        .expect("hearth serve starts");
    let ready = format!("http://127.0.0.1:{port}/readyz");
    let started = Instant::now();
    loop {
        if let Ok(response) = reqwest::get(&ready).await
            && response.status().is_success()
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "hearth serve never became ready"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let page = reqwest::get(format!("http://127.0.0.1:{port}/local-authorities"))
        .await
        .expect("the page answers")
        .text()
        .await
        .expect("a body");
    assert!(page.contains("153 local authorities"));
    // The workers run inside `serve`: the queued email reaches the outbox.
    let outbox = database.data_dir().join("outbox");
    while std::fs::read_dir(&outbox)
        .map(|files| files.count())
        .unwrap_or(0)
        == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "serve never sent the queued email"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let sent = Command::new("kill")
        .args([format!("-{signal}"), server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let status = server.wait().expect("hearth serve exits");
    assert!(
        status.success(),
        "hearth serve did not stop cleanly on SIG{signal}: {status}"
    );
    let log = std::fs::read_to_string(&log_path).expect("the log");
    assert!(
        log.contains(&format!("SIG{signal}")) && log.contains("finishing the requests"),
        "the log says why it stops and what it waits for: {log}"
    );
    assert!(
        !log.contains('\u{1b}'),
        "no colour codes in a log that is not a terminal"
    );
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut server.stdout.take().expect("piped"), &mut stdout)
        .expect("stdout");
    assert!(
        stdout.contains(&format!("Hearth is running at http://127.0.0.1:{port}/")),
        "{stdout}"
    );
}

#[tokio::test]
async fn seed_migrate_and_serve_work_from_the_command_line_on_sqlite() {
    seed_migrate_serve_and_stop(crate::harness::Db::Sqlite, "TERM").await;
}

#[tokio::test]
async fn seed_migrate_and_serve_work_from_the_command_line_on_postgres() {
    seed_migrate_serve_and_stop(crate::harness::Db::Postgres, "INT").await;
}

/// `hearth admin create`, with `password` on standard input.
fn create_administrator(
    database: &TestDatabase,
    email: &str,
    name: &str,
    password: &str,
) -> std::process::Output {
    let mut child = hearth(database)
        .args(["admin", "create", "--email", email, "--name", name])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hearth admin create runs");
    std::io::Write::write_all(
        &mut child.stdin.take().expect("piped"),
        format!("{password}\n").as_bytes(),
    )
    .expect("the password is written");
    child.wait_with_output().expect("it ends")
}

async fn first_administrator(db: crate::harness::Db) {
    use domain::accounts::entities::{membership, organisation, person};
    use sea_orm::EntityTrait;

    let database = TestDatabase::create(db).await;
    let created = create_administrator(
        &database,
        "Ada@Example.org",
        "Ada Lovelace",
        "a long enough password",
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );

    let pool = hearth::database::connect(database.url(), 1)
        .await
        .expect("a pool");
    let people = person::Entity::find().all(&pool).await.expect("people");
    assert_eq!(people.len(), 1);
    assert_eq!(
        (people[0].email.as_str(), people[0].name.as_str()),
        ("ada@example.org", "Ada Lovelace")
    );
    let hash = people[0].password_hash.as_deref().expect("a password");
    assert!(domain::accounts::verify_password(
        "a long enough password",
        hash
    ));
    let roles = membership::Entity::find()
        .all(&pool)
        .await
        .expect("memberships");
    assert_eq!((roles.len(), roles[0].role.as_str()), (1, "administrator"));
    let organisation = organisation::Entity::find_by_id(roles[0].organisation_id)
        .one(&pool)
        .await
        .expect("read")
        .expect("the role's organisation");
    assert_eq!(organisation.name, domain::accounts::NATIONAL_PROGRAMME);

    let again = create_administrator(
        &database,
        "ada@example.org",
        "Ada again",
        "a long enough password",
    );
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains("email: There is already an account with this email address")
    );
    let bad = create_administrator(&database, "not an address", " ", "short");
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success());
    for field in ["email:", "name:", "password:"] {
        assert!(stderr.contains(field), "{field} is not named: {stderr}");
    }
    assert_eq!(
        person::Entity::find()
            .all(&pool)
            .await
            .expect("people")
            .len(),
        1,
        "nothing else was stored"
    );
}

#[tokio::test]
async fn the_first_administrator_is_created_from_the_command_line_on_sqlite() {
    first_administrator(crate::harness::Db::Sqlite).await;
}

#[tokio::test]
async fn the_first_administrator_is_created_from_the_command_line_on_postgres() {
    first_administrator(crate::harness::Db::Postgres).await;
}

#[tokio::test]
async fn the_demo_data_is_refused_where_hearth_is_served_beyond_this_machine() {
    let database = TestDatabase::create(crate::harness::Db::Sqlite).await;
    let output = hearth(&database)
        .args(["seed", "--demo"])
        .env("HEARTH_PUBLIC_URL", "https://fostering.example.gov.uk/")
        .output()
        .expect("hearth seed runs");
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("published password"), "{said}");
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("example.org"),
        "no demo account is listed"
    );
}

/// `hearth import carers`: a dry run checks and keeps nothing; the import
/// keeps the file's households; the same file again adds none; a bad file
/// is refused with its problems by line and column.
async fn import_carers(db: crate::harness::Db) {
    use domain::accounts::entities::organisation;
    use domain::carers::entities::carer_household;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

    let database = TestDatabase::create(db).await;
    let seeded = hearth(&database).arg("seed").output().expect("seed runs");
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let pool = hearth::database::connect(database.url(), 1)
        .await
        .expect("a pool");
    let council = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq("local_authority"))
        .one(&pool)
        .await
        .expect("read")
        .expect("a council")
        .id
        .to_string();
    let folder = tempfile::tempdir().expect("a folder");
    let file = folder.path().join("carers.csv");
    let header = domain::carers::COLUMNS.join(",");
    let row = "CLI-1,Ruth Okafor,ruth.cli@example.org,,,07700 900101,TS24 7PW,2021-05-12,2,5,15,long_term,,,,,,,,,,,,";
    std::fs::write(&file, format!("{header}\n{row}\n")).expect("written");
    let import = |extra: &[&str]| {
        let output = hearth(&database)
            .args(["import", "carers"])
            .arg(&file)
            .args(["--organisation", &council])
            .args(extra)
            .output()
            .expect("import runs");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let kept = async || {
        carer_household::Entity::find()
            .count(&pool)
            .await
            .expect("count")
    };
    let (ok, said) = import(&["--dry-run"]);
    assert!(
        ok && said.contains("Dry run: 1 rows, 1 households"),
        "{said}"
    );
    assert_eq!(kept().await, 0);
    let (ok, said) = import(&[]);
    assert!(ok && said.contains("1 households (1 new)"), "{said}");
    let (ok, said) = import(&[]);
    assert!(ok && said.contains("1 households (0 new)"), "{said}");
    assert_eq!(kept().await, 1);

    std::fs::write(
        &file,
        format!("{header}\n{}\n", row.replace("07700 900101", "12")),
    )
    .expect("written");
    let (ok, said) = import(&[]);
    assert!(!ok && said.contains("line 2, phone:"), "{said}");
}

#[tokio::test]
async fn carers_are_imported_from_the_command_line_on_sqlite() {
    import_carers(crate::harness::Db::Sqlite).await;
}

#[tokio::test]
async fn carers_are_imported_from_the_command_line_on_postgres() {
    import_carers(crate::harness::Db::Postgres).await;
}
