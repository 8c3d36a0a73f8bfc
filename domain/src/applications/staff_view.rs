//! A household's application as its fostering service reads it, once sent
//! (a draft is the applicant's own). Health
//! answers are special category data: only the roles that assess and decide
//! read them, and every read of the application, and of them, is recorded.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::entities::{application, application_section};
use super::form::{SectionAnswers, TaskStatus, section_answers};
use super::sections::Section;
use crate::audit::{Subject, record_access};
use crate::policy::{Permission, household_for};
use crate::{Actor, Ctx, DomainError};

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
    let household = household_for(ctx, actor, household_id, Permission::ReadApplication).await?;
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
    let reads_health = actor.may(Permission::ReadHealthAnswers, household.organisation_id);
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
