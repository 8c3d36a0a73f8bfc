use sea_orm::entity::prelude::*;

/// A household approved to foster (or temporarily approved as a connected
/// person), as its service keeps it after the decision.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "carer_households")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub household_id: i32,
    pub organisation_id: i32,
    pub approved_on: Date,
    pub connected_person: bool,
    /// The terms of approval; none while only temporarily approved.
    pub children: Option<i32>,
    pub age_from: Option<i32>,
    pub age_to: Option<i32>,
    /// Kinds of fostering approved for, as a JSON list of stored names.
    pub kinds: Option<String>,
    pub supervising_social_worker_id: Option<i32>,
    pub review_due_on: Date,
    pub left_on: Option<Date>,
    /// A `LeavingEnding`'s stored name: what Ofsted counts.
    pub leaving_ending: Option<String>,
    /// The reason chosen: a standard reason's stored name or `added:{id}`.
    pub leaving_reason: Option<String>,
    /// The service's own reference, for a household it imported.
    pub service_reference: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
