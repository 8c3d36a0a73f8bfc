use sea_orm::entity::prelude::*;

/// Who a concern goes to: everyone holding a role in its organisation, or
/// one person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "concern_routes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub concern_id: i32,
    /// A `Role`'s stored name.
    pub role: Option<String>,
    pub person_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
