//! A fostering team manager sets up a constellation (its name, hub home,
//! liaison workers and settings), changes it, and has families join and
//! leave. Joining and leaving are dated rows with their reasons, and a
//! row of history each; leaving deletes nothing the family did.

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    Set, SqlErr,
};

use super::access::{Part, current_members, hub_of, locked, standing};
use super::beds::busiest_night_from;
use super::entities::{constellation, liaison_worker, member};
use super::leaving::{Ending, end_membership};
use super::quiet_hours::{QuietHours, parse_time};
use crate::carers::entities::carer_household;
use crate::carers::people_who_may;
use crate::clock::london_day;
use crate::policy::Permission;
use crate::text::bounded;
use crate::workflow::{Step, Workflow, record};
use crate::{Actor, Ctx, DomainError, FieldError, Write};

/// Beds a hub keeps for its constellation unless told otherwise.
pub const STANDARD_BEDS: i32 = 2;
/// The most beds a hub may keep: a hub home is a family home.
pub const MOST_BEDS: i32 = 6;
/// Minutes of waking time before an unanswered emergency request goes to
/// the liaison worker, unless the service sets another.
pub const STANDARD_ESCALATION_MINUTES: i32 = 15;
/// Days without contact before a family is flagged, unless set otherwise.
pub const STANDARD_CHECK_IN_DAYS: i32 = 14;
/// Mockingbird's constellations have 6 to 10 satellite families: fewer or
/// more is allowed, with a warning.
pub const FEWEST_FAMILIES: usize = 6;
pub const MOST_FAMILIES: usize = 10;

const NAME_LONGEST: usize = 100;
const REASON_LONGEST: usize = 1_000;

/// A constellation's settings, as its manager gives them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConstellationSettings {
    pub name: String,
    pub liaison_worker_ids: Vec<i32>,
    pub beds: Option<i32>,
    pub quiet_from: String,
    pub quiet_until: String,
    pub escalate_after_minutes: Option<i32>,
    pub check_in_days: Option<i32>,
}

/// What setting up a constellation asks besides its settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewConstellation {
    pub organisation_id: i32,
    pub hub_carer_household_id: Option<i32>,
    pub settings: ConstellationSettings,
}

/// The settings checked, or every problem with them.
struct Checked {
    name: String,
    liaison_workers: Vec<i32>,
    beds: i32,
    quiet: QuietHours,
    escalate_after_minutes: i32,
    check_in_days: i32,
}

async fn checked(
    ctx: &Ctx,
    organisation_id: i32,
    input: &ConstellationSettings,
    errors: &mut Vec<FieldError>,
) -> Result<Checked, DomainError> {
    let name = bounded(
        errors,
        "name",
        &input.name,
        NAME_LONGEST,
        Some("Enter the constellation's name"),
    );
    let workers =
        people_who_may(ctx, organisation_id, Permission::LiaiseWithConstellations).await?;
    let mut liaison_workers: Vec<i32> = Vec::new();
    for id in &input.liaison_worker_ids {
        if !workers.iter().any(|w| w.person_id == *id) {
            errors.push(FieldError::new(
                "liaison_workers",
                "Choose liaison workers of the service",
            ));
            break;
        }
        if !liaison_workers.contains(id) {
            liaison_workers.push(*id);
        }
    }
    if input.liaison_worker_ids.is_empty() {
        errors.push(FieldError::new(
            "liaison_workers",
            "Choose at least one liaison worker",
        ));
    }
    let beds = input.beds.unwrap_or(STANDARD_BEDS);
    if !(1..=MOST_BEDS).contains(&beds) {
        errors.push(FieldError::new(
            "beds",
            format!("Enter a number of beds from 1 to {MOST_BEDS}"),
        ));
    }
    let (from, until) = (
        parse_time(&input.quiet_from),
        parse_time(&input.quiet_until),
    );
    if from.is_none() {
        errors.push(FieldError::new(
            "quiet_from",
            "Enter the time quiet hours start, like 21:00",
        ));
    }
    if until.is_none() {
        errors.push(FieldError::new(
            "quiet_until",
            "Enter the time quiet hours end, like 07:00",
        ));
    }
    let escalate_after_minutes = input
        .escalate_after_minutes
        .unwrap_or(STANDARD_ESCALATION_MINUTES);
    if !(5..=240).contains(&escalate_after_minutes) {
        errors.push(FieldError::new(
            "escalate_after_minutes",
            "Enter a number of minutes from 5 to 240",
        ));
    }
    let check_in_days = input.check_in_days.unwrap_or(STANDARD_CHECK_IN_DAYS);
    if !(1..=90).contains(&check_in_days) {
        errors.push(FieldError::new(
            "check_in_days",
            "Enter a number of days from 1 to 90",
        ));
    }
    Ok(Checked {
        name,
        liaison_workers,
        beds,
        quiet: match (from, until) {
            (Some(from), Some(until)) => QuietHours { from, until },
            _ => QuietHours::STANDARD,
        },
        escalate_after_minutes,
        check_in_days,
    })
}

/// A carer household of the service that is approved now, to join.
async fn joining(
    ctx: &Ctx,
    organisation_id: i32,
    carer_household_id: Option<i32>,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Result<Option<carer_household::Model>, DomainError> {
    let found = match carer_household_id {
        Some(id) => carer_household::Entity::find_by_id(id)
            .one(&ctx.db)
            .await?
            .filter(|c| c.organisation_id == organisation_id && c.left_on.is_none()),
        None => None,
    };
    if found.is_none() {
        errors.push(FieldError::new(
            field,
            "Choose an approved carer household of the service",
        ));
    }
    Ok(found)
}

/// A household already in a constellation, refused in words people use.
fn already_in_one(error: sea_orm::DbErr) -> DomainError {
    if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        DomainError::Conflict(
            "That household is already in a constellation: it must leave that one first".to_owned(),
        )
    } else {
        error.into()
    }
}

/// Adds the household to the constellation as its hub or a satellite.
struct Joining<'a> {
    constellation_id: i32,
    carer_household: &'a carer_household::Model,
    part: Part,
    joined_on: NaiveDate,
    reason: &'a str,
}

async fn join(
    txn: &Write,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
    joining: Joining<'_>,
) -> Result<(), DomainError> {
    let row = member::ActiveModel {
        id: NotSet,
        constellation_id: Set(joining.constellation_id),
        carer_household_id: Set(joining.carer_household.id),
        role: Set(joining.part.as_str().to_owned()),
        joined_on: Set(joining.joined_on),
        join_reason: Set(joining.reason.to_owned()),
        left_on: Set(None),
        leaving_reason: Set(None),
        added_by_id: Set(actor.person_id()),
        created_at: Set(now),
    }
    .insert(&**txn)
    .await
    .map_err(already_in_one)?;
    record(
        &**txn,
        Step {
            workflow: Workflow::ConstellationMember,
            record_id: row.id,
            household_id: Some(joining.carer_household.household_id),
            at: now,
            actor_id: actor.person_id(),
            event: "joined",
            from: "joined",
            to: "joined",
            reason: Some(joining.reason),
        },
    )
    .await
}

async fn keep_liaison_workers(
    conn: &impl ConnectionTrait,
    constellation_id: i32,
    workers: &[i32],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DomainError> {
    liaison_worker::Entity::delete_many()
        .filter(liaison_worker::Column::ConstellationId.eq(constellation_id))
        .filter(liaison_worker::Column::PersonId.is_not_in(workers.iter().copied()))
        .exec(conn)
        .await?;
    let kept: Vec<i32> = liaison_worker::Entity::find()
        .filter(liaison_worker::Column::ConstellationId.eq(constellation_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| l.person_id)
        .collect();
    for person_id in workers.iter().filter(|id| !kept.contains(id)) {
        liaison_worker::ActiveModel {
            constellation_id: Set(constellation_id),
            person_id: Set(*person_id),
            added_at: Set(now),
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// Sets up a constellation around its hub home: for the service's
/// fostering team managers. Returns its id.
pub async fn set_up_constellation(
    ctx: &Ctx,
    actor: &Actor,
    input: &NewConstellation,
) -> Result<i32, DomainError> {
    actor.require(Permission::RunConstellations, input.organisation_id)?;
    let mut errors = Vec::new();
    let settings = checked(ctx, input.organisation_id, &input.settings, &mut errors).await?;
    let hub = joining(
        ctx,
        input.organisation_id,
        input.hub_carer_household_id,
        "hub",
        &mut errors,
    )
    .await?;
    let (Some(hub), true) = (hub, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let row = constellation::ActiveModel {
        id: NotSet,
        organisation_id: Set(input.organisation_id),
        name: Set(settings.name),
        beds: Set(settings.beds),
        quiet_from: Set(settings.quiet.from.format("%H:%M").to_string()),
        quiet_until: Set(settings.quiet.until.format("%H:%M").to_string()),
        escalate_after_minutes: Set(settings.escalate_after_minutes),
        check_in_days: Set(settings.check_in_days),
        created_by_id: Set(actor.person_id()),
        created_at: Set(now),
    }
    .insert(&*txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            DomainError::invalid("name", "The service has a constellation of that name")
        }
        _ => e.into(),
    })?;
    keep_liaison_workers(&*txn, row.id, &settings.liaison_workers, now).await?;
    join(
        &txn,
        actor,
        now,
        Joining {
            constellation_id: row.id,
            carer_household: &hub,
            part: Part::Hub,
            joined_on: london_day(now),
            reason: "Hub home from the start",
        },
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Changes the constellation's settings and liaison workers: for the
/// service's fostering team managers. Fewer beds than a night already
/// keeps are refused.
pub async fn change_constellation(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
    input: &ConstellationSettings,
) -> Result<(), DomainError> {
    let found = standing(ctx, actor, constellation_id).await?;
    if !found.manages {
        return Err(DomainError::NotFound);
    }
    let mut errors = Vec::new();
    let settings = checked(ctx, found.row.organisation_id, input, &mut errors).await?;
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let row = locked(&txn, constellation_id).await?;
    let busiest = busiest_night_from(&*txn, row.id, london_day(now)).await?;
    if busiest > settings.beds {
        return Err(DomainError::Conflict(format!(
            "A night ahead already has {busiest} children staying: cancel a sleepover before keeping fewer beds"
        )));
    }
    constellation::Entity::update_many()
        .col_expr(constellation::Column::Name, Expr::value(settings.name))
        .col_expr(constellation::Column::Beds, Expr::value(settings.beds))
        .col_expr(
            constellation::Column::QuietFrom,
            Expr::value(settings.quiet.from.format("%H:%M").to_string()),
        )
        .col_expr(
            constellation::Column::QuietUntil,
            Expr::value(settings.quiet.until.format("%H:%M").to_string()),
        )
        .col_expr(
            constellation::Column::EscalateAfterMinutes,
            Expr::value(settings.escalate_after_minutes),
        )
        .col_expr(
            constellation::Column::CheckInDays,
            Expr::value(settings.check_in_days),
        )
        .filter(constellation::Column::Id.eq(row.id))
        .exec(&*txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                DomainError::invalid("name", "The service has a constellation of that name")
            }
            _ => e.into(),
        })?;
    keep_liaison_workers(&*txn, row.id, &settings.liaison_workers, now).await?;
    txn.commit().await?;
    Ok(())
}

/// A family joining, as its manager records it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FamilyJoining {
    pub carer_household_id: Option<i32>,
    pub joined_on: Option<NaiveDate>,
    pub reason: String,
    /// As the hub home, when the constellation has none now.
    pub as_hub: bool,
}

fn checked_day(
    errors: &mut Vec<FieldError>,
    field: &str,
    day: Option<NaiveDate>,
    today: NaiveDate,
    what: &str,
) -> NaiveDate {
    match day {
        None => errors.push(FieldError::new(field, format!("Enter the date {what}"))),
        Some(day) if day > today => errors.push(FieldError::new(
            field,
            format!("The date {what} must be today or in the past"),
        )),
        Some(day) => return day,
    }
    today
}

/// A carer household of the service joins the constellation: for its
/// fostering team managers. A household already in one is refused.
pub async fn add_family(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
    input: &FamilyJoining,
) -> Result<(), DomainError> {
    let found = standing(ctx, actor, constellation_id).await?;
    if !found.manages {
        return Err(DomainError::NotFound);
    }
    let today = london_day(ctx.clock.now());
    let mut errors = Vec::new();
    let field = if input.as_hub {
        "hub"
    } else {
        "carer_household"
    };
    let household = joining(
        ctx,
        found.row.organisation_id,
        input.carer_household_id,
        field,
        &mut errors,
    )
    .await?;
    let joined_on = checked_day(
        &mut errors,
        "joined_on",
        input.joined_on,
        today,
        "they joined",
    );
    let reason = bounded(
        &mut errors,
        "reason",
        &input.reason,
        REASON_LONGEST,
        Some("Enter why they are joining"),
    );
    let (Some(household), true) = (household, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    locked(&txn, constellation_id).await?;
    if input.as_hub && hub_of(&*txn, constellation_id).await?.is_some() {
        return Err(DomainError::Conflict(
            "The constellation has a hub home: it must leave before another joins as the hub"
                .to_owned(),
        ));
    }
    let part = if input.as_hub {
        Part::Hub
    } else {
        Part::Satellite
    };
    join(
        &txn,
        actor,
        now,
        Joining {
            constellation_id,
            carer_household: &household,
            part,
            joined_on,
            reason: &reason,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A family leaving, as its manager records it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FamilyLeaving {
    pub left_on: Option<NaiveDate>,
    pub reason: String,
}

/// A family (or the hub home) leaves the constellation: for its fostering
/// team managers. Its sleepovers, check-ins and answers stay.
pub async fn family_leaves(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
    member_id: i32,
    input: &FamilyLeaving,
) -> Result<(), DomainError> {
    let found = standing(ctx, actor, constellation_id).await?;
    if !found.manages {
        return Err(DomainError::NotFound);
    }
    let row = current_members(&ctx.db, constellation_id)
        .await?
        .into_iter()
        .find(|m| m.id == member_id)
        .ok_or(DomainError::NotFound)?;
    let today = london_day(ctx.clock.now());
    let mut errors = Vec::new();
    let left_on = checked_day(&mut errors, "left_on", input.left_on, today, "they left");
    if left_on < row.joined_on {
        errors.push(FieldError::new(
            "left_on",
            "The date they left must be on or after the date they joined",
        ));
    }
    let reason = bounded(
        &mut errors,
        "reason",
        &input.reason,
        REASON_LONGEST,
        Some("Enter why they are leaving"),
    );
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let household_id = carer_household::Entity::find_by_id(row.carer_household_id)
        .one(&ctx.db)
        .await?
        .map_or(0, |c| c.household_id);
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    locked(&txn, constellation_id).await?;
    let ending = Ending {
        carer_household_id: row.carer_household_id,
        household_id,
        left_on,
        reason: &reason,
        actor_id: actor.person_id(),
        at: now,
    };
    if end_membership(&*txn, Some(row.id), &ending).await? != 1 {
        return Err(DomainError::Conflict(
            "That family has already left".to_owned(),
        ));
    }
    txn.commit().await?;
    Ok(())
}
