use sea_orm::entity::prelude::*;

/// A stage a household entered, and how long it stayed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_stage_spells")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub household_id: i32,
    /// A `Stage`'s stored name.
    pub stage: String,
    pub entered_on: Date,
    /// The day it moved on to a later stage; none while there or closed.
    pub left_on: Option<Date>,
    /// Days in the stage, less time on hold or closed, once it moved on.
    pub days: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::report_household::Entity",
        from = "Column::HouseholdId",
        to = "super::report_household::Column::HouseholdId"
    )]
    Household,
}

impl Related<super::report_household::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Household.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
