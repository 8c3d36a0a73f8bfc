use sea_orm::entity::prelude::*;

/// One look by staff (or an API token) at an organisation's personal records.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTimeUtc,
    pub person_id: Option<i32>,
    pub api_token_id: Option<i32>,
    pub organisation_id: i32,
    /// A `Subject`'s stored name.
    pub subject: String,
    pub subject_id: Option<i32>,
    /// The last read of the window; `at` is the first.
    pub last_at: Option<DateTimeUtc>,
    /// How many reads this row stands for.
    pub reads: i32,
    /// Who read, as the window's key: `person:12` or `token:3`.
    pub reader: String,
    /// `subject_id`, or 0: the window's key.
    pub subject_key: i32,
    /// The start of the five minutes the reads fell in.
    pub window_start: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
