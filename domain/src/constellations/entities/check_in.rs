use sea_orm::entity::prelude::*;

/// The hub carer's contact with a satellite family.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "check_ins")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub constellation_id: i32,
    pub carer_household_id: i32,
    /// A `Contact`'s stored name.
    pub contact: String,
    pub contacted_on: Date,
    /// A few words; never children's details.
    pub note: Option<String>,
    pub recorded_by_id: Option<i32>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
