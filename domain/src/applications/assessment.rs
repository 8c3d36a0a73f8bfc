//! Stage 2, the assessment: an assessing social worker assigned to the
//! household, the assessment report's (Form F) sections tracked to
//! completion, and the visits made.

use chrono::NaiveDate;
use chrono_tz::Europe::London;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::entities::{assessment, assessment_section, assessment_visit};
use crate::accounts::entities::person;
use crate::accounts::people_holding;
use crate::names::stored_names;
use crate::policy::{Permission, household_for};
use crate::recruitment::entities::household;
use crate::recruitment::funnel::{Stage, State};
use crate::recruitment::state_of;
use crate::{Actor, Ctx, DomainError, FieldError};

/// The sections of the assessment report (Form F), in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportSection {
    Background,
    HouseholdAndFamily,
    HomeAndNeighbourhood,
    Health,
    SupportNetwork,
    ParentingExperience,
    Competencies,
    ChecksAndReferences,
    Analysis,
}

stored_names!(ReportSection {
    Background => "background", "The applicants and their background",
    HouseholdAndFamily => "household_and_family", "The household and family",
    HomeAndNeighbourhood => "home_and_neighbourhood", "The home and neighbourhood",
    Health => "health", "Health",
    SupportNetwork => "support_network", "Support network",
    ParentingExperience => "parenting_experience", "Experience of caring for children",
    Competencies => "competencies", "Competencies: caring, working with others, safeguarding",
    ChecksAndReferences => "checks_and_references", "Checks and references",
    Analysis => "analysis", "Analysis and recommendation",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportStatus {
    NotStarted,
    InProgress,
    Complete,
}

stored_names!(ReportStatus {
    NotStarted => "not_started", "Not started",
    InProgress => "in_progress", "In progress",
    Complete => "complete", "Complete",
});

/// A household's assessment as staff see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssessmentView {
    pub household_id: i32,
    pub household: String,
    pub assessor: Option<(i32, String)>,
    /// Who may be assigned: the organisation's assessing social workers.
    pub assessors: Vec<(i32, String)>,
    pub sections: Vec<(ReportSection, ReportStatus)>,
    /// Date, by whom, note: oldest first.
    pub visits: Vec<(NaiveDate, Option<String>, String)>,
}

/// The assessment can be worked once the household is in Stage 2.
fn in_stage_two(row: &household::Model) -> Result<(), DomainError> {
    if state_of(row)? == State::Open(Stage::Assessment) {
        Ok(())
    } else {
        Err(DomainError::Conflict(
            "The assessment is worked once the household is in Stage 2".into(),
        ))
    }
}

async fn assessors_of(ctx: &Ctx, organisation_id: i32) -> Result<Vec<(i32, String)>, DomainError> {
    Ok(people_holding(&ctx.db, organisation_id, Permission::Assess)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

/// The household's assessment: its assessor, report sections and visits.
pub async fn household_assessment(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
) -> Result<AssessmentView, DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::WorkAssessment).await?;
    let assessors = assessors_of(ctx, row.organisation_id).await?;
    let assigned = assessment::Entity::find_by_id(row.id)
        .one(&ctx.db)
        .await?
        .and_then(|a| a.assessor_id);
    let statuses = assessment_section::Entity::find()
        .filter(assessment_section::Column::HouseholdId.eq(row.id))
        .all(&ctx.db)
        .await?;
    let visits = assessment_visit::Entity::find()
        .filter(assessment_visit::Column::HouseholdId.eq(row.id))
        .order_by_asc(assessment_visit::Column::VisitedOn)
        .all(&ctx.db)
        .await?;
    let visitors = person::Entity::find()
        .filter(person::Column::Id.is_in(visits.iter().filter_map(|v| v.by_id)))
        .all(&ctx.db)
        .await?;
    let assessor = match assigned {
        Some(id) => person::Entity::find_by_id(id)
            .one(&ctx.db)
            .await?
            .map(|p| (p.id, p.name)),
        None => None,
    };
    Ok(AssessmentView {
        household_id: row.id,
        household: row.name,
        assessor,
        assessors,
        sections: ReportSection::ALL
            .iter()
            .map(|section| {
                let status = statuses
                    .iter()
                    .find(|s| s.section == section.as_str())
                    .map_or(Ok(ReportStatus::NotStarted), |s| {
                        ReportStatus::from_stored(&s.status)
                    })?;
                Ok((*section, status))
            })
            .collect::<Result<_, DomainError>>()?,
        visits: visits
            .into_iter()
            .map(|v| {
                let by = visitors
                    .iter()
                    .find(|p| Some(p.id) == v.by_id)
                    .map(|p| p.name.clone());
                (v.visited_on, by, v.note)
            })
            .collect(),
    })
}

/// Assigns one of the organisation's assessing social workers.
pub async fn assign_assessor(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    assessor_id: Option<i32>,
) -> Result<(), DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::WorkAssessment).await?;
    in_stage_two(&row)?;
    let assessors = assessors_of(ctx, row.organisation_id).await?;
    let Some(assessor) = assessor_id.filter(|id| assessors.iter().any(|(a, _)| a == id)) else {
        return Err(DomainError::invalid(
            "assessor",
            "Select one of your assessing social workers",
        ));
    };
    assessment::Entity::insert(assessment::ActiveModel {
        household_id: Set(row.id),
        assessor_id: Set(Some(assessor)),
        assigned_at: Set(ctx.clock.now()),
        assigned_by_id: Set(actor.person_id()),
    })
    .on_conflict(
        OnConflict::column(assessment::Column::HouseholdId)
            .update_columns([
                assessment::Column::AssessorId,
                assessment::Column::AssignedAt,
                assessment::Column::AssignedById,
            ])
            .to_owned(),
    )
    .exec_without_returning(&ctx.db)
    .await?;
    Ok(())
}

/// Records where a section of the report is.
pub async fn set_report_section(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    section: Option<ReportSection>,
    status: Option<ReportStatus>,
) -> Result<(), DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::WorkAssessment).await?;
    in_stage_two(&row)?;
    let mut errors = Vec::new();
    if section.is_none() {
        errors.push(FieldError::new("section", "Select a section of the report"));
    }
    if status.is_none() {
        errors.push(FieldError::new("status", "Select where the section is"));
    }
    let (Some(section), Some(status), true) = (section, status, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    assessment_section::Entity::insert(assessment_section::ActiveModel {
        household_id: Set(row.id),
        section: Set(section.as_str().to_owned()),
        status: Set(status.as_str().to_owned()),
        updated_at: Set(ctx.clock.now()),
        updated_by_id: Set(actor.person_id()),
    })
    .on_conflict(
        OnConflict::columns([
            assessment_section::Column::HouseholdId,
            assessment_section::Column::Section,
        ])
        .update_columns([
            assessment_section::Column::Status,
            assessment_section::Column::UpdatedAt,
            assessment_section::Column::UpdatedById,
        ])
        .to_owned(),
    )
    .exec_without_returning(&ctx.db)
    .await?;
    Ok(())
}

/// Logs an assessment visit: on a day not in the future, with a note.
pub async fn log_assessment_visit(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    on: Option<NaiveDate>,
    note: &str,
) -> Result<(), DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::WorkAssessment).await?;
    in_stage_two(&row)?;
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let mut errors = Vec::new();
    match on {
        None => errors.push(FieldError::new("visited_on", "Enter the date of the visit")),
        Some(day) if day > today => errors.push(FieldError::new(
            "visited_on",
            "The visit's date must be today or earlier",
        )),
        Some(_) => {}
    }
    let note = note.trim();
    if note.is_empty() {
        errors.push(FieldError::new("note", "Say what the visit covered"));
    } else if note.chars().count() > 2_000 {
        errors.push(FieldError::new("note", crate::text::too_long(2000)));
    }
    let (Some(on), true) = (on, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    assessment_visit::ActiveModel {
        id: NotSet,
        household_id: Set(row.id),
        visited_on: Set(on),
        by_id: Set(actor.person_id()),
        note: Set(note.to_owned()),
    }
    .insert(&ctx.db)
    .await?;
    Ok(())
}

/// The applicant's assessing social worker, for their own page.
pub(crate) async fn assessor_name(
    conn: &impl sea_orm::ConnectionTrait,
    household_id: i32,
) -> Result<Option<String>, DomainError> {
    let Some(id) = assessment::Entity::find_by_id(household_id)
        .one(conn)
        .await?
        .and_then(|a| a.assessor_id)
    else {
        return Ok(None);
    };
    Ok(person::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(|p| p.name))
}
