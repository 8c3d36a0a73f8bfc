use sea_orm::entity::prelude::*;

/// A kinship carer's request to join a group, and their membership once
/// accepted. Kept after they leave or are declined.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kinship_memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub group_id: i32,
    pub person_id: i32,
    /// A `MembershipState`'s stored name.
    pub state: String,
    pub asked_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    pub agreement_accepted_at: Option<DateTimeUtc>,
    pub left_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
