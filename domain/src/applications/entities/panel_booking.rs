use sea_orm::entity::prelude::*;

/// A household booked to be heard by a panel, and what the panel recommended.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "panel_bookings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub household_id: i32,
    pub panel_id: i32,
    pub booked_at: DateTimeUtc,
    pub booked_by_id: Option<i32>,
    /// A `Recommendation`'s stored name, once the panel has sat.
    pub recommendation: Option<String>,
    pub recommendation_reasons: Option<String>,
    pub recommended_at: Option<DateTimeUtc>,
    pub recommended_by_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
