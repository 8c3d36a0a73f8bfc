//! A household's record, as the staff of its organisation work it: who they
//! are, every contact attempt, notes, the next action, and moving it
//! through the funnel.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::closure_reasons::{ReasonChoice, offered};
use super::contact::{ClosureReason, ContactMethod, ContactOutcome};
use super::entities::{contact_attempt, household, household_note};
use super::funnel::{Closure, Event, HistoryEvent, Stage, State};
use super::history::{Move, apply, current, record, state_of};
use super::household_parts::Readable;
use super::interest::{CallTime, FosteringKind, HeardAbout};
use super::queue::interests_of;
use crate::accounts::entities::{organisation, person, rcc_local_authority};
use crate::accounts::{OrganisationKind, people_holding};
use crate::audit::{Subject, record_accesses};
use crate::carers::move_carer_household;
use crate::geography::entities::local_authority;
use crate::jobs::enqueue;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::policy::{Permission, household_for};
use crate::work_lists::{Overdue, connected_persons, overdue_of};
use crate::{Actor, Ctx, DomainError, FieldError};

/// One row of a household's history, as staff read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub by: Option<String>,
    pub event: HistoryEvent,
    pub from: Option<String>,
    pub to: String,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactEntry {
    pub at: DateTime<Utc>,
    pub by: Option<String>,
    pub method: ContactMethod,
    pub outcome: ContactOutcome,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteEntry {
    pub at: DateTime<Utc>,
    pub by: Option<String>,
    pub text: String,
}

/// Everything staff see of a household.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HouseholdRecord {
    pub id: i32,
    pub organisation_id: i32,
    pub organisation: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub local_authority: Option<String>,
    pub routing_to_check: bool,
    pub state: State,
    /// What is late, named; empty when nothing is.
    pub overdue: Vec<Overdue>,
    /// A relative or friend already caring for a child, temporarily
    /// approved while assessed: a connected person.
    pub connected_person: bool,
    /// The officer who owns the household, by id: to offer "Assign to me"
    /// to anyone else who works enquiries.
    pub owner_id: Option<i32>,
    pub first_contact_due_at: Option<DateTime<Utc>>,
    pub first_contact_at: Option<DateTime<Utc>>,
    pub next_action_on: Option<NaiveDate>,
    pub owner: Option<String>,
    pub best_time_to_call: Option<CallTime>,
    pub interests: Vec<FosteringKind>,
    pub heard_about: Option<HeardAbout>,
    pub campaign: Option<String>,
    pub campaign_source: Option<String>,
    /// For a known and trusted adult: the child and who recorded them.
    pub known_adult: Option<KnownAdultFor>,
}

/// The child a known and trusted adult may foster, as the record names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownAdultFor {
    pub child_initials: String,
    pub child_reference: String,
    pub relationship: String,
    pub recorded_by: Option<String>,
}

/// The rows of `E` with these ids in one statement, or none at all when
/// there are no ids: the names shown beside a page of households.
pub(super) async fn rows_with_ids<E: EntityTrait>(
    ctx: &Ctx,
    id: E::Column,
    ids: Vec<i32>,
) -> Result<Vec<E::Model>, DomainError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(E::find().filter(id.is_in(ids)).all(&ctx.db).await?)
}

fn name_of(people: &[person::Model], id: Option<i32>) -> Option<String> {
    people
        .iter()
        .find(|p| Some(p.id) == id)
        .map(|p| p.name.clone())
}

/// A household's record, for staff of its organisation: the read is
/// logged, and what it returns lets its lists be read
/// (`household_parts`). A few statements, whatever the organisation's size.
pub async fn household_record(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
) -> Result<(Readable, HouseholdRecord), DomainError> {
    actor.require_signed_in()?;
    household_records(ctx, actor, &[household_id])
        .await?
        .pop()
        .ok_or(DomainError::NotFound)
}

/// The records of these households that `actor` may read, in the order
/// asked, every read logged: the same five statements for one household or
/// a page of them. Those the actor may not read, or that are not there,
/// are left out; ids are no way to find households.
pub async fn household_records(
    ctx: &Ctx,
    actor: &Actor,
    household_ids: &[i32],
) -> Result<Vec<(Readable, HouseholdRecord)>, DomainError> {
    if household_ids.is_empty() || matches!(actor, Actor::Anonymous) {
        return Ok(Vec::new());
    }
    if household_ids.len() as u64 > crate::pagination::MAX_PAGE_SIZE {
        return Err(DomainError::invalid(
            "ids",
            format!(
                "Ask for at most {} households at once",
                crate::pagination::MAX_PAGE_SIZE
            ),
        ));
    }
    let rows: Vec<household::Model> = household::Entity::find()
        .filter(household::Column::Id.is_in(household_ids.iter().copied()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|row| {
            actor
                .require(Permission::WorkEnquiries, row.organisation_id)
                .is_ok()
        })
        .collect();
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    record_accesses(
        ctx,
        actor,
        rows.iter()
            .map(|row| (row.organisation_id, Subject::Household, Some(row.id))),
    )
    .await?;
    // Names beside the households: a read each, and none when there is
    // nothing to name.
    let people_ids: Vec<i32> = rows
        .iter()
        .flat_map(|row| row.owner_id.into_iter().chain(row.referred_by_id))
        .collect();
    let people = rows_with_ids::<person::Entity>(ctx, person::Column::Id, people_ids).await?;
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(rows.iter().map(|row| row.organisation_id)))
        .all(&ctx.db)
        .await?;
    let authority_ids: Vec<i32> = rows
        .iter()
        .filter_map(|row| row.local_authority_id)
        .collect();
    let authorities =
        rows_with_ids::<local_authority::Entity>(ctx, local_authority::Column::Id, authority_ids)
            .await?;
    let mut late = overdue_of(ctx, &rows).await?;
    let ids: Vec<i32> = rows.iter().map(|row| row.id).collect();
    let connected = connected_persons(ctx, &ids).await?;
    let mut records = Vec::with_capacity(rows.len());
    for id in household_ids {
        let Some(row) = rows.iter().find(|row| row.id == *id).cloned() else {
            continue;
        };
        let state = state_of(&row)?;
        let organisation = organisations
            .iter()
            .find(|o| o.id == row.organisation_id)
            .map(|o| o.name.clone())
            .unwrap_or_default();
        let local_authority = authorities
            .iter()
            .find(|la| Some(la.id) == row.local_authority_id)
            .map(|la| la.name.clone());
        records.push((
            Readable::new(&row),
            HouseholdRecord {
                known_adult: row.known_adult_for.clone().map(|initials| KnownAdultFor {
                    child_initials: initials,
                    child_reference: row.child_reference.clone().unwrap_or_default(),
                    relationship: row.relationship.clone().unwrap_or_default(),
                    recorded_by: name_of(&people, row.referred_by_id),
                }),
                id: row.id,
                organisation_id: row.organisation_id,
                organisation,
                overdue: late.remove(&row.id).unwrap_or_default(),
                connected_person: connected.contains(&row.id),
                owner_id: row.owner_id,
                interests: interests_of(&row)?,
                best_time_to_call: Some(CallTime::from_stored(&row.best_time_to_call)?),
                heard_about: row
                    .heard_about
                    .as_deref()
                    .map(HeardAbout::from_stored)
                    .transpose()?,
                owner: name_of(&people, row.owner_id),
                local_authority,
                state,
                name: row.name,
                email: row.email,
                phone: row.phone,
                postcode: row.postcode,
                routing_to_check: row.routing_to_check,
                first_contact_due_at: row.first_contact_due_at,
                first_contact_at: row.first_contact_at,
                next_action_on: row.next_action_on,
                campaign: row.utm_campaign,
                campaign_source: row.utm_source,
            },
        ));
    }
    Ok(records)
}

/// Records an attempt to contact the household. The first that reaches
/// them is its first contact, and moves an enquiry on to "contacted".
pub async fn record_contact(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    method: Option<ContactMethod>,
    outcome: Option<ContactOutcome>,
    note: &str,
) -> Result<(), DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::WorkEnquiries).await?;
    let mut errors = Vec::new();
    if method.is_none() {
        errors.push(FieldError::new("method", "Select how you contacted them"));
    }
    if outcome.is_none() {
        errors.push(FieldError::new("outcome", "Select what happened"));
    }
    let note = note_text("note", note)
        .map_err(|e| errors.extend(e.field_errors().iter().cloned()))
        .unwrap_or_default();
    let (Some(method), Some(outcome), true) = (method, outcome, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let row = current(&txn, row.id).await?;
    contact_attempt::ActiveModel {
        id: NotSet,
        household_id: Set(row.id),
        at: Set(now),
        by_id: Set(actor.person_id()),
        method: Set(method.as_str().to_owned()),
        outcome: Set(outcome.as_str().to_owned()),
        note: Set(note),
    }
    .insert(&txn)
    .await?;
    if outcome == ContactOutcome::Reached {
        if row.first_contact_at.is_none() {
            household::Entity::update_many()
                .col_expr(household::Column::FirstContactAt, Expr::value(now))
                .filter(household::Column::Id.eq(row.id))
                .exec(&txn)
                .await?;
            super::queue_position::refresh(&txn, row.id, ctx.clock.now()).await?;
            crate::reporting::summaries::refresh(&txn, row.id).await?;
        }
        if state_of(&row)? == State::Open(Stage::Enquiry) {
            apply(
                &txn,
                row.id,
                actor.person_id(),
                Event::Contacted,
                (None, None),
                now,
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Keeps a note on the household's record.
pub async fn add_note(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    text: &str,
) -> Result<(), DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::WorkEnquiries).await?;
    let text = note_text("text", text)?;
    if text.is_empty() {
        return Err(DomainError::invalid("text", "Enter the note"));
    }
    household_note::ActiveModel {
        id: NotSet,
        household_id: Set(row.id),
        at: Set(ctx.clock.now()),
        by_id: Set(actor.person_id()),
        text: Set(text),
    }
    .insert(&ctx.db)
    .await?;
    Ok(())
}

/// Sets (or clears) the date of the household's next action.
pub async fn set_next_action(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    on: Option<NaiveDate>,
) -> Result<(), DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::WorkEnquiries).await?;
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    if on.is_some_and(|on| on < today) {
        return Err(DomainError::invalid(
            "date",
            "The date must be today or later",
        ));
    }
    let txn = ctx.write().await?;
    household::Entity::update_many()
        .col_expr(household::Column::NextActionOn, Expr::value(on))
        .col_expr(household::Column::UpdatedAt, Expr::value(ctx.clock.now()))
        .filter(household::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    super::queue_position::refresh(&txn, row.id, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}

/// The most a note, a contact's note or a closure's detail may hold.
pub const MAX_NOTE: usize = 2_000;

pub(super) fn note_text(field: &str, text: &str) -> Result<String, DomainError> {
    crate::text::bounded_one(field, text, MAX_NOTE)
}

/// A move staff make through the funnel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HouseholdMove {
    Withdraw {
        reason: Option<ReasonChoice>,
        detail: String,
    },
    AdviseNotToProceed {
        reason: Option<ReasonChoice>,
        detail: String,
    },
    PutOnHold {
        until: Option<NaiveDate>,
    },
    Resume,
    Reopen,
    RecordEventAttended,
    InviteToApply,
    ProceedToStage2,
}

/// The reason and its detail, if the organisation offers that reason.
async fn closure_reason(
    ctx: &Ctx,
    organisation_id: i32,
    reason: Option<ReasonChoice>,
    detail: &str,
) -> Result<(String, Option<String>), DomainError> {
    let detail = note_text("detail", detail)?;
    let detail = detail.as_str();
    match reason {
        None => Err(DomainError::invalid("reason", "Select a reason")),
        Some(ReasonChoice::Standard(ClosureReason::Other)) if detail.is_empty() => {
            Err(DomainError::invalid("detail", "Say what the reason was"))
        }
        Some(reason) if offered(&ctx.db, reason, organisation_id).await? => Ok((
            reason.code(),
            (!detail.is_empty()).then(|| detail.to_owned()),
        )),
        Some(_) => Err(DomainError::invalid(
            "reason",
            "Select a reason from the list",
        )),
    }
}

/// Moves the household through the funnel, with the history row that
/// records who, when and why.
pub async fn move_household(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    change: &HouseholdMove,
) -> Result<State, DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::WorkEnquiries).await?;
    let now = ctx.clock.now();
    let today = now.with_timezone(&London).date_naive();
    let (event, reason) = match change {
        HouseholdMove::Withdraw { reason, detail } => {
            let (reason, detail) =
                closure_reason(ctx, row.organisation_id, *reason, detail).await?;
            (Event::Withdrew, Some((reason, detail)))
        }
        HouseholdMove::AdviseNotToProceed { reason, detail } => {
            let (reason, detail) =
                closure_reason(ctx, row.organisation_id, *reason, detail).await?;
            (Event::AdvisedNotToProceed, Some((reason, detail)))
        }
        HouseholdMove::PutOnHold { until } => match until {
            Some(until) if *until > today => (Event::PutOnHold { until: *until }, None),
            Some(_) => {
                return Err(DomainError::invalid(
                    "until",
                    "The date must be in the future",
                ));
            }
            None => return Err(DomainError::invalid("until", "Enter the date to resume")),
        },
        HouseholdMove::Resume => (Event::Resumed, None),
        HouseholdMove::Reopen => (Event::Reopened, None),
        HouseholdMove::RecordEventAttended => (Event::AttendedInformationEvent, None),
        HouseholdMove::InviteToApply => (Event::InvitedToApply, None),
        HouseholdMove::ProceedToStage2 => (Event::ProceededToStage2, None),
    };
    let txn = ctx.write().await?;
    let code = reason.as_ref().map(|(r, _)| r.as_str());
    let detail = reason.as_ref().and_then(|(_, d)| d.as_deref());
    let to = apply(&txn, row.id, actor.person_id(), event, (code, detail), now).await?;
    if event == Event::InvitedToApply {
        crate::peer_support::offer_at_invitation(&*txn, actor, &row, now).await?;
    }
    // Once they have applied, the household hears from the service itself
    // that it will not go on: kindly, and without the reason, which their
    // contact explains.
    let applied = matches!(
        to,
        State::Closed {
            stage: Stage::ApplicationSubmitted | Stage::Assessment,
            closure: Closure::AdvisedNotToProceed,
        }
    );
    if applied && let Ok(email) = EmailAddress::parse(&row.email) {
        let organisation = organisation::Entity::find_by_id(row.organisation_id)
            .one(&txn)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        let message = Email::NotProceeding {
            name: row.name.clone(),
            organisation,
        };
        enqueue(&txn, &SendEmail::new(email, message), now, now).await?;
    }
    txn.commit().await?;
    Ok(to)
}

/// Moves a household to another fostering service's queue (say, when its
/// postcode district is split and it went to the wrong one). Before the
/// household is invited to apply, its recruitment officers and managers may;
/// after that only a recruitment manager of the service it leaves, with a
/// reason, since its application and health answers go with it. It goes
/// only to a fostering service that serves its local authority. The move is
/// a `reassigned` history row of its own; both services' managers are told,
/// and so is the household, with its new service's details. Its officer is
/// cleared, and the routing flag with it.
pub async fn reassign_household(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    organisation_id: i32,
    reason: &str,
) -> Result<(), DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::WorkEnquiries).await?;
    let reason = note_text("reason", reason)?;
    let state = state_of(&row)?;
    if state.stage().invited_to_apply() {
        if !actor.may(Permission::MoveApplicant, row.organisation_id) {
            return Err(DomainError::Forbidden);
        }
        if reason.is_empty() {
            return Err(DomainError::invalid(
                "reason",
                "Say why it is moving: its application goes with it",
            ));
        }
    }
    if organisation_id == row.organisation_id {
        return Err(DomainError::invalid(
            "organisation",
            "Choose another organisation",
        ));
    }
    let destination = organisation::Entity::find_by_id(organisation_id)
        .one(&ctx.db)
        .await?
        .filter(|o| {
            OrganisationKind::parse(&o.kind)
                .is_some_and(|kind| kind.fosters() && kind != OrganisationKind::NationalProgramme)
        })
        .ok_or_else(|| DomainError::invalid("organisation", "Choose a fostering service"))?;
    if let Some(local_authority_id) = row.local_authority_id
        && !serves(
            &ctx.db,
            &destination,
            local_authority_id,
            row.routing_to_check,
        )
        .await?
    {
        return Err(DomainError::invalid(
            "organisation",
            "Choose a fostering service that serves the household's local authority",
        ));
    }
    let origin = organisation::Entity::find_by_id(row.organisation_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let current = current(&txn, row.id).await?;
    household::Entity::update_many()
        .col_expr(
            household::Column::OrganisationId,
            Expr::value(organisation_id),
        )
        .col_expr(household::Column::OwnerId, Expr::value(Option::<i32>::None))
        .col_expr(household::Column::RoutingToCheck, Expr::value(false))
        .col_expr(household::Column::UpdatedAt, Expr::value(now))
        .filter(household::Column::Id.eq(current.id))
        .exec(&txn)
        .await?;
    move_carer_household(&txn, current.id, organisation_id).await?;
    // The first service's staff stop finding it at once.
    crate::search::note_household(&txn, current.id, now).await?;
    let state = state_of(&current)?;
    record(
        &txn,
        Move {
            household_id: current.id,
            at: now,
            actor_id: actor.person_id(),
            event: HistoryEvent::Reassigned,
            from: Some(state),
            to: state,
            reason_code: None,
            reason_text: (!reason.is_empty()).then_some(reason.as_str()),
            organisations: Some((origin.id, destination.id)),
        },
    )
    .await?;
    for (manager_of, other, received) in [
        (&origin, &destination, false),
        (&destination, &origin, true),
    ] {
        for (name, address) in recruitment_managers(&txn, manager_of.id).await? {
            let (from, to) = if received {
                (other.name.clone(), manager_of.name.clone())
            } else {
                (manager_of.name.clone(), other.name.clone())
            };
            let email = Email::HouseholdMoved {
                name,
                from,
                to,
                path: received.then(|| format!("enquiries/{}", current.id)),
            };
            enqueue(&txn, &SendEmail::new(address, email), now, now).await?;
        }
    }
    if let Ok(address) = EmailAddress::parse(&current.email) {
        let profile = super::service_profile::contact_of(&txn, &destination).await?;
        let email = Email::EnquiryMoved {
            name: current.name.clone(),
            organisation: destination.name.clone(),
            contact: profile,
        };
        enqueue(&txn, &SendEmail::new(address, email), now, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Whether `organisation` recruits for the local authority: a Regional Care
/// Cooperative (or agency) that serves it, or the authority's own service.
/// For a household whose postcode district is split between authorities,
/// the authority on record may be the wrong one: any service recruiting in
/// the same region may take it.
async fn serves(
    conn: &impl sea_orm::ConnectionTrait,
    organisation: &organisation::Model,
    local_authority_id: i32,
    district_split: bool,
) -> Result<bool, DomainError> {
    let mut authorities: Vec<i32> = vec![local_authority_id];
    if district_split
        && let Some(home) = local_authority::Entity::find_by_id(local_authority_id)
            .one(conn)
            .await?
    {
        authorities = local_authority::Entity::find()
            .filter(local_authority::Column::RegionId.eq(home.region_id))
            .all(conn)
            .await?
            .into_iter()
            .map(|la| la.id)
            .collect();
    }
    if organisation
        .local_authority_id
        .is_some_and(|own| authorities.contains(&own))
    {
        return Ok(true);
    }
    Ok(rcc_local_authority::Entity::find()
        .filter(rcc_local_authority::Column::OrganisationId.eq(organisation.id))
        .filter(rcc_local_authority::Column::LocalAuthorityId.is_in(authorities))
        .one(conn)
        .await?
        .is_some())
}

/// The organisation's recruitment managers with an address, who hear of
/// households moved in or out.
async fn recruitment_managers(
    conn: &impl sea_orm::ConnectionTrait,
    organisation_id: i32,
) -> Result<Vec<(String, EmailAddress)>, DomainError> {
    Ok(
        people_holding(conn, organisation_id, Permission::HearOfMoves)
            .await?
            .into_iter()
            .filter_map(|p| EmailAddress::parse(&p.email).ok().map(|a| (p.name, a)))
            .collect(),
    )
}

/// Says the household is in the right queue after all: the flag goes.
pub async fn confirm_routing(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
) -> Result<(), DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::WorkEnquiries).await?;
    household::Entity::update_many()
        .col_expr(household::Column::RoutingToCheck, Expr::value(false))
        .filter(household::Column::Id.eq(row.id))
        .exec(&ctx.db)
        .await?;
    Ok(())
}
