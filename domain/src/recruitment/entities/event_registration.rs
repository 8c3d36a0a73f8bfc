use sea_orm::entity::prelude::*;

/// Someone registered for an information event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_registrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: i32,
    pub name: String,
    /// Lower case.
    pub email: String,
    pub household_id: Option<i32>,
    /// An `Attendance`'s stored name, once staff have said.
    pub attendance: Option<String>,
    pub attendance_by_id: Option<i32>,
    pub attendance_at: Option<DateTimeUtc>,
    pub registered_at: DateTimeUtc,
    pub reminder_queued_at: Option<DateTimeUtc>,
    pub follow_up_queued_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
