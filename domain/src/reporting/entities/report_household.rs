use sea_orm::entity::prelude::*;

/// One household's facts, as reports count them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_households")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub household_id: i32,
    /// The organisation it is with now.
    pub organisation_id: i32,
    pub local_authority_id: Option<i32>,
    pub region_id: Option<i32>,
    pub first_at: DateTimeUtc,
    /// The London date of its first row: the cohort it belongs to.
    pub first_on: Date,
    pub known_adult: bool,
    pub connected_person: bool,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub heard_about: Option<String>,
    /// The kinds of fostering it is interested in, one bit each
    /// (`summaries::interest_bit`).
    pub interests: i32,
    /// The furthest stage it reached, as its place in `Stage::ALL`.
    pub furthest: i32,
    pub attended_event: bool,
    /// Minutes from its first row to its first contact.
    pub first_contact_minutes: Option<i32>,
    /// Whether that contact came by the service's deadline.
    pub first_contact_met: Option<bool>,
    pub applied_on: Option<Date>,
    pub stage_two_on: Option<Date>,
    pub panel_on: Option<Date>,
    pub approved_on: Option<Date>,
    /// Days from its first row to approval, less time on hold or closed.
    pub days_to_approval: Option<i32>,
    /// Whether its last move closed it: the pipeline is those not closed.
    pub closed_now: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::recruitment::entities::household::Entity",
        from = "Column::HouseholdId",
        to = "crate::recruitment::entities::household::Column::Id"
    )]
    Household,
    /// Its optional equality answers, if it has a row for them.
    #[sea_orm(
        belongs_to = "crate::recruitment::entities::equality_answers::Entity",
        from = "Column::HouseholdId",
        to = "crate::recruitment::entities::equality_answers::Column::HouseholdId"
    )]
    EqualityAnswers,
}

impl ActiveModelBehavior for ActiveModel {}
