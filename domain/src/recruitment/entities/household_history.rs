use sea_orm::entity::prelude::*;

/// One move of a household through the funnel. Rows are only ever added.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "household_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub household_id: i32,
    pub at: DateTimeUtc,
    /// Who moved it: none for the household itself or Hearth.
    pub actor_id: Option<i32>,
    /// What happened, such as `enquired` or `withdrew`.
    pub event: String,
    /// None for the first row, the enquiry itself.
    pub from_status: Option<String>,
    pub from_stage: Option<String>,
    pub to_status: String,
    pub to_stage: String,
    pub reason_code: Option<String>,
    pub reason_text: Option<String>,
    /// For a `reassigned` row: the service it left, and the one it went to.
    pub from_organisation_id: Option<i32>,
    pub to_organisation_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
