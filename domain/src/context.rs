use sea_orm::DatabaseConnection;

/// What every use case is handed: the storage it works on.
///
/// Cheap to clone (the connection is a pool handle), so each request gets one.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub db: DatabaseConnection,
}

impl Ctx {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}
