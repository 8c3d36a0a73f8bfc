use sea_orm::entity::prelude::*;

/// A meeting a pair had, as one of them logged it: never free text.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "peer_meeting_logs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub relationship_id: i32,
    pub held_on: Date,
    /// A `Way`'s stored name.
    pub way: String,
    pub minutes: i32,
    /// `Topic` stored names, comma-separated.
    pub topics: String,
    pub miles: Option<i32>,
    pub logged_by_id: Option<i32>,
    pub logged_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
