use sea_orm::entity::prelude::*;

/// A reason an organisation's managers added to one of the standard lists:
/// why enquiries close (`closure`), why carer households leave (`leaving`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "closure_reasons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    /// The list it is on.
    pub list: String,
    pub label: String,
    pub created_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub retired_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
