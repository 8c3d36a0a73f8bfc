use sea_orm::entity::prelude::*;

/// A connected person's temporary approval to care for one child while
/// they are assessed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "temporary_approvals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub household_id: i32,
    pub child_initials: String,
    pub child_reference: String,
    pub relationship: String,
    pub approved_on: Date,
    pub until: Date,
    pub extended_at: Option<DateTimeUtc>,
    pub extended_by_id: Option<i32>,
    pub extension_reason: Option<String>,
    pub created_by_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
