use std::sync::Arc;

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

use crate::clock::{Clock, SystemClock};

/// What every use case is handed: the storage it works on and the clock.
///
/// Cheap to clone (the connection is a pool handle), so each request gets one.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
}

impl Ctx {
    /// On the real clock.
    pub fn new(db: DatabaseConnection) -> Self {
        Self::with_clock(db, Arc::new(SystemClock))
    }

    pub fn with_clock(db: DatabaseConnection, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }

    /// A transaction that will write. On SQLite it takes the write lock at
    /// once (BEGIN IMMEDIATE), waiting its turn: a transaction that read
    /// first and wrote later could otherwise find another writer had been
    /// and fail (SQLITE_BUSY) under concurrent requests. PostgreSQL ignores
    /// the option.
    pub async fn write(&self) -> Result<DatabaseTransaction, DbErr> {
        self.db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await
    }
}
