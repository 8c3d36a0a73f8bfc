use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use super::OrganisationKind;
use super::entities::{organisation, rcc_local_authority};
use crate::geography::GssCode;
use crate::geography::entities::local_authority;
use crate::pagination::{Cursor, Page, PageRequest, count_up_to_cap, fetch_window};
use crate::policy::Permission;
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

/// An organisation to set up: a Regional Care Cooperative, with the local
/// authorities it serves, or an independent fostering agency.
#[derive(Clone, Debug)]
pub struct NewOrganisation {
    pub kind: OrganisationKind,
    pub name: String,
    /// The GSS codes of the local authorities an RCC serves.
    pub local_authorities: Vec<String>,
}

/// An organisation, as anyone may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationSummary {
    pub id: i32,
    pub kind: OrganisationKind,
    pub name: String,
}

impl OrganisationSummary {
    fn from_row(row: organisation::Model) -> Result<Self, DomainError> {
        Ok(Self {
            kind: OrganisationKind::from_stored(&row.kind)?,
            id: row.id,
            name: row.name,
        })
    }
}

/// An organisation with the local authorities it recruits for: its own, for
/// a local authority; those it serves, for an RCC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationDetails {
    pub organisation: OrganisationSummary,
    /// GSS code and name, by name.
    pub local_authorities: Vec<(String, String)>,
}

/// Sets up an organisation. No open data lists RCCs, so an administrator of
/// the national programme enters them with the local authorities each
/// serves; a local authority is served by one RCC at most.
pub async fn create_organisation(
    ctx: &Ctx,
    actor: &Actor,
    input: &NewOrganisation,
) -> Result<i32, DomainError> {
    actor.require_anywhere(Permission::AdministerHearth)?;
    let mut errors = Vec::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter the organisation's name"));
    }
    let is_rcc = input.kind == OrganisationKind::RegionalCareCooperative;
    match input.kind {
        OrganisationKind::RegionalCareCooperative if input.local_authorities.is_empty() => {
            errors.push(FieldError::new(
                "local_authorities",
                "Select the local authorities it serves",
            ));
        }
        OrganisationKind::IndependentFosteringAgency | OrganisationKind::Charity
            if !input.local_authorities.is_empty() =>
        {
            errors.push(FieldError::new(
                "local_authorities",
                "Only a Regional Care Cooperative serves local authorities",
            ));
        }
        OrganisationKind::RegionalCareCooperative
        | OrganisationKind::IndependentFosteringAgency
        | OrganisationKind::Charity => {}
        OrganisationKind::NationalProgramme | OrganisationKind::LocalAuthority => {
            errors.push(FieldError::new(
                "kind",
                "Choose a Regional Care Cooperative, an independent fostering agency or a charity",
            ));
        }
    }
    let authorities = named_local_authorities(ctx, &input.local_authorities, &mut errors).await?;
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let txn = ctx.write().await?;
    let created = organisation::ActiveModel {
        id: NotSet,
        kind: Set(input.kind.as_str().to_owned()),
        name: Set(name.to_owned()),
        local_authority_id: Set(None),
        created_at: Set(ctx.clock.now()),
    }
    .insert(&txn)
    .await?;
    if is_rcc {
        serve(&txn, created.id, &authorities).await?;
    }
    txn.commit().await?;
    Ok(created.id)
}

/// The local authorities with these GSS codes; each code that names none is
/// an error against its place in the list.
async fn named_local_authorities(
    ctx: &Ctx,
    codes: &[String],
    errors: &mut Vec<FieldError>,
) -> Result<Vec<local_authority::Model>, DomainError> {
    let mut parsed = Vec::new();
    for (index, text) in codes.iter().enumerate() {
        match GssCode::parse(text) {
            Ok(code) => parsed.push((index, code.as_str().to_owned())),
            Err(message) => errors.push(FieldError::new(
                format!("local_authorities.{index}"),
                message,
            )),
        }
    }
    let authorities = local_authority::Entity::find()
        .filter(local_authority::Column::GssCode.is_in(parsed.iter().map(|(_, code)| code.clone())))
        .all(&ctx.db)
        .await?;
    for (index, code) in &parsed {
        if !authorities.iter().any(|la| &la.gss_code == code) {
            errors.push(FieldError::new(
                format!("local_authorities.{index}"),
                format!("{code} is not a local authority in England"),
            ));
        }
    }
    Ok(authorities)
}

/// Records that the RCC `organisation_id` serves `authorities`; the
/// database refuses an authority another cooperative serves.
async fn serve(
    txn: &DatabaseTransaction,
    organisation_id: i32,
    authorities: &[local_authority::Model],
) -> Result<(), DomainError> {
    if authorities.is_empty() {
        return Ok(());
    }
    let areas = authorities
        .iter()
        .map(|la| rcc_local_authority::ActiveModel {
            organisation_id: Set(organisation_id),
            local_authority_id: Set(la.id),
        });
    rcc_local_authority::Entity::insert_many(areas)
        .exec_without_returning(txn)
        .await
        .map_err(|error| {
            DomainError::unless_unique(
                error,
                "local_authorities",
                "A local authority you selected is already served by another cooperative",
            )
        })?;
    Ok(())
}

/// Changes which local authorities an RCC serves: as cooperatives form and
/// grow, authorities join them. For administrators of the national
/// programme.
pub async fn set_served_local_authorities(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    codes: &[String],
) -> Result<(), DomainError> {
    actor.require_anywhere(Permission::AdministerHearth)?;
    let found = organisation::Entity::find_by_id(organisation_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if found.kind != OrganisationKind::RegionalCareCooperative.as_str() {
        return Err(DomainError::invalid(
            "local_authorities",
            "Only a Regional Care Cooperative serves local authorities",
        ));
    }
    let mut errors = Vec::new();
    if codes.is_empty() {
        errors.push(FieldError::new(
            "local_authorities",
            "Select the local authorities it serves",
        ));
    }
    let authorities = named_local_authorities(ctx, codes, &mut errors).await?;
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let txn = ctx.write().await?;
    rcc_local_authority::Entity::delete_many()
        .filter(rcc_local_authority::Column::OrganisationId.eq(organisation_id))
        .exec(&txn)
        .await?;
    serve(&txn, organisation_id, &authorities).await?;
    txn.commit().await?;
    Ok(())
}

/// The organisation of this kind and name, if one has been set up.
pub async fn find_organisation(
    ctx: &Ctx,
    actor: &Actor,
    kind: OrganisationKind,
    name: &str,
) -> Result<Option<i32>, DomainError> {
    actor.require_anywhere(Permission::AdministerHearth)?;
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(kind.as_str()))
        .filter(organisation::Column::Name.eq(name.trim()))
        .one(&ctx.db)
        .await?
        .map(|found| found.id))
}

/// An organisation and the local authorities it recruits for. Public: the
/// organisations and their areas are no secret.
pub async fn organisation_details(
    ctx: &Ctx,
    organisation_id: i32,
) -> Result<OrganisationDetails, DomainError> {
    let row = organisation::Entity::find_by_id(organisation_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let own = row.local_authority_id;
    let organisation = OrganisationSummary::from_row(row)?;
    let served: Vec<i32> = rcc_local_authority::Entity::find()
        .filter(rcc_local_authority::Column::OrganisationId.eq(organisation_id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|area| area.local_authority_id)
        .chain(own)
        .collect();
    let local_authorities = local_authority::Entity::find()
        .filter(local_authority::Column::Id.is_in(served))
        .order_by_asc(local_authority::Column::Name)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|la| (la.gss_code, la.name))
        .collect();
    Ok(OrganisationDetails {
        organisation,
        local_authorities,
    })
}

/// The organisations the actor looks after, by name, a page at a time:
/// every one, for a national administrator; otherwise those they
/// administer.
pub async fn administered_organisations(
    ctx: &Ctx,
    actor: &Actor,
    named: &str,
    page: &PageRequest,
) -> Result<Page<OrganisationSummary>, DomainError> {
    if matches!(actor, Actor::Anonymous) {
        return Err(DomainError::Unauthenticated);
    }
    let mut query = organisation::Entity::find();
    let named = named.trim();
    if named.chars().count() > NAME_SEARCH_LONGEST {
        return Err(DomainError::invalid(
            "name",
            format!("Search with at most {NAME_SEARCH_LONGEST} characters"),
        ));
    }
    if !named.is_empty() {
        // Any part of the name, in any case, on both databases (LIKE keeps
        // case on PostgreSQL); the search's own % and _ are only letters.
        let escaped = named
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        query = query.filter(
            Expr::expr(Func::lower(Expr::col(organisation::Column::Name)))
                .like(LikeExpr::new(format!("%{escaped}%")).escape('\\')),
        );
    }
    if actor
        .require_anywhere(Permission::AdministerHearth)
        .is_err()
    {
        let own = actor.organisations_where(Permission::AdministerOrganisation);
        query = query.filter(organisation::Column::Id.is_in(own));
    }
    let total_count = count_up_to_cap(&ctx.db, query.clone()).await?;
    let cursor = query.cursor_by((organisation::Column::Name, organisation::Column::Id));
    let (rows, has_more) = fetch_window(&ctx.db, cursor, page).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let o = OrganisationSummary::from_row(row)?;
            let cursor = Cursor {
                key: o.name.clone(),
                id: o.id,
            };
            Ok((cursor, o))
        })
        .collect::<Result<_, DomainError>>()?;
    Ok(Page::new(items, has_more, page, total_count))
}

/// The longest name search: longer than any organisation's name.
const NAME_SEARCH_LONGEST: usize = 100;

/// The organisation of the local authority with this GSS code.
pub async fn local_authority_organisation(
    ctx: &Ctx,
    gss_code: &str,
) -> Result<Option<i32>, DomainError> {
    let Some(authority) = local_authority::Entity::find()
        .filter(local_authority::Column::GssCode.eq(gss_code))
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    Ok(organisation::Entity::find()
        .filter(organisation::Column::LocalAuthorityId.eq(authority.id))
        .one(&ctx.db)
        .await?
        .map(|found| found.id))
}

/// These organisations, by name, in one statement: the organisations a
/// person works for, to choose between on a page.
pub async fn organisations_by_id(
    ctx: &Ctx,
    ids: &[i32],
) -> Result<Vec<OrganisationSummary>, DomainError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(organisation::Column::Name)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(OrganisationSummary::from_row)
        .collect()
}

/// Every organisation that recruits foster carers (all but the national
/// programme and charities), by name: where an enquiry can be moved.
pub async fn recruiting_organisations(ctx: &Ctx) -> Result<Vec<OrganisationSummary>, DomainError> {
    organisation::Entity::find()
        .filter(organisation::Column::Kind.ne(OrganisationKind::NationalProgramme.as_str()))
        .filter(organisation::Column::Kind.ne(OrganisationKind::Charity.as_str()))
        .order_by_asc(organisation::Column::Name)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(OrganisationSummary::from_row)
        .collect()
}

/// The names of these organisations, by id: one read.
pub(crate) async fn organisation_names(
    conn: &impl sea_orm::ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<std::collections::HashMap<i32, String>, DomainError> {
    let ids: Vec<i32> = ids.into_iter().collect();
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}
