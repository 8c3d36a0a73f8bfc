//! What a fostering service tells people thinking about fostering: about
//! itself, how to reach it, and the homes it needs most. Its recruitment
//! managers and administrators keep it, with its settings: how many working
//! days it has to make first contact.

use chrono::{DateTime, Months, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use validator::{ValidateEmail, ValidateUrl};

use super::enquiries::FIRST_CONTACT_WORKING_DAYS;
use super::entities::household;
use super::funnel::Stage;
use super::interest::FosteringKind;
use super::routing::route;
use crate::accounts::entities::{organisation, organisation_profile};
use crate::geography::{Outcode, Postcode};
use crate::policy::Permission;
use crate::text::bounded;
use crate::{Actor, Ctx, DomainError, FieldError};

/// The most working days a service may give itself for first contact.
pub const MOST_WORKING_DAYS: u32 = 5;
const MAX_ABOUT: usize = 2_000;
const MAX_LINE: usize = 200;

/// A service's profile, as the public sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceProfile {
    pub organisation_id: i32,
    pub name: String,
    pub about: String,
    pub phone: String,
    /// Where its carers ring out of hours.
    pub out_of_hours_phone: String,
    /// A council's kinship local offer, for kinship carers.
    pub kinship_local_offer: String,
    pub email: String,
    pub website: String,
    pub address: String,
    /// Most needed first.
    pub homes_needed: Vec<FosteringKind>,
    /// How many working days it has to make first contact.
    pub first_contact_working_days: u32,
    pub clocks: Clocks,
    pub updated_at: Option<DateTime<Utc>>,
}

/// Months from the application by which Stage 1, Stage 2 and the panel are
/// due: statutory guidance expects about 2, 4 and 8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clocks {
    pub stage_one_months: u32,
    pub stage_two_months: u32,
    pub panel_months: u32,
}

impl Default for Clocks {
    fn default() -> Self {
        Self {
            stage_one_months: 2,
            stage_two_months: 4,
            panel_months: 8,
        }
    }
}

/// How a household reaches the service, from its profile: its telephone,
/// email and website, those it has given; empty if it has given none.
pub(crate) async fn contact_of(
    conn: &impl ConnectionTrait,
    organisation: &organisation::Model,
) -> Result<String, DomainError> {
    let Some(profile) = organisation_profile::Entity::find_by_id(organisation.id)
        .one(conn)
        .await?
    else {
        return Ok(String::new());
    };
    Ok([profile.phone, profile.email, profile.website]
        .into_iter()
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", "))
}

/// When a household's Stage 2 assessment should be finished: the day its
/// application was sent, in London, plus the service's months for Stage 2.
pub(crate) fn stage_two_due(sent: DateTime<Utc>, clocks: &Clocks) -> Option<NaiveDate> {
    crate::clock::london_day(sent).checked_add_months(Months::new(clocks.stage_two_months))
}

/// The organisation's clocks.
pub(crate) async fn clocks_of(
    conn: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<Clocks, DomainError> {
    Ok(organisation_profile::Entity::find_by_id(organisation_id)
        .one(conn)
        .await?
        .map(|p| stored_clocks(&p))
        .unwrap_or_default())
}

/// The clocks of each of `organisations`, in one query; those with no
/// profile keep the standard ones.
pub(crate) async fn clocks_of_many(
    conn: &impl ConnectionTrait,
    organisations: &[i32],
) -> Result<std::collections::HashMap<i32, Clocks>, DomainError> {
    let stored = organisation_profile::Entity::find()
        .filter(organisation_profile::Column::OrganisationId.is_in(organisations.iter().copied()))
        .all(conn)
        .await?;
    Ok(organisations
        .iter()
        .map(|id| {
            let clocks = stored
                .iter()
                .find(|p| p.organisation_id == *id)
                .map(stored_clocks)
                .unwrap_or_default();
            (*id, clocks)
        })
        .collect())
}

fn stored_clocks(row: &organisation_profile::Model) -> Clocks {
    let months = |n: i32, default: u32| u32::try_from(n).unwrap_or(default);
    let standard = Clocks::default();
    Clocks {
        stage_one_months: months(row.stage_one_months, standard.stage_one_months),
        stage_two_months: months(row.stage_two_months, standard.stage_two_months),
        panel_months: months(row.panel_months, standard.panel_months),
    }
}

/// What its managers change.
#[derive(Clone, Debug, Default)]
pub struct ProfileChange {
    pub about: String,
    pub phone: String,
    pub out_of_hours_phone: String,
    pub kinship_local_offer: String,
    pub email: String,
    pub website: String,
    pub address: String,
    pub homes_needed: Vec<FosteringKind>,
    pub first_contact_working_days: Option<u32>,
    /// Unchanged when `None`.
    pub clocks: Option<Clocks>,
}

/// How many working days `organisation_id` has to make first contact.
pub(crate) async fn first_contact_days(
    conn: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<u32, DomainError> {
    Ok(organisation_profile::Entity::find_by_id(organisation_id)
        .one(conn)
        .await?
        .and_then(|p| u32::try_from(p.first_contact_working_days).ok())
        .unwrap_or(FIRST_CONTACT_WORKING_DAYS))
}

/// The profile as the service's recruitment managers change it: anyone
/// else is refused, so the page that changes it is shown to nobody else.
pub async fn profile_to_manage(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<ServiceProfile, DomainError> {
    actor.require(Permission::ManageRecruitment, organisation_id)?;
    service_profile(ctx, organisation_id).await
}

/// The profile of a fostering service (empty, with the standard settings,
/// until its managers write one).
pub async fn service_profile(
    ctx: &Ctx,
    organisation_id: i32,
) -> Result<ServiceProfile, DomainError> {
    // A charity runs kinship groups: it is no fostering service.
    let organisation = organisation::Entity::find_by_id(organisation_id)
        .one(&ctx.db)
        .await?
        .filter(|o| o.kind != crate::accounts::OrganisationKind::Charity.as_str())
        .ok_or(DomainError::NotFound)?;
    let stored = organisation_profile::Entity::find_by_id(organisation_id)
        .one(&ctx.db)
        .await?;
    let Some(stored) = stored else {
        return Ok(ServiceProfile {
            organisation_id,
            name: organisation.name,
            first_contact_working_days: FIRST_CONTACT_WORKING_DAYS,
            ..ServiceProfile::default()
        });
    };
    let homes: Vec<String> = serde_json::from_str(&stored.homes_needed)
        .map_err(|e| DomainError::Internal(Box::new(e)))?;
    Ok(ServiceProfile {
        organisation_id,
        name: organisation.name,
        homes_needed: homes
            .iter()
            .map(|k| FosteringKind::from_stored(k))
            .collect::<Result<_, _>>()?,
        first_contact_working_days: u32::try_from(stored.first_contact_working_days)
            .unwrap_or(FIRST_CONTACT_WORKING_DAYS),
        clocks: stored_clocks(&stored),
        updated_at: Some(stored.updated_at),
        about: stored.about,
        phone: stored.phone,
        out_of_hours_phone: stored.out_of_hours_phone,
        kinship_local_offer: stored.kinship_local_offer,
        email: stored.email,
        website: stored.website,
        address: stored.address,
    })
}

/// The service that recruits where `postcode` (or its first half) is.
pub async fn service_near(ctx: &Ctx, postcode: &str) -> Result<ServiceProfile, DomainError> {
    let outcode = match Postcode::parse(postcode) {
        Ok(full) => full.outcode().clone(),
        Err(_) => Outcode::parse(postcode).map_err(|_| {
            DomainError::invalid(
                "postcode",
                "Enter a postcode, like DN15 7AB, or its first half, like DN15",
            )
        })?,
    };
    // Any full postcode in the district routes the same way.
    let any = Postcode::parse(&format!("{} 1AA", outcode.as_str()))
        .map_err(|m| DomainError::invalid("postcode", m))?;
    let to = route(&ctx.db, &any, ctx.clock.now()).await?;
    service_profile(ctx, to.organisation_id).await
}

/// Changes the service's profile and settings: for its recruitment
/// managers and administrators.
pub async fn update_service_profile(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    change: &ProfileChange,
) -> Result<(), DomainError> {
    actor.require(Permission::ManageRecruitment, organisation_id)?;
    let mut errors = Vec::new();
    let about = bounded(&mut errors, "about", &change.about, MAX_ABOUT, None);
    let address = bounded(&mut errors, "address", &change.address, MAX_LINE * 2, None);
    let phone = bounded(&mut errors, "phone", &change.phone, MAX_LINE, None);
    let out_of_hours_phone = bounded(
        &mut errors,
        "out_of_hours_phone",
        &change.out_of_hours_phone,
        MAX_LINE,
        None,
    );
    let email = bounded(&mut errors, "email", &change.email, MAX_LINE, None);
    if !email.is_empty() && !email.validate_email() {
        errors.push(FieldError::new(
            "email",
            "Enter an email address, like fostering@example.org",
        ));
    }
    let website = bounded(&mut errors, "website", &change.website, MAX_LINE, None);
    let website_ok =
        website.is_empty() || (website.starts_with("https://") && website.validate_url());
    if !website_ok {
        errors.push(FieldError::new(
            "website",
            "Enter the website's address, starting https://",
        ));
    }
    let kinship_local_offer = bounded(
        &mut errors,
        "kinship_local_offer",
        &change.kinship_local_offer,
        MAX_LINE,
        None,
    );
    if !(kinship_local_offer.is_empty()
        || (kinship_local_offer.starts_with("https://") && kinship_local_offer.validate_url()))
    {
        errors.push(FieldError::new(
            "kinship_local_offer",
            "Enter the kinship local offer's address, starting https://",
        ));
    }
    let days = match change.first_contact_working_days {
        Some(days) if (1..=MOST_WORKING_DAYS).contains(&days) => days,
        _ => {
            errors.push(FieldError::new(
                "first_contact_working_days",
                format!("Enter a number of working days from 1 to {MOST_WORKING_DAYS}"),
            ));
            FIRST_CONTACT_WORKING_DAYS
        }
    };
    let clocks = match change.clocks {
        Some(clocks) => {
            let in_range = |field: &str, months: u32, errors: &mut Vec<FieldError>| {
                if !(1..=24).contains(&months) {
                    errors.push(FieldError::new(
                        field,
                        "Enter a number of months from 1 to 24",
                    ));
                }
            };
            in_range("stage_one_months", clocks.stage_one_months, &mut errors);
            in_range("stage_two_months", clocks.stage_two_months, &mut errors);
            in_range("panel_months", clocks.panel_months, &mut errors);
            if clocks.panel_months < clocks.stage_two_months.max(clocks.stage_one_months) {
                errors.push(FieldError::new(
                    "panel_months",
                    "The panel comes after Stage 1 and Stage 2 are due",
                ));
            }
            clocks
        }
        None => clocks_of(&ctx.db, organisation_id).await?,
    };
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let mut homes: Vec<&str> = Vec::new();
    for kind in &change.homes_needed {
        if !homes.contains(&kind.as_str()) {
            homes.push(kind.as_str());
        }
    }
    let homes = serde_json::to_string(&homes).map_err(|e| DomainError::Internal(Box::new(e)))?;
    let row = organisation_profile::ActiveModel {
        organisation_id: Set(organisation_id),
        about: Set(about),
        phone: Set(phone),
        out_of_hours_phone: Set(out_of_hours_phone),
        kinship_local_offer: Set(kinship_local_offer),
        email: Set(email),
        website: Set(website),
        address: Set(address),
        homes_needed: Set(homes),
        first_contact_working_days: Set(i32::try_from(days).unwrap_or(1)),
        stage_one_months: Set(i32::try_from(clocks.stage_one_months).unwrap_or(2)),
        stage_two_months: Set(i32::try_from(clocks.stage_two_months).unwrap_or(4)),
        panel_months: Set(i32::try_from(clocks.panel_months).unwrap_or(8)),
        updated_at: Set(ctx.clock.now()),
        updated_by_id: Set(actor.person_id()),
    };
    use organisation_profile::Column as C;
    let txn = ctx.write().await?;
    organisation_profile::Entity::insert(row)
        .on_conflict(
            OnConflict::column(C::OrganisationId)
                .update_columns([
                    C::About,
                    C::Phone,
                    C::OutOfHoursPhone,
                    C::KinshipLocalOffer,
                    C::Email,
                    C::Website,
                    C::Address,
                    C::HomesNeeded,
                    C::FirstContactWorkingDays,
                    C::StageOneMonths,
                    C::StageTwoMonths,
                    C::PanelMonths,
                    C::UpdatedAt,
                    C::UpdatedById,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    // Its households in Stage 2 are late by the new clocks: their place in
    // the queue moves with them.
    let in_stage_two: Vec<i32> = household::Entity::find()
        .select_only()
        .column(household::Column::Id)
        .filter(household::Column::OrganisationId.eq(organisation_id))
        .filter(household::Column::Status.eq("open"))
        .filter(household::Column::Stage.eq(Stage::Assessment.as_str()))
        .into_tuple()
        .all(&txn)
        .await?;
    for id in in_stage_two {
        super::queue_position::refresh(&txn, id, ctx.clock.now()).await?;
    }
    txn.commit().await?;
    Ok(())
}
