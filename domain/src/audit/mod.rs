//! The access log: every time staff (or an API token) read an
//! organisation's records about people (a household's record, who
//! registered for an event, the equality figures), when, and who. Its
//! administrators read it; nobody changes it.

pub mod entity;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::accounts::entities::{api_token, person};
use crate::names::stored_names;
use crate::pagination::{
    Cursor, Page, PageRequest, count_up_to_cap, fetch_window_by_moment, moment_key,
};
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError};

/// What was looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    Household,
    EventRegistrations,
    EqualityReport,
    References,
    Application,
    ApplicationHealth,
    Messages,
    StageOneChecks,
    PanelAndDecision,
    Documents,
}

stored_names!(Subject {
    Household => "household", "A household's record",
    EventRegistrations => "event_registrations", "Who registered for an event",
    EqualityReport => "equality_report", "The equality figures",
    References => "references", "A household's references",
    Application => "application", "A household's application",
    ApplicationHealth => "application_health", "An applicant's health answers",
    Messages => "messages", "Messages with a household",
    StageOneChecks => "stage_one_checks", "A household's Stage 1 checks",
    PanelAndDecision => "panel_and_decision", "A household's panel and decision",
    Documents => "documents", "A household's document",
});

/// What to look for in the log; each narrows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogSearch {
    pub household_id: Option<i32>,
    pub subject: Option<Subject>,
    /// Reads by this member of staff.
    pub person_id: Option<i32>,
}

/// One entry, as administrators read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessEntry {
    pub at: DateTime<Utc>,
    /// The person's name, or the API token's.
    pub who: String,
    pub subject: Subject,
    pub subject_id: Option<i32>,
}

/// Records that `actor` read `subject` of `organisation_id`. Hearth itself
/// reading is not staff access, and is not recorded.
pub(crate) async fn record_access(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    subject: Subject,
    subject_id: Option<i32>,
) -> Result<(), DomainError> {
    record_accesses(
        ctx,
        actor,
        std::iter::once((organisation_id, subject, subject_id)),
    )
    .await
}

/// Records that `actor` read each of `reads` (organisation, subject, its
/// id): one statement however many.
pub(crate) async fn record_accesses(
    ctx: &Ctx,
    actor: &Actor,
    reads: impl Iterator<Item = (i32, Subject, Option<i32>)>,
) -> Result<(), DomainError> {
    let (person_id, api_token_id) = match actor {
        Actor::Person(signed_in) => (Some(signed_in.person_id), None),
        Actor::Client(client) => (None, Some(client.token_id)),
        Actor::Anonymous | Actor::System => return Ok(()),
    };
    let at = ctx.clock.now();
    let rows: Vec<entity::ActiveModel> = reads
        .map(
            |(organisation_id, subject, subject_id)| entity::ActiveModel {
                id: NotSet,
                at: Set(at),
                person_id: Set(person_id),
                api_token_id: Set(api_token_id),
                organisation_id: Set(organisation_id),
                subject: Set(subject.as_str().to_owned()),
                subject_id: Set(subject_id),
            },
        )
        .collect();
    if !rows.is_empty() {
        // Every staff read writes here: on SQLite it waits its turn rather
        // than sleeping on the write lock.
        let _turn = ctx.turn_to_write().await?;
        entity::Entity::insert_many(rows)
            .exec_without_returning(&ctx.db)
            .await?;
    }
    Ok(())
}

/// The organisation's access log, newest first, a page at a time, for its
/// administrators, narrowed by `search`.
pub async fn access_log(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    search: &LogSearch,
    page: &PageRequest,
) -> Result<Page<AccessEntry>, DomainError> {
    actor.require(Permission::AdministerOrganisation, organisation_id)?;
    let mut query =
        entity::Entity::find().filter(entity::Column::OrganisationId.eq(organisation_id));
    if let Some(id) = search.household_id {
        // Every record of that household: its record, application,
        // health answers and references.
        query = query
            .filter(entity::Column::Subject.is_in([
                Subject::Household.as_str(),
                Subject::Application.as_str(),
                Subject::ApplicationHealth.as_str(),
                Subject::References.as_str(),
                Subject::Messages.as_str(),
                Subject::StageOneChecks.as_str(),
            ]))
            .filter(entity::Column::SubjectId.eq(id));
    }
    if let Some(subject) = search.subject {
        query = query.filter(entity::Column::Subject.eq(subject.as_str()));
    }
    if let Some(person) = search.person_id {
        query = query.filter(entity::Column::PersonId.eq(person));
    }
    let total_count = count_up_to_cap(&ctx.db, query.clone()).await?;
    let mut cursor = query.cursor_by((entity::Column::At, entity::Column::Id));
    cursor.desc();
    let (rows, has_more) = fetch_window_by_moment(&ctx.db, cursor, page).await?;
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().filter_map(|r| r.person_id)))
        .all(&ctx.db)
        .await?;
    let tokens = api_token::Entity::find()
        .filter(api_token::Column::Id.is_in(rows.iter().filter_map(|r| r.api_token_id)))
        .all(&ctx.db)
        .await?;
    // A token's reads are its maker's to answer for: the log names them.
    let makers = person::Entity::find()
        .filter(person::Column::Id.is_in(tokens.iter().filter_map(|t| t.created_by)))
        .all(&ctx.db)
        .await?;
    let items = rows
        .into_iter()
        .filter_map(|row| {
            let subject = match Subject::from_stored(&row.subject) {
                Ok(subject) => subject,
                Err(unknown) => return Some(Err(unknown)),
            };
            let who = match (row.person_id, row.api_token_id) {
                (Some(id), _) => people.iter().find(|p| p.id == id)?.name.clone(),
                (None, Some(id)) => {
                    let token = tokens.iter().find(|t| t.id == id)?;
                    match makers.iter().find(|p| Some(p.id) == token.created_by) {
                        Some(maker) => format!("API token {}, made by {}", token.name, maker.name),
                        None => format!("API token {}", token.name),
                    }
                }
                (None, None) => "A person whose account was removed".to_owned(),
            };
            let cursor = Cursor {
                key: moment_key(row.at),
                id: row.id,
            };
            Some(Ok((
                cursor,
                AccessEntry {
                    at: row.at,
                    who,
                    subject,
                    subject_id: row.subject_id,
                },
            )))
        })
        .collect::<Result<_, DomainError>>()?;
    Ok(Page::new(items, has_more, page, total_count))
}
