use sea_orm::entity::prelude::*;

/// A constellation's meeting, activity, trip or training.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "constellation_meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub constellation_id: i32,
    /// A `MeetingKind`'s stored name.
    pub kind: String,
    pub title: String,
    pub place: String,
    pub about: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    /// A `ForWhom`'s stored name.
    pub for_whom: String,
    pub published_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
