//! Whether the index still matches the database: each day a job counts
//! both and reads a sample of records fresh against their documents, and
//! national administrators see the last check on the jobs page. A change
//! still waiting to be indexed is not drift: it will be.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use super::entities::{search_change, search_check};
use super::households::HOUSEHOLDS;
use super::indexing::{SCHEMAS, documents_for};
use super::port::{Schema, SearchIndex};
use super::rebuild::records_in_database;
use crate::jobs::Job;
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::{Actor, Ctx, DomainError};

/// How many records each check reads against their documents.
pub const SAMPLE: u64 = 20;

/// Compares every index with the database.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CheckSearchIndex {}

impl Job for CheckSearchIndex {
    const KIND: &'static str = "search.check";
}

/// The last check of one index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexCheck {
    pub index_name: String,
    pub checked_at: DateTime<Utc>,
    pub in_database: i64,
    pub in_index: i64,
    /// Changes noted and not yet indexed when it was checked.
    pub waiting: i64,
    pub sampled: i32,
    pub differing: i32,
}

impl IndexCheck {
    /// The index differs from the database in a way waiting changes do
    /// not explain: it needs `hearth reindex`.
    pub fn drifted(&self) -> bool {
        self.differing > 0 || (self.waiting == 0 && self.in_index != self.in_database)
    }
}

impl From<search_check::Model> for IndexCheck {
    fn from(row: search_check::Model) -> Self {
        Self {
            index_name: row.index_name,
            checked_at: row.checked_at,
            in_database: row.in_database,
            in_index: row.in_index,
            waiting: row.waiting,
            sampled: row.sampled,
            differing: row.differing,
        }
    }
}

/// Some record ids of `schema`, chosen at random.
async fn sample(ctx: &Ctx, schema: &Schema) -> Result<BTreeSet<String>, DomainError> {
    if schema.name == super::public::PUBLIC.name {
        // Thousands at most: every one is read against the index.
        return Ok(super::public::public_record_ids(&ctx.db)
            .await?
            .into_iter()
            .take(SAMPLE as usize)
            .collect());
    }
    if schema.name != HOUSEHOLDS.name {
        return Ok(BTreeSet::new());
    }
    let ids: Vec<i32> = household::Entity::find()
        .select_only()
        .column(household::Column::Id)
        .order_by_asc(Expr::cust("RANDOM()"))
        .limit(SAMPLE)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(ids.iter().map(ToString::to_string).collect())
}

/// The records of `schema` with changes waiting to be indexed.
async fn waiting(ctx: &Ctx, schema: &Schema) -> Result<BTreeSet<String>, DomainError> {
    Ok(search_change::Entity::find()
        .select_only()
        .column(search_change::Column::RecordId)
        .filter(search_change::Column::IndexName.eq(schema.name))
        .filter(search_change::Column::IndexedAt.is_null())
        .into_tuple()
        .all(&ctx.db)
        .await?
        .into_iter()
        .collect())
}

/// Checks every index and keeps what it found.
pub async fn check_search_index(
    ctx: &Ctx,
    index: &dyn SearchIndex,
) -> Result<Vec<IndexCheck>, DomainError> {
    let mut checks = Vec::new();
    for schema in SCHEMAS {
        let pending = waiting(ctx, schema).await?;
        let in_database = records_in_database(ctx, schema).await?;
        let in_index = index.count(schema).await?;
        let sampled: BTreeSet<String> = sample(ctx, schema)
            .await?
            .difference(&pending)
            .cloned()
            .collect();
        let (fresh, _) = documents_for(ctx, schema, &sampled).await?;
        let ids: Vec<String> = sampled.iter().cloned().collect();
        let stored = index.documents(schema, &ids).await?;
        let differing = fresh
            .iter()
            .filter(|document| !stored.contains(document))
            .count();
        let row = search_check::ActiveModel {
            id: NotSet,
            index_name: Set(schema.name.to_owned()),
            checked_at: Set(ctx.clock.now()),
            in_database: Set(i64::try_from(in_database).unwrap_or(i64::MAX)),
            in_index: Set(i64::try_from(in_index).unwrap_or(i64::MAX)),
            waiting: Set(i64::try_from(pending.len()).unwrap_or(i64::MAX)),
            sampled: Set(i32::try_from(sampled.len()).unwrap_or(i32::MAX)),
            differing: Set(i32::try_from(differing).unwrap_or(i32::MAX)),
        };
        let saved = search_check::Entity::insert(row)
            .exec_with_returning(&ctx.db)
            .await?;
        checks.push(IndexCheck::from(saved));
    }
    Ok(checks)
}

/// The last check of each index, for national administrators.
pub async fn last_index_checks(ctx: &Ctx, actor: &Actor) -> Result<Vec<IndexCheck>, DomainError> {
    actor.require_anywhere(Permission::AdministerHearth)?;
    let mut checks = Vec::new();
    for schema in SCHEMAS {
        let last = search_check::Entity::find()
            .filter(search_check::Column::IndexName.eq(schema.name))
            .order_by_desc(search_check::Column::Id)
            .one(&ctx.db)
            .await?;
        checks.extend(last.map(IndexCheck::from));
    }
    Ok(checks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(in_database: i64, in_index: i64, waiting: i64, differing: i32) -> IndexCheck {
        IndexCheck {
            index_name: "households".into(),
            checked_at: DateTime::UNIX_EPOCH,
            in_database,
            in_index,
            waiting,
            sampled: 20,
            differing,
        }
    }

    #[test]
    fn counts_apart_with_nothing_waiting_or_a_sample_that_differs_is_drift() {
        assert!(!check(100, 100, 0, 0).drifted());
        assert!(!check(100, 98, 2, 0).drifted(), "two changes on their way");
        assert!(check(100, 98, 0, 0).drifted());
        assert!(check(100, 100, 0, 1).drifted());
    }
}
