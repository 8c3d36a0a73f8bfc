//! The application to foster, as the applicant fills it in.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::applications::form::{
    OwnApplication, SectionAnswers, finish_people, own_answers, own_application, remove_person,
    save_person, save_section, submit_application,
};
use domain::applications::sections::{Answers, Section, answer_text};
use domain::{DomainError, FieldError};

use crate::errors::to_graphql;
use crate::schema::{actor, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "Section")]
pub enum ApplicationSection {
    AboutYou,
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

async fn application_of(ctx: &Context<'_>) -> async_graphql::Result<Application> {
    let storage = storage(ctx)?;
    let own: OwnApplication = own_application(storage, actor(ctx))
        .await
        .map_err(to_graphql)?;
    let answers = own_answers(storage, actor(ctx)).await.map_err(to_graphql)?;
    let answered = |section: Section, saved: &Answers| -> Vec<Answer> {
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
    };
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

#[derive(Default)]
pub struct ApplicationsQuery;

#[Object]
impl ApplicationsQuery {
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

    /// Sends the application: every section must be completed. The
    /// household moves on to "application submitted".
    async fn submit_application(&self, ctx: &Context<'_>) -> async_graphql::Result<Application> {
        submit_application(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        application_of(ctx).await
    }
}
