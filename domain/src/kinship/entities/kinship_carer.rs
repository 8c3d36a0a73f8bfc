use sea_orm::entity::prelude::*;

/// Someone registered as a kinship carer: their arrangement, their area
/// and how many children, never the children's names or details.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kinship_carers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: i32,
    /// An `Arrangement`'s stored name.
    pub arrangement: String,
    pub outcode: String,
    pub local_authority_id: Option<i32>,
    pub children: i32,
    pub registered_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
