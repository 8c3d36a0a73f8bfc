//! Sleepovers and short breaks at the hub home. A satellite family asks
//! for one or more of its children; a child whose delegated authority does
//! not let the carers agree a stay with the hub goes to their social worker
//! first. The hub accepts, declines or proposes other nights; the family
//! accepts a proposal or withdraws. A bed is taken when a request or a
//! proposal is accepted, under the constellation's lock. Each move emails
//! the other side that there is something to see, never a child's name.

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::access::{
    Standing, carers_to_tell, household_names, hub_of, liaison_workers_to_tell, locked, standing_in,
};
use super::beds::beds_free;
use super::entities::{constellation, sleepover, sleepover_child};
use super::escalation::EscalateSleepover;
use super::quiet_hours::QuietHours;
use super::states::{Side, SleepoverKind, SleepoverMove, SleepoverState};
use crate::accounts::entities::person;
use crate::audit::{Subject, record_access};
use crate::carers::entities::{carer_household, child};
use crate::carers::{
    age_on, carers_may, child_name, children_living_with, is_childs_social_worker,
};
use crate::clock::london_day;
use crate::jobs::enqueue;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::recruitment::service_profile::service_profile;
use crate::text::bounded;
use crate::workflow::{Step, Workflow, history_of, record};
use crate::{Actor, Ctx, DomainError, FieldError};

/// The decision on a child's delegated authority that lets its carers agree
/// a stay with the hub home carer themselves.
pub const HUB_STAYS: &str = "hub_short_stays";
/// The longest sleepover or short break asked for at once.
pub const MOST_NIGHTS: i64 = 14;
/// How far ahead a sleepover may be asked for.
const FURTHEST_AHEAD_DAYS: u64 = 366;
const NOTE_LONGEST: usize = 3_000;
const REASON_LONGEST: usize = 1_000;

/// What a satellite family asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SleepoverRequest {
    pub constellation_id: i32,
    pub child_ids: Vec<i32>,
    pub first_night: Option<NaiveDate>,
    pub last_night: Option<NaiveDate>,
    pub kind: Option<SleepoverKind>,
    /// What the hub needs to know: routines, allergies, medication, an
    /// emergency contact.
    pub note: String,
}

/// What became of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requested {
    pub sleepover_id: i32,
    pub state: SleepoverState,
    /// For an emergency asked in the hub's quiet hours: the service's
    /// out-of-hours number, to ring now.
    pub out_of_hours_phone: Option<String>,
}

/// A child a sleepover is for, as its pages show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SleepoverChild {
    pub child_id: i32,
    /// First name and family-name initial.
    pub name: String,
    pub age: i32,
    /// Whether their social worker must agree, and whether they have.
    pub needs_agreement: bool,
    pub agreed: bool,
}

/// A sleepover, as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SleepoverSummary {
    pub id: i32,
    pub constellation_id: i32,
    pub carer_household_id: i32,
    pub family: String,
    pub kind: SleepoverKind,
    pub first_night: NaiveDate,
    pub last_night: NaiveDate,
    pub proposed: Option<(NaiveDate, NaiveDate)>,
    pub state: SleepoverState,
    pub children: Vec<SleepoverChild>,
    pub decline_reason: Option<String>,
    pub escalated: bool,
    pub asked_at: DateTime<Utc>,
}

impl SleepoverSummary {
    pub fn nights(&self) -> i64 {
        (self.last_night - self.first_night).num_days() + 1
    }

    /// "Fri 4 Dec to Sun 6 Dec 2026 (2 nights)", as pages say it.
    pub fn when(&self) -> String {
        describe_nights(self.first_night, self.last_night)
    }
}

/// The nights as people read them: each night begins on its date, so a
/// stay from Friday to the Saturday night is two nights.
pub fn describe_nights(first: NaiveDate, last: NaiveDate) -> String {
    let count = (last - first).num_days() + 1;
    if count == 1 {
        format!("The night of {}", first.format("%a %-d %b %Y"))
    } else {
        format!(
            "{} to {} ({count} nights)",
            first.format("%a %-d %b"),
            last.format("%a %-d %b %Y")
        )
    }
}

/// Something done to a sleepover, with what it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SleepoverStep {
    Agree {
        child_id: i32,
    },
    Refuse {
        child_id: i32,
    },
    Accept,
    Decline {
        reason: String,
    },
    Propose {
        first_night: Option<NaiveDate>,
        last_night: Option<NaiveDate>,
    },
    AcceptProposal,
    Withdraw,
    Cancel,
    Start,
    End,
    DidNotHappen,
}

impl SleepoverStep {
    fn as_move(&self) -> SleepoverMove {
        match self {
            Self::Agree { .. } => SleepoverMove::Agree,
            Self::Refuse { .. } => SleepoverMove::Refuse,
            Self::Accept => SleepoverMove::Accept,
            Self::Decline { .. } => SleepoverMove::Decline,
            Self::Propose { .. } => SleepoverMove::Propose,
            Self::AcceptProposal => SleepoverMove::AcceptProposal,
            Self::Withdraw => SleepoverMove::Withdraw,
            Self::Cancel => SleepoverMove::Cancel,
            Self::Start => SleepoverMove::Start,
            Self::End => SleepoverMove::End,
            Self::DidNotHappen => SleepoverMove::DidNotHappen,
        }
    }
}

/// Checks the nights asked for: from today (an emergency) or tomorrow (a
/// planned stay), at most [`MOST_NIGHTS`], within the year.
fn checked_nights(
    errors: &mut Vec<FieldError>,
    (first, last): (Option<NaiveDate>, Option<NaiveDate>),
    today: NaiveDate,
    fields: (&str, &str),
) -> Option<(NaiveDate, NaiveDate)> {
    let furthest = today
        .checked_add_days(Days::new(FURTHEST_AHEAD_DAYS))
        .unwrap_or(today);
    let first = match first {
        None => {
            errors.push(FieldError::new(fields.0, "Enter the first night"));
            return None;
        }
        Some(night) if night < today => {
            errors.push(FieldError::new(
                fields.0,
                "The first night must be tonight or later",
            ));
            return None;
        }
        Some(night) if night > furthest => {
            errors.push(FieldError::new(
                fields.0,
                "The first night must be within a year",
            ));
            return None;
        }
        Some(night) => night,
    };
    let last = last.unwrap_or(first);
    if last < first || (last - first).num_days() >= MOST_NIGHTS {
        errors.push(FieldError::new(
            fields.1,
            format!(
                "Enter a last night on or after the first, at most {MOST_NIGHTS} nights in all"
            ),
        ));
        return None;
    }
    Some((first, last))
}

/// Asks the hub for a sleepover: for the carers of a satellite family of
/// the constellation, for children living with them now.
pub async fn request_sleepover(
    ctx: &Ctx,
    actor: &Actor,
    input: &SleepoverRequest,
) -> Result<Requested, DomainError> {
    let found = super::access::standing(ctx, actor, input.constellation_id).await?;
    let Some(family) = found.satellite().cloned() else {
        return Err(DomainError::Forbidden);
    };
    let now = ctx.clock.now();
    let today = london_day(now);
    let mut errors = Vec::new();
    let living_here = children_living_with(&ctx.db, family.id).await?;
    let mut children: Vec<child::Model> = Vec::new();
    for id in &input.child_ids {
        match living_here.iter().find(|c| c.id == *id) {
            Some(c) if !children.contains(c) => children.push(c.clone()),
            Some(_) => {}
            None => {
                errors.push(FieldError::new(
                    "children",
                    "Choose children living with you now",
                ));
                break;
            }
        }
    }
    if input.child_ids.is_empty() {
        errors.push(FieldError::new(
            "children",
            "Choose the children the sleepover is for",
        ));
    }
    if input.kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "Select whether it is planned or an emergency",
        ));
    }
    let nights = checked_nights(
        &mut errors,
        (input.first_night, input.last_night),
        today,
        ("first_night", "last_night"),
    );
    let note = bounded(
        &mut errors,
        "note",
        &input.note,
        NOTE_LONGEST,
        Some(
            "Enter what the hub needs to know: routines, allergies, medication and an emergency contact",
        ),
    );
    let (Some(kind), Some((first, last)), true) = (input.kind, nights, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let mut needs_agreement = Vec::with_capacity(children.len());
    for c in &children {
        let needs = !carers_may(ctx, c, HUB_STAYS).await?;
        if needs && c.social_worker_id.is_none() {
            return Err(DomainError::Conflict(format!(
                "{}'s social worker must agree a stay with the hub first, and is not in Hearth yet: ask them to accept their invitation",
                child_name(c)
            )));
        }
        needs_agreement.push(needs);
    }
    let state = if needs_agreement.iter().any(|n| *n) {
        SleepoverState::WithSocialWorker
    } else {
        SleepoverState::Requested
    };
    let row = &found.row;
    let txn = ctx.write().await?;
    locked(&txn, row.id).await?;
    let hub = hub_of(&*txn, row.id).await?.ok_or_else(|| {
        DomainError::Conflict("The constellation has no hub home at the moment".to_owned())
    })?;
    let made = sleepover::ActiveModel {
        id: NotSet,
        constellation_id: Set(row.id),
        carer_household_id: Set(family.id),
        requested_by_id: Set(actor.person_id()),
        kind: Set(kind.as_str().to_owned()),
        first_night: Set(first),
        last_night: Set(last),
        proposed_first_night: Set(None),
        proposed_last_night: Set(None),
        state: Set(state.as_str().to_owned()),
        note: Set(note),
        decline_reason: Set(None),
        answered_at: Set(None),
        escalated_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        hub_carer_household_id: Set(None),
    }
    .insert(&*txn)
    .await?;
    for (c, needs) in children.iter().zip(&needs_agreement) {
        sleepover_child::Entity::insert(sleepover_child::ActiveModel {
            sleepover_id: Set(made.id),
            child_id: Set(c.id),
            needs_agreement: Set(*needs),
            agreed_at: Set(None),
            agreed_by_id: Set(None),
        })
        .exec_without_returning(&*txn)
        .await?;
    }
    record(
        &*txn,
        Step {
            workflow: Workflow::Sleepover,
            record_id: made.id,
            household_id: family.household_id,
            at: now,
            actor_id: actor.person_id(),
            event: "requested",
            from: state.as_str(),
            to: state.as_str(),
            reason: Some(kind.label()),
        },
    )
    .await?;
    let path = sleepover_path(made.id);
    if state == SleepoverState::WithSocialWorker {
        let workers: Vec<i32> = children
            .iter()
            .zip(&needs_agreement)
            .filter(|(_, needs)| **needs)
            .filter_map(|(c, _)| c.social_worker_id)
            .collect();
        tell(
            &*txn,
            people_to_tell(&*txn, &workers).await?,
            &path,
            now,
            now,
        )
        .await?;
    } else {
        let hub_carers = carers_to_tell(&*txn, hub.carer_household_id).await?;
        reach_the_hub(&*txn, row, (made.id, kind), hub_carers, now).await?;
    }
    txn.commit().await?;
    Ok(Requested {
        sleepover_id: made.id,
        state,
        out_of_hours_phone: out_of_hours(ctx, row, kind).await?,
    })
}

/// The service's out-of-hours number, for an emergency asked for in the
/// hub's quiet hours; none otherwise, or when the service gives none.
async fn out_of_hours(
    ctx: &Ctx,
    row: &constellation::Model,
    kind: SleepoverKind,
) -> Result<Option<String>, DomainError> {
    let quiet = QuietHours::stored(&row.quiet_from, &row.quiet_until);
    if kind != SleepoverKind::Emergency || !quiet.contains(ctx.clock.now()) {
        return Ok(None);
    }
    Ok(Some(
        service_profile(ctx, row.organisation_id)
            .await?
            .out_of_hours_phone,
    )
    .filter(|p| !p.trim().is_empty()))
}

/// A child a satellite family may ask a sleepover for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildToAskFor {
    pub child_id: i32,
    pub name: String,
    pub age: i32,
    /// Their social worker must agree first.
    pub needs_agreement: bool,
}

/// What the request form offers a satellite family: the children living
/// with them, each saying whether their social worker must agree first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestChoices {
    pub constellation_id: i32,
    pub constellation: String,
    pub children: Vec<ChildToAskFor>,
    pub quiet: QuietHours,
    /// It is the hub's quiet hours now.
    pub quiet_now: bool,
    /// The service's out-of-hours number, if it gives one.
    pub out_of_hours_phone: Option<String>,
}

pub async fn request_choices(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
) -> Result<RequestChoices, DomainError> {
    let found = super::access::standing(ctx, actor, constellation_id).await?;
    let Some(family) = found.satellite() else {
        return Err(DomainError::NotFound);
    };
    let today = london_day(ctx.clock.now());
    let mut children = Vec::new();
    for c in children_living_with(&ctx.db, family.id).await? {
        children.push(ChildToAskFor {
            child_id: c.id,
            name: child_name(&c),
            age: age_on(c.date_of_birth, today),
            needs_agreement: !carers_may(ctx, &c, HUB_STAYS).await?,
        });
    }
    let quiet = QuietHours::stored(&found.row.quiet_from, &found.row.quiet_until);
    Ok(RequestChoices {
        constellation_id,
        constellation: found.row.name.clone(),
        children,
        quiet,
        quiet_now: quiet.contains(ctx.clock.now()),
        out_of_hours_phone: Some(
            service_profile(ctx, found.row.organisation_id)
                .await?
                .out_of_hours_phone,
        )
        .filter(|p| !p.trim().is_empty()),
    })
}

/// Tells the hub of a request it now has to answer: a planned one made in
/// quiet hours in the morning, an emergency at once, with the job that
/// sends it to the liaison workers if unanswered in the waking minutes.
async fn reach_the_hub(
    conn: &impl ConnectionTrait,
    row: &constellation::Model,
    (sleepover_id, kind): (i32, SleepoverKind),
    hub_carers: Vec<(String, EmailAddress)>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let quiet = QuietHours::stored(&row.quiet_from, &row.quiet_until);
    let at = match kind {
        SleepoverKind::Planned => quiet.next_waking(now),
        SleepoverKind::Emergency => now,
    };
    tell(conn, hub_carers, &sleepover_path(sleepover_id), now, at).await?;
    if kind == SleepoverKind::Emergency {
        let due = quiet.after_waking(now, i64::from(row.escalate_after_minutes));
        enqueue(conn, &EscalateSleepover { sleepover_id }, due, now).await?;
    }
    Ok(())
}

pub(crate) fn sleepover_path(id: i32) -> String {
    format!("/sleepovers/{id}")
}

/// Names and addresses of the people with these ids.
pub(crate) async fn people_to_tell(
    conn: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<(String, EmailAddress)>, DomainError> {
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .filter(person::Column::DeactivatedAt.is_null())
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|p| EmailAddress::parse(&p.email).ok().map(|a| (p.name, a)))
        .collect())
}

/// Queues "there is something to see" to each of `people`, to be sent at
/// `at`: the email names no child.
pub(crate) async fn tell(
    conn: &impl ConnectionTrait,
    people: Vec<(String, EmailAddress)>,
    path: &str,
    now: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<(), DomainError> {
    for (name, address) in people {
        let email = Email::SomethingToSee {
            name,
            path: path.to_owned(),
        };
        enqueue(conn, &SendEmail::new(address, email), at, now).await?;
    }
    Ok(())
}

/// How the reader stands to one sleepover.
struct Sides {
    standing: Option<Standing>,
    family: bool,
    hub: bool,
    /// The reader's own household, when it is the hub now.
    hub_household: Option<i32>,
    /// The children whose social worker the reader is.
    social_worker_of: Vec<i32>,
}

impl Sides {
    /// The reader is only a child's social worker here: they see their own
    /// children of the sleepover, no other.
    fn only_social_worker(&self) -> bool {
        !(self.family || self.hub || self.standing.as_ref().is_some_and(Standing::staff))
    }

    fn sees(&self) -> bool {
        self.family
            || self.hub
            || self.standing.as_ref().is_some_and(Standing::staff)
            || !self.social_worker_of.is_empty()
    }

    fn may(&self, state: SleepoverState, step: SleepoverMove) -> bool {
        let mut sides = Vec::new();
        if self.family {
            sides.push(Side::Family);
        }
        if self.hub {
            sides.push(Side::Hub);
        }
        if !self.social_worker_of.is_empty() {
            sides.push(Side::SocialWorker);
        }
        sides.iter().any(|side| state.after(step, *side).is_some())
    }

    fn side_for(&self, state: SleepoverState, step: SleepoverMove) -> Option<Side> {
        [
            (self.hub, Side::Hub),
            (self.family, Side::Family),
            (!self.social_worker_of.is_empty(), Side::SocialWorker),
        ]
        .into_iter()
        .filter(|(held, _)| *held)
        .map(|(_, side)| side)
        .find(|side| state.after(step, *side).is_some())
    }
}

async fn sides(
    ctx: &Ctx,
    actor: &Actor,
    row: &sleepover::Model,
    children: &[child::Model],
) -> Result<Sides, DomainError> {
    let constellation = constellation::Entity::find_by_id(row.constellation_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let standing = standing_in(ctx, actor, constellation).await?;
    let own = standing.as_ref().and_then(|s| s.family.as_ref());
    let family = own.is_some_and(|f| f.carer_household.id == row.carer_household_id);
    let hub = standing.as_ref().is_some_and(Standing::is_hub) && !family;
    let hub_household = own.filter(|_| hub).map(|f| f.carer_household.id);
    let mut social_worker_of = Vec::new();
    for c in children {
        if is_childs_social_worker(ctx, actor, c).await? {
            social_worker_of.push(c.id);
        }
    }
    Ok(Sides {
        standing,
        family,
        hub,
        hub_household,
        social_worker_of,
    })
}

/// The summaries of `rows`, in their order.
pub(crate) async fn summaries(
    ctx: &Ctx,
    rows: &[sleepover::Model],
) -> Result<Vec<SleepoverSummary>, DomainError> {
    let links = sleepover_child::Entity::find()
        .filter(sleepover_child::Column::SleepoverId.is_in(rows.iter().map(|r| r.id)))
        .all(&ctx.db)
        .await?;
    let children = child::Entity::find()
        .filter(child::Column::Id.is_in(links.iter().map(|l| l.child_id)))
        .all(&ctx.db)
        .await?;
    let households = carer_household::Entity::find()
        .filter(carer_household::Column::Id.is_in(rows.iter().map(|r| r.carer_household_id)))
        .all(&ctx.db)
        .await?;
    let names = household_names(&ctx.db, &households).await?;
    let today = london_day(ctx.clock.now());
    rows.iter()
        .map(|row| {
            let mut listed: Vec<SleepoverChild> = links
                .iter()
                .filter(|l| l.sleepover_id == row.id)
                .filter_map(|l| {
                    let c = children.iter().find(|c| c.id == l.child_id)?;
                    Some(SleepoverChild {
                        child_id: c.id,
                        name: child_name(c),
                        age: age_on(c.date_of_birth, today),
                        needs_agreement: l.needs_agreement,
                        agreed: l.agreed_at.is_some(),
                    })
                })
                .collect();
            listed.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(SleepoverSummary {
                id: row.id,
                constellation_id: row.constellation_id,
                carer_household_id: row.carer_household_id,
                family: names
                    .iter()
                    .find(|(id, _)| *id == row.carer_household_id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default(),
                kind: SleepoverKind::from_stored(&row.kind)?,
                first_night: row.first_night,
                last_night: row.last_night,
                proposed: row.proposed_first_night.zip(row.proposed_last_night),
                state: SleepoverState::from_stored(&row.state)?,
                children: listed,
                decline_reason: row.decline_reason.clone(),
                escalated: row.escalated_at.is_some(),
                asked_at: row.created_at,
            })
        })
        .collect()
}

/// One move of a sleepover's history, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SleepoverHistoryLine {
    pub at: DateTime<Utc>,
    pub what: String,
    pub by: Option<String>,
}

/// A sleepover as its page shows it to the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SleepoverRecord {
    pub summary: SleepoverSummary,
    pub constellation: String,
    /// What the hub needs to know: for the family that asked, and for the
    /// hub once the stay is accepted. Every read by the hub is logged.
    pub note: Option<String>,
    pub history: Vec<SleepoverHistoryLine>,
    /// What the reader may do now.
    pub moves: Vec<SleepoverMove>,
    /// The children the reader may agree for, as their social worker.
    pub to_agree: Vec<SleepoverChild>,
    pub reader_is_family: bool,
    pub reader_is_hub: bool,
    /// For the family, while an emergency request waits in the hub's
    /// quiet hours: the service's out-of-hours number.
    pub out_of_hours_phone: Option<String>,
}

/// The sleepover, for the family that asked, the hub, the constellation's
/// liaison workers and managers, and the children's social workers.
pub async fn sleepover_record(
    ctx: &Ctx,
    actor: &Actor,
    sleepover_id: i32,
) -> Result<SleepoverRecord, DomainError> {
    actor.require_signed_in()?;
    let row = sleepover::Entity::find_by_id(sleepover_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let children = children_of(&ctx.db, row.id).await?;
    let sides = sides(ctx, actor, &row, &children).await?;
    if !sides.sees() {
        return Err(DomainError::NotFound);
    }
    let mut summary = summaries(ctx, std::slice::from_ref(&row))
        .await?
        .pop()
        .ok_or(DomainError::NotFound)?;
    if sides.only_social_worker() {
        summary
            .children
            .retain(|c| sides.social_worker_of.contains(&c.child_id));
    }
    let state = summary.state;
    // Only the hub home that accepted the stay reads it, not a later one.
    let accepting_hub =
        sides.hub_household.is_some() && sides.hub_household == row.hub_carer_household_id;
    let note = if sides.family || (accepting_hub && state.hub_reads_note()) {
        if sides.hub {
            let organisation = sides.standing.as_ref().map_or(0, |s| s.row.organisation_id);
            record_access(
                ctx,
                actor,
                organisation,
                Subject::SleepoverNote,
                Some(row.id),
            )
            .await?;
        }
        Some(row.note.clone())
    } else {
        None
    };
    let moves = SleepoverMove::ALL
        .iter()
        .copied()
        .filter(|m| !matches!(m, SleepoverMove::Agree | SleepoverMove::Refuse))
        .filter(|m| sides.may(state, *m))
        .collect();
    let to_agree = if state == SleepoverState::WithSocialWorker {
        summary
            .children
            .iter()
            .filter(|c| {
                c.needs_agreement && !c.agreed && sides.social_worker_of.contains(&c.child_id)
            })
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let constellation = sides
        .standing
        .as_ref()
        .map(|s| s.row.name.clone())
        .unwrap_or_default();
    let lines = history_of(&ctx.db, Workflow::Sleepover, row.id).await?;
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(lines.iter().filter_map(|l| l.actor_id)))
        .all(&ctx.db)
        .await?;
    let history = lines
        .iter()
        .map(|l| SleepoverHistoryLine {
            at: l.at,
            what: SleepoverState::parse(&l.to_state)
                .map_or_else(|| l.event.clone(), |s| s.label().to_owned()),
            by: l
                .actor_id
                .and_then(|id| people.iter().find(|p| p.id == id))
                .map(|p| p.name.clone()),
        })
        .collect();
    let out_of_hours_phone = match &sides.standing {
        Some(standing) if sides.family && state.unanswered() => {
            out_of_hours(ctx, &standing.row, summary.kind).await?
        }
        _ => None,
    };
    Ok(SleepoverRecord {
        out_of_hours_phone,
        summary,
        constellation,
        note,
        history,
        moves,
        to_agree,
        reader_is_family: sides.family,
        reader_is_hub: sides.hub,
    })
}

async fn children_of(
    conn: &impl ConnectionTrait,
    sleepover_id: i32,
) -> Result<Vec<child::Model>, DomainError> {
    let ids: Vec<i32> = sleepover_child::Entity::find()
        .filter(sleepover_child::Column::SleepoverId.eq(sleepover_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| l.child_id)
        .collect();
    Ok(child::Entity::find()
        .filter(child::Column::Id.is_in(ids))
        .all(conn)
        .await?)
}

/// Moves the sleepover on, as the reader's side may: the hub answers, the
/// family accepts a proposal, withdraws or cancels, a child's social worker
/// agrees. Accepting takes the beds, or is refused (CONFLICT) when a night
/// has none free.
pub async fn move_sleepover(
    ctx: &Ctx,
    actor: &Actor,
    sleepover_id: i32,
    step: &SleepoverStep,
) -> Result<SleepoverState, DomainError> {
    actor.require_signed_in()?;
    let row = sleepover::Entity::find_by_id(sleepover_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let children = children_of(&ctx.db, row.id).await?;
    let sides = sides(ctx, actor, &row, &children).await?;
    if !sides.sees() {
        return Err(DomainError::NotFound);
    }
    let now = ctx.clock.now();
    let today = london_day(now);
    let the_move = step.as_move();
    let mut errors = Vec::new();
    let (reason, proposed) = match step {
        SleepoverStep::Decline { reason } => (
            Some(bounded(
                &mut errors,
                "reason",
                reason,
                REASON_LONGEST,
                Some("Enter why the hub cannot have them"),
            )),
            None,
        ),
        SleepoverStep::Propose {
            first_night,
            last_night,
        } => (
            None,
            checked_nights(
                &mut errors,
                (*first_night, *last_night),
                today,
                ("proposed_first_night", "proposed_last_night"),
            ),
        ),
        _ => (None, None),
    };
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let txn = ctx.write().await?;
    let constellation = locked(&txn, row.constellation_id).await?;
    // As it is now, under the lock: another move may have come first.
    let row = sleepover::Entity::find_by_id(row.id)
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let state = SleepoverState::from_stored(&row.state)?;
    let Some(side) = sides.side_for(state, the_move) else {
        // A move the reader could make in no state is not theirs to make.
        if !SleepoverState::ALL.iter().any(|s| sides.may(*s, the_move)) {
            return Err(DomainError::Forbidden);
        }
        return Err(DomainError::Conflict(format!(
            "This sleepover is {} now: it cannot be moved that way",
            state.label().to_lowercase()
        )));
    };
    let mut next = state.after(the_move, side).ok_or_else(|| {
        DomainError::Conflict("This sleepover cannot be moved that way".to_owned())
    })?;
    let (mut first, mut last) = (row.first_night, row.last_night);
    match step {
        SleepoverStep::Agree { child_id } | SleepoverStep::Refuse { child_id } => {
            let waits_for_them = sleepover_child::Entity::find()
                .filter(sleepover_child::Column::SleepoverId.eq(row.id))
                .filter(sleepover_child::Column::ChildId.eq(*child_id))
                .filter(sleepover_child::Column::NeedsAgreement.eq(true))
                .filter(sleepover_child::Column::AgreedAt.is_null())
                .count(&*txn)
                .await?;
            if !sides.social_worker_of.contains(child_id) || waits_for_them == 0 {
                return Err(DomainError::NotFound);
            }
            if matches!(step, SleepoverStep::Agree { .. }) {
                sleepover_child::Entity::update_many()
                    .col_expr(sleepover_child::Column::AgreedAt, Expr::value(now))
                    .col_expr(
                        sleepover_child::Column::AgreedById,
                        Expr::value(actor.person_id()),
                    )
                    .filter(sleepover_child::Column::SleepoverId.eq(row.id))
                    .filter(sleepover_child::Column::ChildId.eq(*child_id))
                    .exec(&*txn)
                    .await?;
                let waiting = sleepover_child::Entity::find()
                    .filter(sleepover_child::Column::SleepoverId.eq(row.id))
                    .filter(sleepover_child::Column::NeedsAgreement.eq(true))
                    .filter(sleepover_child::Column::AgreedAt.is_null())
                    .count(&*txn)
                    .await?;
                if waiting > 0 {
                    next = state;
                }
            }
        }
        SleepoverStep::Accept | SleepoverStep::AcceptProposal => {
            if let SleepoverStep::AcceptProposal = step {
                (first, last) = row
                    .proposed_first_night
                    .zip(row.proposed_last_night)
                    .ok_or_else(|| {
                        DomainError::Conflict("No other nights were proposed".to_owned())
                    })?;
            }
            if first < today {
                return Err(DomainError::Conflict(
                    "The first night has passed: ask for new nights".to_owned(),
                ));
            }
            let count = i32::try_from(children.len()).unwrap_or(i32::MAX);
            if let Err(why) = beds_free(
                &*txn,
                (constellation.id, constellation.beds),
                (first, last),
                count,
                Some(row.id),
            )
            .await?
            {
                return Err(DomainError::Conflict(why));
            }
        }
        SleepoverStep::Start | SleepoverStep::DidNotHappen if today < row.first_night => {
            return Err(DomainError::Conflict(
                "The first night has not come yet".to_owned(),
            ));
        }
        _ => {}
    }
    let mut update = sleepover::Entity::update_many()
        .col_expr(sleepover::Column::State, Expr::value(next.as_str()))
        .col_expr(sleepover::Column::UpdatedAt, Expr::value(now))
        .col_expr(sleepover::Column::FirstNight, Expr::value(first))
        .col_expr(sleepover::Column::LastNight, Expr::value(last))
        .filter(sleepover::Column::Id.eq(row.id))
        .filter(sleepover::Column::State.eq(state.as_str()));
    if side == Side::Hub && row.answered_at.is_none() {
        update = update.col_expr(sleepover::Column::AnsweredAt, Expr::value(now));
    }
    if next == SleepoverState::Accepted {
        let hub_now = hub_of(&*txn, constellation.id)
            .await?
            .map(|h| h.carer_household_id);
        update = update.col_expr(sleepover::Column::HubCarerHouseholdId, Expr::value(hub_now));
    }
    if let Some(reason) = &reason {
        update = update.col_expr(
            sleepover::Column::DeclineReason,
            Expr::value(reason.clone()),
        );
    }
    if let Some((p_first, p_last)) = proposed {
        update = update
            .col_expr(sleepover::Column::ProposedFirstNight, Expr::value(p_first))
            .col_expr(sleepover::Column::ProposedLastNight, Expr::value(p_last));
    }
    update.exec(&*txn).await?;
    let family_household = carer_household::Entity::find_by_id(row.carer_household_id)
        .one(&*txn)
        .await?
        .map_or(0, |c| c.household_id);
    if next != state {
        let why = match (&reason, proposed) {
            (Some(reason), _) => Some(reason.clone()),
            (None, Some((f, l))) => Some(describe_nights(f, l)),
            _ => None,
        };
        record(
            &*txn,
            Step {
                workflow: Workflow::Sleepover,
                record_id: row.id,
                household_id: family_household,
                at: now,
                actor_id: actor.person_id(),
                event: the_move.as_str(),
                from: state.as_str(),
                to: next.as_str(),
                reason: why.as_deref(),
            },
        )
        .await?;
    }
    let path = sleepover_path(row.id);
    let hub = hub_of(&*txn, constellation.id).await?;
    let hub_carers = match &hub {
        Some(h) => carers_to_tell(&*txn, h.carer_household_id).await?,
        None => Vec::new(),
    };
    let family_carers = carers_to_tell(&*txn, row.carer_household_id).await?;
    let to = match side {
        Side::Hub => family_carers,
        Side::Family => hub_carers,
        // Agreed by all: now the hub has a request to answer, as if it had
        // just been asked.
        Side::SocialWorker if next == SleepoverState::Requested => {
            let kind = SleepoverKind::from_stored(&row.kind)?;
            reach_the_hub(&*txn, &constellation, (row.id, kind), hub_carers, now).await?;
            family_carers
        }
        Side::SocialWorker if next != state => family_carers,
        Side::SocialWorker => Vec::new(),
    };
    tell(&*txn, to, &path, now, now).await?;
    txn.commit().await?;
    Ok(next)
}

/// The sleepovers a satellite family asked for, newest first, or every one
/// of the constellation for its hub and staff.
pub(crate) async fn sleepovers_for(
    ctx: &Ctx,
    standing: &Standing,
    nights_from: NaiveDate,
) -> Result<Vec<SleepoverSummary>, DomainError> {
    let mut query = sleepover::Entity::find()
        .filter(sleepover::Column::ConstellationId.eq(standing.row.id))
        .filter(sleepover::Column::LastNight.gte(nights_from));
    if !(standing.staff() || standing.is_hub()) {
        let Some(family) = standing.satellite() else {
            return Ok(Vec::new());
        };
        query = query.filter(sleepover::Column::CarerHouseholdId.eq(family.id));
    }
    let rows = query
        .order_by_asc(sleepover::Column::FirstNight)
        .order_by_asc(sleepover::Column::Id)
        .limit(200)
        .all(&ctx.db)
        .await?;
    summaries(ctx, &rows).await
}

/// The sleepovers waiting for the reader to agree, as the social worker of
/// a child they are for.
pub async fn sleepovers_to_agree(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<SleepoverSummary>, DomainError> {
    let Some(me) = actor.person_id() else {
        return Ok(Vec::new());
    };
    let mine = child::Entity::find()
        .filter(child::Column::SocialWorkerId.eq(me))
        .all(&ctx.db)
        .await?;
    let mut children = Vec::new();
    for c in mine {
        if is_childs_social_worker(ctx, actor, &c).await? {
            children.push(c.id);
        }
    }
    let waiting: Vec<i32> = sleepover_child::Entity::find()
        .filter(sleepover_child::Column::ChildId.is_in(children.iter().copied()))
        .filter(sleepover_child::Column::NeedsAgreement.eq(true))
        .filter(sleepover_child::Column::AgreedAt.is_null())
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|l| l.sleepover_id)
        .collect();
    let rows = sleepover::Entity::find()
        .filter(sleepover::Column::Id.is_in(waiting))
        .filter(sleepover::Column::State.eq(SleepoverState::WithSocialWorker.as_str()))
        .order_by_asc(sleepover::Column::FirstNight)
        .limit(100)
        .all(&ctx.db)
        .await?;
    let mut listed = summaries(ctx, &rows).await?;
    // Their own children of each, no other.
    for summary in &mut listed {
        summary.children.retain(|c| children.contains(&c.child_id));
    }
    Ok(listed)
}

/// Who asked for sleepovers that have gone unanswered, for the liaison
/// workers to hear of.
pub(crate) async fn tell_liaison_workers(
    conn: &impl ConnectionTrait,
    constellation_id: i32,
    sleepover_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let workers = liaison_workers_to_tell(conn, constellation_id).await?;
    tell(conn, workers, &sleepover_path(sleepover_id), now, now).await
}
