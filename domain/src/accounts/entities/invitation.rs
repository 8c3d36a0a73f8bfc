use sea_orm::entity::prelude::*;

/// An invitation to a member of staff: the role is theirs once they accept
/// it. For someone new, the emailed link lets them choose a password, which
/// accepts it; someone with an account accepts or declines once signed in.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    /// The SHA-256 of the link's token, in hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub person_id: i32,
    pub organisation_id: i32,
    /// A `Role`'s stored name.
    pub role: String,
    pub invited_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    /// The name the administrator typed: what they see of the invitation.
    pub name: String,
    pub declined_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
