use sea_orm::entity::prelude::*;

/// A Mockingbird constellation: a hub home and the satellite families
/// around it, in one fostering service.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "constellations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub name: String,
    /// Beds the hub keeps free for the constellation's children.
    pub beds: i32,
    /// The hub's quiet hours, London time, "HH:MM".
    pub quiet_from: String,
    pub quiet_until: String,
    /// Waking minutes before an unanswered emergency request goes to the
    /// liaison worker.
    pub escalate_after_minutes: i32,
    /// Days without contact after which a family is flagged.
    pub check_in_days: i32,
    pub created_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
