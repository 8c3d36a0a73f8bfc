use sea_orm::entity::prelude::*;

/// A service's change to the list of day-to-day decisions: a decision it
/// added (`area`, `decision`), or one of Hearth's defaults (`default_key`)
/// it took off. Retired, never deleted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delegated_authority_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub default_key: Option<String>,
    /// An `Area`'s stored name, for a decision the service added.
    pub area: Option<String>,
    pub decision: Option<String>,
    pub created_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub retired_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
