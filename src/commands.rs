//! What each command does, once the configuration is read.

use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;

use chrono::TimeDelta;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;
use workers::{Mailer, Runner, RunnerConfig};

use domain::{Actor, Ctx};
use sea_orm::{DatabaseConnection, DbErr};

use crate::config::Config;
use crate::database;

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("cannot create the data directory {path} (HEARTH_DATA_DIR): {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database (HEARTH_DATABASE_URL): {0}")]
    Connect(#[source] DbErr),
    #[error("cannot bring the database up to date: {0}")]
    Migrate(#[source] DbErr),
    #[error("{0}")]
    Domain(#[source] domain::DomainError),
    #[error("cannot read the password from standard input: {0}")]
    Stdin(#[source] std::io::Error),
    #[error("{}", describe_invalid(.0))]
    Invalid(domain::DomainError),
    #[error("cannot load the reference data: {0}")]
    Seed(#[from] seed::SeedError),
    #[error(
        "{0}\nBuild the page assets with `npm ci --prefix web && npm run build --prefix web`, or point HEARTH_ASSETS_DIR at them."
    )]
    Assets(#[from] web::AssetsError),
    #[error("cannot listen on {address} (HEARTH_LISTEN): {source}")]
    Listen {
        address: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Mail(#[from] workers::MailerError),
    #[error(
        "`hearth worker` needs a search index it can share: set HEARTH_MEILISEARCH_URL. The embedded index (the default) serves one `hearth serve`, which runs its workers itself"
    )]
    SearchNotShared,
    #[error("the server could not rebuild the search index: {0}")]
    Rebuild(String),
    #[error(
        "the search index cannot be opened (HEARTH_MEILISEARCH_URL, or the data directory's search folder): {0}"
    )]
    Search(#[source] domain::search::port::SearchError),
    #[error(
        "the demo data has accounts with a published password, so it is only loaded where Hearth is served on this machine (HEARTH_PUBLIC_URL is {0})"
    )]
    DemoOutsideLocalhost(String),
    #[error("cannot wait for signals: {0}")]
    Signals(#[source] std::io::Error),
    #[error("the web server stopped: {0}")]
    Server(#[source] std::io::Error),
    #[error("cannot write the schema to {path}: {source}")]
    Schema {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    ReadFile {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} problems in the file: nothing was imported")]
    ImportRefused(usize),
}

/// Opens the configured database, creating the data directory for SQLite.
async fn open_database(config: &Config) -> Result<DatabaseConnection, CommandError> {
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir).map_err(|source| CommandError::DataDir {
            path: config.data_dir.display().to_string(),
            source,
        })?;
    }
    database::connect(&config.database_url, config.database_max_connections)
        .await
        .map_err(CommandError::Connect)
}

/// Opens the configured database and applies any migration not yet applied.
async fn open_migrated_database(config: &Config) -> Result<DatabaseConnection, CommandError> {
    let db = open_database(config).await?;
    database::migrate(&db)
        .await
        .map_err(CommandError::Migrate)?;
    // Households from before queue positions were kept get theirs; a
    // no-op, one indexed query, once they all have one.
    let placed = domain::recruitment::queue_position::place_unplaced_households(
        &Ctx::new(db.clone()),
        |placed| tracing::info!(placed, "placing households in their queues"),
    )
    .await
    .map_err(CommandError::Domain)?;
    if placed > 0 {
        tracing::info!(placed, "every household now has its place in its queue");
    }
    // Households from before reports (or written in bulk) are summarised
    // for them, the same way.
    let summarised =
        domain::reporting::summaries::summarise_unsummarised(&Ctx::new(db.clone()), |summarised| {
            tracing::info!(summarised, "summarising households for reports")
        })
        .await
        .map_err(CommandError::Domain)?;
    if summarised > 0 {
        tracing::info!(summarised, "every household is now summarised for reports");
    }
    Ok(db)
}

pub async fn migrate(config: &Config) -> Result<(), CommandError> {
    open_migrated_database(config).await?;
    tracing::info!("the database is up to date");
    Ok(())
}

/// Whether people reach Hearth only on this machine: the one place demo
/// accounts, whose password is in the README, may exist.
fn served_locally(public_url: &url::Url) -> bool {
    match public_url.host() {
        Some(url::Host::Domain(name)) => name == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Writes made-up recruitment history for `services`, with a progress bar
/// on a terminal and a summary at the end.
async fn write_made_up_history(
    ctx: &Ctx,
    services: &[seed::made_up::Service],
    plan: &seed::made_up::Plan,
    what: &str,
) -> Result<(), CommandError> {
    let started = std::time::Instant::now();
    let bar = progress_bar(what, "households");
    let written = seed::made_up::write_history(ctx, services, plan, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await
    .map_err(CommandError::Domain)?;
    bar.finish_and_clear();
    tracing::info!(
        households = written,
        organisations = services.len(),
        years = plan.years,
        seed = plan.seed,
        seconds = started.elapsed().as_secs(),
        "{what}: made-up history written"
    );
    Ok(())
}

pub async fn seed(
    config: &Config,
    demo: bool,
    national: Option<(u32, u64)>,
) -> Result<(), CommandError> {
    if (demo || national.is_some()) && !served_locally(&config.public_url) {
        return Err(CommandError::DemoOutsideLocalhost(
            config.public_url.to_string(),
        ));
    }
    let ctx = Ctx::new(open_migrated_database(config).await?);
    let summary = seed::load_reference_data(&ctx).await?;
    for (table, counts) in [
        ("regions", summary.regions),
        ("local authorities", summary.local_authorities),
        ("postcode districts", summary.postcode_districts),
    ] {
        tracing::info!(
            inserted = counts.inserted,
            updated = counts.updated,
            unchanged = counts.unchanged,
            not_in_data = counts.not_in_data,
            "reference data: {table}"
        );
        if counts.not_in_data > 0 {
            tracing::warn!(
                count = counts.not_in_data,
                "some stored {table} are no longer in the reference data; they are kept"
            );
        }
    }
    if summary.changed_nothing() {
        tracing::info!("reference data was already up to date");
    }
    if demo {
        let added = seed::load_demo_data(&ctx)
            .await
            .map_err(CommandError::Domain)?;
        tracing::info!(added, "demo organisations and people");
        let services = seed::national::demo_services(&ctx, &seed::demo_cooperatives())
            .await
            .map_err(CommandError::Domain)?;
        let plan = seed::made_up::Plan {
            years: 2,
            seed: 1,
            now: ctx.clock.now(),
        };
        write_made_up_history(&ctx, &services, &plan, "the demo's two years").await?;
        // The made-up households are written in bulk, past the changes
        // the index hears of: it is built afresh.
        reindex(config, None).await?;
        print_demo_accounts(config);
    }
    if let Some((years, seed)) = national {
        let services = seed::national::national_services(&ctx)
            .await
            .map_err(CommandError::Domain)?;
        let plan = seed::made_up::Plan {
            years,
            seed,
            now: ctx.clock.now(),
        };
        write_made_up_history(&ctx, &services, &plan, "England").await?;
        println!(
            "Run `hearth reindex` to make these households searchable: they were written in bulk."
        );
    }
    Ok(())
}

/// How to sign in as each demo person: printed, not logged, for the person
/// who ran the command (the demo people are made up). Where Hearth is and
/// how to sign in come last, so they are the lines above the server's log.
fn print_demo_accounts(config: &Config) {
    let at = |path: &str| {
        config
            .public_url
            .join(path)
            .map(String::from)
            .unwrap_or_default()
    };
    let accounts = seed::demo_accounts();
    let width = accounts.iter().map(|a| a.email.len()).max().unwrap_or(0);
    let mut text = format!(
        "\nDemo staff, with the password \"{}\":\n",
        seed::DEMO_PASSWORD
    );
    for account in accounts.iter().filter(|a| a.has_password) {
        text += &format!("  {:width$}  {}\n", account.email, account.what);
    }
    text += "\nMembers of the public, with a link emailed to them (staff may use one too):\n";
    for account in accounts.iter().filter(|a| !a.has_password) {
        text += &format!("  {:width$}  {}\n", account.email, account.what);
    }
    text += "  household1.north-east@example.org … household10.north-east@example.org (and .south-london)\n";
    text += "      households that enquired, at every stage: their own page shows where they are\n";
    text += "  applicant1.north-east@example.org … applicant6.north-east@example.org (and .south-london)\n";
    text += "      households that applied: in Stage 1 (checks overdue), in Stage 2, booked for panel,\n";
    text += "      recommended, approved, and proposed not to approve (responding at /application/decision);\n";
    text += "      couples apply jointly, the partner as partner1, partner3 and partner5\n";
    text += "  connected-person.north-east@example.org (and .south-london): a grandmother under temporary approval\n";
    text += "\nEach person lands on their account page, which lists what their roles can do: the\n";
    text +=
        "work lists (enquiries, applications and Stage 1, assessments, panel, decisions), the\n";
    text += "queue, events, panel dates, known adults and administration. The README lists which\n";
    text += "demo address is at which stage.\n";
    text += &match &config.smtp_url {
        Some(_) => "\nEmails go to the mail server in HEARTH_SMTP_URL; example.org takes no mail, so use a real address of your own for links.\n".to_owned(),
        None => format!(
            "\nNo mail server is set, so emails are written to {}: open the newest .txt file to read one and follow its link.\n",
            config.outbox_dir().display()
        ),
    };
    text += &format!(
        "\nHearth will be at {}\n  staff sign in at {} (password above)\n  the public sign in at {} (a link is emailed)",
        at(""),
        at("sign-in/password"),
        at("sign-in"),
    );
    println!("{text}");
}

/// The search index the configuration names, its indexes ready. `alone`
/// is a process other than `hearth serve` (a worker): it needs a search
/// index processes share, since the embedded one is `hearth serve`'s.
pub async fn open_search(
    config: &Config,
    alone: bool,
) -> Result<Arc<dyn domain::search::port::SearchIndex>, CommandError> {
    if alone && matches!(config.search, search::IndexAt::Embedded(_)) {
        return Err(CommandError::SearchNotShared);
    }
    search::open(&config.search, &domain::search::indexing::SCHEMAS)
        .await
        .map_err(CommandError::Search)
}

/// A progress bar for `what`, drawn only on a terminal.
fn progress_bar(what: &str, unit: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{msg}} [{{bar:30}}] {{pos}}/{{len}} {unit}, {{per_sec}}, about {{eta}} left"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar
}

/// Rebuilds the search index (`only` one of it) from the database with a
/// progress bar and a summary. Here, unless the index is the embedded one
/// and `hearth serve` holds it: then the server does it as a job, and this
/// shows how far it has gone.
pub async fn reindex(config: &Config, only: Option<&str>) -> Result<(), CommandError> {
    let ctx = Ctx::new(open_migrated_database(config).await?);
    let schemas = domain::search::rebuild::schemas_named(only).map_err(CommandError::Invalid)?;
    let started = std::time::Instant::now();
    let index = match search::open(&config.search, &schemas).await {
        Ok(index) => index,
        Err(domain::search::port::SearchError::InUse(_)) => {
            return reindex_in_the_server(&ctx, only, started).await;
        }
        Err(error) => return Err(CommandError::Search(error)),
    };
    for schema in schemas {
        let bar = progress_bar(&format!("Indexing {}", schema.name), "records");
        let rebuilt =
            domain::search::rebuild::rebuild_index(&ctx, index.as_ref(), schema, |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })
            .await
            .map_err(CommandError::Domain)?;
        bar.finish_and_clear();
        println!(
            "{}: {} indexed and swapped in, {} changed meanwhile read again, in {:.1} s",
            schema.name,
            rebuilt.indexed,
            rebuilt.replayed,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Asks `hearth serve`, which holds the embedded index, to rebuild it, and
/// follows its progress until it is done.
async fn reindex_in_the_server(
    ctx: &Ctx,
    only: Option<&str>,
    started: std::time::Instant,
) -> Result<(), CommandError> {
    use domain::search::rebuild::{rebuild_progress, request_rebuild};
    println!("hearth serve holds the search index: it rebuilds it as a job, followed here.");
    let id = request_rebuild(ctx, only, ctx.clock.now())
        .await
        .map_err(CommandError::Invalid)?;
    let bar = progress_bar("Indexing, in the server", "records");
    loop {
        let row = rebuild_progress(ctx, id)
            .await
            .map_err(CommandError::Domain)?;
        if let Some(total) = row.total {
            bar.set_length(u64::try_from(total).unwrap_or(0));
        }
        bar.set_position(u64::try_from(row.done).unwrap_or(0));
        if let Some(failure) = row.failure {
            bar.finish_and_clear();
            return Err(CommandError::Rebuild(failure));
        }
        if row.finished_at.is_some() {
            bar.finish_and_clear();
            println!(
                "{} records indexed and swapped in by the server, in {:.1} s",
                row.done,
                started.elapsed().as_secs_f64()
            );
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

/// The job runner with every handler Hearth has.
fn runner(
    config: &Config,
    ctx: Ctx,
    search: Arc<dyn domain::search::port::SearchIndex>,
) -> Result<Runner, CommandError> {
    let mailer = match &config.smtp_url {
        Some(url) => Mailer::smtp(url, &config.mail_from, config.public_url.clone())?,
        None => Mailer::outbox(
            config.outbox_dir(),
            &config.mail_from,
            config.public_url.clone(),
        )?,
    };
    let handlers = workers::hearth_handlers(&ctx, Arc::new(mailer), search);
    let lease = TimeDelta::from_std(config.job_lease).unwrap_or(TimeDelta::minutes(5));
    let config = RunnerConfig {
        lease,
        ..RunnerConfig::default()
    };
    Ok(Runner::new(ctx, handlers, config).with_schedule(workers::hearth_schedule()))
}

/// At SIGINT or SIGTERM alike: the web server (if any) answers the
/// requests in hand and takes no more, and the workers finish the job in
/// hand and claim no more. The log says which signal and what is waited
/// for; a second signal stops the process at once.
fn stop_on_signal(
    stop: watch::Sender<bool>,
    server: Option<web::ServerHandle>,
) -> Result<(), CommandError> {
    let mut terminate = signal(SignalKind::terminate()).map_err(CommandError::Signals)?;
    let mut interrupt = signal(SignalKind::interrupt()).map_err(CommandError::Signals)?;
    tokio::spawn(async move {
        let which = tokio::select! {
            _ = terminate.recv() => "SIGTERM",
            _ = interrupt.recv() => "SIGINT",
        };
        match &server {
            Some(_) => tracing::info!(
                signal = which,
                "stopping: finishing the requests and the job in hand first"
            ),
            None => tracing::info!(
                signal = which,
                "stopping: the job in hand is finished first"
            ),
        }
        let _ = stop.send(true);
        // A second signal means "now": whatever is in hand is left (a job
        // runs again once its lease passes).
        tokio::spawn(async move {
            let again = tokio::select! {
                _ = terminate.recv() => "SIGTERM",
                _ = interrupt.recv() => "SIGINT",
            };
            tracing::warn!(signal = again, "stopping at once: a second signal");
            std::process::exit(130);
        });
        if let Some(server) = server {
            server.stop(true).await;
            tracing::info!("stopped: every request in hand was answered");
        }
    });
    Ok(())
}

/// Runs the job workers alone until SIGINT or SIGTERM.
pub async fn worker(config: &Config) -> Result<(), CommandError> {
    let search = open_search(config, true).await?;
    let runner = runner(
        config,
        Ctx::new(open_migrated_database(config).await?),
        search,
    )?;
    let (stop, stopped) = watch::channel(false);
    stop_on_signal(stop, None)?;
    runner.run(stopped).await;
    Ok(())
}

/// Queues the mail-check email to `address`; a worker sends it.
pub async fn check_mail(config: &Config, address: &str) -> Result<(), CommandError> {
    let ctx = Ctx::new(open_migrated_database(config).await?);
    let id = domain::notifications::send_mail_check(&ctx, &Actor::System, address)
        .await
        .map_err(CommandError::Domain)?;
    println!("Queued job {id}: a worker sends the email (see `hearth jobs dead` if it fails).");
    Ok(())
}

/// Migrates, then serves (and, unless HEARTH_RUN_WORKERS=false, runs the job
/// workers) until SIGINT or SIGTERM.
pub async fn serve(config: &Config) -> Result<(), CommandError> {
    let db = open_migrated_database(config).await?;
    let search = open_search(config, false).await?;
    let assets = web::Assets::load(&config.assets_dir)?;
    let listener = TcpListener::bind(config.listen).map_err(|source| CommandError::Listen {
        address: config.listen.to_string(),
        source,
    })?;
    let ctx = Ctx::new(db);
    let csrf_key = domain::accounts::form_token_key(&ctx)
        .await
        .map_err(CommandError::Domain)?;
    let server = web::serve(
        listener,
        ctx.clone(),
        assets,
        web::WebConfig {
            public_url: config.public_url.clone(),
            graphiql: config.graphiql,
            workers: config.http_workers,
            trusted_proxies: config.trusted_proxies.clone(),
            documents: config.data_dir.join("documents"),
            request_timeout: config.request_timeout,
            csrf_key,
            search: search.clone(),
        },
    )
    .map_err(CommandError::Server)?;
    let (stop, stopped) = watch::channel(false);
    // The web server drains its requests on the same signals; the workers
    // stop claiming at once rather than when it has finished.
    stop_on_signal(stop.clone(), Some(server.handle()))?;
    let workers = match config.run_workers {
        true => {
            let runner = runner(config, ctx, search)?;
            Some(tokio::spawn(async move { runner.run(stopped).await }))
        }
        false => None,
    };
    println!("Hearth is running at {}", config.public_url);
    tracing::info!(listen = %config.listen, "serving");
    // The server stops on SIGINT or SIGTERM; then the workers finish the job
    // in hand and stop too.
    let served = server.await.map_err(CommandError::Server);
    let _ = stop.send(true);
    if let Some(workers) = workers {
        let _ = workers.await;
    }
    served
}

/// A refused input, with each field at fault, for the person at the terminal.
fn describe_invalid(error: &domain::DomainError) -> String {
    let fields: Vec<String> = error
        .field_errors()
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect();
    if fields.is_empty() {
        error.to_string()
    } else {
        fields.join("; ")
    }
}

pub async fn create_administrator(
    config: &Config,
    email: String,
    name: String,
) -> Result<(), CommandError> {
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .map_err(CommandError::Stdin)?;
    let input = domain::accounts::NewAdministrator {
        email,
        name,
        password: password.trim_end_matches(['\r', '\n']).to_owned(),
    };
    let ctx = Ctx::new(open_migrated_database(config).await?);
    let id = domain::accounts::create_administrator(&ctx, &Actor::System, &input)
        .await
        .map_err(|error| match error {
            domain::DomainError::InvalidInput(_) => CommandError::Invalid(error),
            other => CommandError::Domain(other),
        })?;
    println!(
        "Administrator {id} created: they sign in with their email address and that password."
    );
    Ok(())
}

pub async fn list_dead_jobs(config: &Config) -> Result<(), CommandError> {
    let ctx = Ctx::new(open_migrated_database(config).await?);
    let jobs = domain::jobs::list_dead_jobs(&ctx, &Actor::System)
        .await
        .map_err(CommandError::Domain)?;
    if jobs.is_empty() {
        println!("No dead jobs.");
    }
    for job in jobs {
        println!(
            "{}\t{}\t{} attempts\t{}\t{}",
            job.id,
            job.kind,
            job.attempts,
            job.failed_at.to_rfc3339(),
            job.last_error.unwrap_or_default()
        );
    }
    Ok(())
}

pub async fn retry_job(config: &Config, id: i64) -> Result<(), CommandError> {
    let ctx = Ctx::new(open_migrated_database(config).await?);
    match domain::jobs::retry_job(&ctx, &Actor::System, id).await {
        Ok(()) => {
            println!("Job {id} will run again now.");
            Ok(())
        }
        Err(domain::DomainError::NotFound) => Err(CommandError::Domain(
            domain::DomainError::Conflict(format!("job {id} is not a dead job")),
        )),
        Err(other) => Err(CommandError::Domain(other)),
    }
}

/// Writes the GraphQL schema in SDL to `path`, or to standard output for `-`.
pub fn export_schema(path: &Path) -> Result<(), CommandError> {
    let sdl = api::sdl();
    if path == Path::new("-") {
        print!("{sdl}");
        return Ok(());
    }
    std::fs::write(path, sdl).map_err(|source| CommandError::Schema {
        path: path.display().to_string(),
        source,
    })
}

/// The largest file an import reads: far above a large service's carers.
const IMPORT_FILE_LARGEST: u64 = 50 * 1024 * 1024;

/// Imports carer households and their children from a CSV file into an
/// organisation, with a progress bar, every problem by line and column,
/// and a summary; with `dry_run`, only checks.
pub async fn import_carers(
    config: &Config,
    path: &Path,
    organisation: i32,
    dry_run: bool,
) -> Result<(), CommandError> {
    let unreadable = |source| CommandError::ReadFile {
        path: path.display().to_string(),
        source,
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > IMPORT_FILE_LARGEST {
        return Err(unreadable(std::io::Error::other(
            "it is larger than 50 MB: split it",
        )));
    }
    let file = std::fs::read(path).map_err(unreadable)?;
    let ctx = Ctx::new(open_migrated_database(config).await?);
    let bar = progress_bar("importing", "households");
    let progress = |done: usize, total: usize| {
        bar.set_length(u64::try_from(total).unwrap_or(u64::MAX));
        bar.set_position(u64::try_from(done).unwrap_or(u64::MAX));
    };
    let run = domain::carers::ImportRun {
        dry_run,
        most_rows: domain::carers::MOST_ROWS,
    };
    let report =
        domain::carers::import_carers(&ctx, &Actor::System, organisation, &file, run, &progress)
            .await
            .map_err(CommandError::Domain)?;
    bar.finish_and_clear();
    for problem in &report.problems {
        match &problem.column {
            Some(column) => println!("line {}, {column}: {}", problem.line, problem.message),
            None => println!("line {}: {}", problem.line, problem.message),
        }
    }
    if !report.problems.is_empty() {
        return Err(CommandError::ImportRefused(report.problems.len()));
    }
    if report.dry_run {
        println!(
            "Dry run: {} rows, {} households and {} children placed, all valid. Nothing was imported.",
            report.rows, report.households, report.placements
        );
    } else {
        println!(
            "Imported {} rows: {} households ({} new) and {} children placed ({} new).",
            report.rows,
            report.households,
            report.households_added,
            report.placements,
            report.placements_added
        );
    }
    Ok(())
}
