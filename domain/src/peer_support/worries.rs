//! "I'm worried", from either side of a mentoring relationship. The
//! concern goes to the service's peer support coordinators and to the
//! mentee's own social worker (their assessing social worker while they
//! apply, their supervising social worker once approved); when it is
//! about a child's safety, to the safeguarding leads too. The other side
//! never sees it: concerns are read only by those they went to.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::entities::request;
use super::pair::pair_of;
use crate::applications::entities::assessment;
use crate::carers::entities::carer_household;
use crate::concerns::{ConcernAbout, NewConcern, Route, raise};
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError};

/// The mentee's social worker: supervising once approved, else assessing.
async fn mentees_social_worker(
    conn: &impl ConnectionTrait,
    household_id: Option<i32>,
) -> Result<Option<i32>, DomainError> {
    let Some(household_id) = household_id else {
        return Ok(None);
    };
    let supervising = carer_household::Entity::find()
        .filter(carer_household::Column::HouseholdId.eq(household_id))
        .one(conn)
        .await?
        .and_then(|c| c.supervising_social_worker_id);
    if supervising.is_some() {
        return Ok(supervising);
    }
    Ok(assessment::Entity::find_by_id(household_id)
        .one(conn)
        .await?
        .and_then(|a| a.assessor_id))
}

/// Raises a concern about the relationship, for either of its two.
pub async fn raise_peer_support_concern(
    ctx: &Ctx,
    actor: &Actor,
    relationship_id: i32,
    what: &str,
    about_a_childs_safety: bool,
) -> Result<i32, DomainError> {
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let pair = pair_of(&*txn, actor, relationship_id).await?;
    let household = request::Entity::find_by_id(pair.relationship.request_id)
        .one(&*txn)
        .await?
        .and_then(|r| r.household_id);
    let mut routes = vec![Route::Holding(Permission::CoordinatePeerSupport)];
    if let Some(worker) = mentees_social_worker(&*txn, household).await? {
        routes.push(Route::Person(worker));
    }
    if about_a_childs_safety {
        routes.push(Route::Holding(Permission::LeadSafeguarding));
    }
    let id = raise(
        &*txn,
        actor,
        NewConcern {
            organisation_id: pair.relationship.organisation_id,
            about: ConcernAbout::MentoringRelationship,
            about_id: pair.relationship.id,
            what,
            routes: &routes,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}
