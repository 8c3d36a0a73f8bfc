use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "regions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub gss_code: String,
    pub name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::local_authority::Entity")]
    LocalAuthority,
}

impl Related<super::local_authority::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAuthority.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
