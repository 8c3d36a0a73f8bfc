use sea_orm::entity::prelude::*;

/// A peer supporter's profile in one organisation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "peer_supporters")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub person_id: i32,
    pub years_fostering: i32,
    /// `FosteringKind` stored names, comma-separated.
    pub kinds: String,
    /// Comma-separated, as written.
    pub languages: String,
    pub outcode: String,
    /// `Way` stored names, comma-separated.
    pub ways: String,
    pub capacity: i32,
    pub meeting_minutes: i32,
    pub video_link: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
