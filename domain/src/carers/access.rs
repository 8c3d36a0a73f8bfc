//! Who may see and act on a carer household: its service's fostering team
//! managers, and its own supervising social worker. Anyone else is refused
//! (asked to sign in, when signed out); another service's household is not
//! found, so ids are no way to find one.

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QuerySelect};

use super::entities::carer_household;
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError};

/// Whether `actor` manages the household's service's carers.
pub(crate) fn manages(actor: &Actor, row: &carer_household::Model) -> bool {
    actor.may(Permission::ManageCarerHouseholds, row.organisation_id)
}

/// Whether `actor` supervises the household or manages its service.
pub(crate) fn supervises(actor: &Actor, row: &carer_household::Model) -> bool {
    manages(actor, row)
        || (actor.may(Permission::SuperviseCarers, row.organisation_id)
            && actor.person_id().is_some()
            && row.supervising_social_worker_id == actor.person_id())
}

async fn found(
    ctx: &Ctx,
    carer_household_id: i32,
    allowed: impl Fn(&carer_household::Model) -> bool,
) -> Result<carer_household::Model, DomainError> {
    carer_household::Entity::find_by_id(carer_household_id)
        .one(&ctx.db)
        .await?
        .filter(allowed)
        .ok_or(DomainError::NotFound)
}

/// The carer household, for someone who manages its service's carers.
pub(crate) async fn managed(
    ctx: &Ctx,
    actor: &Actor,
    carer_household_id: i32,
) -> Result<carer_household::Model, DomainError> {
    actor.require_anywhere(Permission::ManageCarerHouseholds)?;
    found(ctx, carer_household_id, |row| manages(actor, row)).await
}

/// The carer household, for its supervising social worker or a manager.
pub(crate) async fn supervised(
    ctx: &Ctx,
    actor: &Actor,
    carer_household_id: i32,
) -> Result<carer_household::Model, DomainError> {
    actor.require_anywhere(Permission::SuperviseCarers)?;
    found(ctx, carer_household_id, |row| supervises(actor, row)).await
}

/// The carer household as it is now, inside `txn`: on PostgreSQL its row is
/// locked until the transaction ends (SQLite's write transactions already
/// run one at a time), so placements and leaving are decided one after the
/// other against the household's children.
pub(crate) async fn locked(
    txn: &DatabaseTransaction,
    carer_household_id: i32,
) -> Result<carer_household::Model, DomainError> {
    let mut query = carer_household::Entity::find_by_id(carer_household_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query.one(txn).await?.ok_or(DomainError::NotFound)
}
