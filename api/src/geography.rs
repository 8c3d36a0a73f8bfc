use async_graphql::{Context, ID, Object, SimpleObject};
use domain::DomainError;
use domain::geography::{self, GssCode, LocalAuthorityFilter};
use domain::pagination::DEFAULT_PAGE_SIZE;

use crate::connections::{Listed, connection, page_request};
use crate::errors::to_graphql;
use crate::schema::{actor, storage};

/// One of England's nine regions.
#[derive(SimpleObject)]
pub struct Region {
    pub id: ID,
    /// The ONS code, such as E12000001.
    pub gss_code: String,
    pub name: String,
}

/// A local authority responsible for children's services.
#[derive(SimpleObject)]
pub struct LocalAuthority {
    pub id: ID,
    /// The current ONS code, such as E06000012.
    pub gss_code: String,
    /// The DfE number used in DfE statistics, such as 886 for Kent.
    pub dfe_code: i32,
    /// The name used in statistics, such as "Bristol, City of".
    pub name: String,
    /// The council's formal name, such as "Bristol City Council".
    pub official_name: String,
    /// County council, unitary authority, metropolitan district or London borough.
    pub kind: String,
    /// Codes this authority had before, which older statistics still use.
    pub former_gss_codes: Vec<String>,
    pub region: Region,
}

impl From<geography::Region> for Region {
    fn from(region: geography::Region) -> Self {
        Self {
            id: ID::from(format!("Region:{}", region.id)),
            gss_code: region.gss_code,
            name: region.name,
        }
    }
}

impl From<geography::LocalAuthority> for LocalAuthority {
    fn from(la: geography::LocalAuthority) -> Self {
        Self {
            id: ID::from(format!("LocalAuthority:{}", la.id)),
            gss_code: la.gss_code,
            dfe_code: la.dfe_code,
            name: la.name,
            official_name: la.official_name,
            kind: la.kind,
            former_gss_codes: la.former_gss_codes,
            region: la.region.into(),
        }
    }
}

fn gss_code(field: &str, text: &str) -> async_graphql::Result<GssCode> {
    GssCode::parse(text).map_err(|message| to_graphql(DomainError::invalid(field, message)))
}

#[derive(Default)]
pub struct GeographyQuery;

#[Object]
impl GeographyQuery {
    /// England's nine regions, by name.
    async fn regions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Region>> {
        let regions = geography::list_regions(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(regions.into_iter().map(Region::from).collect())
    }

    /// England's children's services authorities, by name, a page at a time
    /// (at most 100 a page).
    #[graphql(
        complexity = "first.or(last).map_or(DEFAULT_PAGE_SIZE as usize, |n| n.max(0) as usize) * child_complexity"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn local_authorities(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        #[graphql(desc = "Only authorities in this region, by its GSS code.")] region: Option<
            String,
        >,
        #[graphql(desc = "Only authorities whose name contains this, in any case.")]
        name_contains: Option<String>,
    ) -> async_graphql::Result<Listed<LocalAuthority>> {
        let page = page_request(first, after, last, before)?;
        let filter = LocalAuthorityFilter {
            region: region.map(|code| gss_code("region", &code)).transpose()?,
            name_contains,
        };
        let page = geography::list_local_authorities(storage(ctx)?, actor(ctx), &filter, &page)
            .await
            .map_err(to_graphql)?;
        Ok(connection(page, LocalAuthority::from))
    }

    /// The authority with this GSS code, current or former; null if none has it.
    async fn local_authority(
        &self,
        ctx: &Context<'_>,
        gss_code: String,
    ) -> async_graphql::Result<Option<LocalAuthority>> {
        let code = self::gss_code("gssCode", &gss_code)?;
        let found = geography::find_local_authority(storage(ctx)?, actor(ctx), &code)
            .await
            .map_err(to_graphql)?;
        Ok(found.map(LocalAuthority::from))
    }
}
