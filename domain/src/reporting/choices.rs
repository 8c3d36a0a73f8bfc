//! What a reader may filter reports by: the organisations in their scope,
//! and the regions and local authorities their households come from (all of
//! England's for the national programme).

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entities::report_household;
use super::scope::Scope;
use crate::accounts::{organisations_by_id, recruiting_organisations};
use crate::geography::entities::{local_authority, region};
use crate::{Actor, Ctx, DomainError};

/// Each as (id, name), by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportChoices {
    pub organisations: Vec<(i32, String)>,
    pub regions: Vec<(i32, String)>,
    pub local_authorities: Vec<(i32, String)>,
}

pub async fn report_choices(ctx: &Ctx, actor: &Actor) -> Result<ReportChoices, DomainError> {
    let scope = Scope::of(actor)?;
    let organisations = match &scope {
        Scope::Everyone => recruiting_organisations(ctx).await?,
        Scope::Organisations(ids) => organisations_by_id(ctx, ids).await?,
    }
    .into_iter()
    .map(|o| (o.id, o.name))
    .collect();
    // Within a scope, only the places its households come from.
    let used = |column: report_household::Column| {
        let scope = scope.clone();
        async move {
            let Scope::Organisations(ids) = scope else {
                return Ok::<_, DomainError>(None);
            };
            let ids: Vec<Option<i32>> = report_household::Entity::find()
                .select_only()
                .column(column)
                .distinct()
                .filter(report_household::Column::OrganisationId.is_in(ids))
                .into_tuple()
                .all(&ctx.db)
                .await?;
            Ok(Some(ids.into_iter().flatten().collect::<Vec<i32>>()))
        }
    };
    let mut regions = region::Entity::find().order_by_asc(region::Column::Name);
    if let Some(ids) = used(report_household::Column::RegionId).await? {
        regions = regions.filter(region::Column::Id.is_in(ids));
    }
    let mut authorities =
        local_authority::Entity::find().order_by_asc(local_authority::Column::Name);
    if let Some(ids) = used(report_household::Column::LocalAuthorityId).await? {
        authorities = authorities.filter(local_authority::Column::Id.is_in(ids));
    }
    Ok(ReportChoices {
        organisations,
        regions: regions
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect(),
        local_authorities: authorities
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|la| (la.id, la.name))
            .collect(),
    })
}
