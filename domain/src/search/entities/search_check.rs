use sea_orm::entity::prelude::*;

/// One comparison of an index with the database.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_checks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub index_name: String,
    pub checked_at: DateTimeUtc,
    pub in_database: i64,
    pub in_index: i64,
    /// Changes noted and not yet indexed when it was checked.
    pub waiting: i64,
    pub sampled: i32,
    /// Sampled records whose document differs from the record.
    pub differing: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
