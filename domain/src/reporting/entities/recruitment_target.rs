use sea_orm::entity::prelude::*;

/// A yearly target of approvals: England's is the national programme's.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recruitment_targets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: i32,
    /// The year its financial year starts in.
    #[sea_orm(primary_key, auto_increment = false)]
    pub financial_year: i32,
    pub approvals: i32,
    pub set_by_id: Option<i32>,
    pub set_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
