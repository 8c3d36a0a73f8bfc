//! Which fostering service an enquiry goes to: the postcode's district, the
//! local authority most of it lies in, and the Regional Care Cooperative
//! that recruits there (or the authority's own service). Anything else goes
//! to the national programme's queue.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::DomainError;
use crate::accounts::entities::{organisation, rcc_local_authority};
use crate::geography::Postcode;
use crate::geography::entities::postcode_district;

/// A district whose main authority holds less of it than this is split
/// between authorities: staff check where such an enquiry went.
pub const SPLIT_BELOW: f64 = 0.9;

/// Where an enquiry goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Route {
    pub organisation_id: i32,
    pub local_authority_id: Option<i32>,
    /// The district is split between authorities.
    pub to_check: bool,
}

/// The route for `postcode`.
pub async fn route(
    conn: &impl ConnectionTrait,
    postcode: &Postcode,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Route, DomainError> {
    let district = postcode_district::Entity::find_by_id(postcode.outcode().as_str())
        .one(conn)
        .await?;
    let Some((district, local_authority_id)) =
        district.and_then(|d| d.local_authority_id.map(|la| (d, la)))
    else {
        return national_programme(conn, now).await;
    };
    match recruits_for(conn, local_authority_id).await? {
        Some(organisation_id) => Ok(Route {
            organisation_id,
            local_authority_id: Some(local_authority_id),
            to_check: district.authority_share < SPLIT_BELOW,
        }),
        None => national_programme(conn, now).await,
    }
}

/// The service that recruits foster carers for a local authority: the RCC
/// that serves it, or else the authority's own fostering service.
pub(super) async fn recruits_for(
    conn: &impl ConnectionTrait,
    local_authority_id: i32,
) -> Result<Option<i32>, DomainError> {
    let served_by = rcc_local_authority::Entity::find()
        .filter(rcc_local_authority::Column::LocalAuthorityId.eq(local_authority_id))
        .one(conn)
        .await?
        .map(|area| area.organisation_id);
    Ok(match served_by {
        Some(rcc) => Some(rcc),
        None => organisation::Entity::find()
            .filter(organisation::Column::LocalAuthorityId.eq(local_authority_id))
            .one(conn)
            .await?
            .map(|own| own.id),
    })
}

/// The national programme works enquiries no local service can take: a
/// postcode outside England, or one Hearth does not know.
async fn national_programme(
    conn: &impl ConnectionTrait,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Route, DomainError> {
    Ok(Route {
        organisation_id: crate::accounts::national_programme(conn, now).await?,
        local_authority_id: None,
        to_check: false,
    })
}
