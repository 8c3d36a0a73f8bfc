//! A household's application as its fostering service reads it, once sent
//! (a draft is the applicant's own). Health
//! answers are special category data: only the roles that assess and decide
//! read them, and every read of the application, and of them, is recorded.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::entities::{application, application_section};
use super::form::{SectionAnswers, TaskStatus, section_answers};
use super::sections::Section;
use crate::accounts::Role;
use crate::audit::{Subject, record_access};
use crate::recruitment::entities::household;
use crate::{Actor, Ctx, DomainError};

/// Who in the household's organisation reads its application.
pub const READ_BY: &[Role] = &[
    Role::RecruitmentOfficer,
    Role::RecruitmentManager,
    Role::AssessingSocialWorker,
    Role::PanelAdministrator,
    Role::AgencyDecisionMaker,
];

/// Who of them also reads the health answers: those who assess and decide.
pub const HEALTH_READ_BY: &[Role] = &[
    Role::AssessingSocialWorker,
    Role::PanelAdministrator,
    Role::AgencyDecisionMaker,
];

/// A section as staff see it: its answers, or withheld from this reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffSection {
    pub section: Section,
    pub status: TaskStatus,
    /// `None` when this reader's role may not see it.
    pub answers: Option<SectionAnswers>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffApplication {
    pub household_id: i32,
    pub household: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub sections: Vec<StaffSection>,
}

/// The household's application, for the staff of its organisation whose
/// role needs it; anyone else is told it is not there.
pub async fn household_application(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
) -> Result<StaffApplication, DomainError> {
    if matches!(actor, Actor::Anonymous) {
        return Err(DomainError::Unauthenticated);
    }
    let household = household::Entity::find_by_id(household_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !actor.holds_any_of(household.organisation_id, READ_BY) {
        return Err(DomainError::NotFound);
    }
    // A draft is the applicant's own until they send it.
    let application = application::Entity::find()
        .filter(application::Column::HouseholdId.eq(household.id))
        .one(&ctx.db)
        .await?
        .filter(|a| a.submitted_at.is_some())
        .ok_or(DomainError::NotFound)?;
    let stored = application_section::Entity::find()
        .filter(application_section::Column::ApplicationId.eq(application.id))
        .all(&ctx.db)
        .await?;
    let reads_health = actor.holds_any_of(household.organisation_id, HEALTH_READ_BY);
    let organisation = household.organisation_id;
    record_access(
        ctx,
        actor,
        organisation,
        Subject::Application,
        Some(household.id),
    )
    .await?;
    if reads_health {
        record_access(
            ctx,
            actor,
            organisation,
            Subject::ApplicationHealth,
            Some(household.id),
        )
        .await?;
    }
    let joint = super::joint::is_joint(&ctx.db, household.id).await?;
    let sections = Section::of_application(joint)
        .map(|section| {
            let row = stored.iter().find(|s| s.section == section.as_str());
            let status = match row {
                None => TaskStatus::NotStarted,
                Some(row) if row.completed => TaskStatus::Completed,
                Some(_) => TaskStatus::InProgress,
            };
            let answers = if section.special_category() && !reads_health {
                None
            } else {
                Some(section_answers(section, row)?)
            };
            Ok(StaffSection {
                section,
                status,
                answers,
            })
        })
        .collect::<Result<_, DomainError>>()?;
    Ok(StaffApplication {
        household_id: household.id,
        household: household.name,
        submitted_at: application.submitted_at,
        sections,
    })
}
