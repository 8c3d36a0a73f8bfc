use sea_orm::entity::prelude::*;

/// A bearer token for a machine client, with the rights of one role in one
/// organisation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    /// The SHA-256 of the token, in hex.
    #[sea_orm(unique)]
    pub token_hash: String,
    pub organisation_id: i32,
    /// A `Role`'s stored name.
    pub role: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
