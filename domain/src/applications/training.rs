//! Preparation training ("Skills to Foster"): courses the service publishes
//! as events for applicants only, which an applicant books from their
//! application; staff record who came on the course's page.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::form::applicants_household;
use crate::recruitment::entities::{event_registration, information_event};
use crate::recruitment::event_registrations::{NewRegistration, register_for};
use crate::recruitment::events::{EventPurpose, EventSummary, upcoming_training};
use crate::recruitment::funnel::{Stage, State};
use crate::recruitment::state_of;
use crate::{Actor, Ctx, DomainError};

/// A course as the applicant sees it: booked by their household or not.
#[derive(Clone, Debug, PartialEq)]
pub struct Course {
    pub event: EventSummary,
    pub booked: bool,
}

/// The upcoming courses of the applicant's service, once they have applied.
pub async fn own_training(ctx: &Ctx, actor: &Actor) -> Result<Vec<Course>, DomainError> {
    let household = applicants_household(ctx, actor).await?;
    if !matches!(
        state_of(&household)?,
        State::Open(Stage::ApplicationSubmitted | Stage::Assessment)
    ) {
        return Ok(Vec::new());
    }
    let booked: Vec<i32> = event_registration::Entity::find()
        .filter(event_registration::Column::HouseholdId.eq(household.id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| r.event_id)
        .collect();
    Ok(upcoming_training(ctx, household.organisation_id)
        .await?
        .into_iter()
        .map(|event| Course {
            booked: booked.contains(&event.id),
            event,
        })
        .collect())
}

/// Books the applicant's household onto one of its service's courses.
pub async fn book_training(ctx: &Ctx, actor: &Actor, event_id: i32) -> Result<(), DomainError> {
    let household = applicants_household(ctx, actor).await?;
    if !matches!(
        state_of(&household)?,
        State::Open(Stage::ApplicationSubmitted | Stage::Assessment)
    ) {
        return Err(DomainError::Conflict(
            "Preparation training is booked once your application has been sent".into(),
        ));
    }
    let course = information_event::Entity::find_by_id(event_id)
        .one(&ctx.db)
        .await?
        .filter(|e| {
            e.organisation_id == household.organisation_id
                && e.purpose == EventPurpose::Training.as_str()
        })
        .ok_or(DomainError::NotFound)?;
    let registration = NewRegistration {
        name: household.name.clone(),
        email: household.email.clone(),
        trap: String::new(),
    };
    let client = format!("applicant:{}", actor.person_id().unwrap_or_default());
    register_for(
        ctx,
        course.id,
        &registration,
        &client,
        EventPurpose::Training,
    )
    .await
}
