//! Known and trusted adults: a child's social worker records an adult
//! already in the child's life (a teacher, a friend's parent, a community
//! leader) who may foster that child. The adult enters the funnel as an
//! enquiry for that child, worked first in the queue. The child is named
//! only by initials and the local authority's reference.

use sea_orm::{EntityTrait, Set};

use super::bank_holidays::bank_holidays;
use super::enquiries::{name_and_email, new_household, open_household, phone_number};
use super::routing::{Route, recruits_for};
use super::service_profile::first_contact_days;
use crate::accounts::entities::organisation;
use crate::geography::Postcode;
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError, FieldError};

const MAX_INITIALS: usize = 5;
const MAX_REFERENCE: usize = 40;
const MAX_RELATIONSHIP: usize = 200;

/// What the child's social worker records.
#[derive(Clone, Debug, Default)]
pub struct KnownAdult {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    /// Who they are to the child: "Her form tutor", "Best friend's mum".
    pub relationship: String,
    pub child_initials: String,
    pub child_reference: String,
    /// The adult has agreed to be contacted about fostering the child.
    pub consent_to_contact: bool,
}

/// A blank known adult to fill in, for a child's social worker.
pub fn known_adult_form(actor: &Actor) -> Result<KnownAdult, DomainError> {
    actor.require_anywhere(Permission::RecordKnownAdult)?;
    Ok(KnownAdult::default())
}

/// The local authority the actor is a child's social worker in.
async fn social_workers_authority(ctx: &Ctx, actor: &Actor) -> Result<i32, DomainError> {
    let organisation_id = actor
        .organisations_where(Permission::RecordKnownAdult)
        .first()
        .copied()
        .ok_or_else(|| actor.refusal())?;
    organisation::Entity::find_by_id(organisation_id)
        .one(&ctx.db)
        .await?
        .and_then(|o| o.local_authority_id)
        .ok_or_else(|| DomainError::Internal("a local authority with no authority".into()))
}

/// A child is named by initials only, never in full.
pub(super) fn initials_only(errors: &mut Vec<FieldError>, initials: &str) {
    if !initials
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '.')
    {
        errors.push(FieldError::new(
            "child_initials",
            "Enter the child's initials only, like J.S.",
        ));
    }
}

/// A name or a reference, its spaces closed up, checked as every text is.
pub(super) fn bounded(
    errors: &mut Vec<FieldError>,
    field: &str,
    text: &str,
    max: usize,
    missing: &str,
) -> String {
    let closed_up = text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::text::bounded(errors, field, &closed_up, max, Some(missing))
}

/// Records a known adult for a child of the social worker's authority;
/// returns the new household. It goes to the service that recruits for the
/// child's authority, wherever the adult lives.
pub async fn record_known_adult(
    ctx: &Ctx,
    actor: &Actor,
    input: &KnownAdult,
) -> Result<i32, DomainError> {
    if matches!(actor, Actor::Anonymous) {
        return Err(DomainError::Unauthenticated);
    }
    let local_authority_id = social_workers_authority(ctx, actor).await?;
    let mut errors = Vec::new();
    let (name, email) = name_and_email(&mut errors, &input.name, &input.email);
    let phone = phone_number(&input.phone)
        .map_err(|m| errors.push(FieldError::new("phone", m)))
        .ok();
    let postcode = Postcode::parse(&input.postcode)
        .map_err(|m| errors.push(FieldError::new("postcode", m)))
        .ok();
    let relationship = bounded(
        &mut errors,
        "relationship",
        &input.relationship,
        MAX_RELATIONSHIP,
        "Say who they are to the child",
    );
    let initials = bounded(
        &mut errors,
        "child_initials",
        &input.child_initials,
        MAX_INITIALS,
        "Enter the child's initials",
    )
    .to_uppercase();
    initials_only(&mut errors, &initials);
    let reference = bounded(
        &mut errors,
        "child_reference",
        &input.child_reference,
        MAX_REFERENCE,
        "Enter the local authority's reference for the child",
    );
    if !input.consent_to_contact {
        errors.push(FieldError::new(
            "consent_to_contact",
            "Confirm the adult has agreed to be contacted about fostering",
        ));
    }
    let (Some(email), Some(phone), Some(postcode), true) =
        (email, phone, postcode, errors.is_empty())
    else {
        return Err(DomainError::InvalidInput(errors));
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let organisation_id = match recruits_for(&txn, local_authority_id).await? {
        Some(id) => id,
        None => crate::accounts::national_programme(&txn, now).await?,
    };
    let to = Route {
        organisation_id,
        local_authority_id: Some(local_authority_id),
        to_check: false,
    };
    let call_by = bank_holidays(&txn)
        .await?
        .due_after(now, first_contact_days(&txn, organisation_id).await?);
    let address = email.as_str().to_lowercase();
    let row = super::entities::household::ActiveModel {
        known_adult_for: Set(Some(initials)),
        child_reference: Set(Some(reference)),
        relationship: Set(Some(relationship)),
        referred_by_id: Set(actor.person_id()),
        ..new_household(&to, (&name, &address, &phone), &postcode, call_by, now)
    };
    let created = open_household(&txn, row, actor.person_id(), now).await?;
    txn.commit().await?;
    Ok(created.id)
}
