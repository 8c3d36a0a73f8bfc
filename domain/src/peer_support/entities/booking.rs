use sea_orm::entity::prelude::*;

/// A meeting a mentee booked in one of their supporter's free slots.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "peer_bookings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub relationship_id: i32,
    pub supporter_id: i32,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    /// A `Way`'s stored name.
    pub way: String,
    /// A `BookingState`'s stored name.
    pub state: String,
    /// Kept when the booking is moved, so a calendar updates its entry.
    pub calendar_uid: String,
    pub booked_by_id: Option<i32>,
    pub booked_at: DateTimeUtc,
    pub reminder_queued_at: Option<DateTimeUtc>,
    pub changed_at: Option<DateTimeUtc>,
    pub changed_by_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
