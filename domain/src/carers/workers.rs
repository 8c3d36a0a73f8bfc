//! A fostering team manager gives each carer household its supervising
//! social worker, from those in the service who may supervise carers; each
//! change is a row of the household's history.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::access::managed;
use super::entities::carer_household::{self, Column as C};
use crate::accounts::people_holding;
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::workflow::{Step, Workflow, record};
use crate::{Actor, Ctx, DomainError};

/// Someone who may supervise the service's carers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Worker {
    pub person_id: i32,
    pub name: String,
}

/// What a manager chooses from for one carer household.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerChoice {
    pub carer_household_id: i32,
    /// The household's name.
    pub household: String,
    pub current: Option<i32>,
    pub workers: Vec<Worker>,
}

/// The people of `organisation_id` who may supervise carers, by name.
pub(crate) async fn workers_of(
    ctx: &Ctx,
    organisation_id: i32,
) -> Result<Vec<Worker>, DomainError> {
    people_who_may(ctx, organisation_id, Permission::SuperviseCarers).await
}

/// The active people of `organisation_id` whose role there gives
/// `permission`, by name.
pub(crate) async fn people_who_may(
    ctx: &Ctx,
    organisation_id: i32,
    permission: Permission,
) -> Result<Vec<Worker>, DomainError> {
    Ok(people_holding(&ctx.db, organisation_id, permission)
        .await?
        .into_iter()
        .map(|p| Worker {
            person_id: p.id,
            name: p.name,
        })
        .collect())
}

/// The choice of supervising social worker for a carer household.
pub async fn worker_choice(
    ctx: &Ctx,
    actor: &Actor,
    carer_household_id: i32,
) -> Result<WorkerChoice, DomainError> {
    let row = managed(ctx, actor, carer_household_id).await?;
    let household = household::Entity::find_by_id(row.household_id)
        .one(&ctx.db)
        .await?
        .map(|h| h.name)
        .unwrap_or_default();
    Ok(WorkerChoice {
        carer_household_id: row.id,
        household,
        current: row.supervising_social_worker_id,
        workers: workers_of(ctx, row.organisation_id).await?,
    })
}

/// Gives the carer household `person_id` as its supervising social worker.
pub async fn give_supervising_social_worker(
    ctx: &Ctx,
    actor: &Actor,
    carer_household_id: i32,
    person_id: Option<i32>,
) -> Result<(), DomainError> {
    let row = managed(ctx, actor, carer_household_id).await?;
    if row.left_on.is_some() {
        return Err(DomainError::Conflict(
            "The household has left the service".to_owned(),
        ));
    }
    let workers = workers_of(ctx, row.organisation_id).await?;
    let Some(worker) = person_id.and_then(|id| workers.iter().find(|w| w.person_id == id)) else {
        return Err(DomainError::invalid(
            "supervising_social_worker",
            "Choose a supervising social worker of the service",
        ));
    };
    let person_id = worker.person_id;
    if row.supervising_social_worker_id == Some(person_id) {
        return Ok(());
    }
    let txn = ctx.write().await?;
    carer_household::Entity::update_many()
        .col_expr(C::SupervisingSocialWorkerId, Expr::value(person_id))
        .filter(C::Id.eq(row.id))
        .exec(&txn)
        .await?;
    record(
        &txn,
        Step {
            workflow: Workflow::CarerHousehold,
            record_id: row.id,
            household_id: Some(row.household_id),
            at: ctx.clock.now(),
            actor_id: actor.person_id(),
            event: "supervising_social_worker_given",
            from: "approved",
            to: "approved",
            reason: Some(&worker.name),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
