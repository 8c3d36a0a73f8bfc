use sea_orm::entity::prelude::*;

/// A record changed since the index last heard of it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub index_name: String,
    pub record_id: String,
    pub noted_at: DateTimeUtc,
    /// When the indexing job dealt with it.
    pub indexed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
