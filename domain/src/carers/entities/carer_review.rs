use sea_orm::entity::prelude::*;

/// An annual review of a carer household (Fostering Services Regulations,
/// regulation 28), as recorded.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "carer_reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub carer_household_id: i32,
    pub reviewed_on: Date,
    /// A `ReviewOutcome`'s stored name.
    pub outcome: String,
    pub note: String,
    /// The terms from this review on, when it changed them.
    pub children: Option<i32>,
    pub age_from: Option<i32>,
    pub age_to: Option<i32>,
    pub kinds: Option<String>,
    pub recorded_by_id: Option<i32>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
