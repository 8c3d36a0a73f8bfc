use sea_orm::entity::prelude::*;

/// A document uploaded to a household's application or its assessment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub household_id: i32,
    /// An `AttachedTo`'s stored form.
    pub attached_to: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub stored_as: String,
    pub uploaded_by_id: Option<i32>,
    pub by_household: bool,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
