use sea_orm::entity::prelude::*;

/// A fostering team manager's record that a carer household may take a
/// placement beyond its terms until a date: who authorised it and why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "placement_exemptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub carer_household_id: i32,
    pub authorised_by: String,
    pub reason: String,
    pub until: Date,
    pub recorded_by_id: Option<i32>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
