use sea_orm::entity::prelude::*;

/// A liaison worker of a constellation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "constellation_liaison_workers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub constellation_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: i32,
    pub added_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
