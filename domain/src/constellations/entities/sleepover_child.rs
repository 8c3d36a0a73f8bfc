use sea_orm::entity::prelude::*;

/// A child a sleepover is for.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sleepover_children")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub sleepover_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub child_id: i32,
    /// The carers may not agree a stay with the hub for this child: their
    /// social worker agrees first.
    pub needs_agreement: bool,
    pub agreed_at: Option<DateTimeUtc>,
    pub agreed_by_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
