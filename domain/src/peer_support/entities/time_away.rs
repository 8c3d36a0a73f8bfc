use sea_orm::entity::prelude::*;

/// Days a supporter is away: no slot is offered on them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "peer_time_away")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub supporter_id: i32,
    pub first_day: Date,
    pub last_day: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
