//! The application to foster, as the applicant fills it in.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use domain::Named;
use domain::applications::assessment::{
    ReportSection, ReportStatus, assign_assessor, household_assessment, log_assessment_visit,
    set_report_section,
};
use domain::applications::form::{
    OwnApplication, SectionAnswers, finish_people, own_answers, own_application, remove_person,
    save_person, save_section, submit_application,
};
use domain::applications::messages::{
    MessageEntry, household_messages, own_messages, send_household_message, send_own_message,
};
use domain::applications::references::{
    REFERENCE_QUESTIONS, answer_reference, household_references, reference_request,
};
use domain::applications::sections::{Answers, Section, answer_text};
use domain::applications::staff_view::household_application;
use domain::applications::stage_one::{CheckOutcome, CheckUpdate, stage_one_checks, update_check};
use domain::{DomainError, FieldError};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "Section")]
pub enum ApplicationSection {
    AboutYou,
    /// Only in a joint application.
    AboutYourPartner,
    /// A list of people: everyone who lives with you or visits often.
    HouseholdMembers,
    YourHome,
    WorkAndTime,
    /// Special category data: only the staff who need it read it.
    Health,
    /// A list of people.
    PreviousPartners,
    /// A list of people.
    YourChildren,
    /// A list of people: at least two who know you well and are not related.
    Referees,
    SupportNetwork,
    FosteringOffer,
    ConsentToChecks,
    Declaration,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::applications::form::TaskStatus")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Completed,
}

/// One answer as saved: the question's id (as `questions` lists them) and
/// its values (several for a question answered with checkboxes).
#[derive(SimpleObject)]
pub struct Answer {
    pub question: String,
    pub label: String,
    pub values: Vec<String>,
    /// As "check your answers" reads it.
    pub text: String,
}

#[derive(SimpleObject)]
pub struct ApplicationSectionState {
    pub section: ApplicationSection,
    pub label: String,
    pub status: TaskStatus,
    /// A section of questions: its answers.
    pub answers: Vec<Answer>,
    /// A section that lists people: each person's answers, in order (their
    /// index is the `index` to change or remove them).
    pub people: Vec<Vec<Answer>>,
}

/// The signed-in applicant's application.
#[derive(SimpleObject)]
pub struct Application {
    pub organisation_name: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub sections: Vec<ApplicationSectionState>,
}

/// A section's answers, question by question.
fn answered(section: Section, saved: &Answers) -> Vec<Answer> {
    section
        .questions()
        .iter()
        .filter_map(|q| {
            let values = saved.get(q.id)?.clone();
            Some(Answer {
                question: q.id.to_owned(),
                label: q.label.to_owned(),
                text: answer_text(q, &values),
                values,
            })
        })
        .collect()
}

/// A household's application as its organisation's staff read it.
#[derive(SimpleObject)]
pub struct StaffApplicationView {
    pub submitted_at: Option<DateTime<Utc>>,
    pub sections: Vec<StaffSectionView>,
}

#[derive(SimpleObject)]
pub struct StaffSectionView {
    pub section: ApplicationSection,
    pub status: TaskStatus,
    /// This reader's role may not see it (health answers).
    pub withheld: bool,
    pub answers: Vec<Answer>,
    pub people: Vec<Vec<Answer>>,
}

async fn application_of(ctx: &Context<'_>) -> async_graphql::Result<Application> {
    let storage = storage(ctx)?;
    let own: OwnApplication = own_application(storage, actor(ctx))
        .await
        .map_err(to_graphql)?;
    let answers = own_answers(storage, actor(ctx)).await.map_err(to_graphql)?;
    let sections = own
        .sections
        .iter()
        .map(|(section, status)| {
            let saved = answers.iter().find(|(s, _)| s == section).map(|(_, a)| a);
            let (single, people) = match saved {
                Some(SectionAnswers::Single(saved)) => (answered(*section, saved), Vec::new()),
                Some(SectionAnswers::People(people)) => (
                    Vec::new(),
                    people.iter().map(|p| answered(*section, p)).collect(),
                ),
                None => (Vec::new(), Vec::new()),
            };
            ApplicationSectionState {
                section: (*section).into(),
                label: section.label().to_owned(),
                status: (*status).into(),
                answers: single,
                people,
            }
        })
        .collect();
    Ok(Application {
        organisation_name: own.organisation,
        submitted_at: own.submitted_at,
        sections,
    })
}

/// What a referee's link asks for.
#[derive(SimpleObject)]
pub struct ReferenceRequestDetails {
    pub referee: String,
    pub applicant: String,
    pub organisation_name: String,
    /// The questions to answer, by id, as `giveReference` takes them.
    pub questions: Vec<String>,
}

/// A reference as the household's organisation sees it.
#[derive(SimpleObject)]
pub struct Reference {
    pub id: ID,
    pub referee: String,
    pub email: String,
    /// `personal` or `employer`.
    pub kind: String,
    /// `requested`, `given` or `declined`.
    pub status: String,
    pub requested_at: DateTime<Utc>,
    pub reminders_sent: i32,
    pub answered_at: Option<DateTime<Utc>>,
    pub answers: Vec<Answer>,
    pub declined_because: Option<String>,
}

#[derive(Default)]
pub struct ApplicationsQuery;

#[Object]
impl ApplicationsQuery {
    /// What a referee's emailed link asks for: needs no sign-in, only the
    /// token in the link. Refused with CONFLICT once answered.
    async fn reference_request(
        &self,
        ctx: &Context<'_>,
        token: String,
    ) -> async_graphql::Result<ReferenceRequestDetails> {
        let request = reference_request(storage(ctx)?, &token)
            .await
            .map_err(to_graphql)?;
        Ok(ReferenceRequestDetails {
            referee: request.referee,
            applicant: request.applicant,
            organisation_name: request.organisation,
            questions: REFERENCE_QUESTIONS
                .iter()
                .map(|q| q.id.to_owned())
                .collect(),
        })
    }

    /// A household's application, for the staff of its organisation whose
    /// role needs it. Health answers are withheld (`withheld: true`) but
    /// from assessing social workers, panel administrators and agency
    /// decision makers; every read is in the access log.
    async fn household_application(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
    ) -> async_graphql::Result<StaffApplicationView> {
        let id = from_id("Household", &household_id, "householdId")?;
        let application = household_application(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(StaffApplicationView {
            submitted_at: application.submitted_at,
            sections: application
                .sections
                .into_iter()
                .map(|s| {
                    let (answers, people) = match &s.answers {
                        Some(SectionAnswers::Single(saved)) => {
                            (answered(s.section, saved), Vec::new())
                        }
                        Some(SectionAnswers::People(people)) => (
                            Vec::new(),
                            people.iter().map(|p| answered(s.section, p)).collect(),
                        ),
                        None => (Vec::new(), Vec::new()),
                    };
                    StaffSectionView {
                        withheld: s.answers.is_none(),
                        section: s.section.into(),
                        status: s.status.into(),
                        answers,
                        people,
                    }
                })
                .collect(),
        })
    }

    /// A household's references: for its organisation's recruitment staff.
    async fn household_references(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
    ) -> async_graphql::Result<Vec<Reference>> {
        let id = from_id("Household", &household_id, "householdId")?;
        let entries = household_references(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(entries
            .into_iter()
            .map(|r| Reference {
                id: to_id("Reference", r.id),
                referee: r.referee,
                email: r.email,
                kind: r.kind,
                status: r.status.as_str().to_owned(),
                requested_at: r.requested_at,
                reminders_sent: r.reminders_sent,
                answered_at: r.answered_at,
                answers: r
                    .answers
                    .into_iter()
                    .map(|(label, text)| Answer {
                        question: label.to_owned(),
                        label: label.to_owned(),
                        values: vec![text.clone()],
                        text,
                    })
                    .collect(),
                declined_because: r.declined_because,
            })
            .collect())
    }

    /// The signed-in person's application, once their household has been
    /// invited to apply.
    async fn my_application(&self, ctx: &Context<'_>) -> async_graphql::Result<Application> {
        application_of(ctx).await
    }
}

#[derive(InputObject)]
pub struct AnswerInput {
    /// A question's id, such as `date_of_birth`.
    pub question: String,
    /// Its answer: one value, or each box ticked. Dates as `YYYY-MM-DD`.
    pub values: Vec<String>,
}

fn sent_answers(answers: &[AnswerInput]) -> Answers {
    let mut sent = Answers::new();
    for answer in answers {
        sent.entry(answer.question.clone())
            .or_default()
            .extend(answer.values.iter().cloned());
    }
    sent
}

/// A refused answer named by where its question is in `answers`, or
/// `answers` itself for one left out; the message names the question.
fn by_position(error: DomainError, answers: &[AnswerInput]) -> DomainError {
    match error {
        DomainError::InvalidInput(fields) => DomainError::InvalidInput(
            fields
                .into_iter()
                .map(|f| {
                    let at = answers.iter().position(|a| a.question == f.field);
                    let path = at.map_or_else(|| "answers".to_owned(), |i| format!("answers.{i}"));
                    FieldError::new(path, format!("{}: {}", f.field, f.message))
                })
                .collect(),
        ),
        other => other,
    }
}

#[derive(Default)]
pub struct ApplicationsMutation;

#[Object]
impl ApplicationsMutation {
    /// Saves one section's answers. With `complete`, every question that
    /// must be answered is; without, it is saved half done. The section's
    /// answers are replaced by these.
    async fn save_application_section(
        &self,
        ctx: &Context<'_>,
        section: ApplicationSection,
        answers: Vec<AnswerInput>,
        complete: bool,
    ) -> async_graphql::Result<Application> {
        let sent = sent_answers(&answers);
        save_section(storage(ctx)?, actor(ctx), section.into(), &sent, complete)
            .await
            .map_err(|error| by_position(error, &answers))
            .map_err(to_graphql)?;
        application_of(ctx).await
    }

    /// Adds a person to a section that lists people, or with `index`
    /// changes one. Every question about them must be answered.
    async fn save_application_person(
        &self,
        ctx: &Context<'_>,
        section: ApplicationSection,
        index: Option<usize>,
        answers: Vec<AnswerInput>,
    ) -> async_graphql::Result<Application> {
        let sent = sent_answers(&answers);
        save_person(storage(ctx)?, actor(ctx), section.into(), index, &sent)
            .await
            .map_err(|error| by_position(error, &answers))
            .map_err(to_graphql)?;
        application_of(ctx).await
    }

    /// Takes a person off a section's list.
    async fn remove_application_person(
        &self,
        ctx: &Context<'_>,
        section: ApplicationSection,
        index: usize,
    ) -> async_graphql::Result<Application> {
        remove_person(storage(ctx)?, actor(ctx), section.into(), index)
            .await
            .map_err(to_graphql)?;
        application_of(ctx).await
    }

    /// Says a section's list of people is complete.
    async fn finish_application_section(
        &self,
        ctx: &Context<'_>,
        section: ApplicationSection,
    ) -> async_graphql::Result<Application> {
        finish_people(storage(ctx)?, actor(ctx), section.into())
            .await
            .map_err(to_graphql)?;
        application_of(ctx).await
    }

    /// Gives a reference by the token in the referee's link: once only.
    async fn give_reference(
        &self,
        ctx: &Context<'_>,
        token: String,
        answers: Vec<AnswerInput>,
    ) -> async_graphql::Result<bool> {
        let sent = sent_answers(&answers);
        answer_reference(storage(ctx)?, &token, Some(&sent), "")
            .await
            .map_err(|error| by_position(error, &answers))
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Declines to give a reference, with an optional reason: once only.
    async fn decline_reference(
        &self,
        ctx: &Context<'_>,
        token: String,
        #[graphql(default)] because: String,
    ) -> async_graphql::Result<bool> {
        answer_reference(storage(ctx)?, &token, None, &because)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Sends the application: every section must be completed. The
    /// household moves on to "application submitted".
    async fn submit_application(&self, ctx: &Context<'_>) -> async_graphql::Result<Application> {
        submit_application(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        application_of(ctx).await
    }
}

/// One Stage 1 check.
#[derive(SimpleObject)]
pub struct StageOneCheck {
    pub id: ID,
    pub person: String,
    /// `dbs`, `local_authority`, `medical` or `previous_partner`.
    pub kind: String,
    /// `to_do`, `requested` or `done`.
    pub status: String,
    pub due_on: NaiveDate,
    pub requested_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    /// `clear` or `concerns`, once done.
    pub outcome: Option<String>,
    pub note: Option<String>,
    pub overdue: bool,
}

#[derive(Default)]
pub struct StageOneQuery;

#[Object]
impl StageOneQuery {
    /// A household's Stage 1 checks: for its organisation's recruitment
    /// staff and assessing social workers.
    async fn stage_one_checks(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
    ) -> async_graphql::Result<Vec<StageOneCheck>> {
        let id = from_id("Household", &household_id, "householdId")?;
        let checks = stage_one_checks(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(checks
            .into_iter()
            .map(|c| StageOneCheck {
                id: to_id("StageOneCheck", c.id),
                person: c.person,
                kind: c.kind.as_str().to_owned(),
                status: c.status.as_str().to_owned(),
                due_on: c.due_on,
                requested_on: c.requested_on,
                done_on: c.done_on,
                outcome: c.outcome.map(|o| o.as_str().to_owned()),
                note: c.note,
                overdue: c.overdue,
            })
            .collect())
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "CheckOutcome")]
pub enum StageOneOutcome {
    /// Nothing of concern.
    Clear,
    /// Something to discuss: say what in `note`.
    Concerns,
}

#[derive(Default)]
pub struct StageOneMutation;

#[Object]
impl StageOneMutation {
    /// Records a Stage 1 check as requested, or, with an `outcome`, as done.
    async fn update_stage_one_check(
        &self,
        ctx: &Context<'_>,
        check_id: ID,
        outcome: Option<StageOneOutcome>,
        #[graphql(default)] note: String,
    ) -> async_graphql::Result<bool> {
        let id = from_id("StageOneCheck", &check_id, "checkId")?;
        let update = match outcome {
            Some(outcome) => CheckUpdate::Done {
                outcome: Some(outcome.into()),
                note,
            },
            None => CheckUpdate::Requested,
        };
        update_check(storage(ctx)?, actor(ctx), Named::alone(id), &update)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}

/// A secure message between a household and its fostering service.
#[derive(SimpleObject)]
pub struct Message {
    /// Who wrote it.
    pub from: String,
    pub from_household: bool,
    pub body: String,
    pub sent_at: DateTime<Utc>,
}

fn messages(entries: Vec<MessageEntry>) -> Vec<Message> {
    entries
        .into_iter()
        .map(|m| Message {
            from: m.from,
            from_household: m.from_household,
            body: m.body,
            sent_at: m.sent_at,
        })
        .collect()
}

#[derive(Default)]
pub struct MessagesQuery;

#[Object]
impl MessagesQuery {
    /// The signed-in applicant's messages with their fostering service,
    /// oldest first.
    async fn my_messages(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Message>> {
        let entries = own_messages(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(messages(entries))
    }

    /// A household's messages: for the service's recruitment staff and
    /// assessing social workers; every read is in the access log.
    async fn household_messages(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
    ) -> async_graphql::Result<Vec<Message>> {
        let id = from_id("Household", &household_id, "householdId")?;
        let entries = household_messages(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(messages(entries))
    }
}

#[derive(Default)]
pub struct MessagesMutation;

#[Object]
impl MessagesMutation {
    /// The applicant writes to their service; their officer is emailed that
    /// a message is waiting (never its words).
    async fn send_message(&self, ctx: &Context<'_>, body: String) -> async_graphql::Result<bool> {
        send_own_message(storage(ctx)?, actor(ctx), &body)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Staff write to a household, who is emailed that a message is waiting.
    async fn send_household_message(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        body: String,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Household", &household_id, "householdId")?;
        send_household_message(storage(ctx)?, actor(ctx), id, &body)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "ReportSection")]
pub enum AssessmentReportSection {
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

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "ReportStatus")]
pub enum AssessmentReportStatus {
    NotStarted,
    InProgress,
    Complete,
}

#[derive(SimpleObject)]
pub struct ReportSectionState {
    pub section: AssessmentReportSection,
    pub status: AssessmentReportStatus,
}

#[derive(SimpleObject)]
pub struct AssessmentVisit {
    pub visited_on: NaiveDate,
    pub by: Option<String>,
    pub note: String,
}

/// A household's Stage 2 assessment.
#[derive(SimpleObject)]
pub struct Assessment {
    pub assessor: Option<String>,
    pub sections: Vec<ReportSectionState>,
    pub visits: Vec<AssessmentVisit>,
}

#[derive(Default)]
pub struct AssessmentQuery;

#[Object]
impl AssessmentQuery {
    /// A household's assessment: for its service's recruitment staff and
    /// assessing social workers.
    async fn household_assessment(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
    ) -> async_graphql::Result<Assessment> {
        let id = from_id("Household", &household_id, "householdId")?;
        let view = household_assessment(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(Assessment {
            assessor: view.assessor.map(|(_, name)| name),
            sections: view
                .sections
                .into_iter()
                .map(|(section, status)| ReportSectionState {
                    section: section.into(),
                    status: status.into(),
                })
                .collect(),
            visits: view
                .visits
                .into_iter()
                .map(|(visited_on, by, note)| AssessmentVisit {
                    visited_on,
                    by,
                    note,
                })
                .collect(),
        })
    }
}

#[derive(Default)]
pub struct AssessmentMutation;

#[Object]
impl AssessmentMutation {
    /// Assigns one of the service's assessing social workers (Stage 2 only).
    async fn assign_assessor(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        assessor_id: ID,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Household", &household_id, "householdId")?;
        let assessor = from_id("Person", &assessor_id, "assessorId")?;
        assign_assessor(storage(ctx)?, actor(ctx), id, Some(assessor))
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Records where a section of the assessment report is.
    async fn set_report_section(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        section: AssessmentReportSection,
        status: AssessmentReportStatus,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Household", &household_id, "householdId")?;
        set_report_section(
            storage(ctx)?,
            actor(ctx),
            id,
            Some(section.into()),
            Some(status.into()),
        )
        .await
        .map_err(to_graphql)?;
        Ok(true)
    }

    /// Logs an assessment visit (today or earlier) with what it covered.
    async fn log_assessment_visit(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        visited_on: NaiveDate,
        note: String,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Household", &household_id, "householdId")?;
        log_assessment_visit(storage(ctx)?, actor(ctx), id, Some(visited_on), &note)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
