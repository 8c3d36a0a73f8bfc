//! The applicant's side of the application: the task list, each section
//! saved as it is filled in (half done, or completed), "check your answers",
//! and sending it, which moves the household on in the funnel.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::entities::{application, application_section};
use super::joint::{applicant_names, households_of, invited_name, is_joint};
use super::references::request_references;
use super::sections::{Answers, Section, check_answers, check_people};
use super::stage_one::list_checks;
use crate::accounts::entities::organisation;
use crate::jobs::enqueue;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::recruitment::entities::household;
use crate::recruitment::funnel::{Event, Stage, State};
use crate::recruitment::{locked_household, move_in_funnel, state_of};
use crate::{Actor, Ctx, DomainError, FieldError};

/// Where a section of the task list is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Completed,
}

/// The applicant's application, as the task list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnApplication {
    pub household_id: i32,
    pub organisation: String,
    pub sections: Vec<(Section, TaskStatus)>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Everyone applying: the person who enquired, then a joint applicant.
    pub applicants: Vec<String>,
    /// A partner invited to apply jointly who has not yet accepted.
    pub invited: Option<String>,
    /// The person who enquired may still change who applies with them.
    pub may_change_joint: bool,
    /// ... and may invite a joint applicant.
    pub may_add_joint: bool,
}

impl OwnApplication {
    pub fn completed(&self) -> usize {
        self.sections
            .iter()
            .filter(|(_, status)| *status == TaskStatus::Completed)
            .count()
    }
}

/// The signed-in person's household that has been invited to apply (or has
/// applied). Anyone else has no application to see.
pub(super) async fn applicants_household(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<household::Model, DomainError> {
    let person_id = actor.require_person()?;
    for row in households_of(&ctx.db, person_id).await? {
        if matches!(state_of(&row)?, State::Open(stage) if stage.invited_to_apply()) {
            return Ok(row);
        }
    }
    Err(DomainError::NotFound)
}

async fn stored_sections(
    conn: &impl ConnectionTrait,
    application_id: Option<i32>,
) -> Result<Vec<application_section::Model>, DomainError> {
    let Some(id) = application_id else {
        return Ok(Vec::new());
    };
    Ok(application_section::Entity::find()
        .filter(application_section::Column::ApplicationId.eq(id))
        .all(conn)
        .await?)
}

/// The applicant's task list.
pub async fn own_application(ctx: &Ctx, actor: &Actor) -> Result<OwnApplication, DomainError> {
    let household = applicants_household(ctx, actor).await?;
    let application = application::Entity::find()
        .filter(application::Column::HouseholdId.eq(household.id))
        .one(&ctx.db)
        .await?;
    let stored = stored_sections(&ctx.db, application.as_ref().map(|a| a.id)).await?;
    let organisation = organisation::Entity::find_by_id(household.organisation_id)
        .one(&ctx.db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let sections = Section::of_application(is_joint(&ctx.db, household.id).await?)
        .map(|section| {
            let status = match stored.iter().find(|s| s.section == section.as_str()) {
                None => TaskStatus::NotStarted,
                Some(row) if row.completed => TaskStatus::Completed,
                Some(_) => TaskStatus::InProgress,
            };
            (section, status)
        })
        .collect();
    let applicants = applicant_names(&ctx.db, &household).await?;
    let invited = invited_name(&ctx.db, household.id).await?;
    let submitted_at = application.and_then(|a| a.submitted_at);
    let may_change_joint = submitted_at.is_none() && household.person_id == actor.person_id();
    Ok(OwnApplication {
        may_add_joint: may_change_joint && applicants.len() == 1 && invited.is_none(),
        may_change_joint,
        invited,
        household_id: household.id,
        organisation,
        sections,
        submitted_at,
        applicants,
    })
}

/// What a section holds: answers to its questions, or a list of people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SectionAnswers {
    Single(Answers),
    People(Vec<Answers>),
}

pub(super) fn section_answers(
    section: Section,
    row: Option<&application_section::Model>,
) -> Result<SectionAnswers, DomainError> {
    let broken = |e: serde_json::Error| DomainError::Internal(Box::new(e));
    Ok(match (section.people(), row) {
        (Some(_), Some(row)) => {
            SectionAnswers::People(serde_json::from_str(&row.answers).map_err(broken)?)
        }
        (Some(_), None) => SectionAnswers::People(Vec::new()),
        (None, Some(row)) => {
            SectionAnswers::Single(serde_json::from_str(&row.answers).map_err(broken)?)
        }
        (None, None) => SectionAnswers::Single(Answers::new()),
    })
}

/// What the applicant has saved in each section, in order: for their own
/// pages and "check your answers".
pub async fn own_answers(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<(Section, SectionAnswers)>, DomainError> {
    let household = applicants_household(ctx, actor).await?;
    let application = application::Entity::find()
        .filter(application::Column::HouseholdId.eq(household.id))
        .one(&ctx.db)
        .await?;
    let stored = stored_sections(&ctx.db, application.map(|a| a.id)).await?;
    Section::of_application(is_joint(&ctx.db, household.id).await?)
        .map(|section| {
            let row = stored.iter().find(|s| s.section == section.as_str());
            Ok((section, section_answers(section, row)?))
        })
        .collect()
}

/// One section's saved answers.
pub async fn own_section(
    ctx: &Ctx,
    actor: &Actor,
    section: Section,
) -> Result<SectionAnswers, DomainError> {
    own_answers(ctx, actor)
        .await?
        .into_iter()
        .find(|(s, _)| *s == section)
        .map(|(_, answers)| answers)
        .ok_or(DomainError::NotFound)
}

/// Saves a section's answers: `complete` when the applicant says it is done
/// (every question that must be answered is), or half done to come back to.
/// Refused once the application has been sent.
pub async fn save_section(
    ctx: &Ctx,
    actor: &Actor,
    section: Section,
    sent: &Answers,
    complete: bool,
) -> Result<(), DomainError> {
    if section.people().is_some() {
        return Err(DomainError::invalid(
            "section",
            "This section lists people: add each one",
        ));
    }
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let answers =
        check_answers(section, sent, complete, today).map_err(DomainError::InvalidInput)?;
    let answers =
        serde_json::to_string(&answers).map_err(|e| DomainError::Internal(Box::new(e)))?;
    write_section(ctx, actor, section, |_| Ok((answers, complete))).await
}

/// The people a section's stored row lists.
fn people_of(
    section: Section,
    row: Option<&application_section::Model>,
) -> Result<Vec<Answers>, DomainError> {
    match section_answers(section, row)? {
        SectionAnswers::People(people) => Ok(people),
        SectionAnswers::Single(_) => Err(DomainError::NotFound),
    }
}

fn people_json(people: &[Answers]) -> Result<String, DomainError> {
    serde_json::to_string(people).map_err(|e| DomainError::Internal(Box::new(e)))
}

/// Adds a person to a section that lists people, or, with `index`, changes
/// one. Every question about them must be answered; the section is then in
/// progress until the applicant says the list is complete.
pub async fn save_person(
    ctx: &Ctx,
    actor: &Actor,
    section: Section,
    index: Option<usize>,
    sent: &Answers,
) -> Result<(), DomainError> {
    actor.require_signed_in()?;
    let list = section.people().ok_or(DomainError::NotFound)?;
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let person = check_answers(section, sent, true, today).map_err(DomainError::InvalidInput)?;
    write_section(ctx, actor, section, |row| {
        let mut people = people_of(section, row)?;
        match index {
            Some(i) => *people.get_mut(i).ok_or(DomainError::NotFound)? = person,
            None if people.len() >= list.most => {
                return Err(DomainError::invalid(
                    "people",
                    format!("You can add up to {} here", list.most),
                ));
            }
            None => people.push(person),
        }
        Ok((people_json(&people)?, false))
    })
    .await
}

/// Takes a person off a section's list.
pub async fn remove_person(
    ctx: &Ctx,
    actor: &Actor,
    section: Section,
    index: usize,
) -> Result<(), DomainError> {
    write_section(ctx, actor, section, |row| {
        let mut people = people_of(section, row)?;
        if index >= people.len() {
            return Err(DomainError::NotFound);
        }
        people.remove(index);
        Ok((people_json(&people)?, false))
    })
    .await
}

/// Says a section's list of people is complete (it may be empty, but for
/// referees).
pub async fn finish_people(ctx: &Ctx, actor: &Actor, section: Section) -> Result<(), DomainError> {
    write_section(ctx, actor, section, |row| {
        let people = people_of(section, row)?;
        check_people(section, &people).map_err(|e| DomainError::InvalidInput(vec![e]))?;
        Ok((people_json(&people)?, true))
    })
    .await
}

/// Stores a section's answers while the application can still be changed
/// (only before it is sent). `change` makes the new answers (as JSON) and
/// whether the section is complete from what is stored now: it runs inside
/// the transaction, with the household locked, so two tabs, or a save and a
/// send, are decided one after the other.
async fn write_section(
    ctx: &Ctx,
    actor: &Actor,
    section: Section,
    change: impl FnOnce(Option<&application_section::Model>) -> Result<(String, bool), DomainError>,
) -> Result<(), DomainError> {
    let household = applicants_household(ctx, actor).await?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let household = locked_household(&txn, household.id).await?;
    if state_of(&household)? != State::Open(Stage::ApplicationInvited) {
        return Err(DomainError::Conflict(
            "Your application has been sent: it can no longer be changed".into(),
        ));
    }
    application::Entity::insert(application::ActiveModel {
        id: NotSet,
        household_id: Set(household.id),
        started_at: Set(now),
        submitted_at: Set(None),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(application::Column::HouseholdId)
            .update_column(application::Column::UpdatedAt)
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let application = application::Entity::find()
        .filter(application::Column::HouseholdId.eq(household.id))
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let stored =
        application_section::Entity::find_by_id((application.id, section.as_str().to_owned()))
            .one(&txn)
            .await?;
    let (answers, complete) = change(stored.as_ref())?;
    application_section::Entity::insert(application_section::ActiveModel {
        application_id: Set(application.id),
        section: Set(section.as_str().to_owned()),
        answers: Set(answers),
        completed: Set(complete),
        updated_at: Set(now),
        updated_by_id: Set(actor.person_id()),
    })
    .on_conflict(
        OnConflict::columns([
            application_section::Column::ApplicationId,
            application_section::Column::Section,
        ])
        .update_columns([
            application_section::Column::Answers,
            application_section::Column::Completed,
            application_section::Column::UpdatedAt,
            application_section::Column::UpdatedById,
        ])
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Sends the application: every section must be completed. The household
/// moves to "application submitted" and is told what happens next.
pub async fn submit_application(ctx: &Ctx, actor: &Actor) -> Result<(), DomainError> {
    let household = applicants_household(ctx, actor).await?;
    let organisation = own_application(ctx, actor).await?.organisation;
    let now = ctx.clock.now();
    // Everything is read again with the household locked: a save in another
    // tab is either before this send, and sent, or after it, and refused.
    let txn = ctx.write().await?;
    let household = locked_household(&txn, household.id).await?;
    let application = application::Entity::find()
        .filter(application::Column::HouseholdId.eq(household.id))
        .one(&txn)
        .await?;
    let stored = stored_sections(&txn, application.map(|a| a.id)).await?;
    let row = |section: Section| stored.iter().find(|s| s.section == section.as_str());
    let joint = is_joint(&txn, household.id).await?;
    if let Some(partner) = invited_name(&txn, household.id).await? {
        return Err(DomainError::Conflict(format!(
            "{partner} has not yet accepted your invitation to apply jointly: ask them to sign in and accept it, or take them off your application"
        )));
    }
    let unfinished: Vec<FieldError> = Section::of_application(joint)
        .filter(|section| !row(*section).is_some_and(|r| r.completed))
        .map(|section| {
            FieldError::new(
                section.as_str(),
                format!(
                    "Complete \"{}\" before you send your application",
                    section.label()
                ),
            )
        })
        .collect();
    if !unfinished.is_empty() {
        return Err(DomainError::InvalidInput(unfinished));
    }
    let people = |section: Section| people_of(section, row(section));
    let mut applicants = Vec::new();
    for section in [Section::AboutYou, Section::AboutYourPartner] {
        if let (true, SectionAnswers::Single(answers)) = (
            section.applies(joint),
            section_answers(section, row(section))?,
        ) {
            applicants.push(answers);
        }
    }
    move_in_funnel(
        &txn,
        household.id,
        actor.person_id(),
        Event::SubmittedApplication,
        (None, None),
        now,
    )
    .await?;
    request_references(
        (ctx, &txn),
        actor,
        &household,
        &people(Section::Referees)?,
        now,
    )
    .await?;
    list_checks(
        &txn,
        &household,
        &applicants,
        &people(Section::HouseholdMembers)?,
        &people(Section::PreviousPartners)?,
        now,
    )
    .await?;
    application::Entity::update_many()
        .col_expr(application::Column::SubmittedAt, Expr::value(now))
        .col_expr(application::Column::UpdatedAt, Expr::value(now))
        .filter(application::Column::HouseholdId.eq(household.id))
        .exec(&txn)
        .await?;
    if let Ok(to) = EmailAddress::parse(&household.email) {
        let email = Email::ApplicationReceived {
            name: household.name.clone(),
            organisation,
        };
        enqueue(&txn, &SendEmail::new(to, email), now, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A step after the application, and the day it is expected by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedStep {
    pub what: &'static str,
    pub by: chrono::NaiveDate,
    /// The day has passed and the step is not done: the page says it is
    /// late and who to ask, never a date silently in the past.
    pub late: bool,
}

/// When each step after the application still to come is expected, from
/// the day it was sent and the service's clocks: for the applicant's own
/// page. Steps done are left out; empty before the application is sent
/// and once the household is decided or closed.
pub async fn expected_dates(ctx: &Ctx, actor: &Actor) -> Result<Vec<ExpectedStep>, DomainError> {
    let Ok(household) = applicants_household(ctx, actor).await else {
        return Ok(Vec::new());
    };
    let State::Open(stage) = state_of(&household)? else {
        return Ok(Vec::new());
    };
    let sent = application::Entity::find()
        .filter(application::Column::HouseholdId.eq(household.id))
        .one(&ctx.db)
        .await?
        .and_then(|a| a.submitted_at);
    let Some(sent) = sent else {
        return Ok(Vec::new());
    };
    let clocks =
        crate::recruitment::service_profile::clocks_of(&ctx.db, household.organisation_id).await?;
    let day = sent.with_timezone(&London).date_naive();
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let after = |months: u32| {
        day.checked_add_months(chrono::Months::new(months))
            .unwrap_or(day)
    };
    Ok([
        (
            "Checks (Stage 1) finished by",
            clocks.stage_one_months,
            Stage::Assessment,
        ),
        (
            "Assessment (Stage 2) finished by",
            clocks.stage_two_months,
            Stage::Panel,
        ),
        (
            "Fostering panel by",
            clocks.panel_months,
            Stage::Recommended,
        ),
    ]
    .into_iter()
    .filter(|(_, _, done_at)| stage < *done_at)
    .map(|(what, months, _)| {
        let by = after(months);
        ExpectedStep {
            what,
            by,
            late: by < today,
        }
    })
    .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_of_completed_sections_is_of_completed_ones_only() {
        let own = OwnApplication {
            household_id: 1,
            organisation: String::new(),
            sections: vec![
                (Section::AboutYou, TaskStatus::Completed),
                (Section::YourHome, TaskStatus::InProgress),
                (Section::Health, TaskStatus::NotStarted),
            ],
            submitted_at: None,
            applicants: vec!["Sam Jones".to_owned()],
            invited: None,
            may_change_joint: true,
            may_add_joint: true,
        };
        assert_eq!(own.completed(), 1);
    }
}
