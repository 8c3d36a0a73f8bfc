use std::sync::Arc;

use sea_orm::DatabaseConnection;

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
}
