//! Joint applicants: a couple applying together. The first applicant
//! invites their partner by name and email; the partner signs in with their
//! own account and accepts, and from then sees, fills in and sends the same
//! application. Nobody is added to an application without saying yes. Both
//! have their Stage 1 checks, and both become foster carers when approved.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::entities::joint_applicant;
use crate::accounts::entities::{organisation, person};
use crate::accounts::public_account;
use crate::jobs::enqueue;
use crate::notifications::limits::may_email;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::recruitment::entities::household;
use crate::recruitment::funnel::{Stage, State};
use crate::recruitment::{locked_household, state_of};
use crate::{Actor, Ctx, DomainError, FieldError};

/// The household's applicants: the person who enquired, then any joint
/// applicant.
pub(crate) async fn applicants(
    conn: &impl ConnectionTrait,
    row: &household::Model,
) -> Result<Vec<person::Model>, DomainError> {
    let joint: Vec<i32> = joint_applicant::Entity::find()
        .filter(joint_applicant::Column::HouseholdId.eq(row.id))
        .filter(joint_applicant::Column::AcceptedAt.is_not_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|j| j.person_id)
        .collect();
    let mut people = person::Entity::find()
        .filter(person::Column::Id.is_in(row.person_id.into_iter().chain(joint.iter().copied())))
        .filter(person::Column::DeactivatedAt.is_null())
        .all(conn)
        .await?;
    people.sort_by_key(|p| Some(p.id) != row.person_id);
    Ok(people)
}

/// Whether two people are applying (the second invited, or accepted).
pub(crate) async fn is_joint(
    conn: &impl ConnectionTrait,
    household_id: i32,
) -> Result<bool, DomainError> {
    Ok(joint_applicant::Entity::find()
        .filter(joint_applicant::Column::HouseholdId.eq(household_id))
        .one(conn)
        .await?
        .is_some())
}

/// The households the person applies to, as the one who enquired or as a
/// joint applicant: newest first.
pub(crate) async fn households_of(
    conn: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<household::Model>, DomainError> {
    let joint: Vec<i32> = joint_applicant::Entity::find()
        .filter(joint_applicant::Column::PersonId.eq(person_id))
        .filter(joint_applicant::Column::AcceptedAt.is_not_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|j| j.household_id)
        .collect();
    Ok(household::Entity::find()
        .filter(
            Condition::any()
                .add(household::Column::PersonId.eq(person_id))
                .add(household::Column::Id.is_in(joint)),
        )
        .order_by_desc(household::Column::CreatedAt)
        .all(conn)
        .await?)
}

/// The first applicant invites their partner, before the application is
/// sent. The partner is emailed to sign in with that address and accept;
/// the answer is the same whether or not the address has an account.
pub async fn add_joint_applicant(
    ctx: &Ctx,
    actor: &Actor,
    name: &str,
    email: &str,
) -> Result<(), DomainError> {
    let person_id = actor.require_person()?;
    let row = super::form::applicants_household(ctx, actor).await?;
    if row.person_id != Some(person_id) {
        return Err(DomainError::Forbidden);
    }
    let mut errors = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter your partner's full name"));
    } else if name.chars().count() > 200 {
        errors.push(FieldError::new("name", crate::text::too_long(200)));
    }
    let address = match EmailAddress::parse(email) {
        Ok(address) => Some(address),
        Err(message) => {
            errors.push(FieldError::new("email", message));
            None
        }
    };
    let (Some(address), true) = (address, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let lower = address.as_str().to_lowercase();
    if lower == row.email.to_lowercase() {
        return Err(DomainError::invalid(
            "email",
            "Enter your partner's own email address, not yours",
        ));
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let current = locked_household(&txn, row.id).await?;
    if state_of(&current)? != State::Open(Stage::ApplicationInvited) {
        return Err(DomainError::Conflict(
            "A joint applicant is added before the application is sent".into(),
        ));
    }
    let already = joint_applicant::Entity::find()
        .filter(joint_applicant::Column::HouseholdId.eq(row.id))
        .one(&txn)
        .await?;
    if already.is_some() {
        return Err(DomainError::Conflict(
            "Your application already has a joint applicant".into(),
        ));
    }
    let partner = public_account(&txn, &lower, name, now).await?;
    joint_applicant::Entity::insert(joint_applicant::ActiveModel {
        household_id: Set(row.id),
        person_id: Set(partner.id),
        name: Set(name.to_owned()),
        added_at: Set(now),
        added_by_id: Set(Some(person_id)),
        accepted_at: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    crate::search::note_household(&txn, row.id, now).await?;
    let organisation = organisation::Entity::find_by_id(row.organisation_id)
        .one(&txn)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let email = Email::JointApplicantAdded {
        name: name.to_owned(),
        applicant: row.name.clone(),
        organisation,
    };
    may_email(ctx, &txn, actor, &address).await?;
    enqueue(&txn, &SendEmail::new(address, email), now, now).await?;
    txn.commit().await?;
    Ok(())
}

/// An invitation waiting for the signed-in person: the household, who
/// invited them, and the service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JointInvitation {
    pub household_id: i32,
    pub from: String,
    pub organisation: String,
}

/// The invitations to apply jointly waiting for the signed-in person.
pub async fn joint_invitations(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<JointInvitation>, DomainError> {
    let person_id = actor.require_person()?;
    let pending = joint_applicant::Entity::find()
        .filter(joint_applicant::Column::PersonId.eq(person_id))
        .filter(joint_applicant::Column::AcceptedAt.is_null())
        .all(&ctx.db)
        .await?;
    let mut found = Vec::new();
    for invitation in pending {
        let Some(row) = household::Entity::find_by_id(invitation.household_id)
            .one(&ctx.db)
            .await?
        else {
            continue;
        };
        if state_of(&row)? != State::Open(Stage::ApplicationInvited) {
            continue;
        }
        let organisation = organisation::Entity::find_by_id(row.organisation_id)
            .one(&ctx.db)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        found.push(JointInvitation {
            household_id: row.id,
            from: row.name,
            organisation,
        });
    }
    Ok(found)
}

/// The invited partner, signed in as themselves, accepts.
pub async fn accept_joint_invitation(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
) -> Result<(), DomainError> {
    let person_id = actor.require_person()?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let current = locked_household(&txn, household_id).await?;
    let invitation = joint_applicant::Entity::find_by_id((household_id, person_id))
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if invitation.accepted_at.is_some() {
        return Err(DomainError::Conflict(
            "You have already accepted this invitation".into(),
        ));
    }
    if state_of(&current)? != State::Open(Stage::ApplicationInvited) {
        return Err(DomainError::Conflict(
            "This application can no longer be joined".into(),
        ));
    }
    joint_applicant::Entity::update_many()
        .col_expr(joint_applicant::Column::AcceptedAt, Expr::value(now))
        .filter(joint_applicant::Column::HouseholdId.eq(household_id))
        .filter(joint_applicant::Column::PersonId.eq(person_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The first applicant takes their partner off the application (invited
/// or accepted), before it is sent.
pub async fn remove_joint_applicant(ctx: &Ctx, actor: &Actor) -> Result<(), DomainError> {
    let person_id = actor.require_person()?;
    let row = super::form::applicants_household(ctx, actor).await?;
    if row.person_id != Some(person_id) {
        return Err(DomainError::Forbidden);
    }
    let txn = ctx.write().await?;
    let current = locked_household(&txn, row.id).await?;
    if state_of(&current)? != State::Open(Stage::ApplicationInvited) {
        return Err(DomainError::Conflict(
            "Once the application is sent, your contact can change who is applying".into(),
        ));
    }
    joint_applicant::Entity::delete_many()
        .filter(joint_applicant::Column::HouseholdId.eq(row.id))
        .exec(&txn)
        .await?;
    crate::search::note_household(&txn, row.id, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}

/// The partner invited and not yet accepted, by the name they were given.
pub(crate) async fn invited_name(
    conn: &impl ConnectionTrait,
    household_id: i32,
) -> Result<Option<String>, DomainError> {
    Ok(joint_applicant::Entity::find()
        .filter(joint_applicant::Column::HouseholdId.eq(household_id))
        .filter(joint_applicant::Column::AcceptedAt.is_null())
        .one(conn)
        .await?
        .map(|j| j.name))
}

/// The names of the household's applicants, the one who enquired first.
pub async fn applicant_names(
    conn: &impl ConnectionTrait,
    row: &household::Model,
) -> Result<Vec<String>, DomainError> {
    Ok(applicants(conn, row)
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect())
}
