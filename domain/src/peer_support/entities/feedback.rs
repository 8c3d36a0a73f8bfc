use sea_orm::entity::prelude::*;

/// One side's answers at the end of a relationship.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "peer_feedback")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub relationship_id: i32,
    pub person_id: i32,
    /// A `Side`'s stored name.
    pub side: String,
    /// 1 (not at all) to 5 (a great deal).
    pub helped: i32,
    pub would_recommend: bool,
    pub given_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
