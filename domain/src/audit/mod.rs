//! The access log: every time staff (or an API token) read an
//! organisation's records about people (a household's record, who
//! registered for an event, the equality figures), when, and who. Its
//! administrators read it; nobody changes it.

pub mod entity;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
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
    Child,
    /// What the hub needs to know about the children of a sleepover.
    SleepoverNote,
    /// A concern raised about a child.
    Concern,
    /// A kinship group's members, with their contact details.
    KinshipMembers,
    /// A search of households: who searched where, never the words.
    HouseholdSearch,
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
    Child => "child", "A child's record",
    SleepoverNote => "sleepover_note", "What a hub needs to know for a sleepover",
    Concern => "concern", "A concern about a child",
    KinshipMembers => "kinship_members", "A kinship group's members",
    HouseholdSearch => "household_search", "A search of households",
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
    /// The first read of the five minutes the entry gathers.
    pub at: DateTime<Utc>,
    /// The last, and how many reads there were.
    pub last_at: DateTime<Utc>,
    pub reads: u32,
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

/// How long one row of the log gathers the same reader's reads of the same
/// record.
pub const WINDOW_SECONDS: i64 = 5 * 60;

/// The start of the five minutes `at` falls in.
fn window_of(at: DateTime<Utc>) -> DateTime<Utc> {
    let seconds = at.timestamp();
    let start = seconds - seconds.rem_euclid(WINDOW_SECONDS);
    DateTime::from_timestamp(start, 0).unwrap_or(at)
}

/// Records that `actor` read each of `reads` (organisation, subject, its
/// id): one statement however many. Reads of the same record by the same
/// reader within five minutes add to one row (its last time and count), by
/// an upsert the database makes safe under concurrent requests.
pub(crate) async fn record_accesses(
    ctx: &Ctx,
    actor: &Actor,
    reads: impl Iterator<Item = (i32, Subject, Option<i32>)>,
) -> Result<(), DomainError> {
    let (person_id, api_token_id, reader) = match actor {
        Actor::Person(signed_in) => (
            Some(signed_in.person_id),
            None,
            format!("person:{}", signed_in.person_id),
        ),
        Actor::Client(client) => (
            None,
            Some(client.token_id),
            format!("token:{}", client.token_id),
        ),
        Actor::Anonymous | Actor::System => return Ok(()),
    };
    if !ctx.records_reads {
        return Ok(());
    }
    let at = ctx.clock.now();
    let window_start = window_of(at);
    let mut reads: Vec<(i32, Subject, Option<i32>)> = reads.collect();
    // One row per record in the statement: an upsert may not touch a row
    // twice.
    reads.sort_by_key(|(organisation, subject, id)| (*organisation, subject.as_str(), *id));
    reads.dedup();
    let rows: Vec<entity::ActiveModel> = reads
        .into_iter()
        .map(
            |(organisation_id, subject, subject_id)| entity::ActiveModel {
                id: NotSet,
                at: Set(at),
                person_id: Set(person_id),
                api_token_id: Set(api_token_id),
                organisation_id: Set(organisation_id),
                subject: Set(subject.as_str().to_owned()),
                subject_id: Set(subject_id),
                last_at: Set(Some(at)),
                reads: Set(1),
                reader: Set(reader.clone()),
                subject_key: Set(subject_id.unwrap_or_default()),
                window_start: Set(Some(window_start)),
            },
        )
        .collect();
    if !rows.is_empty() {
        use entity::Column as C;
        let same_window = OnConflict::columns([
            C::OrganisationId,
            C::Reader,
            C::Subject,
            C::SubjectKey,
            C::WindowStart,
        ])
        .value(C::LastAt, Expr::value(at))
        .value(C::Reads, Expr::col((entity::Entity, C::Reads)).add(1))
        .to_owned();
        // Every staff read writes here: on SQLite it waits its turn rather
        // than sleeping on the write lock.
        let _turn = ctx.turn_to_write().await?;
        entity::Entity::insert_many(rows)
            .on_conflict(same_window)
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
                    last_at: row.last_at.unwrap_or(row.at),
                    reads: u32::try_from(row.reads).unwrap_or(1),
                    who,
                    subject,
                    subject_id: row.subject_id,
                },
            )))
        })
        .collect::<Result<_, DomainError>>()?;
    Ok(Page::new(items, has_more, page, total_count))
}
