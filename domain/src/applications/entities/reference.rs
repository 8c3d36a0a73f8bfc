use sea_orm::entity::prelude::*;

/// A reference asked of one referee for one household.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reference_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub household_id: i32,
    pub referee_name: String,
    pub referee_email: String,
    pub kind: String,
    /// A `ReferenceStatus`'s stored name.
    pub status: String,
    pub requested_at: DateTimeUtc,
    pub reminders_sent: i32,
    pub last_reminder_at: Option<DateTimeUtc>,
    pub answers: Option<String>,
    pub declined_because: Option<String>,
    pub answered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
