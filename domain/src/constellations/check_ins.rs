//! The hub carer's check-ins with each satellite family: a call, a visit,
//! a message or a meeting, on a day, in a few words. No child's details
//! are asked for. A family with no contact for the constellation's days
//! (14 unless set otherwise) is flagged.

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, Set};

use super::access::{Part, current_members, standing};
use super::entities::check_in;
use crate::clock::london_day;
use crate::names::stored_names;
use crate::text::bounded;
use crate::{Actor, Ctx, DomainError, FieldError};

/// How the hub was in touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Contact {
    Call,
    Visit,
    Message,
    Meeting,
}

stored_names!(Contact {
    Call => "call", "A phone or video call",
    Visit => "visit", "A visit",
    Message => "message", "A message",
    Meeting => "meeting", "At a meeting or activity",
});

/// The few words a check-in keeps: no room for a child's story.
pub const NOTE_LONGEST: usize = 200;

/// A check-in, as the hub records it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckInInput {
    pub carer_household_id: Option<i32>,
    pub contact: Option<Contact>,
    pub contacted_on: Option<NaiveDate>,
    pub note: String,
}

/// Records the hub's contact with a satellite family: for the hub's carers
/// and the constellation's liaison workers.
pub async fn record_check_in(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
    input: &CheckInInput,
) -> Result<(), DomainError> {
    let found = standing(ctx, actor, constellation_id).await?;
    if !(found.is_hub() || found.liaison) {
        return Err(DomainError::Forbidden);
    }
    let today = london_day(ctx.clock.now());
    let mut errors = Vec::new();
    let satellites = current_members(&ctx.db, constellation_id).await?;
    let family = input.carer_household_id.filter(|id| {
        satellites
            .iter()
            .any(|m| m.carer_household_id == *id && m.role == Part::Satellite.as_str())
    });
    if family.is_none() {
        errors.push(FieldError::new(
            "carer_household",
            "Choose a family of the constellation",
        ));
    }
    if input.contact.is_none() {
        errors.push(FieldError::new("contact", "Select how you were in touch"));
    }
    match input.contacted_on {
        None => errors.push(FieldError::new("contacted_on", "Enter the date")),
        Some(day) if day > today => errors.push(FieldError::new(
            "contacted_on",
            "The date must be today or in the past",
        )),
        Some(_) => {}
    }
    let note = bounded(&mut errors, "note", &input.note, NOTE_LONGEST, None);
    let (Some(family), Some(contact), Some(on), true) =
        (family, input.contact, input.contacted_on, errors.is_empty())
    else {
        return Err(DomainError::InvalidInput(errors));
    };
    let txn = ctx.write().await?;
    check_in::ActiveModel {
        id: NotSet,
        constellation_id: Set(constellation_id),
        carer_household_id: Set(family),
        contact: Set(contact.as_str().to_owned()),
        contacted_on: Set(on),
        note: Set(Some(note).filter(|n| !n.is_empty())),
        recorded_by_id: Set(actor.person_id()),
        recorded_at: Set(ctx.clock.now()),
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok(())
}
