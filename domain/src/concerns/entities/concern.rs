use sea_orm::entity::prelude::*;

/// A worry about a child, raised by a kinship carer, a facilitator or
/// someone in peer support, for the people who must act on it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "concerns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub raised_by_id: Option<i32>,
    /// A `ConcernAbout`'s stored name.
    pub about_kind: String,
    pub about_id: i32,
    pub what: String,
    /// A `ConcernState`'s stored name.
    pub state: String,
    pub raised_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    pub closed_by_id: Option<i32>,
    pub outcome: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
