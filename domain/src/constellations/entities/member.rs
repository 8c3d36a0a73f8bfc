use sea_orm::entity::prelude::*;

/// A carer household's time in a constellation, as its hub or as a
/// satellite family: from the day it joined until the day it left.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "constellation_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub constellation_id: i32,
    pub carer_household_id: i32,
    /// `hub` or `satellite`.
    pub role: String,
    pub joined_on: Date,
    pub join_reason: String,
    pub left_on: Option<Date>,
    pub leaving_reason: Option<String>,
    pub added_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
