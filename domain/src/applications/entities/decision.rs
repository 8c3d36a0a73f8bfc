use sea_orm::entity::prelude::*;

/// The agency decision maker's decision on a household.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "decisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub household_id: i32,
    /// A `DecisionOutcome`'s stored name.
    pub outcome: String,
    pub children: Option<i32>,
    pub age_from: Option<i32>,
    pub age_to: Option<i32>,
    /// Kinds of care approved for, as a JSON list.
    pub kinds: Option<String>,
    pub reasons: String,
    pub decided_at: DateTimeUtc,
    pub decided_by_id: Option<i32>,
    /// For a proposal not to approve: the last of its 28 days.
    pub respond_by: Option<Date>,
    /// A `ProposalResponse`'s stored name.
    pub response: Option<String>,
    pub response_text: Option<String>,
    pub responded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
