use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult,
    QueryResult, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::clock::{Clock, SystemClock};

/// How long a write waits for its turn before it gives up, as long as
/// SQLite's own busy timeout (`hearth::database::connect`).
const TURN_WAIT: Duration = Duration::from_secs(5);

/// What every use case is handed: the storage it works on and the clock.
///
/// Cheap to clone (the connection is a pool handle), so each request gets one.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    /// SQLite lets one connection write at a time, and a connection that
    /// finds the lock taken sleeps between tries (1, 2, 5, 10 ms and
    /// longer), so a write that waits behind another loses tens of
    /// milliseconds. Writers in this process take turns here instead,
    /// each starting the moment the one before it ends.
    turn: Arc<Mutex<()>>,
    /// Whether staff reads go in the access log. Only the demo seed turns
    /// it off: its made-up staff reading made-up records while setting
    /// them up is nobody's access.
    pub(crate) records_reads: bool,
}

impl Ctx {
    /// On the real clock.
    pub fn new(db: DatabaseConnection) -> Self {
        Self::with_clock(db, Arc::new(SystemClock))
    }

    pub fn with_clock(db: DatabaseConnection, clock: Arc<dyn Clock>) -> Self {
        Self {
            db,
            clock,
            turn: Arc::new(Mutex::new(())),
            records_reads: true,
        }
    }

    /// The same, writing nothing to the access log: for the demo seed.
    pub fn without_access_log(&self) -> Self {
        Self {
            records_reads: false,
            ..self.clone()
        }
    }

    /// The same storage, and the same turns to write, on another clock.
    pub fn on_clock(&self, clock: Arc<dyn Clock>) -> Self {
        Self {
            clock,
            ..self.clone()
        }
    }

    /// A transaction that will write. On SQLite it waits for this
    /// process's turn, then takes the write lock at once (BEGIN
    /// IMMEDIATE): a transaction that read first and wrote later could
    /// otherwise find another writer had been and fail (SQLITE_BUSY).
    /// PostgreSQL writes concurrently and ignores both.
    pub async fn write(&self) -> Result<Write, DbErr> {
        let turn = self.turn_to_write().await?;
        let txn = self
            .db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await?;
        Ok(Write { txn, _turn: turn })
    }

    /// On SQLite, this process's turn to write, held until it is dropped:
    /// for a write made outside a transaction on a busy path (the access
    /// log, the attempt counters). Elsewhere, nothing to wait for.
    pub(crate) async fn turn_to_write(&self) -> Result<Option<OwnedMutexGuard<()>>, DbErr> {
        if self.db.get_database_backend() != DbBackend::Sqlite {
            return Ok(None);
        }
        tokio::time::timeout(TURN_WAIT, self.turn.clone().lock_owned())
            .await
            .map(Some)
            .map_err(|_| DbErr::Custom("waited too long for a turn to write".to_owned()))
    }
}

/// A transaction that writes, holding its turn until it commits, rolls
/// back or is dropped. It is used as the transaction it wraps.
pub struct Write {
    txn: DatabaseTransaction,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl Write {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

impl Deref for Write {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Write {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }

    fn is_mock_connection(&self) -> bool {
        self.txn.is_mock_connection()
    }
}

/// Has the database gather the statistics its planner chooses indexes by,
/// after many rows were written at once (SQLite keeps none until asked;
/// its look is bounded to a sample of each index).
pub async fn gather_statistics(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let statements: &[&str] = match db.get_database_backend() {
        DbBackend::Postgres => &["ANALYZE"],
        _ => &["PRAGMA analysis_limit=1000", "ANALYZE"],
    };
    for statement in statements {
        db.execute_unprepared(statement).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn sqlite() -> Ctx {
        let db = sea_orm::Database::connect("sqlite::memory:")
            .await
            .expect("an in-memory database");
        Ctx::new(db)
    }

    #[tokio::test]
    async fn on_sqlite_a_second_writer_starts_only_when_the_first_has_finished() {
        let ctx = sqlite().await;
        let first = ctx.write().await.expect("the first write");
        let second = tokio::spawn({
            let ctx = ctx.clone();
            async move { ctx.turn_to_write().await.map(|turn| turn.is_some()) }
        });
        for _ in 0..100 {
            tokio::task::yield_now().await;
        }
        assert!(!second.is_finished(), "the second writer waits");
        first.commit().await.expect("committed");
        assert!(matches!(second.await, Ok(Ok(true))), "then it has its turn");
    }

    #[tokio::test]
    async fn a_context_on_another_clock_shares_the_turns() {
        let ctx = sqlite().await;
        let past = ctx.on_clock(Arc::new(crate::clock::FrozenClock::at(chrono::Utc::now())));
        let held = ctx.turn_to_write().await.expect("a turn");
        assert!(held.is_some());
        let waiting = tokio::spawn(async move { past.turn_to_write().await.is_ok() });
        for _ in 0..100 {
            tokio::task::yield_now().await;
        }
        assert!(
            !waiting.is_finished(),
            "the other clock's writer waits its turn"
        );
        drop(held);
        assert!(matches!(waiting.await, Ok(true)));
    }
}
