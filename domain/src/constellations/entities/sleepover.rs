use sea_orm::entity::prelude::*;

/// A satellite family's request for a sleepover or short break at the hub,
/// and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sleepovers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub constellation_id: i32,
    /// The satellite family asking.
    pub carer_household_id: i32,
    pub requested_by_id: Option<i32>,
    /// `planned` or `emergency`.
    pub kind: String,
    /// The nights, each the night that begins on the date.
    pub first_night: Date,
    pub last_night: Date,
    pub proposed_first_night: Option<Date>,
    pub proposed_last_night: Option<Date>,
    /// A `SleepoverState`'s stored name.
    pub state: String,
    /// What the hub needs to know: shown to the hub once accepted.
    pub note: String,
    pub decline_reason: Option<String>,
    pub answered_at: Option<DateTimeUtc>,
    pub escalated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The hub home that accepted it: only its carers read the note.
    pub hub_carer_household_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
