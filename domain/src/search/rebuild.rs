//! Rebuilding an index from the database, without downtime: a new index is
//! filled beside the one in use (which keeps answering) and swapped in, and
//! then what changed while it was filled is read again into it, so nothing
//! made meanwhile is lost.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use super::entities::search_change;
use super::entities::search_rebuild;
use super::indexing::{SCHEMAS, documents_for};
use super::port::{Schema, SearchIndex};
use crate::jobs::{Job, enqueue};
use crate::recruitment::entities::household;
use crate::{Ctx, DomainError};

/// How many records one read and one addition to the new index take.
const BATCH: u64 = 2_000;

/// What a rebuild did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rebuilt {
    /// Records in the new index.
    pub indexed: u64,
    /// Records changed while it was filled, read again after the swap.
    pub replayed: u64,
}

/// The schemas `only` names (every one when it is `None`), or the names
/// there are.
pub fn schemas_named(only: Option<&str>) -> Result<Vec<&'static Schema>, DomainError> {
    match only {
        None => Ok(SCHEMAS.to_vec()),
        Some(name) => SCHEMAS
            .iter()
            .find(|s| s.name == name)
            .map(|s| vec![*s])
            .ok_or_else(|| {
                let names: Vec<&str> = SCHEMAS.iter().map(|s| s.name).collect();
                DomainError::invalid("only", format!("Give one of: {}", names.join(", ")))
            }),
    }
}

/// How many records the index should hold.
pub async fn records_in_database(ctx: &Ctx, schema: &Schema) -> Result<u64, DomainError> {
    if schema.name == super::households::HOUSEHOLDS.name {
        return Ok(household::Entity::find().count(&ctx.db).await?);
    }
    if schema.name == super::public::PUBLIC.name {
        return Ok(super::public::public_record_ids(&ctx.db).await?.len() as u64);
    }
    Ok(0)
}

/// The next record ids to index after the `done` already read: households
/// `BATCH` at a time by id; the public records (thousands, not millions)
/// all at once.
async fn ids_after(
    ctx: &Ctx,
    schema: &Schema,
    last: Option<&str>,
) -> Result<Vec<String>, DomainError> {
    if schema.name == super::households::HOUSEHOLDS.name {
        let after: i32 = last.and_then(|id| id.parse().ok()).unwrap_or(0);
        let ids: Vec<i32> = household::Entity::find()
            .select_only()
            .column(household::Column::Id)
            .filter(household::Column::Id.gt(after))
            .order_by_asc(household::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(&ctx.db)
            .await?;
        return Ok(ids.iter().map(ToString::to_string).collect());
    }
    if schema.name == super::public::PUBLIC.name && last.is_none() {
        return super::public::public_record_ids(&ctx.db).await;
    }
    Ok(Vec::new())
}

/// Rebuilds `schema`'s index from the database, telling `progress` how
/// many of how many so far.
pub async fn rebuild_index(
    ctx: &Ctx,
    index: &dyn SearchIndex,
    schema: &Schema,
    mut progress: impl FnMut(u64, u64),
) -> Result<Rebuilt, DomainError> {
    // Changes noted after this are read again once the new index is in.
    let since: i64 = search_change::Entity::find()
        .select_only()
        .column_as(search_change::Column::Id.max(), "last")
        .into_tuple::<Option<i64>>()
        .one(&ctx.db)
        .await?
        .flatten()
        .unwrap_or(0);
    let total = records_in_database(ctx, schema).await?;
    progress(0, total);
    let mut fresh = index.rebuild(schema).await?;
    let mut indexed = 0;
    let mut last: Option<String> = None;
    loop {
        let ids = ids_after(ctx, schema, last.as_deref()).await?;
        let Some(at) = ids.last() else {
            break;
        };
        last = Some(at.clone());
        let wanted: BTreeSet<String> = ids.into_iter().collect();
        let (documents, _) = documents_for(ctx, schema, &wanted).await?;
        indexed += documents.len() as u64;
        fresh.add(documents).await?;
        progress(indexed, total.max(indexed));
    }
    fresh.swap_in().await?;
    let changed: BTreeSet<String> = search_change::Entity::find()
        .select_only()
        .column(search_change::Column::RecordId)
        .filter(search_change::Column::Id.gt(since))
        .filter(search_change::Column::IndexName.eq(schema.name))
        .into_tuple()
        .all(&ctx.db)
        .await?
        .into_iter()
        .collect();
    let replayed = changed.len() as u64;
    if !changed.is_empty() {
        let (documents, deleted) = documents_for(ctx, schema, &changed).await?;
        index.apply(schema, documents, deleted).await?;
    }
    Ok(Rebuilt { indexed, replayed })
}

/// A rebuild asked of the process that holds the embedded index (`hearth
/// serve`), by `hearth reindex` from another.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RebuildSearchIndex {
    pub rebuild_id: i64,
}

impl Job for RebuildSearchIndex {
    const KIND: &'static str = "search.rebuild";
    const MAX_ATTEMPTS: i32 = 3;
}

/// Asks for a rebuild of `only` (every index when `None`) by a worker:
/// returns the rebuild's id, whose progress `rebuild_progress` reads.
pub async fn request_rebuild(
    ctx: &Ctx,
    only: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    schemas_named(only)?;
    let txn = ctx.write().await?;
    let row = search_rebuild::ActiveModel {
        id: NotSet,
        only: Set(only.map(str::to_owned)),
        requested_at: Set(now),
        started_at: Set(None),
        total: Set(None),
        done: Set(0),
        finished_at: Set(None),
        failure: Set(None),
    }
    .insert(&*txn)
    .await?;
    enqueue(&*txn, &RebuildSearchIndex { rebuild_id: row.id }, now, now).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Where a requested rebuild is.
pub async fn rebuild_progress(ctx: &Ctx, id: i64) -> Result<search_rebuild::Model, DomainError> {
    search_rebuild::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The worker's side of a requested rebuild: every index it names, its
/// progress written every half second as it goes.
pub async fn run_requested_rebuild(
    ctx: &Ctx,
    index: &dyn SearchIndex,
    id: i64,
) -> Result<Rebuilt, DomainError> {
    let request = rebuild_progress(ctx, id).await?;
    if request.finished_at.is_some() {
        return Ok(Rebuilt::default());
    }
    let schemas = schemas_named(request.only.as_deref())?;
    let mut total = 0;
    for schema in &schemas {
        total += records_in_database(ctx, schema).await?;
    }
    set(ctx, id, search_rebuild::Column::StartedAt, ctx.clock.now()).await?;
    set(ctx, id, search_rebuild::Column::Total, as_i64(total)).await?;
    let done = Arc::new(AtomicU64::new(0));
    let reporter = tokio::spawn({
        let (ctx, done) = (ctx.clone(), done.clone());
        async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                let so_far = as_i64(done.load(Ordering::Relaxed));
                let _ = set(&ctx, id, search_rebuild::Column::Done, so_far).await;
            }
        }
    });
    let mut all = Rebuilt::default();
    let mut result = Ok(());
    for schema in schemas {
        let before = all.indexed;
        match rebuild_index(ctx, index, schema, |so_far, _| {
            done.store(before + so_far, Ordering::Relaxed);
        })
        .await
        {
            Ok(rebuilt) => {
                all.indexed += rebuilt.indexed;
                all.replayed += rebuilt.replayed;
            }
            Err(error) => {
                result = Err(error);
                break;
            }
        }
    }
    reporter.abort();
    set(ctx, id, search_rebuild::Column::Done, as_i64(all.indexed)).await?;
    match result {
        Ok(()) => {
            set(ctx, id, search_rebuild::Column::FinishedAt, ctx.clock.now()).await?;
            Ok(all)
        }
        Err(error) => {
            set(ctx, id, search_rebuild::Column::Failure, error.to_string()).await?;
            Err(error)
        }
    }
}

fn as_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Writes one column of a rebuild's row.
async fn set(
    ctx: &Ctx,
    id: i64,
    column: search_rebuild::Column,
    value: impl Into<sea_orm::Value>,
) -> Result<(), DomainError> {
    search_rebuild::Entity::update_many()
        .col_expr(column, sea_orm::sea_query::Expr::value(value))
        .filter(search_rebuild::Column::Id.eq(id))
        .exec(&ctx.db)
        .await?;
    Ok(())
}
