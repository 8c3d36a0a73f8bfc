use sea_orm::entity::prelude::*;

/// How many households did one thing in one month, for England, an
/// organisation or a local authority (`months`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_months")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub grain: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub local_authority_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub region_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: Date,
    #[sea_orm(primary_key, auto_increment = false)]
    pub measure: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub stage: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub detail: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub value: i32,
    pub households: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
