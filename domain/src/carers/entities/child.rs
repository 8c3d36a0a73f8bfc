use sea_orm::entity::prelude::*;

/// A child in the care of a carer household, kept with the least that
/// serves: a first name and a family-name initial, never more.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "children")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The fostering service that recorded the child.
    pub organisation_id: i32,
    pub first_name: String,
    pub family_initial: String,
    pub date_of_birth: Date,
    pub placing_authority_id: i32,
    pub placing_reference: String,
    pub social_worker_id: Option<i32>,
    pub social_worker_name: Option<String>,
    pub social_worker_email: Option<String>,
    /// A `LegalBasis`'s stored name.
    pub legal_basis: String,
    pub parent_agreement_by: Option<String>,
    pub parent_agreement_on: Option<Date>,
    pub created_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
