use sea_orm::entity::prelude::*;

/// A second applicant who shares a household's application, once they
/// accept the first applicant's invitation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "joint_applicants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub household_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: i32,
    /// As the first applicant typed it.
    pub name: String,
    pub added_at: DateTimeUtc,
    pub added_by_id: Option<i32>,
    /// Until the partner accepts, they are not part of the application.
    pub accepted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
