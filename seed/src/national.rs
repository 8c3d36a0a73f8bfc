//! Whole services' worth of made-up history: every recruiting organisation
//! in England at national scale (`hearth seed --national`), or the demo's
//! two cooperatives at theirs (`hearth seed --demo`).

use std::collections::HashMap;

use domain::accounts::entities::{organisation, rcc_local_authority};
use domain::accounts::{NewOrganisation, OrganisationKind, create_organisation};
use domain::geography::entities::postcode_district;
use domain::recruitment::made_up::has_made_up;
use domain::{Actor, Ctx, DomainError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::made_up::{MADE_UP, Service};

/// England's initial enquiries in a year (Ofsted: 125,195 in 2022-23,
/// 160,635 at the 2020-21 peak).
pub const ENQUIRIES_PER_YEAR: u32 = 130_000;
/// Local authorities' own services' share (25,820 of 125,195 in 2022-23).
const LOCAL_AUTHORITY_SHARE: f64 = 0.2;
/// Independent fostering agencies made up to carry the rest, as England's
/// 300 or so do.
const AGENCIES: &[&str] = &[
    "Brightwater Fostering",
    "Cedar Family Placements",
    "Harbour Foster Care",
    "Kestrel Fostering",
    "Lantern Family Care",
    "Meadowbank Fostering",
    "Northern Star Fostering",
    "Oakleaf Foster Care",
    "Pennine Family Placements",
    "Riverside Fostering",
    "Saltmarsh Foster Care",
    "Thistle Fostering",
    "Unity Family Placements",
    "Valley Foster Care",
    "Willow Fostering",
    "Yewtree Family Care",
];
/// A demo cooperative's enquiries in a year, for each authority it serves.
const DEMO_PER_AUTHORITY: u32 = 220;

/// Each English local authority's postcode districts.
async fn districts(ctx: &Ctx) -> Result<HashMap<i32, Vec<String>>, DomainError> {
    let mut by_authority: HashMap<i32, Vec<String>> = HashMap::new();
    for district in postcode_district::Entity::find()
        .filter(postcode_district::Column::LocalAuthorityId.is_not_null())
        .order_by_asc(postcode_district::Column::Outcode)
        .all(&ctx.db)
        .await?
    {
        if let Some(id) = district.local_authority_id {
            by_authority.entry(id).or_default().push(district.outcode);
        }
    }
    Ok(by_authority)
}

/// The authorities each cooperative serves.
async fn cooperatives(ctx: &Ctx) -> Result<HashMap<i32, Vec<i32>>, DomainError> {
    let mut served: HashMap<i32, Vec<i32>> = HashMap::new();
    for row in rcc_local_authority::Entity::find().all(&ctx.db).await? {
        served
            .entry(row.organisation_id)
            .or_default()
            .push(row.local_authority_id);
    }
    Ok(served)
}

fn places(authorities: &[i32], districts: &HashMap<i32, Vec<String>>) -> Vec<(i32, Vec<String>)> {
    authorities
        .iter()
        .filter_map(|id| districts.get(id).map(|d| (*id, d.clone())))
        .collect()
}

/// Every recruiting organisation at England's scale, made-up agencies
/// added first if they are not there; organisations that already have
/// made-up history are left alone, so running it again adds nothing.
pub async fn national_services(ctx: &Ctx) -> Result<Vec<Service>, DomainError> {
    let existing: Vec<String> = organisation::Entity::find()
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|o| o.name)
        .collect();
    for name in AGENCIES {
        if !existing.iter().any(|e| e == name) {
            let agency = NewOrganisation {
                kind: OrganisationKind::IndependentFosteringAgency,
                name: (*name).to_owned(),
                local_authorities: Vec::new(),
            };
            create_organisation(ctx, &Actor::System, &agency).await?;
        }
    }
    let districts = districts(ctx).await?;
    let cooperatives = cooperatives(ctx).await?;
    let all_authorities: Vec<i32> = {
        let mut ids: Vec<i32> = districts.keys().copied().collect();
        ids.sort_unstable();
        ids
    };
    let organisations = organisation::Entity::find()
        .order_by_asc(organisation::Column::Id)
        .all(&ctx.db)
        .await?;
    let authorities_own = organisations
        .iter()
        .filter(|o| o.local_authority_id.is_some())
        .count()
        .max(1);
    let others = organisations
        .iter()
        .filter(|o| {
            o.local_authority_id.is_none() && o.kind != OrganisationKind::NationalProgramme.as_str()
        })
        .count()
        .max(1);
    let per = |share: f64, among: usize| {
        (f64::from(ENQUIRIES_PER_YEAR) * share / among as f64).round() as u32
    };
    let mut services = Vec::new();
    for org in organisations {
        if org.kind == OrganisationKind::NationalProgramme.as_str()
            || has_made_up(ctx, org.id, MADE_UP).await?
        {
            continue;
        }
        let (authorities, local, per_year) =
            match (org.local_authority_id, cooperatives.get(&org.id)) {
                (Some(own), _) => (vec![own], true, per(LOCAL_AUTHORITY_SHARE, authorities_own)),
                (None, Some(served)) => (
                    served.clone(),
                    false,
                    per(1.0 - LOCAL_AUTHORITY_SHARE, others),
                ),
                // An agency recruits across England.
                (None, None) => (
                    all_authorities.clone(),
                    false,
                    per(1.0 - LOCAL_AUTHORITY_SHARE, others),
                ),
            };
        let places = places(&authorities, &districts);
        if !places.is_empty() {
            services.push(Service {
                organisation_id: org.id,
                local_authority: local,
                places,
                enquiries_per_year: per_year,
            });
        }
    }
    Ok(services)
}

/// The demo's cooperatives, at their own scale; none that already has
/// made-up history.
pub async fn demo_services(ctx: &Ctx, names: &[&str]) -> Result<Vec<Service>, DomainError> {
    let districts = districts(ctx).await?;
    let cooperatives = cooperatives(ctx).await?;
    let mut services = Vec::new();
    for org in organisation::Entity::find()
        .filter(organisation::Column::Name.is_in(names.iter().copied()))
        .order_by_asc(organisation::Column::Id)
        .all(&ctx.db)
        .await?
    {
        if has_made_up(ctx, org.id, MADE_UP).await? {
            continue;
        }
        let served = cooperatives.get(&org.id).cloned().unwrap_or_default();
        services.push(Service {
            organisation_id: org.id,
            local_authority: false,
            enquiries_per_year: DEMO_PER_AUTHORITY * u32::try_from(served.len()).unwrap_or(1),
            places: places(&served, &districts),
        });
    }
    Ok(services)
}
