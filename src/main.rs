use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use hearth::commands;
use hearth::config::Config;

/// Hearth: the platform England's fostering services use to find, approve
/// and keep foster carers.
///
/// Settings come from the embedded defaults, then the file given with
/// --config, then HEARTH_* environment variables (see the README).
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    /// A TOML file of settings, such as `listen = "0.0.0.0:8080"`.
    #[arg(long, global = true, env = "HEARTH_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the pages and the GraphQL API, after bringing the database up
    /// to date. Stops cleanly on SIGINT or SIGTERM, finishing requests in hand.
    Serve,
    /// Run the job workers alone (sending email, and whatever else is
    /// queued), for running more of them than `serve` does. Stops cleanly on
    /// SIGINT or SIGTERM, finishing the job in hand.
    Worker,
    /// Queue an email to ADDRESS that checks the mail settings
    /// (HEARTH_SMTP_URL, or the outbox folder in the data directory).
    CheckMail {
        /// Where to send it.
        address: String,
    },
    /// Bring the database schema up to date, applying every migration not
    /// yet applied, then exit.
    Migrate,
    /// Load the reference data: England's regions, its 153 local authorities
    /// and the postcode districts that place a household in one. Running it
    /// again changes nothing.
    Seed {
        /// Also add the demo data: two illustrative Regional Care
        /// Cooperatives over real local authorities, with two years of
        /// made-up recruitment history for their reports.
        #[arg(long)]
        demo: bool,
        /// Also add made-up recruitment history for every organisation at
        /// England's scale (about 130,000 enquiries a year), for reports to
        /// be looked at and measured. Only where Hearth is served on this
        /// machine; organisations that have it already are left alone.
        #[arg(long)]
        national: bool,
        /// Years of national history, up to today.
        #[arg(long, default_value_t = 3, requires = "national", value_parser = clap::value_parser!(u32).range(1..=20))]
        years: u32,
        /// The same seed makes the same households.
        #[arg(long, default_value_t = 2026, requires = "national")]
        seed: u64,
    },
    /// Rebuild the search index from the database, without downtime: a new
    /// index is filled while the old one answers, then swapped in. With
    /// the embedded index while `hearth serve` runs, the server does it and
    /// this shows its progress.
    Reindex {
        /// Only this index: households or public.
        #[arg(long, value_name = "KIND")]
        only: Option<String>,
    },
    /// Manage administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// See and retry jobs that failed as often as they may (dead jobs).
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// Bring a service's existing records to Hearth.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Write the GraphQL schema, in SDL, to a file. Needs no database.
    ExportSchema {
        /// Where to write it; `-` writes to standard output.
        #[arg(long, short, default_value = "api/schema.graphql")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Make an administrator of the national programme: how a new
    /// installation gets its first one. The password (12 characters or
    /// more) is read from the first line of standard input, so it stays out
    /// of the shell's history.
    Create {
        /// Their email address, which they sign in with.
        #[arg(long)]
        email: String,
        /// Their name, as colleagues see it.
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Carer households and the children living with them, from a CSV
    /// file laid out as docs/carer-import.md says. Every row is checked
    /// first and each problem listed by line and column; nothing is
    /// imported unless every row is valid. Nobody is emailed. Importing the
    /// same file again changes nothing.
    Carers {
        /// The CSV file.
        file: PathBuf,
        /// The fostering service's organisation id (the number in its
        /// administration page's address).
        #[arg(long)]
        organisation: i32,
        /// Only check the file.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum JobsCommand {
    /// List dead jobs, the most recent first: id, kind, attempts, when it
    /// last failed and why.
    Dead,
    /// Make a dead job run again now, with its attempts counted afresh.
    Retry {
        /// The job's id, as `jobs dead` lists it.
        id: i64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let file = cli.config.as_deref();
    match cli.command {
        Command::ExportSchema { output } => report(commands::export_schema(&output)),
        Command::Serve => run(file, commands::serve),
        Command::Migrate => run(file, commands::migrate),
        Command::Seed {
            demo,
            national,
            years,
            seed,
        } => run(file, async move |config: &Config| {
            let national = national.then_some((years, seed));
            commands::seed(config, demo, national).await
        }),
        Command::Worker => run(file, commands::worker),
        Command::Reindex { only } => run(file, async move |config: &Config| {
            commands::reindex(config, only.as_deref()).await
        }),
        Command::CheckMail { address } => run(file, async move |config: &Config| {
            commands::check_mail(config, &address).await
        }),
        Command::Admin {
            command: AdminCommand::Create { email, name },
        } => run(file, async move |config: &Config| {
            commands::create_administrator(config, email, name).await
        }),
        Command::Import {
            command:
                ImportCommand::Carers {
                    file: csv,
                    organisation,
                    dry_run,
                },
        } => run(file, async move |config: &Config| {
            commands::import_carers(config, &csv, organisation, dry_run).await
        }),
        Command::Jobs {
            command: JobsCommand::Dead,
        } => run(file, commands::list_dead_jobs),
        Command::Jobs {
            command: JobsCommand::Retry { id },
        } => run(file, async move |config: &Config| {
            commands::retry_job(config, id).await
        }),
    }
}

/// Reads the configuration, starts logging and runs `command` to the end.
fn run(
    file: Option<&Path>,
    command: impl AsyncFnOnce(&Config) -> Result<(), commands::CommandError>,
) -> ExitCode {
    let config = match Config::load(file) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("hearth: the configuration is wrong: {error}");
            return ExitCode::from(2);
        }
    };
    hearth::telemetry::init(&config);
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => report(runtime.block_on(command(&config))),
        Err(error) => {
            eprintln!("hearth: cannot start: {error}");
            ExitCode::FAILURE
        }
    }
}

fn report(result: Result<(), commands::CommandError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("hearth: {error}");
            // The operator sees the whole chain of causes; clients never do.
            let mut cause = std::error::Error::source(&error);
            while let Some(error) = cause {
                eprintln!("  because: {error}");
                cause = error.source();
            }
            ExitCode::FAILURE
        }
    }
}
