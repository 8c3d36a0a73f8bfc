use sea_orm::entity::prelude::*;

/// A rebuild of the search index asked of the process that holds it, and
/// how far it has gone.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_rebuilds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The one index to rebuild; every one when empty.
    pub only: Option<String>,
    pub requested_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub total: Option<i64>,
    pub done: i64,
    pub finished_at: Option<DateTimeUtc>,
    pub failure: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
