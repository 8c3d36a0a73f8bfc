use sea_orm::entity::prelude::*;

/// One version of an exception to a child's delegated authority: who
/// holds one decision instead of the carers, or on what conditions the
/// carers hold it, and why. Rows are only ever added; the latest per
/// decision stands.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delegated_authority_exceptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    /// The decision's key in the list.
    pub item_key: String,
    /// A `Holder`'s stored name.
    pub holder: String,
    pub conditions: String,
    pub tell_social_worker: bool,
    pub reason: String,
    pub recorded_by_id: Option<i32>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
