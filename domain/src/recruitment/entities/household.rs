use sea_orm::entity::prelude::*;

/// A household that has enquired about fostering, where it is in the funnel.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "households")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The fostering service whose queue it is in.
    pub organisation_id: i32,
    /// `open`, `on_hold` or `closed`.
    pub status: String,
    /// A `Stage`'s stored name: where it is, or was when held or closed.
    pub stage: String,
    /// A `Closure`'s stored name, when closed.
    pub closure: Option<String>,
    pub on_hold_until: Option<Date>,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub local_authority_id: Option<i32>,
    pub routing_to_check: bool,
    pub best_time_to_call: String,
    /// `FosteringKind` stored names, as a JSON list.
    pub interests: String,
    pub heard_about: Option<String>,
    pub consent_to_contact: bool,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_term: Option<String>,
    pub utm_content: Option<String>,
    pub first_contact_due_at: Option<DateTimeUtc>,
    pub first_contact_at: Option<DateTimeUtc>,
    pub owner_id: Option<i32>,
    pub next_action_on: Option<Date>,
    /// The account the household signs in with.
    pub person_id: Option<i32>,
    pub last_enquiry_at: DateTimeUtc,
    /// For an enquiry from a known and trusted adult: the child's initials.
    pub known_adult_for: Option<String>,
    /// The local authority's reference for that child.
    pub child_reference: Option<String>,
    /// Who the adult is to the child.
    pub relationship: Option<String>,
    /// The child's social worker who recorded the adult.
    pub referred_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When it is late, while its clocks run (`queue_position`).
    pub due_at: Option<DateTimeUtc>,
    /// Digits that sort its organisation's queue (`queue_position`).
    pub queue_key: String,
    /// The telephone number as digits in national form.
    pub phone_digits: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
