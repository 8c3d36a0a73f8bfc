use sea_orm::entity::prelude::*;

/// What an organisation tells the public about itself, and its settings.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: i32,
    pub about: String,
    pub phone: String,
    /// Where carers ring out of hours, such as for an emergency
    /// sleepover at night.
    pub out_of_hours_phone: String,
    /// A council's kinship local offer: a link, starting https://.
    pub kinship_local_offer: String,
    pub email: String,
    pub website: String,
    pub address: String,
    /// `FosteringKind` stored names, as a JSON list, most needed first.
    pub homes_needed: String,
    pub first_contact_working_days: i32,
    pub stage_one_months: i32,
    pub stage_two_months: i32,
    pub panel_months: i32,
    pub updated_at: DateTimeUtc,
    pub updated_by_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
