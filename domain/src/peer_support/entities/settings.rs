use sea_orm::entity::prelude::*;

/// A service's peer support settings, kept by its coordinators. No row
/// means the defaults.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "peer_support_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: i32,
    pub mentor_at_invitation: bool,
    pub change_notice_hours: i32,
    pub meetings_a_month: i32,
    pub pays_mileage: bool,
    /// Empty for the standard agreement.
    pub agreement: String,
    pub updated_at: DateTimeUtc,
    pub updated_by_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
