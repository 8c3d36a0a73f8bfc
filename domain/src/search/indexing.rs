//! Keeping the index current. A use case that changes a searchable record
//! notes it (`note_change`) in its own transaction: a row in
//! `search_changes` and an `UpdateSearchIndex` job in the queue, so the
//! change and the promise to index it commit together. The job reads every
//! noted record fresh, a batch at a time, one index commit per batch, and
//! only then forgets the notes it dealt with: a retry, a second job or one
//! run after a killed worker all converge on the records as they are. The
//! notes dealt with are kept a day (`KEEP_INDEXED`), so a rebuild can replay
//! what changed while it ran.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use super::entities::search_change;
use super::households::{HOUSEHOLDS, household_documents};
use super::port::{Document, Schema, SearchError, SearchIndex};
use super::public::{PUBLIC, public_documents};
use crate::jobs::{Job, enqueue};
use crate::{Ctx, DomainError};

/// How many noted changes one index commit takes.
pub const BATCH: u64 = 500;
/// How long the notes dealt with are kept, for a rebuild to replay.
pub const KEEP_INDEXED: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// Brings the search index up to date with the changes noted.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct UpdateSearchIndex {}

impl Job for UpdateSearchIndex {
    const KIND: &'static str = "update_search_index";
    // While the search server is down it is retried, backing off, for
    // about a day before an administrator is asked to look.
    const MAX_ATTEMPTS: i32 = 20;
}

impl From<SearchError> for DomainError {
    fn from(error: SearchError) -> Self {
        match error {
            SearchError::Unavailable(why) => Self::Unavailable(why),
            SearchError::InUse(why) | SearchError::Failed(why) => Self::Internal(why.into()),
        }
    }
}

/// Notes that `record_id` in the index `index_name` changed, on `conn`:
/// the transaction of the change.
pub async fn note_change(
    conn: &impl ConnectionTrait,
    index_name: &str,
    record_id: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    search_change::Entity::insert(search_change::ActiveModel {
        id: NotSet,
        index_name: Set(index_name.to_owned()),
        record_id: Set(record_id.to_owned()),
        noted_at: Set(now),
        indexed_at: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    enqueue(conn, &UpdateSearchIndex {}, now, now).await?;
    Ok(())
}

/// A household's names, contact details, stage, owner, organisation or
/// state changed (or it was made).
pub async fn note_household(
    conn: &impl ConnectionTrait,
    household_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    note_change(conn, HOUSEHOLDS.name, &household_id.to_string(), now).await
}

/// Every index Hearth keeps.
pub const SCHEMAS: [&Schema; 2] = [&HOUSEHOLDS, &PUBLIC];

/// The documents of the records noted for one index, and the ids of those
/// gone.
pub(crate) async fn documents_for(
    ctx: &Ctx,
    schema: &Schema,
    ids: &BTreeSet<String>,
) -> Result<(Vec<Document>, Vec<String>), DomainError> {
    if schema.name == HOUSEHOLDS.name {
        // An id that is not a number was never a household's.
        let numbers: Vec<i32> = ids.iter().filter_map(|id| id.parse().ok()).collect();
        return household_documents(&ctx.db, &numbers).await;
    }
    if schema.name == PUBLIC.name {
        return public_documents(&ctx.db, ids).await;
    }
    Ok((Vec::new(), Vec::new()))
}

/// Indexes every change noted, a batch at a time, and returns how many
/// records it indexed.
pub async fn update_search_index(ctx: &Ctx, index: &dyn SearchIndex) -> Result<usize, DomainError> {
    let mut indexed = 0;
    loop {
        let noted = search_change::Entity::find()
            .filter(search_change::Column::IndexedAt.is_null())
            .order_by_asc(search_change::Column::Id)
            .limit(BATCH)
            .all(&ctx.db)
            .await?;
        if noted.is_empty() {
            search_change::Entity::delete_many()
                .filter(search_change::Column::IndexedAt.lt(ctx.clock.now() - KEEP_INDEXED))
                .exec(&ctx.db)
                .await?;
            return Ok(indexed);
        }
        let mut by_index: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for note in &noted {
            by_index
                .entry(note.index_name.as_str())
                .or_default()
                .insert(note.record_id.clone());
        }
        for (index_name, ids) in &by_index {
            // Notes for an index Hearth no longer keeps are dropped.
            let Some(schema) = SCHEMAS.iter().find(|s| s.name == *index_name) else {
                continue;
            };
            let (documents, deleted) = documents_for(ctx, schema, ids).await?;
            indexed += documents.len() + deleted.len();
            index.apply(schema, documents, deleted).await?;
        }
        // Only the notes read: any made since wait for the next batch.
        search_change::Entity::update_many()
            .col_expr(
                search_change::Column::IndexedAt,
                sea_orm::sea_query::Expr::value(ctx.clock.now()),
            )
            .filter(search_change::Column::Id.is_in(noted.iter().map(|n| n.id)))
            .exec(&ctx.db)
            .await?;
    }
}
