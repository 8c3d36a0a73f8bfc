//! Connecting to the database and bringing its schema up to date.

use std::path::{Path, PathBuf};
use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
    TransactionTrait,
};

/// How much of an SQLite database file is read through memory mapping.
const MMAP_BYTES: u64 = 2 << 30;

/// Opens a pool on `url`. SQLite gets write-ahead logging (readers do not
/// wait for the writer), enforced foreign keys, and a wait rather than an
/// error when another connection holds the write lock, and reads the file
/// through memory mapping.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_file(url) {
        make_private(path)
            .map_err(|e| DbErr::Custom(format!("securing the database file: {e}")))?;
    }
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(max_connections)
        .connect_timeout(Duration::from_secs(10))
        // A ping before every statement doubles the round trips of a busy
        // server. A connection idle for a second is pinged before use: a
        // database restart takes longer than that, so a connection it
        // broke is found and replaced before a request meets it.
        .test_before_acquire_if_idle_for(Duration::from_secs(1))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|options| {
            options
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                // Reports read hundreds of megabytes of summaries: mapped,
                // the pages are shared by every connection through the
                // operating system's cache instead of copied into each
                // connection's own small one. SQLite caps it at 2 GiB.
                .pragma("mmap_size", MMAP_BYTES.to_string())
        });
    Database::connect(options).await
}

/// The file a `sqlite:` URL names, unless it is in memory.
fn sqlite_file(url: &str) -> Option<&Path> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.starts_with(":memory:")).then(|| Path::new(path))
}

/// The database holds every household's personal data: it, and the
/// write-ahead log and shared memory files SQLite keeps beside it, are for
/// this account alone. A new file is made owner-only before SQLite opens it
/// (SQLite gives its WAL files the database file's mode); an older one is
/// made so.
fn make_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    if !path.exists() {
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)?;
    }
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

/// Any number, as long as nothing else in the database takes the same lock.
const MIGRATION_LOCK: i64 = 0x4845_4152_5448;

/// Applies every migration not yet applied. On PostgreSQL, where several
/// `hearth serve` processes may start at once, one migrates while the others
/// wait on an advisory lock, then find nothing left to do.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        Migrator::up(db, None).await?;
        // SQLite plans queries from statistics it gathers only when asked.
        domain::gather_statistics(db).await?;
        return Ok(());
    }
    // A transaction pins one connection, which holds the lock until it ends.
    let lock = db.begin().await?;
    lock.execute_raw(Statement::from_string(
        DbBackend::Postgres,
        format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"),
    ))
    .await?;
    let migrated = Migrator::up(db, None).await;
    lock.commit().await?;
    migrated
}
