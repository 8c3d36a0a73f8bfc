use sea_orm::entity::prelude::*;

/// Where one section of a household's assessment report is.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_sections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub household_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub section: String,
    pub status: String,
    pub updated_at: DateTimeUtc,
    pub updated_by_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
