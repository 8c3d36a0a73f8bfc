use sea_orm::entity::prelude::*;

/// A group's regular sessions: weekly, or monthly on the nth weekday, at a
/// London time. Sessions are made from it ahead of time.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kinship_series")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub group_id: i32,
    pub title: String,
    /// A `Repeats`'s stored name.
    pub repeats: String,
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: i32,
    /// Monthly: the 1st to 4th such weekday, or 5 for the last.
    pub week_of_month: Option<i32>,
    /// London time, `HH:MM`.
    pub starts_at: String,
    pub minutes: i32,
    pub capacity: i32,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub made_until: Option<Date>,
    pub created_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub stopped_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
