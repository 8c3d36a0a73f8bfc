//! Made-up households, written in bulk, for data to look at: the demo's
//! years of history and the national seed. Every move goes through the
//! funnel's own `transition`, so each history is one Hearth could have
//! written; the rows, the queue positions and the report summaries are what
//! the use cases would have stored, without a use case's work per move.

use std::collections::HashMap;

use chrono::{DateTime, Months, Utc};
use sea_orm::{ActiveValue::NotSet, ConnectionTrait, EntityTrait, IntoActiveModel, Set};

use super::bank_holidays::bank_holidays;
use super::entities::{equality_answers, household, household_history};
use super::equality::EqualityAnswers;
use super::funnel::{Event, HistoryEvent, Stage, State, transition};
use super::history::columns;
use super::interest::{FosteringKind, HeardAbout};
use super::queue_position::{LateDays, phone_digits, position};
use super::service_profile::{clocks_of_many, first_contact_days};
use crate::accounts::hash_token;
use crate::geography::entities::local_authority;
use crate::reporting::months::Answers;
use crate::reporting::summaries::summarise;
use crate::{Ctx, DomainError};

/// A move a made-up household makes, and when.
#[derive(Clone, Debug)]
pub struct MadeUpMove {
    pub at: DateTime<Utc>,
    pub event: Event,
    /// A closure's reason code.
    pub reason: Option<&'static str>,
}

/// A household as it enquired, and every move it made since.
#[derive(Clone, Debug)]
pub struct MadeUpHousehold {
    pub organisation_id: i32,
    pub enquired_at: DateTime<Utc>,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub local_authority_id: Option<i32>,
    pub interests: Vec<FosteringKind>,
    pub heard_about: Option<HeardAbout>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub equality: Option<EqualityAnswers>,
    /// Oldest first; each must be allowed from the state before it.
    pub moves: Vec<MadeUpMove>,
}

/// A made-up household's history rows, its state after them, and when it
/// was first reached.
struct Replayed {
    history: Vec<household_history::Model>,
    state: State,
    first_contact_at: Option<DateTime<Utc>>,
}

/// Replays a made-up household's moves; refused if the funnel would refuse
/// one.
fn replay(made: &MadeUpHousehold) -> Result<Replayed, DomainError> {
    let mut state = State::Open(Stage::Enquiry);
    let row = |event: HistoryEvent, at, from: Option<State>, to: State, reason: Option<&str>| {
        let (to_status, to_stage, ..) = columns(to);
        let from = from.map(columns);
        household_history::Model {
            id: 0,
            household_id: 0,
            at,
            actor_id: None,
            event: event.as_str().to_owned(),
            from_status: from.map(|f| f.0.to_owned()),
            from_stage: from.map(|f| f.1.as_str().to_owned()),
            to_status: to_status.to_owned(),
            to_stage: to_stage.as_str().to_owned(),
            reason_code: reason.map(str::to_owned),
            reason_text: None,
            from_organisation_id: None,
            to_organisation_id: None,
        }
    };
    let mut rows = vec![row(
        HistoryEvent::Enquired,
        made.enquired_at,
        None,
        state,
        None,
    )];
    let mut first_contact = None;
    for step in &made.moves {
        let next = transition(state, step.event).map_err(|refused| {
            DomainError::Internal(format!("a made-up move was refused: {refused:?}").into())
        })?;
        if matches!(
            step.event,
            Event::Contacted | Event::AttendedInformationEvent
        ) {
            first_contact.get_or_insert(step.at);
        }
        if next != state {
            rows.push(row(
                step.event.recorded_as(),
                step.at,
                Some(state),
                next,
                step.reason,
            ));
        }
        state = next;
    }
    Ok(Replayed {
        history: rows,
        state,
        first_contact_at: first_contact,
    })
}

/// Writes `households` and everything kept with them, in one transaction of
/// the caller's; returns how many were written.
pub async fn write_made_up(
    conn: &impl ConnectionTrait,
    households: &[MadeUpHousehold],
) -> Result<usize, DomainError> {
    if households.is_empty() {
        return Ok(0);
    }
    let holidays = bank_holidays(conn).await?;
    let mut organisations: Vec<i32> = households.iter().map(|h| h.organisation_id).collect();
    organisations.sort_unstable();
    organisations.dedup();
    let clocks = clocks_of_many(conn, &organisations).await?;
    let mut contact_days = HashMap::new();
    for id in &organisations {
        contact_days.insert(*id, first_contact_days(conn, *id).await?);
    }
    let regions: HashMap<i32, i32> = local_authority::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|la| (la.id, la.region_id))
        .collect();
    let mut rows = Vec::with_capacity(households.len());
    let mut histories = Vec::with_capacity(households.len());
    for made in households {
        let Replayed {
            history,
            state,
            first_contact_at,
        } = replay(made)?;
        let (status, stage, closure, until) = columns(state);
        let days = contact_days
            .get(&made.organisation_id)
            .copied()
            .unwrap_or(1);
        let last_at = history.last().map_or(made.enquired_at, |h| h.at);
        let mut row = household::Model {
            id: 0,
            organisation_id: made.organisation_id,
            status: status.to_owned(),
            stage: stage.as_str().to_owned(),
            closure: closure.map(|c| c.as_str().to_owned()),
            on_hold_until: until,
            name: made.name.clone(),
            email: made.email.clone(),
            phone: made.phone.clone(),
            postcode: made.postcode.clone(),
            local_authority_id: made.local_authority_id,
            routing_to_check: false,
            best_time_to_call: super::interest::CallTime::Anytime.as_str().to_owned(),
            interests: serde_json::to_string(
                &made
                    .interests
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>(),
            )
            .map_err(|e| DomainError::Internal(Box::new(e)))?,
            heard_about: made.heard_about.map(|h| h.as_str().to_owned()),
            consent_to_contact: true,
            utm_source: made.utm_source.clone(),
            utm_medium: made.utm_medium.clone(),
            utm_campaign: made.utm_campaign.clone(),
            utm_term: None,
            utm_content: None,
            first_contact_due_at: Some(holidays.due_after(made.enquired_at, days)),
            first_contact_at,
            owner_id: None,
            next_action_on: None,
            person_id: None,
            last_enquiry_at: made.enquired_at,
            known_adult_for: None,
            child_reference: None,
            relationship: None,
            referred_by_id: None,
            created_at: made.enquired_at,
            updated_at: last_at,
            due_at: None,
            queue_key: String::new(),
            phone_digits: phone_digits(&made.phone),
        };
        let applied = history
            .iter()
            .find(|h| h.event == HistoryEvent::ApplicationSubmitted.as_str())
            .map(|h| crate::clock::london_day(h.at));
        let stage_two_months = clocks
            .get(&made.organisation_id)
            .map_or(4, |c| c.stage_two_months);
        let late = LateDays {
            stage_two_due: applied
                .and_then(|day| day.checked_add_months(Months::new(stage_two_months))),
            ..LateDays::default()
        };
        let placed = position(&row, state, &late);
        row.due_at = placed.due_at;
        row.queue_key = placed.queue_key;
        rows.push(row);
        histories.push(history);
    }
    // A household row has some forty columns: 500 rows stay well within
    // SQLite's 32,766 parameters a statement.
    let mut inserted = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(500) {
        inserted.extend(
            household::Entity::insert_many(chunk.iter().map(|r| household::ActiveModel {
                id: NotSet,
                ..r.clone().into_active_model()
            }))
            .exec_with_returning(conn)
            .await?,
        );
    }
    // Rows come back as written; each is matched by its address anyway.
    let ids: HashMap<&str, i32> = inserted.iter().map(|r| (r.email.as_str(), r.id)).collect();
    let mut history_rows = Vec::new();
    let mut summaries = Vec::with_capacity(households.len());
    let mut answers = Vec::new();
    let mut given_by_household = HashMap::new();
    for ((made, mut row), mut history) in households.iter().zip(rows).zip(histories) {
        let id = *ids
            .get(made.email.as_str())
            .ok_or_else(|| DomainError::Internal("a made-up household was not stored".into()))?;
        row.id = id;
        for step in &mut history {
            step.household_id = id;
        }
        let region = made
            .local_authority_id
            .and_then(|la| regions.get(&la).copied());
        summaries.extend(summarise(&row, region, &history)?);
        history_rows.extend(history.into_iter().map(|h| household_history::ActiveModel {
            id: NotSet,
            ..h.into_active_model()
        }));
        let given = Answers::given(made.equality.as_ref());
        answers.push(equality_answers::ActiveModel {
            household_id: Set(id),
            // Nobody holds a token for a made-up household.
            token_hash: Set(hash_token(&format!("made up {id}"))),
            ethnicity: Set(given.0[0].clone()),
            religion: Set(given.0[1].clone()),
            disability: Set(given.0[2].clone()),
            sexual_orientation: Set(given.0[3].clone()),
            created_at: Set(made.enquired_at),
            answered_at: Set(made.equality.map(|_| made.enquired_at)),
        });
        given_by_household.insert(id, given);
    }
    // Bound each statement's parameters whatever the batch.
    for chunk in history_rows.chunks(2000) {
        household_history::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await?;
    }
    crate::reporting::summaries::store(conn, summaries, &given_by_household).await?;
    for chunk in answers.chunks(2000) {
        equality_answers::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await?;
    }
    Ok(inserted.len())
}

/// Whether `organisation_id` already has made-up households: writing them
/// again would double its figures.
pub async fn has_made_up(
    ctx: &Ctx,
    organisation_id: i32,
    marker: &str,
) -> Result<bool, DomainError> {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    Ok(household::Entity::find()
        .filter(household::Column::OrganisationId.eq(organisation_id))
        .filter(household::Column::Email.ends_with(marker))
        .count(&ctx.db)
        .await?
        > 0)
}
