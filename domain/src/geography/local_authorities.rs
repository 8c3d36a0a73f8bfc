use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Select};

use super::GssCode;
use super::entities::{local_authority, region};
use crate::pagination::{Cursor, Page, PageRequest, count_up_to_cap, fetch_window};
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError};

/// One of England's nine regions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub id: i32,
    pub gss_code: String,
    pub name: String,
}

/// A children's services authority, with its region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalAuthority {
    pub id: i32,
    pub gss_code: String,
    pub dfe_code: i32,
    pub name: String,
    pub official_name: String,
    pub kind: String,
    pub former_gss_codes: Vec<String>,
    pub region: Region,
}

/// Narrows the list of local authorities.
#[derive(Clone, Debug, Default)]
pub struct LocalAuthorityFilter {
    pub region: Option<GssCode>,
    /// Matches anywhere in the name, whatever the case.
    pub name_contains: Option<String>,
}

impl From<region::Model> for Region {
    fn from(row: region::Model) -> Self {
        Self {
            id: row.id,
            gss_code: row.gss_code,
            name: row.name,
        }
    }
}

fn local_authority(
    (row, region): (local_authority::Model, Option<region::Model>),
) -> Result<LocalAuthority, DomainError> {
    let region = region.ok_or_else(|| {
        DomainError::Internal(format!("local authority {} has no region", row.id).into())
    })?;
    Ok(LocalAuthority {
        id: row.id,
        gss_code: row.gss_code,
        dfe_code: row.dfe_code,
        name: row.name,
        official_name: row.official_name,
        kind: row.kind,
        former_gss_codes: row
            .former_gss_codes
            .split(';')
            .filter(|code| !code.is_empty())
            .map(str::to_owned)
            .collect(),
        region: region.into(),
    })
}

fn filtered(filter: &LocalAuthorityFilter) -> Select<local_authority::Entity> {
    let mut query = local_authority::Entity::find();
    if let Some(code) = &filter.region {
        // A subquery, not a join: the caller joins the region in for the result.
        query = query.filter(
            local_authority::Column::RegionId.in_subquery(
                Query::select()
                    .column(region::Column::Id)
                    .from(region::Entity)
                    .and_where(region::Column::GssCode.eq(code.as_str()))
                    .to_owned(),
            ),
        );
    }
    if let Some(text) = filter.name_contains.as_deref().map(str::trim)
        && !text.is_empty()
    {
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
        query = query.filter(
            Expr::expr(Func::lower(Expr::col((
                local_authority::Entity,
                local_authority::Column::Name,
            ))))
            .like(LikeExpr::new(pattern).escape('\\')),
        );
    }
    query
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Every local authority, by region and then name, for the national
/// programme's administrators to choose those an RCC serves.
pub async fn authorities_to_serve(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<LocalAuthority>, DomainError> {
    actor.require_anywhere(Permission::AdministerHearth)?;
    let all = list_local_authorities(
        ctx,
        actor,
        &LocalAuthorityFilter::default(),
        &PageRequest::first(500),
    )
    .await?;
    let mut authorities: Vec<LocalAuthority> = all.items.into_iter().map(|(_, la)| la).collect();
    authorities.sort_by(|a, b| a.region.name.cmp(&b.region.name).then(a.name.cmp(&b.name)));
    Ok(authorities)
}

/// Local authorities in name order, a page at a time. Reference data is
/// public: anyone may read it, signed in or not.
pub async fn list_local_authorities(
    ctx: &Ctx,
    _actor: &Actor,
    filter: &LocalAuthorityFilter,
    page: &PageRequest,
) -> Result<Page<LocalAuthority>, DomainError> {
    let query = filtered(filter);
    let total_count = count_up_to_cap(&ctx.db, query.clone()).await?;
    let cursor = query
        .find_also_related(region::Entity)
        .cursor_by((local_authority::Column::Name, local_authority::Column::Id));
    let (rows, has_more) = fetch_window(&ctx.db, cursor, page).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let authority = local_authority(row)?;
            let cursor = Cursor {
                key: authority.name.clone(),
                id: authority.id,
            };
            Ok((cursor, authority))
        })
        .collect::<Result<_, DomainError>>()?;
    Ok(Page::new(items, has_more, page, total_count))
}

/// The authority with this GSS code, current or former (Barnsley's and
/// Sheffield's changed in 2025, and older statistics use the old ones).
pub async fn find_local_authority(
    ctx: &Ctx,
    _actor: &Actor,
    code: &GssCode,
) -> Result<Option<LocalAuthority>, DomainError> {
    let former = format!("%{}%", code.as_str());
    local_authority::Entity::find()
        .filter(
            local_authority::Column::GssCode
                .eq(code.as_str())
                .or(local_authority::Column::FormerGssCodes.like(former)),
        )
        .find_also_related(region::Entity)
        .one(&ctx.db)
        .await?
        .map(local_authority)
        .transpose()
}

/// England's regions in name order.
pub async fn list_regions(ctx: &Ctx, _actor: &Actor) -> Result<Vec<Region>, DomainError> {
    Ok(region::Entity::find()
        .order_by_asc(region::Column::Name)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(Region::from)
        .collect())
}
