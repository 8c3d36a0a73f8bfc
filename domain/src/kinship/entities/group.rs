use sea_orm::entity::prelude::*;

/// A kinship carer group an organisation runs.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "kinship_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub name: String,
    pub about: String,
    /// A `GroupFormat`'s stored name.
    pub format: String,
    /// A `ForWhom`'s stored name.
    pub for_whom: String,
    pub children_welcome: bool,
    pub venue: Option<String>,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// For its members only.
    pub joining_link: Option<String>,
    /// A `Serves`'s stored name.
    pub serves: String,
    pub region_code: Option<String>,
    pub agreement: String,
    pub created_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
