//! The pair's log of the meetings they had: the date, how, how long, the
//! topics from a list, and the miles driven where the scheme pays them.
//! Nothing is asked in words, so nothing about a child is written down.
//! The supporter logs each meeting, and the mentee sees the log; the
//! coordinator sees its figures, never more.

use chrono::NaiveDate;
use chrono_tz::Europe::London;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::Way;
use super::entities::meeting_log;
use super::pair::{Side, pair_of};
use super::settings::settings_of;
use crate::names::stored_names;
use crate::{Actor, Ctx, DomainError, FieldError};

/// What a meeting was about, from the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    GettingStarted,
    SkillsToFoster,
    TheAssessment,
    Panel,
    FirstChildPlaced,
    FamilyTime,
    School,
    Allowances,
    LookingAfterYourself,
    OwnChildren,
    Endings,
}

stored_names!(Topic {
    GettingStarted => "getting_started", "Getting started",
    SkillsToFoster => "skills_to_foster", "Skills to Foster training",
    TheAssessment => "the_assessment", "The assessment",
    Panel => "panel", "Panel",
    FirstChildPlaced => "first_child_placed", "A first child placed",
    FamilyTime => "family_time", "Family time",
    School => "school", "School and education",
    Allowances => "allowances", "Allowances and money",
    LookingAfterYourself => "looking_after_yourself", "Looking after yourself",
    OwnChildren => "own_children", "Your own children",
    Endings => "endings", "Endings and moves",
});

const LONGEST_MINUTES: i32 = 480;
const MOST_MILES: i32 = 500;

/// A meeting as logged.
#[derive(Clone, Debug, Default)]
pub struct MeetingLogInput {
    pub held_on: Option<NaiveDate>,
    pub way: Option<Way>,
    pub minutes: Option<i32>,
    pub topics: Vec<Topic>,
    /// Only where the scheme pays mileage; none for no miles.
    pub miles: Option<i32>,
}

/// A meeting logged, for the pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedMeeting {
    pub id: i32,
    pub held_on: NaiveDate,
    pub way: Way,
    pub minutes: i32,
    pub topics: Vec<Topic>,
    pub miles: Option<i32>,
}

impl From<meeting_log::Model> for LoggedMeeting {
    fn from(row: meeting_log::Model) -> Self {
        Self {
            id: row.id,
            held_on: row.held_on,
            way: Way::parse(&row.way).unwrap_or(Way::Phone),
            minutes: row.minutes,
            topics: row.topics.split(',').filter_map(Topic::parse).collect(),
            miles: row.miles,
        }
    }
}

/// Logs a meeting the pair had, for either of them. Returns its id.
pub async fn log_meeting(
    ctx: &Ctx,
    actor: &Actor,
    relationship_id: i32,
    input: &MeetingLogInput,
) -> Result<i32, DomainError> {
    let pair = pair_of(&ctx.db, actor, relationship_id).await?;
    // The supporter logs what they give (and may be paid for); the mentee
    // sees the log.
    if pair.side != Side::Supporter {
        return Err(DomainError::Forbidden);
    }
    let settings = settings_of(&ctx.db, pair.relationship.organisation_id).await?;
    let now = ctx.clock.now();
    let today = now.with_timezone(&London).date_naive();
    let started = pair
        .relationship
        .started_at
        .with_timezone(&London)
        .date_naive();
    let mut errors = Vec::new();
    match input.held_on {
        None => errors.push(FieldError::new("held_on", "Enter the date you met")),
        Some(day) if day > today || day < started => errors.push(FieldError::new(
            "held_on",
            "Enter a date from when you were matched up to today",
        )),
        Some(_) => {}
    }
    if input.way.is_none() {
        errors.push(FieldError::new("way", "Choose how you met"));
    }
    if !input
        .minutes
        .is_some_and(|m| (5..=LONGEST_MINUTES).contains(&m))
    {
        errors.push(FieldError::new(
            "minutes",
            format!("Enter how many minutes you met for, from 5 to {LONGEST_MINUTES}"),
        ));
    }
    if input.topics.is_empty() {
        errors.push(FieldError::new("topics", "Choose what you talked about"));
    }
    match input.miles {
        Some(_) if !settings.pays_mileage => errors.push(FieldError::new(
            "miles",
            "Your service does not pay mileage: leave the miles empty",
        )),
        Some(miles) if !(0..=MOST_MILES).contains(&miles) => errors.push(FieldError::new(
            "miles",
            format!("Enter the miles driven, from 0 to {MOST_MILES}"),
        )),
        _ => {}
    }
    let (Some(held_on), Some(way), Some(minutes), true) =
        (input.held_on, input.way, input.minutes, errors.is_empty())
    else {
        return Err(DomainError::InvalidInput(errors));
    };
    if !pair.is_active() {
        return Err(DomainError::Conflict("This match has ended".into()));
    }
    let mut topics: Vec<&str> = input.topics.iter().map(|t| t.as_str()).collect();
    topics.sort_unstable();
    topics.dedup();
    let txn = ctx.write().await?;
    let row = meeting_log::ActiveModel {
        id: NotSet,
        relationship_id: Set(pair.relationship.id),
        held_on: Set(held_on),
        way: Set(way.as_str().to_owned()),
        minutes: Set(minutes),
        topics: Set(topics.join(",")),
        miles: Set(input.miles),
        logged_by_id: Set(actor.person_id()),
        logged_at: Set(now),
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// The pair's meetings logged, latest first, for either of them.
pub async fn meetings_logged(
    ctx: &Ctx,
    actor: &Actor,
    relationship_id: i32,
) -> Result<Vec<LoggedMeeting>, DomainError> {
    let pair = pair_of(&ctx.db, actor, relationship_id).await?;
    Ok(meeting_log::Entity::find()
        .filter(meeting_log::Column::RelationshipId.eq(pair.relationship.id))
        .order_by_desc(meeting_log::Column::HeldOn)
        .order_by_desc(meeting_log::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(LoggedMeeting::from)
        .collect())
}
