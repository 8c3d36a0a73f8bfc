//! Hearth's settings: the embedded defaults, then an optional TOML file, then
//! `HEARTH_*` environment variables, each overriding the one before.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use url::Url;

/// Every setting, as written in a TOML file; `HEARTH_` and the name in
/// capitals sets it from the environment.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    data_dir: PathBuf,
    database_url: Option<String>,
    database_max_connections: u32,
    listen: String,
    public_url: Option<String>,
    graphiql: bool,
    assets_dir: PathBuf,
    http_workers: usize,
    log: String,
    log_format: String,
    run_workers: bool,
    job_lease_seconds: u32,
    smtp_url: Option<String>,
    mail_from: String,
    trusted_proxies: String,
    request_timeout_seconds: u32,
    meilisearch_url: Option<String>,
    meilisearch_key: Option<String>,
    meilisearch_prefix: String,
}

/// The names of every setting, as in a TOML file.
pub const SETTINGS: &[&str] = &[
    "data_dir",
    "database_url",
    "database_max_connections",
    "listen",
    "public_url",
    "graphiql",
    "assets_dir",
    "http_workers",
    "log",
    "log_format",
    "run_workers",
    "job_lease_seconds",
    "smtp_url",
    "mail_from",
    "trusted_proxies",
    "request_timeout_seconds",
    "meilisearch_url",
    "meilisearch_key",
    "meilisearch_prefix",
];

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_max_connections: 10,
            listen: "127.0.0.1:8080".into(),
            public_url: None,
            graphiql: false,
            assets_dir: PathBuf::from("web/dist"),
            http_workers: 0,
            log: "info".into(),
            log_format: "text".into(),
            run_workers: true,
            job_lease_seconds: 300,
            smtp_url: None,
            mail_from: "Hearth <hearth@localhost>".into(),
            trusted_proxies: String::new(),
            request_timeout_seconds: 30,
            meilisearch_url: None,
            meilisearch_key: None,
            meilisearch_prefix: String::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// The checked configuration.
#[derive(Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub database_max_connections: u32,
    pub listen: SocketAddr,
    pub public_url: Url,
    pub graphiql: bool,
    pub assets_dir: PathBuf,
    pub http_workers: usize,
    pub log: String,
    pub log_format: LogFormat,
    /// Whether `hearth serve` runs the job workers too.
    pub run_workers: bool,
    pub job_lease: std::time::Duration,
    /// Where email goes: an SMTP server, or else the outbox folder.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Proxies in front of Hearth whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// How long a request may run before its response starts.
    pub request_timeout: std::time::Duration,
    /// Where the search index is: Meilisearch when its URL is set, else
    /// embedded under the data folder.
    pub search: search::IndexAt,
}

/// A setting that is wrong, named as the person setting it would know it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{setting}: {problem}")]
    Invalid { setting: String, problem: String },
    #[error("the configuration file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("{0} is not a Hearth setting (the README lists them all)")]
    UnknownVariable(String),
}

/// A mail server address that keeps credentials and email encrypted: TLS
/// (`smtps://`) or required STARTTLS (`smtp://…?tls=required`). Plain or
/// opportunistic `smtp://` is only for a relay on this machine, without a
/// password. Problems never repeat the URL, which may hold a password.
fn check_smtp_url(text: &str) -> Result<(), String> {
    let url = Url::parse(text)
        .map_err(|_| "is not a URL, like smtps://user:password@mail.example.org".to_owned())?;
    let tls = url
        .query_pairs()
        .find(|(key, _)| key == "tls")
        .map(|(_, value)| value.into_owned());
    match url.scheme() {
        "smtps" => Ok(()),
        "smtp" if tls.as_deref() == Some("required") => Ok(()),
        "smtp" => {
            let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
            if local && url.password().is_none() {
                Ok(())
            } else {
                Err("would send the password and email unencrypted: use smtps://, or smtp://…?tls=required for STARTTLS".to_owned())
            }
        }
        other => Err(format!(
            "must start with smtps:// or smtp://, not {other:?}"
        )),
    }
}

/// `HEARTH_` variables that are not settings but are Hearth's all the same.
const OTHER_VARIABLES: &[&str] = &["HEARTH_CONFIG"];

/// A misspelt variable would otherwise be ignored, and Hearth would quietly
/// run on a default, such as a SQLite file instead of the PostgreSQL meant.
fn check_variables() -> Result<(), ConfigError> {
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        let Some(key) = name.strip_prefix("HEARTH_") else {
            continue;
        };
        let known = SETTINGS.contains(&key.to_ascii_lowercase().as_str())
            || OTHER_VARIABLES.contains(&name)
            // The test harness's own settings, such as HEARTH_TEST_POSTGRES_URL.
            || key.starts_with("TEST_");
        if !known {
            return Err(ConfigError::UnknownVariable(name.to_owned()));
        }
    }
    Ok(())
}

/// The database URL may hold a password: only its scheme is shown.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = self.database_url.split(':').next().unwrap_or_default();
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("database_url", &format_args!("{scheme}://…"))
            .field("listen", &self.listen)
            .field("public_url", &self.public_url.as_str())
            .field("graphiql", &self.graphiql)
            .field("assets_dir", &self.assets_dir)
            .finish_non_exhaustive()
    }
}

fn invalid(key: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting: format!("HEARTH_{} (`{key}`)", key.to_ascii_uppercase()),
        problem: problem.into(),
    }
}

impl Config {
    /// Reads the settings from the defaults, `file` if given, and the
    /// environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        check_variables()?;
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            if !file.is_file() {
                return Err(ConfigError::MissingFile(file.to_owned()));
            }
            figment = figment.merge(Toml::file_exact(file));
        }
        figment = figment.merge(Env::prefixed("HEARTH_").only(SETTINGS));
        let settings: Settings = figment.extract().map_err(|error| {
            let key = error.path.join(".");
            let source = error
                .metadata
                .as_ref()
                .map(|m| format!(" (from {})", m.name))
                .unwrap_or_default();
            let problem = format!("{}{source}", error.kind);
            if key.is_empty() {
                ConfigError::Invalid {
                    setting: "the configuration".into(),
                    problem,
                }
            } else {
                invalid(&key, problem)
            }
        })?;
        Self::check(settings)
    }

    fn check(settings: Settings) -> Result<Self, ConfigError> {
        let listen: SocketAddr = settings.listen.parse().map_err(|_| {
            invalid(
                "listen",
                format!(
                    "{:?} is not an address and port, like 127.0.0.1:8080",
                    settings.listen
                ),
            )
        })?;
        let database_url = match settings.database_url {
            None => format!(
                "sqlite://{}?mode=rwc",
                settings.data_dir.join("hearth.db").display()
            ),
            Some(url) => {
                let scheme = url.split(':').next().unwrap_or_default();
                if !["sqlite", "postgres", "postgresql"].contains(&scheme) {
                    // Only the scheme is repeated: the rest may hold a password.
                    return Err(invalid(
                        "database_url",
                        format!("must start with sqlite:// or postgres://, not {scheme:?}"),
                    ));
                }
                url
            }
        };
        if settings.database_max_connections == 0 {
            return Err(invalid("database_max_connections", "must be at least 1"));
        }
        let public_url = match settings.public_url {
            None => Url::parse(&format!("http://{listen}/"))
                .map_err(|e| invalid("listen", e.to_string()))?,
            Some(text) => match Url::parse(&text) {
                Ok(url) if ["http", "https"].contains(&url.scheme()) && url.has_host() => url,
                _ => {
                    return Err(invalid(
                        "public_url",
                        format!("{text:?} is not a web address, like https://hearth.example.org"),
                    ));
                }
            },
        };
        let log_format = match settings.log_format.as_str() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(invalid(
                    "log_format",
                    format!("must be text or json, not {other:?}"),
                ));
            }
        };
        if settings.job_lease_seconds == 0 {
            return Err(invalid("job_lease_seconds", "must be at least 1"));
        }
        if settings.request_timeout_seconds == 0 {
            return Err(invalid("request_timeout_seconds", "must be at least 1"));
        }
        if let Some(url) = &settings.smtp_url {
            check_smtp_url(url).map_err(|problem| invalid("smtp_url", problem))?;
        }
        let trusted_proxies = settings
            .trusted_proxies
            .split(',')
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(|text| {
                text.parse::<IpAddr>().map_err(|_| {
                    invalid(
                        "trusted_proxies",
                        format!("{text:?} is not an IP address, like 10.0.0.2 or fd00::2"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let search = match settings.meilisearch_url {
            None => search::IndexAt::Embedded(settings.data_dir.join("search")),
            Some(text) => match Url::parse(&text) {
                Ok(url) if ["http", "https"].contains(&url.scheme()) && url.has_host() => {
                    search::IndexAt::Meilisearch {
                        url: text,
                        key: settings.meilisearch_key.filter(|key| !key.is_empty()),
                        prefix: settings.meilisearch_prefix,
                    }
                }
                _ => {
                    return Err(invalid(
                        "meilisearch_url",
                        "is not a web address, like http://meilisearch:7700",
                    ));
                }
            },
        };
        if let Err(error) = tracing_subscriber::EnvFilter::try_new(&settings.log) {
            return Err(invalid(
                "log",
                format!("{:?} is not a log filter: {error}", settings.log),
            ));
        }
        Ok(Self {
            data_dir: settings.data_dir,
            database_url,
            database_max_connections: settings.database_max_connections,
            listen,
            public_url,
            graphiql: settings.graphiql,
            assets_dir: settings.assets_dir,
            http_workers: settings.http_workers,
            log: settings.log,
            log_format,
            run_workers: settings.run_workers,
            job_lease: std::time::Duration::from_secs(settings.job_lease_seconds.into()),
            smtp_url: settings.smtp_url,
            mail_from: settings.mail_from,
            trusted_proxies,
            request_timeout: std::time::Duration::from_secs(
                settings.request_timeout_seconds.into(),
            ),
            search,
        })
    }

    /// Where email is written when no SMTP server is set.
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    /// Whether the database is the embedded SQLite one.
    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads the configuration in a scratch directory and environment, with
    /// `toml` written to `hearth.toml` and passed as the file when given.
    #[allow(clippy::result_large_err)] // figment's Jail has its own large error type
    fn load(toml: Option<&str>, vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut result = None;
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            if let Some(toml) = toml {
                jail.create_file("hearth.toml", toml)?;
            }
            for (name, value) in vars {
                jail.set_env(name, value);
            }
            result = Some(Config::load(
                Some(Path::new("hearth.toml")).filter(|_| toml.is_some()),
            ));
            Ok(())
        });
        result.expect("the jail ran the closure")
    }

    #[test]
    fn the_defaults_are_the_embedded_ones() {
        let config = load(None, &[]).expect("defaults are valid");
        assert_eq!(config.database_url, "sqlite://./data/hearth.db?mode=rwc");
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.public_url.as_str(), "http://127.0.0.1:8080/");
        assert!(!config.graphiql);
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let config = load(
            Some("listen = \"127.0.0.1:9000\"\ngraphiql = true\n"),
            &[("HEARTH_LISTEN", "0.0.0.0:7000")],
        )
        .expect("valid");
        assert_eq!(config.listen.to_string(), "0.0.0.0:7000");
        assert!(
            config.graphiql,
            "the file's setting holds where the environment is silent"
        );
    }

    #[test]
    fn a_data_dir_moves_the_default_database() {
        let config = load(None, &[("HEARTH_DATA_DIR", "/var/lib/hearth")]).expect("valid");
        assert_eq!(
            config.database_url,
            "sqlite:///var/lib/hearth/hearth.db?mode=rwc"
        );
    }

    #[test]
    fn search_is_embedded_in_the_data_dir_unless_a_meilisearch_is_named() {
        let config = load(None, &[("HEARTH_DATA_DIR", "/var/lib/hearth")]).expect("valid");
        assert_eq!(
            config.search,
            search::IndexAt::Embedded(PathBuf::from("/var/lib/hearth/search"))
        );
        let config = load(
            None,
            &[
                ("HEARTH_MEILISEARCH_URL", "http://meilisearch:7700"),
                ("HEARTH_MEILISEARCH_KEY", "a-master-key"),
            ],
        )
        .expect("valid");
        assert_eq!(
            config.search,
            search::IndexAt::Meilisearch {
                url: "http://meilisearch:7700".into(),
                key: Some("a-master-key".into()),
                prefix: String::new(),
            }
        );
        let wrong = load(None, &[("HEARTH_MEILISEARCH_URL", "meilisearch")]);
        assert!(
            matches!(wrong, Err(ConfigError::Invalid { setting, .. }) if setting.contains("HEARTH_MEILISEARCH_URL"))
        );
    }

    #[test]
    fn a_wrong_value_names_its_setting() {
        let cases = [
            ("HEARTH_LISTEN", "not-an-address"),
            ("HEARTH_DATABASE_URL", "mysql://root:secret@db/hearth"),
            ("HEARTH_PUBLIC_URL", "hearth.example.org"),
            ("HEARTH_GRAPHIQL", "maybe"),
            ("HEARTH_LOG_FORMAT", "xml"),
            ("HEARTH_DATABASE_MAX_CONNECTIONS", "0"),
            ("HEARTH_HTTP_WORKERS", "many"),
            ("HEARTH_SMTP_URL", "http://user:secret@mail.example.org"),
            ("HEARTH_SMTP_URL", "smtp://user:secret@mail.example.org:587"),
            (
                "HEARTH_SMTP_URL",
                "smtp://mail.example.org:25?tls=opportunistic",
            ),
            ("HEARTH_JOB_LEASE_SECONDS", "0"),
            ("HEARTH_RUN_WORKERS", "sometimes"),
        ];
        for (name, value) in cases {
            let error =
                load(None, &[(name, value)]).expect_err(&format!("{name}={value} is wrong"));
            let message = error.to_string();
            assert!(message.starts_with(name), "{name}: {message}");
            assert!(
                !message.contains("secret"),
                "the message repeats a password: {message}"
            );
        }
    }

    #[test]
    fn an_unknown_key_in_the_file_is_refused() {
        let error = load(Some("lisen = \"127.0.0.1:9000\"\n"), &[]).expect_err("a typo");
        assert!(error.to_string().contains("lisen"), "{error}");
    }

    #[test]
    fn encrypted_or_local_mail_servers_are_accepted() {
        for url in [
            "smtps://user:secret@mail.example.org",
            "smtp://user:secret@mail.example.org:587?tls=required",
            "smtp://127.0.0.1:25",
        ] {
            assert!(
                load(None, &[("HEARTH_SMTP_URL", url)]).is_ok(),
                "{url} was refused"
            );
        }
    }

    #[test]
    fn a_misspelt_variable_is_refused() {
        let error =
            load(None, &[("HEARTH_DATABSE_URL", "postgres://db/hearth")]).expect_err("a typo");
        assert!(
            error.to_string().starts_with("HEARTH_DATABSE_URL"),
            "{error}"
        );
    }

    #[test]
    fn the_debug_form_hides_the_database_password() {
        let config = load(
            None,
            &[("HEARTH_DATABASE_URL", "postgres://hearth:secret@db/hearth")],
        )
        .expect("valid");
        let shown = format!("{config:?}");
        assert!(!shown.contains("secret"), "{shown}");
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail has its own large error type
    fn a_missing_file_is_refused() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            let error = Config::load(Some(Path::new("nowhere.toml"))).expect_err("no such file");
            assert!(matches!(error, ConfigError::MissingFile(_)));
            Ok(())
        });
    }
}
