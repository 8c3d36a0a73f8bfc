//! The public statistics page: for the last full financial year, each
//! region's and each service's enquiry-to-application and
//! application-to-approval rates, of the households that first enquired in
//! it. A service's figures appear once its manager chooses to publish
//! them; the regions' once the national programme does. Only rates and
//! rounded counts, through the one suppression rule.

use sea_orm::ActiveValue::Set;
use sea_orm::{EntityTrait, QueryOrder, QuerySelect};

use super::entities::published_statistics;
use super::filter::{Breakdown, Filters, ReportRequest};
use super::funnel::{FunnelRow, funnel_for};
use super::range::{DateRange, Preset};
use super::scope::Scope;
use crate::accounts::{national_programme_id, organisations_by_id};
use crate::clock::london_day;
use crate::figures::Figure;
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError};

/// One region's or service's published rates.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedRates {
    pub name: String,
    /// Households that first enquired in the year, rounded.
    pub enquiries: Figure,
    /// Of those, the percentage that applied.
    pub enquiry_to_application: Option<f64>,
    /// Of those that applied, the percentage approved so far.
    pub application_to_approval: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PublicStatistics {
    /// The last full financial year.
    pub year: DateRange,
    /// Empty until the national programme publishes them.
    pub regions: Vec<PublishedRates>,
    /// The services that publish, by name.
    pub services: Vec<PublishedRates>,
}

impl From<FunnelRow> for PublishedRates {
    fn from(row: FunnelRow) -> Self {
        Self {
            name: row.label,
            enquiries: row.cohort.enquiries,
            enquiry_to_application: row.cohort.enquiry_to_application,
            application_to_approval: row.cohort.application_to_approval,
        }
    }
}

/// The organisations that publish, the national programme among them when
/// it publishes the regions'.
async fn publishing(ctx: &Ctx) -> Result<Vec<i32>, DomainError> {
    Ok(published_statistics::Entity::find()
        .select_only()
        .column(published_statistics::Column::OrganisationId)
        .order_by_asc(published_statistics::Column::OrganisationId)
        .into_tuple()
        .all(&ctx.db)
        .await?)
}

/// What anyone may see, signed in or not.
pub async fn public_statistics(ctx: &Ctx) -> Result<PublicStatistics, DomainError> {
    let year = DateRange::preset(Preset::LastFinancialYear, london_day(ctx.clock.now()));
    let national = national_programme_id(ctx, &Actor::System).await?;
    let mut services = publishing(ctx).await?;
    let regions_published = services.contains(&national);
    services.retain(|id| *id != national);
    let asked = |breakdown| ReportRequest {
        range: year,
        filters: Filters::default(),
        breakdown: Some(breakdown),
    };
    // The regions' and the services' figures are read side by side.
    let regions = async {
        if !regions_published {
            return Ok(Vec::new());
        }
        let report = funnel_for(ctx, &Scope::Everyone, &asked(Breakdown::Region)).await?;
        Ok::<_, DomainError>(
            report
                .groups
                .into_iter()
                // Households whose postcode was never placed are in no region.
                .filter(|row| row.key.is_some())
                .map(PublishedRates::from)
                .collect(),
        )
    };
    let services = async {
        if services.is_empty() {
            return Ok(Vec::new());
        }
        let report = funnel_for(
            ctx,
            &Scope::Organisations(services.clone()),
            &asked(Breakdown::Organisation),
        )
        .await?;
        // Every service that publishes, by name, even with no enquiries
        // in the year.
        let mut groups = report.groups;
        Ok(organisations_by_id(ctx, &services)
            .await?
            .into_iter()
            .map(|organisation| {
                let key = Some(organisation.id.to_string());
                match groups.iter().position(|g| g.key == key) {
                    Some(at) => PublishedRates::from(groups.swap_remove(at)),
                    None => PublishedRates {
                        name: organisation.name,
                        enquiries: Figure::None,
                        enquiry_to_application: None,
                        application_to_approval: None,
                    },
                }
            })
            .collect())
    };
    let (regions, services) = tokio::try_join!(regions, services)?;
    Ok(PublicStatistics {
        year,
        regions,
        services,
    })
}

/// An organisation whose publishing the reader decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publisher {
    pub organisation_id: i32,
    pub name: String,
    /// The national programme, whose choice publishes the regions'.
    pub national: bool,
    pub published: bool,
}

/// The organisations whose figures the reader may publish or withdraw:
/// those whose recruitment they run.
pub async fn publishers(ctx: &Ctx, actor: &Actor) -> Result<Vec<Publisher>, DomainError> {
    let ids = actor.organisations_where(Permission::ManageRecruitment);
    let national = national_programme_id(ctx, &Actor::System).await?;
    let published = publishing(ctx).await?;
    let mut publishers: Vec<Publisher> = organisations_by_id(ctx, &ids)
        .await?
        .into_iter()
        .map(|o| Publisher {
            organisation_id: o.id,
            national: o.id == national,
            published: published.contains(&o.id),
            name: o.name,
        })
        .collect();
    // England's regions first.
    publishers.sort_by_key(|p| !p.national);
    Ok(publishers)
}

/// Publishes `organisation_id`'s figures, or stops publishing them.
pub async fn set_published(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    published: bool,
) -> Result<(), DomainError> {
    actor.require(Permission::ManageRecruitment, organisation_id)?;
    let txn = ctx.write().await?;
    published_statistics::Entity::delete_by_id(organisation_id)
        .exec(&txn)
        .await?;
    if published {
        published_statistics::Entity::insert(published_statistics::ActiveModel {
            organisation_id: Set(organisation_id),
            published_by_id: Set(actor.person_id()),
            published_at: Set(ctx.clock.now()),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
