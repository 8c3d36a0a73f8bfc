//! A constellation's meetings, activities and trips: its hub carer or
//! liaison worker publishes one (a monthly meeting, an activity, a trip or
//! training) with its place, time and whom it is for; each family answers
//! for each of its people, gets a calendar file and a reminder the day
//! before (the information events' calendar entry and reminder timing);
//! afterwards the hub records who came. Attendance is never enforced.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use super::access::{
    Standing, carers_to_tell, current_members, household_names, standing, standing_in,
};
use super::entities::{constellation, meeting, meeting_answer};
use super::sleepovers::tell;
use crate::applications::joint::applicants;
use crate::carers::entities::carer_household;
use crate::carers::{child_name, children_living_with};
use crate::jobs::{Job, enqueue};
use crate::names::stored_names;
use crate::notifications::{CalendarEntry, Email, EventDetails, SendEmail};
use crate::recruitment::entities::household;
use crate::recruitment::london_display;
use crate::reminders::tomorrow_in_london;
use crate::text::bounded;
use crate::{Actor, Ctx, DomainError, FieldError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MeetingKind {
    MonthlyMeeting,
    Activity,
    Trip,
    Training,
}

stored_names!(MeetingKind {
    MonthlyMeeting => "monthly_meeting", "Monthly meeting",
    Activity => "activity", "Activity",
    Trip => "trip", "Trip",
    Training => "training", "Training",
});

/// Whom a meeting is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ForWhom {
    Carers,
    Children,
    Both,
}

stored_names!(ForWhom {
    Carers => "carers", "Carers",
    Children => "children", "Children",
    Both => "both", "Carers and children",
});

impl ForWhom {
    fn carers(self) -> bool {
        matches!(self, Self::Carers | Self::Both)
    }

    fn children(self) -> bool {
        matches!(self, Self::Children | Self::Both)
    }
}

const TITLE_LONGEST: usize = 200;
const PLACE_LONGEST: usize = 500;
const ABOUT_LONGEST: usize = 2_000;
/// More people than a constellation holds: a list longer is not one.
const MOST_PEOPLE: usize = 500;
/// The longest a trip may last.
const LONGEST: TimeDelta = TimeDelta::days(7);

/// A meeting as its hub carer or liaison worker publishes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeetingInput {
    pub kind: Option<MeetingKind>,
    pub title: String,
    pub place: String,
    pub about: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub for_whom: Option<ForWhom>,
}

/// Publishes a meeting, activity or trip for the constellation's families,
/// each told there is something to see: for its hub carers, liaison
/// workers and managers. Returns its id.
pub async fn publish_meeting(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
    input: &MeetingInput,
) -> Result<i32, DomainError> {
    let found = standing(ctx, actor, constellation_id).await?;
    if !(found.is_hub() || found.staff()) {
        return Err(DomainError::Forbidden);
    }
    let now = ctx.clock.now();
    let mut errors = Vec::new();
    if input.kind.is_none() {
        errors.push(FieldError::new("kind", "Select what it is"));
    }
    let title = bounded(
        &mut errors,
        "title",
        &input.title,
        TITLE_LONGEST,
        Some("Enter a title, like December get-together"),
    );
    let place = bounded(
        &mut errors,
        "place",
        &input.place,
        PLACE_LONGEST,
        Some("Enter where it is"),
    );
    let about = bounded(&mut errors, "about", &input.about, ABOUT_LONGEST, None);
    match input.starts_at {
        None => errors.push(FieldError::new("starts_at", "Enter when it starts")),
        Some(at) if at <= now => {
            errors.push(FieldError::new("starts_at", "It must start in the future"))
        }
        Some(_) => {}
    }
    match (input.starts_at, input.ends_at) {
        (_, None) => errors.push(FieldError::new("ends_at", "Enter when it ends")),
        (Some(start), Some(end)) if end <= start || end - start > LONGEST => errors.push(
            FieldError::new("ends_at", "It must end after it starts, within a week"),
        ),
        _ => {}
    }
    if input.for_whom.is_none() {
        errors.push(FieldError::new("for_whom", "Select whom it is for"));
    }
    let (Some(kind), Some(starts_at), Some(ends_at), Some(for_whom), true) = (
        input.kind,
        input.starts_at,
        input.ends_at,
        input.for_whom,
        errors.is_empty(),
    ) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let txn = ctx.write().await?;
    let made = meeting::ActiveModel {
        id: NotSet,
        constellation_id: Set(constellation_id),
        kind: Set(kind.as_str().to_owned()),
        title: Set(title),
        place: Set(place),
        about: Set(about),
        starts_at: Set(starts_at),
        ends_at: Set(ends_at),
        for_whom: Set(for_whom.as_str().to_owned()),
        published_by_id: Set(actor.person_id()),
        created_at: Set(now),
    }
    .insert(&*txn)
    .await?;
    let path = meeting_path(made.id);
    for member in current_members(&*txn, constellation_id).await? {
        let own = found
            .family
            .as_ref()
            .is_some_and(|f| f.carer_household.id == member.carer_household_id);
        if !own {
            tell(
                &*txn,
                carers_to_tell(&*txn, member.carer_household_id).await?,
                &path,
                now,
                now,
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(made.id)
}

fn meeting_path(id: i32) -> String {
    format!("/meetings/{id}")
}

/// A meeting as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingSummary {
    pub id: i32,
    pub constellation_id: i32,
    pub kind: MeetingKind,
    pub title: String,
    pub place: String,
    pub about: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub for_whom: ForWhom,
    /// People who said they are coming.
    pub coming: u64,
    /// People recorded as having come.
    pub came: u64,
}

impl MeetingSummary {
    pub fn when(&self) -> String {
        london_display(self.starts_at)
    }
}

fn summary_of(
    row: &meeting::Model,
    answers: &[meeting_answer::Model],
) -> Result<MeetingSummary, DomainError> {
    let own: Vec<&meeting_answer::Model> =
        answers.iter().filter(|a| a.meeting_id == row.id).collect();
    Ok(MeetingSummary {
        id: row.id,
        constellation_id: row.constellation_id,
        kind: MeetingKind::from_stored(&row.kind)?,
        title: row.title.clone(),
        place: row.place.clone(),
        about: row.about.clone(),
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        for_whom: ForWhom::from_stored(&row.for_whom)?,
        coming: own.iter().filter(|a| a.coming).count() as u64,
        came: own.iter().filter(|a| a.attended == Some(true)).count() as u64,
    })
}

/// The constellation's meetings from `from` on, soonest first.
pub(crate) async fn meetings_of(
    ctx: &Ctx,
    constellation_id: i32,
    from: DateTime<Utc>,
) -> Result<Vec<MeetingSummary>, DomainError> {
    let rows = meeting::Entity::find()
        .filter(meeting::Column::ConstellationId.eq(constellation_id))
        .filter(meeting::Column::EndsAt.gte(from))
        .order_by_asc(meeting::Column::StartsAt)
        .limit(50)
        .all(&ctx.db)
        .await?;
    let answers = meeting_answer::Entity::find()
        .filter(meeting_answer::Column::MeetingId.is_in(rows.iter().map(|r| r.id)))
        .all(&ctx.db)
        .await?;
    rows.iter().map(|r| summary_of(r, &answers)).collect()
}

/// One person of a household, and their answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonAnswer {
    /// `carer:{id}` or `child:{id}`: what the form sends back.
    pub key: String,
    pub name: String,
    pub coming: Option<bool>,
    pub came: Option<bool>,
}

/// A household's answers, as the hub and staff read them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HouseholdAnswers {
    pub carer_household_id: i32,
    pub family: String,
    pub people: Vec<PersonAnswer>,
}

/// A meeting as its page shows it to the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingRecord {
    pub summary: MeetingSummary,
    pub constellation: String,
    /// The reader's own household's people and their answers.
    pub own: Option<HouseholdAnswers>,
    /// Every household's answers, for the hub and staff.
    pub households: Vec<HouseholdAnswers>,
    /// The reader may record who came (the meeting has started).
    pub may_record_attendance: bool,
}

/// The people of a household the meeting is for: its carers, and its
/// children when it is for them.
async fn people_of(
    conn: &impl ConnectionTrait,
    carer_household_id: i32,
    for_whom: ForWhom,
) -> Result<Vec<(String, String)>, DomainError> {
    let mut people = Vec::new();
    let Some(row) = carer_household::Entity::find_by_id(carer_household_id)
        .one(conn)
        .await?
    else {
        return Ok(people);
    };
    if for_whom.carers()
        && let Some(home) = household::Entity::find_by_id(row.household_id)
            .one(conn)
            .await?
    {
        for carer in applicants(conn, &home).await? {
            people.push((format!("carer:{}", carer.id), carer.name));
        }
    }
    if for_whom.children() {
        for child in children_living_with(conn, row.id).await? {
            people.push((format!("child:{}", child.id), child_name(&child)));
        }
    }
    Ok(people)
}

async fn answers_of(
    conn: &impl ConnectionTrait,
    row: &meeting::Model,
    carer_household_id: i32,
    family: String,
    stored: &[meeting_answer::Model],
) -> Result<HouseholdAnswers, DomainError> {
    let for_whom = ForWhom::from_stored(&row.for_whom)?;
    let mut people: Vec<PersonAnswer> = people_of(conn, carer_household_id, for_whom)
        .await?
        .into_iter()
        .map(|(key, name)| {
            let answer = stored
                .iter()
                .find(|a| a.carer_household_id == carer_household_id && a.person_key == key);
            PersonAnswer {
                coming: answer.map(|a| a.coming),
                came: answer.and_then(|a| a.attended),
                key,
                name,
            }
        })
        .collect();
    // Those who answered and have since moved on stay in the record.
    let gone: Vec<PersonAnswer> = stored
        .iter()
        .filter(|a| a.carer_household_id == carer_household_id)
        .filter(|a| !people.iter().any(|p| p.key == a.person_key))
        .map(|answer| PersonAnswer {
            key: answer.person_key.clone(),
            name: answer.name.clone(),
            coming: Some(answer.coming),
            came: answer.attended,
        })
        .collect();
    people.extend(gone);
    Ok(HouseholdAnswers {
        carer_household_id,
        family,
        people,
    })
}

async fn found_meeting(
    ctx: &Ctx,
    actor: &Actor,
    meeting_id: i32,
) -> Result<(meeting::Model, Standing), DomainError> {
    actor.require_signed_in()?;
    let row = meeting::Entity::find_by_id(meeting_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let constellation = constellation::Entity::find_by_id(row.constellation_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let found = standing_in(ctx, actor, constellation)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok((row, found))
}

/// The meeting, for those who stand in its constellation.
pub async fn meeting_record(
    ctx: &Ctx,
    actor: &Actor,
    meeting_id: i32,
) -> Result<MeetingRecord, DomainError> {
    let (row, found) = found_meeting(ctx, actor, meeting_id).await?;
    let stored = meeting_answer::Entity::find()
        .filter(meeting_answer::Column::MeetingId.eq(row.id))
        .all(&ctx.db)
        .await?;
    let own = match &found.family {
        Some(family) => Some(
            answers_of(
                &ctx.db,
                &row,
                family.carer_household.id,
                String::new(),
                &stored,
            )
            .await?,
        ),
        None => None,
    };
    let supports = found.staff() || found.is_hub();
    let mut households = Vec::new();
    if supports {
        let mut ids: Vec<i32> = current_members(&ctx.db, row.constellation_id)
            .await?
            .iter()
            .map(|m| m.carer_household_id)
            .collect();
        for answer in &stored {
            if !ids.contains(&answer.carer_household_id) {
                ids.push(answer.carer_household_id);
            }
        }
        let rows = carer_household::Entity::find()
            .filter(carer_household::Column::Id.is_in(ids.iter().copied()))
            .all(&ctx.db)
            .await?;
        let mut names = household_names(&ctx.db, &rows).await?;
        names.sort_by(|a, b| a.1.cmp(&b.1));
        for (id, name) in names {
            households.push(answers_of(&ctx.db, &row, id, name, &stored).await?);
        }
    }
    Ok(MeetingRecord {
        summary: summary_of(&row, &stored)?,
        constellation: found.row.name.clone(),
        own,
        households,
        may_record_attendance: (found.is_hub() || found.staff())
            && row.starts_at <= ctx.clock.now(),
    })
}

/// The meeting as its emails and the reader's calendar describe it.
fn details(row: &meeting::Model, constellation: &str) -> EventDetails {
    EventDetails {
        title: row.title.clone(),
        organisation: constellation.to_owned(),
        when: london_display(row.starts_at),
        place: row.place.clone(),
        joining_link: None,
        calendar: CalendarEntry {
            uid: format!("meeting-{}@hearth", row.id),
            title: row.title.clone(),
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            location: row.place.clone(),
            description: row.about.clone(),
        },
    }
}

/// Two carers of a household answering at the same moment: the second is
/// asked to look again, never given an error page.
fn answered_at_once(error: sea_orm::DbErr) -> DomainError {
    if matches!(
        error.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    ) {
        DomainError::Conflict(
            "Someone in your household answered at the same moment: look at the answers and save again"
                .to_owned(),
        )
    } else {
        error.into()
    }
}

/// A household answers for each of its people: those in `coming` are
/// coming, the rest are not. Answering again changes the answers; the
/// carers get the meeting for their calendar while anyone is coming.
pub async fn answer_meeting(
    ctx: &Ctx,
    actor: &Actor,
    meeting_id: i32,
    coming: &[String],
) -> Result<(), DomainError> {
    let (row, found) = found_meeting(ctx, actor, meeting_id).await?;
    let Some(family) = found.family.as_ref() else {
        return Err(DomainError::Forbidden);
    };
    let now = ctx.clock.now();
    if row.ends_at <= now {
        return Err(DomainError::Conflict(
            "This has already happened".to_owned(),
        ));
    }
    let for_whom = ForWhom::from_stored(&row.for_whom)?;
    let people = people_of(&ctx.db, family.carer_household.id, for_whom).await?;
    if coming
        .iter()
        .any(|key| !people.iter().any(|(k, _)| k == key))
    {
        return Err(DomainError::invalid(
            "coming",
            "Choose people of your household",
        ));
    }
    let txn = ctx.write().await?;
    let before = meeting_answer::Entity::find()
        .filter(meeting_answer::Column::MeetingId.eq(row.id))
        .filter(meeting_answer::Column::CarerHouseholdId.eq(family.carer_household.id))
        .all(&*txn)
        .await?;
    let was_coming = before.iter().any(|a| a.coming);
    for (key, name) in &people {
        let is_coming = coming.contains(key);
        match before.iter().find(|a| a.person_key == *key) {
            Some(answer) => {
                meeting_answer::Entity::update_many()
                    .col_expr(meeting_answer::Column::Coming, Expr::value(is_coming))
                    .col_expr(meeting_answer::Column::AnsweredAt, Expr::value(now))
                    .col_expr(
                        meeting_answer::Column::AnsweredById,
                        Expr::value(actor.person_id()),
                    )
                    .filter(meeting_answer::Column::Id.eq(answer.id))
                    .exec(&*txn)
                    .await?;
            }
            None => {
                meeting_answer::ActiveModel {
                    id: NotSet,
                    meeting_id: Set(row.id),
                    carer_household_id: Set(family.carer_household.id),
                    person_key: Set(key.clone()),
                    name: Set(name.clone()),
                    coming: Set(is_coming),
                    attended: Set(None),
                    answered_by_id: Set(actor.person_id()),
                    answered_at: Set(now),
                    reminder_queued_at: Set(None),
                }
                .insert(&*txn)
                .await
                .map_err(answered_at_once)?;
            }
        }
    }
    if !coming.is_empty() && !was_coming {
        let event = details(&row, &found.row.name);
        for (name, address) in carers_to_tell(&*txn, family.carer_household.id).await? {
            let email = Email::MeetingBooked {
                name,
                event: event.clone(),
                path: meeting_path(row.id),
            };
            enqueue(&*txn, &SendEmail::new(address, email), now, now).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Records who came: the people in `came` did, every other person answered
/// for did not. For the hub carers and staff, once it has started.
pub async fn record_meeting_attendance(
    ctx: &Ctx,
    actor: &Actor,
    meeting_id: i32,
    came: &[(i32, String)],
) -> Result<(), DomainError> {
    let (row, found) = found_meeting(ctx, actor, meeting_id).await?;
    if !(found.is_hub() || found.staff()) {
        return Err(DomainError::Forbidden);
    }
    let now = ctx.clock.now();
    if row.starts_at > now {
        return Err(DomainError::Conflict(
            "Who came is recorded once it has started".to_owned(),
        ));
    }
    if came.len() > MOST_PEOPLE {
        return Err(DomainError::invalid(
            "came",
            "Choose people of the constellation",
        ));
    }
    let for_whom = ForWhom::from_stored(&row.for_whom)?;
    let txn = ctx.write().await?;
    let stored = meeting_answer::Entity::find()
        .filter(meeting_answer::Column::MeetingId.eq(row.id))
        .all(&*txn)
        .await?;
    let mut households: Vec<i32> = current_members(&*txn, row.constellation_id)
        .await?
        .iter()
        .map(|m| m.carer_household_id)
        .collect();
    households.extend(stored.iter().map(|a| a.carer_household_id));
    households.sort_unstable();
    households.dedup();
    // Each household's people: those it has now, and those who answered
    // and have since moved on.
    let mut everyone: Vec<(i32, String, String)> = Vec::new();
    for household in &households {
        for (key, name) in people_of(&*txn, *household, for_whom).await? {
            everyone.push((*household, key, name));
        }
        for answer in stored.iter().filter(|a| a.carer_household_id == *household) {
            if !everyone
                .iter()
                .any(|(h, k, _)| h == household && *k == answer.person_key)
            {
                everyone.push((*household, answer.person_key.clone(), answer.name.clone()));
            }
        }
    }
    let known = |(household, key): &(i32, String)| {
        everyone.iter().any(|(h, k, _)| h == household && k == key)
    };
    if !came.iter().all(known) {
        return Err(DomainError::invalid(
            "came",
            "Choose people of the constellation",
        ));
    }
    for (household, key, name) in everyone {
        let attended = came.iter().any(|(h, k)| *h == household && *k == key);
        match stored
            .iter()
            .find(|a| a.carer_household_id == household && a.person_key == key)
        {
            Some(answer) => {
                meeting_answer::Entity::update_many()
                    .col_expr(meeting_answer::Column::Attended, Expr::value(attended))
                    .filter(meeting_answer::Column::Id.eq(answer.id))
                    .exec(&*txn)
                    .await?;
            }
            // Came without answering: recorded all the same.
            None if attended => {
                meeting_answer::ActiveModel {
                    id: NotSet,
                    meeting_id: Set(row.id),
                    carer_household_id: Set(household),
                    person_key: Set(key),
                    name: Set(name),
                    coming: Set(false),
                    attended: Set(Some(true)),
                    answered_by_id: Set(actor.person_id()),
                    answered_at: Set(now),
                    reminder_queued_at: Set(None),
                }
                .insert(&*txn)
                .await?;
            }
            None => {}
        }
    }
    txn.commit().await?;
    Ok(())
}

/// The job that queues the day-before reminders of tomorrow's meetings,
/// hourly, as the information events' does.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendMeetingReminders {}

impl Job for SendMeetingReminders {
    const KIND: &'static str = "constellations.send_meeting_reminders";
    const MAX_ATTEMPTS: i32 = 5;
}

/// Queues a reminder to the carers of each household with someone coming
/// to a meeting tomorrow (London time) not yet reminded. Returns how many.
pub async fn send_meeting_reminders(ctx: &Ctx, actor: &Actor) -> Result<usize, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    let Some((from, to)) = tomorrow_in_london(now) else {
        return Ok(0);
    };
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::StartsAt.gte(from))
        .filter(meeting::Column::StartsAt.lt(to))
        .all(&ctx.db)
        .await?;
    let mut queued = 0;
    for row in meetings {
        let constellation = constellation::Entity::find_by_id(row.constellation_id)
            .one(&ctx.db)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let txn = ctx.write().await?;
        let mut due: Vec<i32> = meeting_answer::Entity::find()
            .filter(meeting_answer::Column::MeetingId.eq(row.id))
            .filter(meeting_answer::Column::Coming.eq(true))
            .filter(meeting_answer::Column::ReminderQueuedAt.is_null())
            .all(&*txn)
            .await?
            .into_iter()
            .map(|a| a.carer_household_id)
            .collect();
        due.sort_unstable();
        due.dedup();
        for household in due {
            // Marked in the transaction that queues the email, and only
            // where no other runner marked it first.
            let marked = meeting_answer::Entity::update_many()
                .col_expr(meeting_answer::Column::ReminderQueuedAt, Expr::value(now))
                .filter(meeting_answer::Column::MeetingId.eq(row.id))
                .filter(meeting_answer::Column::CarerHouseholdId.eq(household))
                .filter(meeting_answer::Column::ReminderQueuedAt.is_null())
                .exec(&*txn)
                .await?;
            if marked.rows_affected == 0 {
                continue;
            }
            for (name, address) in carers_to_tell(&*txn, household).await? {
                let email = Email::MeetingReminder {
                    name,
                    event: details(&row, &constellation),
                    path: meeting_path(row.id),
                };
                enqueue(&*txn, &SendEmail::new(address, email), now, now).await?;
                queued += 1;
            }
        }
        txn.commit().await?;
    }
    Ok(queued)
}
