use sea_orm::entity::prelude::*;

/// Someone asking for a peer supporter.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "peer_support_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub person_id: i32,
    pub household_id: Option<i32>,
    /// `FosteringKind` stored names, comma-separated.
    pub kinds: String,
    pub languages: String,
    pub outcode: String,
    /// A `RequestState`'s stored name.
    pub state: String,
    pub asked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
