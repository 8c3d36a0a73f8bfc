use sea_orm::entity::prelude::*;

/// One person of a household, for one meeting: coming or not, and whether
/// they came.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub carer_household_id: i32,
    /// `carer:{person id}` or `child:{child id}`.
    pub person_key: String,
    /// As answered: a carer's name, a child's first name and initial.
    pub name: String,
    pub coming: bool,
    pub attended: Option<bool>,
    pub answered_by_id: Option<i32>,
    pub answered_at: DateTimeUtc,
    pub reminder_queued_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
