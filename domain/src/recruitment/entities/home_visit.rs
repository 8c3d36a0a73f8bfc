use sea_orm::entity::prelude::*;

/// An initial home visit booked with an officer, and how it went.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "home_visits")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub household_id: i32,
    pub officer_id: i32,
    pub starts_at: DateTimeUtc,
    pub place: String,
    pub booked_by_id: Option<i32>,
    pub booked_at: DateTimeUtc,
    /// A `VisitOutcome`'s stored name, once recorded.
    pub outcome: Option<String>,
    pub outcome_note: Option<String>,
    pub outcome_by_id: Option<i32>,
    pub outcome_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
