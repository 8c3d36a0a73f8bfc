use sea_orm::entity::prelude::*;

/// A night the hub has no bed for the constellation: away, or busy.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hub_unavailable_nights")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub constellation_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub night: Date,
    pub added_by_id: Option<i32>,
    pub added_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
