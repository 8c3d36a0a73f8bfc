use sea_orm::entity::prelude::*;

/// A supporter and the person they support, from the coordinator's
/// confirmation to its end.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mentoring_relationships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub request_id: i32,
    pub supporter_id: i32,
    pub mentee_id: i32,
    /// A `RelationshipState`'s stored name.
    pub state: String,
    pub started_at: DateTimeUtc,
    pub ends_on: Date,
    pub ended_at: Option<DateTimeUtc>,
    pub end_reason: Option<String>,
    pub confirmed_by_id: Option<i32>,
    /// Both accept the service's mentoring agreement before meeting.
    pub mentee_agreed_at: Option<DateTimeUtc>,
    pub supporter_agreed_at: Option<DateTimeUtc>,
    /// When the reminder that it is ending soon was queued.
    pub end_reminded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
