use sea_orm::entity::prelude::*;

/// One attempt to reach a household, and how it went.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub household_id: i32,
    pub at: DateTimeUtc,
    pub by_id: Option<i32>,
    /// A `ContactMethod`'s stored name.
    pub method: String,
    /// A `ContactOutcome`'s stored name.
    pub outcome: String,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
