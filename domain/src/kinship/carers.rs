//! Registering as a kinship carer: a name, an email address, the
//! arrangement, the area (the first half of a postcode) and how many
//! children, and nothing about the children. Registration never contacts
//! children's services. They sign in by an emailed link, as applicants do.

use chrono::TimeDelta;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::entities::kinship_carer;
use super::support::Arrangement;
use crate::accounts::entities::person;
use crate::accounts::{Limit, SendSignInLink, attempt_refused, public_account};
use crate::geography::district_of;
use crate::jobs::enqueue;
use crate::recruitment::name_and_email;
use crate::{Actor, Ctx, DomainError, FieldError};

/// The most children a registration says.
pub const MOST_CHILDREN: i32 = 20;

/// Registrations from one client address in an hour.
pub const REGISTRATIONS_PER_CLIENT: Limit = Limit {
    attempts: 10,
    window: TimeDelta::hours(1),
    block_for: TimeDelta::hours(1),
};

/// What registering asks.
#[derive(Clone, Debug, Default)]
pub struct NewKinshipCarer {
    pub name: String,
    pub email: String,
    pub arrangement: Option<Arrangement>,
    /// Their postcode or its first half: only the first half is kept.
    pub postcode: String,
    pub children: Option<i32>,
    /// A field people never see and robots fill in.
    pub trap: String,
}

/// A registered kinship carer, as they and their groups' facilitators see
/// the registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KinshipCarer {
    pub person_id: i32,
    pub name: String,
    pub email: String,
    pub arrangement: Arrangement,
    pub outcode: String,
    pub children: i32,
}

/// Registers someone and emails them a link to sign in. The answer is the
/// same whether or not the address was registered before, so nobody
/// learns who is. Someone signed in registers as themselves.
pub async fn register_kinship_carer(
    ctx: &Ctx,
    actor: &Actor,
    input: &NewKinshipCarer,
    client_address: &str,
) -> Result<(), DomainError> {
    let now = ctx.clock.now();
    let mut errors = Vec::new();
    let signed_in = match actor.person_id() {
        Some(id) => person::Entity::find_by_id(id).one(&ctx.db).await?,
        None => None,
    };
    let (name, email) = match &signed_in {
        Some(me) => (me.name.clone(), None),
        None => name_and_email(&mut errors, &input.name, &input.email),
    };
    if input.arrangement.is_none() {
        errors.push(FieldError::new(
            "arrangement",
            "Select how the children came to live with you, or \"I am not sure\"",
        ));
    }
    let children = match input.children {
        Some(n) if (1..=MOST_CHILDREN).contains(&n) => n,
        _ => {
            errors.push(FieldError::new(
                "children",
                format!("Enter how many children live with you, from 1 to {MOST_CHILDREN}"),
            ));
            0
        }
    };
    let district = match district_of(&ctx.db, &input.postcode, "postcode").await {
        Ok(district) => Some(district),
        Err(DomainError::InvalidInput(mut problems)) => {
            errors.append(&mut problems);
            None
        }
        Err(other) => return Err(other),
    };
    let (Some(district), Some(arrangement), true) =
        (district, input.arrangement, errors.is_empty())
    else {
        return Err(DomainError::InvalidInput(errors));
    };
    if signed_in.is_none() {
        let key = format!("kinship-registration-address:{client_address}");
        if attempt_refused(&ctx.db, REGISTRATIONS_PER_CLIENT, &key, now).await? {
            return Err(DomainError::RateLimited);
        }
    }
    // A robot that filled the hidden field is told all went well.
    if !input.trap.trim().is_empty() {
        return Ok(());
    }
    let txn = ctx.write().await?;
    let person_id = match (&signed_in, &email) {
        (Some(me), _) => me.id,
        (None, Some(address)) => {
            public_account(&*txn, &address.as_str().to_lowercase(), &name, now)
                .await?
                .id
        }
        (None, None) => return Err(DomainError::invalid("email", "Enter your email address")),
    };
    kinship_carer::Entity::insert(kinship_carer::ActiveModel {
        person_id: Set(person_id),
        arrangement: Set(arrangement.as_str().to_owned()),
        outcode: Set(district.outcode.clone()),
        local_authority_id: Set(district.local_authority_id),
        children: Set(children),
        registered_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(kinship_carer::Column::PersonId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&*txn)
    .await?;
    if let Some(address) = email {
        enqueue(&*txn, &SendSignInLink { email: address }, now, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The actor's registration as a kinship carer, if they have one.
pub async fn my_registration(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Option<KinshipCarer>, DomainError> {
    let Some(person_id) = actor.person_id() else {
        return Ok(None);
    };
    let Some(row) = kinship_carer::Entity::find_by_id(person_id)
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    let me = person::Entity::find_by_id(person_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(Some(KinshipCarer {
        person_id,
        name: me.name,
        email: me.email,
        arrangement: Arrangement::from_stored(&row.arrangement)?,
        outcode: row.outcode,
        children: row.children,
    }))
}

/// The actor's registration, or the refusal: sign in, or register first.
pub(crate) async fn registered(
    conn: &impl ConnectionTrait,
    actor: &Actor,
) -> Result<kinship_carer::Model, DomainError> {
    let person_id = actor.person_id().ok_or_else(|| actor.refusal())?;
    kinship_carer::Entity::find()
        .filter(kinship_carer::Column::PersonId.eq(person_id))
        .one(conn)
        .await?
        .ok_or_else(|| {
            DomainError::Conflict("Register as a kinship carer first: it takes a minute".into())
        })
}
