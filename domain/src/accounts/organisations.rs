use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

use super::OrganisationKind;
use super::entities::{organisation, rcc_local_authority};
use crate::geography::GssCode;
use crate::geography::entities::local_authority;
use crate::{Actor, Ctx, DomainError, FieldError};

/// Gives every local authority in the reference data an organisation of its
/// own, for its staff to belong to; returns how many were new. Running it
/// again changes nothing.
pub async fn ensure_local_authority_organisations(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<usize, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    let authorities = local_authority::Entity::find().all(&ctx.db).await?;
    let rows: Vec<organisation::ActiveModel> = authorities
        .into_iter()
        .map(|la| organisation::ActiveModel {
            id: NotSet,
            kind: Set(OrganisationKind::LocalAuthority.as_str().to_owned()),
            name: Set(la.official_name),
            local_authority_id: Set(Some(la.id)),
            created_at: Set(now),
        })
        .collect();
    if rows.is_empty() {
        return Ok(0);
    }
    let inserted = organisation::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(organisation::Column::LocalAuthorityId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&ctx.db)
        .await?;
    Ok(inserted as usize)
}

/// A Regional Care Cooperative to set up.
#[derive(Clone, Debug)]
pub struct NewRegionalCareCooperative {
    pub name: String,
    /// The GSS codes of the local authorities it serves.
    pub local_authorities: Vec<String>,
}

/// Sets up an RCC serving the given local authorities. No open data lists
/// RCCs, so an administrator of the national programme enters them. A local
/// authority is served by one RCC at most.
pub async fn create_regional_care_cooperative(
    ctx: &Ctx,
    actor: &Actor,
    input: &NewRegionalCareCooperative,
) -> Result<i32, DomainError> {
    actor.require_national_administrator()?;
    let mut errors = Vec::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter the cooperative's name"));
    }
    let mut codes = Vec::new();
    for (index, text) in input.local_authorities.iter().enumerate() {
        match GssCode::parse(text) {
            Ok(code) => codes.push((index, code.as_str().to_owned())),
            Err(message) => errors.push(FieldError::new(
                format!("local_authorities.{index}"),
                message,
            )),
        }
    }
    if input.local_authorities.is_empty() {
        errors.push(FieldError::new(
            "local_authorities",
            "Select the local authorities it serves",
        ));
    }
    let authorities = local_authority::Entity::find()
        .filter(local_authority::Column::GssCode.is_in(codes.iter().map(|(_, code)| code.clone())))
        .all(&ctx.db)
        .await?;
    for (index, code) in &codes {
        if !authorities.iter().any(|la| &la.gss_code == code) {
            errors.push(FieldError::new(
                format!("local_authorities.{index}"),
                format!("{code} is not a local authority in England"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let txn = ctx.db.begin().await?;
    let rcc = organisation::ActiveModel {
        id: NotSet,
        kind: Set(OrganisationKind::RegionalCareCooperative
            .as_str()
            .to_owned()),
        name: Set(name.to_owned()),
        local_authority_id: Set(None),
        created_at: Set(ctx.clock.now()),
    }
    .insert(&txn)
    .await?;
    let areas = authorities
        .iter()
        .map(|la| rcc_local_authority::ActiveModel {
            organisation_id: Set(rcc.id),
            local_authority_id: Set(la.id),
        });
    rcc_local_authority::Entity::insert_many(areas)
        .exec_without_returning(&txn)
        .await
        .map_err(|error| {
            DomainError::unless_unique(
                error,
                "local_authorities",
                "A local authority you selected is already served by another cooperative",
            )
        })?;
    txn.commit().await?;
    Ok(rcc.id)
}

/// The RCC with this name, if one has been set up.
pub async fn find_regional_care_cooperative(
    ctx: &Ctx,
    actor: &Actor,
    name: &str,
) -> Result<Option<i32>, DomainError> {
    actor.require_national_administrator()?;
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrganisationKind::RegionalCareCooperative.as_str()))
        .filter(organisation::Column::Name.eq(name.trim()))
        .one(&ctx.db)
        .await?
        .map(|rcc| rcc.id))
}
