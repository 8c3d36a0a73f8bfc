use sea_orm::entity::prelude::*;

/// One household's answers to the optional equality questions: special
/// category data, only ever shown to staff as counts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "equality_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub household_id: i32,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub ethnicity: Option<String>,
    pub religion: Option<String>,
    pub disability: Option<String>,
    pub sexual_orientation: Option<String>,
    pub created_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
