use sea_orm::entity::prelude::*;

/// A child living with a carer household from a date until it ends.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "placements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub carer_household_id: i32,
    /// A `PlacementKind`'s stored name.
    pub kind: String,
    pub started_on: Date,
    pub ended_on: Option<Date>,
    /// `planned` or `unplanned`, once ended.
    pub ending: Option<String>,
    /// A `PlacementEndingReason`'s stored name, once ended.
    pub ending_reason: Option<String>,
    /// The exemption from the terms it was made under, if any.
    pub exemption_id: Option<i32>,
    pub created_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
