use sea_orm::entity::prelude::*;

/// One move of a record of a small workflow. Rows are only ever added.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workflow_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// A `Workflow`'s stored name: which table `record_id` is in.
    pub workflow: String,
    pub record_id: i32,
    /// The household the record belongs to, if it is a household's: a
    /// kinship carer's membership of a group or a concern is not.
    pub household_id: Option<i32>,
    pub at: DateTimeUtc,
    /// Who moved it: none for a referee, the household or Hearth.
    pub actor_id: Option<i32>,
    pub event: String,
    pub from_state: String,
    pub to_state: String,
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
