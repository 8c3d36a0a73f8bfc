//! The summaries reports count, made from a household's history by one
//! function (`summarise`) and stored in the same transaction as every row of
//! that history (`refresh`, called by `history::record`), so a report never
//! replays millions of rows and never disagrees with the history: a test
//! rebuilds them all from the history and finds them equal.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::entities::{report_closure, report_household, report_stage_spell};
use super::months::{Answers, Changes};
use crate::clock::london_day;
use crate::geography::entities::local_authority;
use crate::recruitment::entities::{equality_answers, household, household_history};
use crate::recruitment::funnel::{Closure, HistoryEvent, Stage};
use crate::recruitment::history::NOT_CLOSED;
use crate::recruitment::interest::FosteringKind;
use crate::{Ctx, DomainError};

/// A household's summaries: its facts, the stages it entered, its closures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub household: report_household::Model,
    pub spells: Vec<report_stage_spell::Model>,
    pub closures: Vec<report_closure::Model>,
}

/// The bit a kind of fostering has in `report_households.interests`.
pub fn interest_bit(kind: FosteringKind) -> i32 {
    let place = FosteringKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or_default();
    1 << place
}

/// A stage's place in the funnel, as `report_households.furthest` keeps it.
pub fn rank(stage: Stage) -> i32 {
    // Eleven stages: the place always fits.
    Stage::ALL
        .iter()
        .position(|s| *s == stage)
        .unwrap_or_default() as i32
}

fn interests_of(stored: &str) -> i32 {
    serde_json::from_str::<Vec<String>>(stored)
        .unwrap_or_default()
        .iter()
        .filter_map(|name| FosteringKind::parse(name))
        .fold(0, |bits, kind| bits | interest_bit(kind))
}

/// Whole days in `span`, never fewer than none.
fn days(span: TimeDelta) -> i32 {
    i32::try_from(span.num_days().max(0)).unwrap_or(i32::MAX)
}

/// A stage being walked through: when it began and the time since spent on
/// hold or closed.
struct Open {
    stage: Stage,
    entered_at: DateTime<Utc>,
    paused: TimeDelta,
}

/// Replays `history` (oldest first) into the household's summaries; `None`
/// for a household with no history, which Hearth never writes.
pub fn summarise(
    row: &household::Model,
    region_id: Option<i32>,
    history: &[household_history::Model],
) -> Result<Option<Summary>, DomainError> {
    let Some(first) = history.first() else {
        return Ok(None);
    };
    let first_stage = Stage::from_stored(&first.to_stage)?;
    let connected_person = first.event == HistoryEvent::TemporarilyApproved.as_str();
    let mut spells = Vec::new();
    let mut closures: Vec<report_closure::Model> = Vec::new();
    let mut open = Open {
        stage: first_stage,
        entered_at: first.at,
        paused: TimeDelta::zero(),
    };
    let mut paused_since: Option<DateTime<Utc>> = None;
    let mut paused_in_all = TimeDelta::zero();
    let mut furthest = first_stage;
    let mut attended_event = first_stage == Stage::InformationEvent;
    let mut entered: HashMap<Stage, DateTime<Utc>> = HashMap::from([(first_stage, first.at)]);
    let mut days_to_approval = None;
    for step in &history[1..] {
        let to = Stage::from_stored(&step.to_stage)?;
        let was_open = step.from_status.as_deref() == Some("open");
        let is_open = step.to_status == "open";
        if was_open && !is_open {
            paused_since = Some(step.at);
        } else if !was_open && is_open {
            let pause = paused_since
                .take()
                .map_or(TimeDelta::zero(), |since| step.at - since);
            open.paused += pause;
            paused_in_all += pause;
        }
        if step.from_stage.as_deref() != Some(step.to_stage.as_str()) {
            spells.push(report_stage_spell::Model {
                id: 0,
                household_id: row.id,
                stage: open.stage.as_str().to_owned(),
                entered_on: london_day(open.entered_at),
                left_on: Some(london_day(step.at)),
                days: Some(days(step.at - open.entered_at - open.paused)),
            });
            open = Open {
                stage: to,
                entered_at: step.at,
                paused: TimeDelta::zero(),
            };
            furthest = furthest.max(to);
            attended_event |= to == Stage::InformationEvent;
            entered.entry(to).or_insert(step.at);
            if to == Stage::Approved {
                days_to_approval = Some(days(step.at - first.at - paused_in_all));
            }
        }
        let closure = match HistoryEvent::parse(&step.event) {
            Some(HistoryEvent::Withdrew) => Some(Closure::Withdrawn),
            Some(HistoryEvent::AdvisedNotToProceed) => Some(Closure::AdvisedNotToProceed),
            Some(HistoryEvent::DecidedNotToApprove) => Some(Closure::NotApproved),
            Some(HistoryEvent::Reopened) => {
                if let Some(last) = closures.last_mut() {
                    last.reopened_on.get_or_insert(london_day(step.at));
                }
                None
            }
            _ => None,
        };
        if let Some(closure) = closure {
            closures.push(report_closure::Model {
                id: 0,
                household_id: row.id,
                closed_on: london_day(step.at),
                closure: closure.as_str().to_owned(),
                stage: step
                    .from_stage
                    .clone()
                    .unwrap_or_else(|| step.to_stage.clone()),
                reason_code: step.reason_code.clone(),
                reopened_on: None,
            });
        }
    }
    spells.push(report_stage_spell::Model {
        id: 0,
        household_id: row.id,
        stage: open.stage.as_str().to_owned(),
        entered_on: london_day(open.entered_at),
        left_on: None,
        days: None,
    });
    let on = |stage| entered.get(&stage).map(|at| london_day(*at));
    let first_contact = row
        .first_contact_at
        .filter(|_| !connected_person)
        .map(|at| {
            let minutes = (at - first.at).num_minutes().max(0);
            (
                i32::try_from(minutes).unwrap_or(i32::MAX),
                row.first_contact_due_at.map(|due| at <= due),
            )
        });
    Ok(Some(Summary {
        household: report_household::Model {
            household_id: row.id,
            organisation_id: row.organisation_id,
            local_authority_id: row.local_authority_id,
            region_id,
            first_at: first.at,
            first_on: london_day(first.at),
            known_adult: row.known_adult_for.is_some(),
            connected_person,
            utm_source: row.utm_source.clone(),
            utm_medium: row.utm_medium.clone(),
            utm_campaign: row.utm_campaign.clone(),
            heard_about: row.heard_about.clone(),
            interests: interests_of(&row.interests),
            furthest: rank(furthest),
            attended_event,
            first_contact_minutes: first_contact.map(|(minutes, _)| minutes),
            first_contact_met: first_contact.and_then(|(_, met)| met),
            applied_on: on(Stage::ApplicationSubmitted),
            stage_two_on: on(Stage::Assessment),
            panel_on: on(Stage::Panel),
            approved_on: on(Stage::Approved),
            days_to_approval,
            closed_now: history
                .last()
                .is_some_and(|last| !NOT_CLOSED.contains(&last.to_status.as_str())),
        },
        spells,
        closures,
    }))
}

/// The region of each local authority among `authorities`.
async fn regions_of(
    conn: &impl ConnectionTrait,
    authorities: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, i32>, DomainError> {
    let mut ids: Vec<i32> = authorities.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(local_authority::Entity::find()
        .select_only()
        .column(local_authority::Column::Id)
        .column(local_authority::Column::RegionId)
        .filter(local_authority::Column::Id.is_in(ids))
        .into_tuple::<(i32, i32)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// Rebuilds the summaries of `households` from their history and stores
/// them in place of any they had.
pub(crate) async fn refresh_many(
    conn: &impl ConnectionTrait,
    households: &[i32],
) -> Result<(), DomainError> {
    if households.is_empty() {
        return Ok(());
    }
    let rows = household::Entity::find()
        .filter(household::Column::Id.is_in(households.iter().copied()))
        .all(conn)
        .await?;
    let regions = regions_of(conn, rows.iter().filter_map(|r| r.local_authority_id)).await?;
    let mut history: HashMap<i32, Vec<household_history::Model>> = HashMap::new();
    for step in household_history::Entity::find()
        .filter(household_history::Column::HouseholdId.is_in(households.iter().copied()))
        .order_by_asc(household_history::Column::At)
        .order_by_asc(household_history::Column::Id)
        .all(conn)
        .await?
    {
        history.entry(step.household_id).or_default().push(step);
    }
    // What the summaries counted until now is taken from the months.
    let answers = answers_of(conn, Some(households)).await?;
    let mut changes = Changes::default();
    for summary in load(conn, Some(households)).await? {
        changes.count(&summary, answers.get(&summary.household.household_id), -1)?;
    }
    report_stage_spell::Entity::delete_many()
        .filter(report_stage_spell::Column::HouseholdId.is_in(households.iter().copied()))
        .exec(conn)
        .await?;
    report_closure::Entity::delete_many()
        .filter(report_closure::Column::HouseholdId.is_in(households.iter().copied()))
        .exec(conn)
        .await?;
    report_household::Entity::delete_many()
        .filter(report_household::Column::HouseholdId.is_in(households.iter().copied()))
        .exec(conn)
        .await?;
    let mut summaries = Vec::with_capacity(rows.len());
    for row in &rows {
        let region = row
            .local_authority_id
            .and_then(|la| regions.get(&la).copied());
        let steps = history.get(&row.id).map(Vec::as_slice).unwrap_or_default();
        summaries.extend(summarise(row, region, steps)?);
    }
    store_with(conn, summaries, &answers, changes).await
}

/// Stores new households' summaries, in statements of bounded size (SQLite
/// allows 32,766 parameters, PostgreSQL 65,535) whatever the batch.
pub(crate) async fn store(
    conn: &impl ConnectionTrait,
    summaries: Vec<Summary>,
    answers: &HashMap<i32, Answers>,
) -> Result<(), DomainError> {
    store_with(conn, summaries, answers, Changes::default()).await
}

/// Stores `summaries` and adds what they count (with the households'
/// equality `answers`) to the months, with `changes` already made.
async fn store_with(
    conn: &impl ConnectionTrait,
    summaries: Vec<Summary>,
    answers: &HashMap<i32, Answers>,
    mut changes: Changes,
) -> Result<(), DomainError> {
    for summary in &summaries {
        changes.count(summary, answers.get(&summary.household.household_id), 1)?;
    }
    changes.apply(conn).await?;
    let mut facts = Vec::with_capacity(summaries.len());
    let mut spells = Vec::new();
    let mut closures = Vec::new();
    for summary in summaries {
        facts.push(summary.household.into_active_model());
        spells.extend(
            summary
                .spells
                .into_iter()
                .map(|s| report_stage_spell::ActiveModel {
                    id: NotSet,
                    ..s.into_active_model()
                }),
        );
        closures.extend(
            summary
                .closures
                .into_iter()
                .map(|c| report_closure::ActiveModel {
                    id: NotSet,
                    ..c.into_active_model()
                }),
        );
    }
    for chunk in facts.chunks(1000) {
        report_household::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await?;
    }
    for chunk in spells.chunks(3000) {
        report_stage_spell::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await?;
    }
    for chunk in closures.chunks(2000) {
        report_closure::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// The equality answers of `households`, or of every household that has
/// them.
pub(super) async fn answers_of(
    conn: &impl ConnectionTrait,
    households: Option<&[i32]>,
) -> Result<HashMap<i32, Answers>, DomainError> {
    let mut query = equality_answers::Entity::find();
    if let Some(ids) = households {
        query = query.filter(equality_answers::Column::HouseholdId.is_in(ids.iter().copied()));
    }
    Ok(query
        .all(conn)
        .await?
        .iter()
        .map(|row| (row.household_id, Answers::from(row)))
        .collect())
}

/// Moves a household's count in the months from its `old` equality
/// answers to its `new` ones, in the transaction that stores them.
pub(crate) async fn answers_changed(
    conn: &impl ConnectionTrait,
    household_id: i32,
    old: &Answers,
    new: &Answers,
) -> Result<(), DomainError> {
    let mut changes = Changes::default();
    for summary in load(conn, Some(&[household_id])).await? {
        changes.count(&summary, Some(old), -1)?;
        changes.count(&summary, Some(new), 1)?;
    }
    changes.apply(conn).await
}

/// The stored summaries of `households`, or of every household.
pub(super) async fn load(
    conn: &impl ConnectionTrait,
    households: Option<&[i32]>,
) -> Result<Vec<Summary>, DomainError> {
    let ids = || households.map(|ids| ids.iter().copied());
    let mut facts = report_household::Entity::find();
    let mut spells = report_stage_spell::Entity::find();
    let mut closures = report_closure::Entity::find();
    if let Some(ids) = ids() {
        facts = facts.filter(report_household::Column::HouseholdId.is_in(ids));
    }
    if let Some(ids) = ids() {
        spells = spells.filter(report_stage_spell::Column::HouseholdId.is_in(ids));
    }
    if let Some(ids) = ids() {
        closures = closures.filter(report_closure::Column::HouseholdId.is_in(ids));
    }
    let mut summaries: HashMap<i32, Summary> = facts
        .all(conn)
        .await?
        .into_iter()
        .map(|household| {
            (
                household.household_id,
                Summary {
                    household,
                    spells: Vec::new(),
                    closures: Vec::new(),
                },
            )
        })
        .collect();
    for spell in spells.all(conn).await? {
        if let Some(summary) = summaries.get_mut(&spell.household_id) {
            summary.spells.push(spell);
        }
    }
    for closure in closures.all(conn).await? {
        if let Some(summary) = summaries.get_mut(&closure.household_id) {
            summary.closures.push(closure);
        }
    }
    Ok(summaries.into_values().collect())
}

/// Rebuilds one household's summaries: called with every row its history
/// gains, and when its first contact is recorded.
pub(crate) async fn refresh(
    conn: &impl ConnectionTrait,
    household_id: i32,
) -> Result<(), DomainError> {
    refresh_many(conn, &[household_id]).await
}

/// Summarises every household that has no summary yet (those from before
/// reports, or written in bulk), a batch at a time, telling `progress` how
/// many are done; one indexed query once all have one.
pub async fn summarise_unsummarised(
    ctx: &Ctx,
    mut progress: impl FnMut(u64),
) -> Result<u64, DomainError> {
    const BATCH: u64 = 1000;
    let mut done = 0;
    // Onwards from the last batch: a household with no history has no
    // summary, and must not be asked for again and again.
    let mut after = 0;
    loop {
        let missing: Vec<i32> = household::Entity::find()
            .select_only()
            .column(household::Column::Id)
            .filter(household::Column::Id.gt(after))
            .filter(
                household::Column::Id.not_in_subquery(
                    Query::select()
                        .column(report_household::Column::HouseholdId)
                        .from(report_household::Entity)
                        .to_owned(),
                ),
            )
            // A household with no recruitment history (a carer household a
            // service brought to Hearth) has nothing to summarise.
            .filter(
                household::Column::Id.in_subquery(
                    Query::select()
                        .column(household_history::Column::HouseholdId)
                        .from(household_history::Entity)
                        .to_owned(),
                ),
            )
            .order_by_asc(household::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(&ctx.db)
            .await?;
        let Some(last) = missing.last().copied() else {
            if done > 0 {
                crate::context::gather_statistics(&ctx.db).await?;
            }
            return Ok(done);
        };
        after = last;
        let txn = ctx.write().await?;
        refresh_many(&txn, &missing).await?;
        txn.commit().await?;
        done += missing.len() as u64;
        progress(done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("an instant")
    }

    fn day(text: &str) -> chrono::NaiveDate {
        text.parse().expect("a date")
    }

    fn household() -> household::Model {
        household::Model {
            id: 7,
            organisation_id: 3,
            status: "open".into(),
            stage: "enquiry".into(),
            closure: None,
            on_hold_until: None,
            name: "Sam Jones".into(),
            email: "sam@example.org".into(),
            phone: "07700 900 982".into(),
            postcode: "TS24 7AB".into(),
            local_authority_id: Some(1),
            routing_to_check: false,
            best_time_to_call: "evening".into(),
            interests: r#"["teenagers","remand"]"#.into(),
            heard_about: Some("search".into()),
            consent_to_contact: true,
            utm_source: Some("facebook".into()),
            utm_medium: None,
            utm_campaign: Some("spring".into()),
            utm_term: None,
            utm_content: None,
            first_contact_due_at: Some(at("2026-04-03T17:00:00Z")),
            first_contact_at: Some(at("2026-04-02T09:30:00Z")),
            owner_id: None,
            next_action_on: None,
            person_id: None,
            last_enquiry_at: at("2026-03-31T23:30:00Z"),
            known_adult_for: None,
            child_reference: None,
            relationship: None,
            referred_by_id: None,
            created_at: at("2026-03-31T23:30:00Z"),
            updated_at: at("2026-03-31T23:30:00Z"),
            due_at: None,
            queue_key: String::new(),
            phone_digits: "07700900982".into(),
        }
    }

    /// A row of history: `from` and `to` as `status/stage`.
    fn step(
        event: &str,
        when: &str,
        from: Option<&str>,
        to: &str,
        reason: Option<&str>,
    ) -> household_history::Model {
        let split = |s: &str| {
            let (status, stage) = s.split_once('/').expect("status/stage");
            (status.to_owned(), stage.to_owned())
        };
        let from = from.map(split);
        let to = split(to);
        household_history::Model {
            id: 0,
            household_id: 7,
            at: at(when),
            actor_id: None,
            event: event.into(),
            from_status: from.as_ref().map(|f| f.0.clone()),
            from_stage: from.map(|f| f.1),
            to_status: to.0,
            to_stage: to.1,
            reason_code: reason.map(str::to_owned),
            reason_text: None,
            from_organisation_id: None,
            to_organisation_id: None,
        }
    }

    fn summary(history: &[household_history::Model]) -> Summary {
        summarise(&household(), Some(2), history)
            .expect("summarised")
            .expect("a history")
    }

    #[test]
    fn a_household_belongs_to_the_cohort_of_its_london_day() {
        let s = summary(&[step(
            "enquired",
            "2026-03-31T23:30:00Z",
            None,
            "open/enquiry",
            None,
        )]);
        assert_eq!(
            s.household.first_on,
            day("2026-04-01"),
            "half past midnight in BST"
        );
        assert_eq!(
            s.household.interests,
            interest_bit(FosteringKind::Teenagers) | interest_bit(FosteringKind::Remand)
        );
        assert_eq!(s.household.region_id, Some(2));
        assert_eq!(s.household.first_contact_minutes, Some(34 * 60));
        assert_eq!(s.household.first_contact_met, Some(true));
        assert_eq!(s.spells.len(), 1);
        assert_eq!(s.spells[0].left_on, None, "still at its first stage");
    }

    #[test]
    fn time_on_hold_does_not_count_as_time_in_the_stage() {
        let s = summary(&[
            step(
                "enquired",
                "2026-05-01T10:00:00Z",
                None,
                "open/enquiry",
                None,
            ),
            step(
                "contacted",
                "2026-05-02T10:00:00Z",
                Some("open/enquiry"),
                "open/contacted",
                None,
            ),
            step(
                "put_on_hold",
                "2026-05-03T10:00:00Z",
                Some("open/contacted"),
                "on_hold/contacted",
                None,
            ),
            step(
                "resumed",
                "2026-06-02T10:00:00Z",
                Some("on_hold/contacted"),
                "open/contacted",
                None,
            ),
            step(
                "visit_completed",
                "2026-06-07T10:00:00Z",
                Some("open/contacted"),
                "open/initial_visit",
                None,
            ),
        ]);
        let contacted = s
            .spells
            .iter()
            .find(|x| x.stage == "contacted")
            .expect("contacted");
        assert_eq!(contacted.days, Some(6), "37 days less 30 on hold");
        assert_eq!(contacted.left_on, Some(day("2026-06-07")));
        assert_eq!(s.household.furthest, rank(Stage::InitialVisit));
        assert!(!s.household.attended_event);
    }

    #[test]
    fn a_reopened_household_is_one_household_and_its_withdrawal_is_marked_reopened() {
        let s = summary(&[
            step(
                "enquired",
                "2026-05-01T10:00:00Z",
                None,
                "open/enquiry",
                None,
            ),
            step(
                "withdrew",
                "2026-05-10T10:00:00Z",
                Some("open/enquiry"),
                "closed/enquiry",
                Some("timing_not_right"),
            ),
            step(
                "reopened",
                "2026-07-01T10:00:00Z",
                Some("closed/enquiry"),
                "open/enquiry",
                Some("repeat_enquiry"),
            ),
            step(
                "attended_information_event",
                "2026-07-03T10:00:00Z",
                Some("open/enquiry"),
                "open/information_event",
                None,
            ),
            step(
                "advised_not_to_proceed",
                "2026-07-04T10:00:00Z",
                Some("open/information_event"),
                "closed/information_event",
                Some("not_suitable"),
            ),
        ]);
        assert_eq!(s.closures.len(), 2);
        assert_eq!(s.closures[0].closure, "withdrawn");
        assert_eq!(s.closures[0].reopened_on, Some(day("2026-07-01")));
        assert_eq!(
            s.closures[0].reason_code.as_deref(),
            Some("timing_not_right")
        );
        assert_eq!(s.closures[1].closure, "advised_not_to_proceed");
        assert_eq!(s.closures[1].stage, "information_event");
        assert_eq!(s.closures[1].reopened_on, None);
        let enquiry = s
            .spells
            .iter()
            .find(|x| x.stage == "enquiry")
            .expect("the enquiry");
        assert_eq!(enquiry.days, Some(11), "63 days less 52 closed");
        assert_eq!(s.spells.iter().filter(|x| x.stage == "enquiry").count(), 1);
        assert!(s.household.attended_event);
        assert_eq!(s.household.furthest, rank(Stage::InformationEvent));
    }

    #[test]
    fn days_to_approval_leave_out_time_on_hold() {
        let s = summary(&[
            step(
                "enquired",
                "2026-01-01T10:00:00Z",
                None,
                "open/enquiry",
                None,
            ),
            step(
                "contacted",
                "2026-01-02T10:00:00Z",
                Some("open/enquiry"),
                "open/contacted",
                None,
            ),
            step(
                "put_on_hold",
                "2026-01-03T10:00:00Z",
                Some("open/contacted"),
                "on_hold/contacted",
                None,
            ),
            step(
                "resumed",
                "2026-01-13T10:00:00Z",
                Some("on_hold/contacted"),
                "open/contacted",
                None,
            ),
            step(
                "reassigned",
                "2026-01-14T10:00:00Z",
                Some("open/contacted"),
                "open/contacted",
                None,
            ),
            step(
                "visit_completed",
                "2026-02-01T10:00:00Z",
                Some("open/contacted"),
                "open/initial_visit",
                None,
            ),
            step(
                "invited_to_apply",
                "2026-02-02T10:00:00Z",
                Some("open/initial_visit"),
                "open/application_invited",
                None,
            ),
            step(
                "application_submitted",
                "2026-03-01T10:00:00Z",
                Some("open/application_invited"),
                "open/application_submitted",
                None,
            ),
            step(
                "proceeded_to_stage_2",
                "2026-04-01T10:00:00Z",
                Some("open/application_submitted"),
                "open/stage_2",
                None,
            ),
            step(
                "booked_for_panel",
                "2026-08-01T10:00:00Z",
                Some("open/stage_2"),
                "open/panel",
                None,
            ),
            step(
                "booked_for_panel",
                "2026-08-20T10:00:00Z",
                Some("open/panel"),
                "open/panel",
                None,
            ),
            step(
                "panel_recommended",
                "2026-09-01T10:00:00Z",
                Some("open/panel"),
                "open/recommended",
                None,
            ),
            step(
                "approved",
                "2026-09-10T10:00:00Z",
                Some("open/recommended"),
                "open/approved",
                None,
            ),
        ]);
        let h = &s.household;
        assert_eq!(h.approved_on, Some(day("2026-09-10")));
        assert_eq!(h.days_to_approval, Some(252 - 10));
        assert_eq!(h.applied_on, Some(day("2026-03-01")));
        assert_eq!(h.stage_two_on, Some(day("2026-04-01")));
        assert_eq!(h.panel_on, Some(day("2026-08-01")), "the first booking");
        assert_eq!(h.furthest, rank(Stage::Approved));
        let panel = s.spells.iter().find(|x| x.stage == "panel").expect("panel");
        assert_eq!(panel.days, Some(31), "a second booking is the same stage");
        assert_eq!(s.spells.len(), 9, "one per stage entered");
    }

    #[test]
    fn a_connected_person_starts_at_stage_2_and_has_no_first_contact_to_time() {
        let s = summary(&[step(
            "temporarily_approved",
            "2026-05-01T10:00:00Z",
            None,
            "open/stage_2",
            None,
        )]);
        assert!(s.household.connected_person);
        assert_eq!(s.household.first_contact_minutes, None);
        assert_eq!(s.household.stage_two_on, Some(day("2026-05-01")));
        assert_eq!(s.household.applied_on, None);
    }
}
