use sea_orm::entity::prelude::*;

/// A postcode district with the authority most of its postcodes fall in.
/// Scottish and Welsh districts are kept, with their own council, so Hearth
/// can tell someone there that it serves England, rather than not know them.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "postcode_districts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub outcode: String,
    pub postcode_area: String,
    pub latitude: f64,
    pub longitude: f64,
    pub country: String,
    pub authority_gss_code: String,
    pub authority_name: String,
    /// The share (0 to 1) of the district's postcodes in that authority.
    pub authority_share: f64,
    pub postcode_units: i32,
    /// Set for English districts: the children's services authority.
    pub local_authority_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::local_authority::Entity",
        from = "Column::LocalAuthorityId",
        to = "super::local_authority::Column::Id"
    )]
    LocalAuthority,
}

impl Related<super::local_authority::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAuthority.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
