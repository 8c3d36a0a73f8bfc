use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Lower case, so one address is one account whatever its spelling.
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// An argon2id PHC string; none for someone who signs in by email only.
    pub password_hash: Option<String>,
    /// When the account was locked (it cannot sign in), and why.
    pub deactivated_at: Option<DateTimeUtc>,
    pub lock_reason: Option<String>,
    /// Staff's work telephone number, which the households they are the
    /// contact for see; none until they give it.
    pub work_phone: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
