use sea_orm::entity::prelude::*;

/// A household's enquiry closing, and whether it was reopened.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_closures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub household_id: i32,
    pub closed_on: Date,
    /// A `Closure`'s stored name.
    pub closure: String,
    /// The stage it left, a `Stage`'s stored name.
    pub stage: String,
    pub reason_code: Option<String>,
    pub reopened_on: Option<Date>,
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
