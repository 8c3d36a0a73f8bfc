use sea_orm::entity::prelude::*;

/// A date a fostering panel sits, with how many households it can hear.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "panels")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub sits_on: Date,
    pub place: String,
    pub capacity: i32,
    pub created_at: DateTimeUtc,
    pub created_by_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
