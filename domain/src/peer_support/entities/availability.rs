use sea_orm::entity::prelude::*;

/// A weekly window a supporter offers: a weekday and London times.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "peer_availability")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub supporter_id: i32,
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: i32,
    /// `HH:MM`, London time.
    pub starts_at: String,
    pub ends_at: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
