use sea_orm::entity::prelude::*;

/// An information event an organisation holds for people thinking about
/// fostering.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "information_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub title: String,
    pub description: String,
    /// An `EventPurpose`'s stored name.
    pub purpose: String,
    /// An `EventFormat`'s stored name.
    pub format: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub venue: Option<String>,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub joining_link: Option<String>,
    pub capacity: i32,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
