//! A service's peer support settings, kept by its coordinators: whether
//! everyone invited to apply is offered a supporter (Kent's model), how
//! long before a meeting it may still be moved or cancelled, how many
//! meetings a month a pair is expected to have, whether mileage is paid,
//! and the mentoring agreement both sides accept.

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use super::entities::settings;
use crate::policy::Permission;
use crate::text::bounded;
use crate::{Actor, Ctx, DomainError, FieldError};

/// The agreement for a service that has not written its own.
pub const STANDARD_AGREEMENT: &str = "We will meet at the times we book, and say \
as early as we can if we cannot make one. What we talk about stays between us, except \
where a child or anyone else may be at risk of harm: then either of us tells the \
service, using \"I'm worried\". The supporter shares their own experience; they do \
not assess, advise on the application or speak for the service. Either of us can ask \
the coordinator to end the match at any time, without giving a reason.";

const MAX_AGREEMENT: usize = 5_000;
const MOST_NOTICE_HOURS: i32 = 72;
const MOST_MEETINGS_A_MONTH: i32 = 8;

/// The settings as they apply: stored, or the defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeerSupportSettings {
    pub mentor_at_invitation: bool,
    pub change_notice_hours: i32,
    pub meetings_a_month: i32,
    pub pays_mileage: bool,
    /// The service's own words; empty for the standard agreement.
    pub own_agreement: String,
}

impl Default for PeerSupportSettings {
    fn default() -> Self {
        Self {
            mentor_at_invitation: false,
            change_notice_hours: 2,
            meetings_a_month: 2,
            pays_mileage: false,
            own_agreement: String::new(),
        }
    }
}

impl PeerSupportSettings {
    /// The agreement both sides accept.
    pub fn agreement(&self) -> &str {
        if self.own_agreement.is_empty() {
            STANDARD_AGREEMENT
        } else {
            &self.own_agreement
        }
    }
}

impl From<settings::Model> for PeerSupportSettings {
    fn from(row: settings::Model) -> Self {
        Self {
            mentor_at_invitation: row.mentor_at_invitation,
            change_notice_hours: row.change_notice_hours,
            meetings_a_month: row.meetings_a_month,
            pays_mileage: row.pays_mileage,
            own_agreement: row.agreement,
        }
    }
}

/// The organisation's settings, for use cases that apply them.
pub(crate) async fn settings_of(
    conn: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<PeerSupportSettings, DomainError> {
    Ok(settings::Entity::find_by_id(organisation_id)
        .one(conn)
        .await?
        .map(PeerSupportSettings::from)
        .unwrap_or_default())
}

/// The settings, for the organisation's coordinators.
pub async fn peer_support_settings(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<PeerSupportSettings, DomainError> {
    actor.require(Permission::CoordinatePeerSupport, organisation_id)?;
    settings_of(&ctx.db, organisation_id).await
}

/// Saves the settings; the hours and meetings must be given, in range.
pub async fn save_peer_support_settings(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    input: &PeerSupportSettings,
) -> Result<(), DomainError> {
    actor.require(Permission::CoordinatePeerSupport, organisation_id)?;
    let mut errors = Vec::new();
    if !(0..=MOST_NOTICE_HOURS).contains(&input.change_notice_hours) {
        errors.push(FieldError::new(
            "change_notice_hours",
            format!("Enter the hours of notice, from 0 to {MOST_NOTICE_HOURS}"),
        ));
    }
    if !(1..=MOST_MEETINGS_A_MONTH).contains(&input.meetings_a_month) {
        errors.push(FieldError::new(
            "meetings_a_month",
            format!("Enter the meetings expected a month, from 1 to {MOST_MEETINGS_A_MONTH}"),
        ));
    }
    let agreement = bounded(
        &mut errors,
        "agreement",
        &input.own_agreement,
        MAX_AGREEMENT,
        None,
    );
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let existing = settings::Entity::find_by_id(organisation_id)
        .one(&*txn)
        .await?;
    let row = settings::ActiveModel {
        organisation_id: Set(organisation_id),
        mentor_at_invitation: Set(input.mentor_at_invitation),
        change_notice_hours: Set(input.change_notice_hours),
        meetings_a_month: Set(input.meetings_a_month),
        pays_mileage: Set(input.pays_mileage),
        agreement: Set(agreement),
        updated_at: Set(now),
        updated_by_id: Set(actor.person_id()),
    };
    if existing.is_some() {
        row.update(&*txn).await?;
    } else {
        row.insert(&*txn).await?;
    }
    txn.commit().await?;
    Ok(())
}
