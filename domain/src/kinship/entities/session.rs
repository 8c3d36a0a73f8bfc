use sea_orm::entity::prelude::*;

/// What makes an event a kinship group's session or workshop.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kinship_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: i32,
    pub group_id: i32,
    pub series_id: Option<i32>,
    /// Any registered kinship carer may book, not only members.
    pub open_to_all: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
