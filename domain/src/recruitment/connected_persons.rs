//! Connected persons (kinship foster care): a relative or friend of a
//! particular child who cares for them in an emergency. The service
//! approves them temporarily for up to 16 weeks, extendable once by 8,
//! while it assesses them: they start at the assessment, and go on to
//! panel and decision like any household. A temporary approval past its
//! end is overdue work.

use chrono::{Days, NaiveDate};
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use super::enquiries::{name_and_email, new_household, phone_number};
use super::entities::household;
use super::funnel::{HistoryEvent, Stage, State};
use super::history::{Move, columns, current, record, state_of};
use super::known_adults::{bounded, initials_only};
use super::routing::Route;
use crate::accounts::public_account;
use crate::applications::entities::temporary_approval;
use crate::applications::sections::Answers;
use crate::applications::stage_one::list_checks;
use crate::carers::{Approval, keep_carer_household};
use crate::geography::Postcode;
use crate::policy::{Permission, household_for};
use crate::{Actor, Ctx, DomainError, FieldError};

/// Weeks a temporary approval lasts, and the one extension.
pub const TEMPORARY_WEEKS: u64 = 16;
pub const EXTENSION_WEEKS: u64 = 8;

/// What is recorded about a connected person and the child in their care.
#[derive(Clone, Debug, Default)]
pub struct ConnectedPerson {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub child_initials: String,
    pub child_reference: String,
    /// Who they are to the child: "Grandmother", "Family friend".
    pub relationship: String,
    /// The day the child was placed with them under temporary approval.
    pub approved_on: Option<NaiveDate>,
}

/// Whether the actor may record a connected person in the organisation:
/// the form is offered to them alone.
pub fn may_record_connected_person(actor: &Actor, organisation_id: i32) -> Result<(), DomainError> {
    actor.require(Permission::RecordConnectedPerson, organisation_id)
}

/// Records a connected person temporarily approved for a child; returns
/// their household, which starts at the assessment with its Stage 1 checks
/// listed.
pub async fn record_connected_person(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    input: &ConnectedPerson,
) -> Result<i32, DomainError> {
    actor.require(Permission::RecordConnectedPerson, organisation_id)?;
    let now = ctx.clock.now();
    let today = now.with_timezone(&London).date_naive();
    let mut errors = Vec::new();
    let (name, email) = name_and_email(&mut errors, &input.name, &input.email);
    let phone = phone_number(&input.phone)
        .map_err(|m| errors.push(FieldError::new("phone", m)))
        .ok();
    let postcode = Postcode::parse(&input.postcode)
        .map_err(|m| errors.push(FieldError::new("postcode", m)))
        .ok();
    let initials = bounded(
        &mut errors,
        "child_initials",
        &input.child_initials,
        5,
        "Enter the child's initials",
    )
    .to_uppercase();
    initials_only(&mut errors, &initials);
    let reference = bounded(
        &mut errors,
        "child_reference",
        &input.child_reference,
        40,
        "Enter the local authority's reference for the child",
    );
    let relationship = bounded(
        &mut errors,
        "relationship",
        &input.relationship,
        200,
        "Say who they are to the child",
    );
    let earliest = today - Days::new(TEMPORARY_WEEKS * 7);
    match input.approved_on {
        None => errors.push(FieldError::new(
            "approved_on",
            "Enter the date of the temporary approval",
        )),
        Some(day) if day > today => errors.push(FieldError::new(
            "approved_on",
            "The date must be today or earlier",
        )),
        Some(day) if day < earliest => errors.push(FieldError::new(
            "approved_on",
            "A temporary approval lasts 16 weeks: the date must be within them",
        )),
        Some(_) => {}
    }
    let (Some(email), Some(phone), Some(postcode), Some(approved_on), true) =
        (email, phone, postcode, input.approved_on, errors.is_empty())
    else {
        return Err(DomainError::InvalidInput(errors));
    };
    let address = email.as_str().to_lowercase();
    let txn = ctx.write().await?;
    let person = public_account(&txn, &address, &name, now).await?;
    let to = Route {
        organisation_id,
        local_authority_id: None,
        to_check: false,
    };
    let state = State::Open(Stage::Assessment);
    let (status, stage, ..) = columns(state);
    let created = sea_orm::ActiveModelTrait::insert(
        household::ActiveModel {
            status: Set(status.to_owned()),
            stage: Set(stage.as_str().to_owned()),
            // Already caring for the child: there is no first call to make.
            first_contact_due_at: Set(None),
            first_contact_at: Set(Some(now)),
            person_id: Set(Some(person.id)),
            ..new_household(&to, (&name, &address, &phone), &postcode, now, now)
        },
        &txn,
    )
    .await?;
    record(
        &txn,
        Move {
            household_id: created.id,
            at: now,
            actor_id: actor.person_id(),
            event: HistoryEvent::TemporarilyApproved,
            from: None,
            to: state,
            reason_code: Some("connected_person"),
            reason_text: None,
            organisations: None,
        },
    )
    .await?;
    temporary_approval::Entity::insert(temporary_approval::ActiveModel {
        household_id: Set(created.id),
        child_initials: Set(initials),
        child_reference: Set(reference),
        relationship: Set(relationship),
        approved_on: Set(approved_on),
        until: Set(approved_on + Days::new(TEMPORARY_WEEKS * 7)),
        extended_at: Set(None),
        extended_by_id: Set(None),
        extension_reason: Set(None),
        created_by_id: Set(actor.person_id()),
    })
    .exec_without_returning(&txn)
    .await?;
    keep_carer_household(&txn, &created, Approval::Temporary, approved_on, now).await?;
    let applicant = Answers::from([("full_name".to_owned(), vec![name])]);
    list_checks(&txn, &created, &[applicant], &[], &[], now).await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Extends a temporary approval by 8 weeks, once, with the reason, while
/// the decision is still to come.
pub async fn extend_temporary_approval(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    reason: &str,
) -> Result<(), DomainError> {
    household_for(ctx, actor, household_id, Permission::RecordConnectedPerson).await?;
    let mut errors = Vec::new();
    let reason = bounded(
        &mut errors,
        "reason",
        reason,
        2_000,
        "Say why the approval is extended",
    );
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let row = current(&txn, household_id).await?;
    if !matches!(state_of(&row)?, State::Open(stage) if stage.before_decision()) {
        return Err(DomainError::Conflict(
            "A temporary approval is extended only while the decision is still to come".into(),
        ));
    }
    let approval = temporary_approval::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if approval.until < now.with_timezone(&London).date_naive() {
        return Err(DomainError::Conflict(
            "This temporary approval has ended: it can only be extended while it runs".into(),
        ));
    }
    if approval.extended_at.is_some() {
        return Err(DomainError::Conflict(
            "This temporary approval has already been extended once".into(),
        ));
    }
    temporary_approval::Entity::update_many()
        .col_expr(
            temporary_approval::Column::Until,
            Expr::value(approval.until + Days::new(EXTENSION_WEEKS * 7)),
        )
        .col_expr(temporary_approval::Column::ExtendedAt, Expr::value(now))
        .col_expr(
            temporary_approval::Column::ExtendedById,
            Expr::value(actor.person_id()),
        )
        .col_expr(
            temporary_approval::Column::ExtensionReason,
            Expr::value(reason),
        )
        .filter(temporary_approval::Column::HouseholdId.eq(row.id))
        .exec(&txn)
        .await?;
    super::queue_position::refresh(&txn, row.id, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}
