use sea_orm::entity::prelude::*;

/// One Stage 1 check on one person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stage_one_checks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub household_id: i32,
    pub person: String,
    /// A `CheckKind`'s stored name.
    pub kind: String,
    /// A `CheckStatus`'s stored name.
    pub status: String,
    pub due_on: Date,
    pub requested_on: Option<Date>,
    pub done_on: Option<Date>,
    /// A `CheckOutcome`'s stored name, once done.
    pub outcome: Option<String>,
    pub note: Option<String>,
    pub updated_by_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
