//! The lists on a household's record, each loaded for every household a
//! request asks about in one batch (async-graphql's DataLoader), and only
//! when a query asks for it.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, Error};
use domain::Ctx;
use domain::recruitment::household_parts::{self as parts, Readable};

use crate::errors::to_graphql;

/// The most households one batch asks about: no query binds more ids.
pub(crate) const BATCH: usize = domain::pagination::MAX_PAGE_SIZE as usize;

/// Loads household parts over this storage. Keys are households their
/// reader was already allowed to see, so nothing here decides who may.
pub struct PartsLoader(Ctx);

pub(crate) fn loader(ctx: Ctx) -> DataLoader<PartsLoader> {
    DataLoader::new(PartsLoader(ctx), tokio::spawn).max_batch_size(BATCH)
}

/// Each list is asked for by its own key, so each batches on its own.
macro_rules! part {
    ($key:ident, $load:path, $value:ty) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub(crate) struct $key(pub Readable);

        impl Loader<$key> for PartsLoader {
            type Value = $value;
            type Error = Error;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, $value>, Error> {
                let households: Vec<Readable> = keys.iter().map(|k| k.0).collect();
                let mut found = $load(&self.0, &households).await.map_err(to_graphql)?;
                Ok(keys
                    .iter()
                    .map(|k| (*k, found.remove(&k.0.id()).unwrap_or_default()))
                    .collect())
            }
        }
    };
}

part!(
    HistoryOf,
    parts::histories,
    Vec<domain::recruitment::HistoryEntry>
);
part!(
    ContactsOf,
    parts::contacts,
    Vec<domain::recruitment::ContactEntry>
);
part!(NotesOf, parts::notes, Vec<domain::recruitment::NoteEntry>);
part!(EventsOf, parts::events, Vec<parts::HouseholdEvent>);
part!(
    VisitsOf,
    parts::visits,
    Vec<domain::recruitment::visits::VisitEntry>
);
part!(DuplicatesOf, parts::possible_duplicates, Vec<(i32, String)>);

/// Loads the records of households by id for one request's actor: every
/// `household(id)` in a request is read, authorised and logged together.
pub struct RecordLoader {
    ctx: Ctx,
    actor: domain::Actor,
}

impl Loader<i32> for RecordLoader {
    type Value = (Readable, domain::recruitment::HouseholdRecord);
    type Error = Error;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Error> {
        let found = domain::recruitment::household_records(&self.ctx, &self.actor, keys)
            .await
            .map_err(to_graphql)?;
        Ok(found
            .into_iter()
            .map(|(readable, record)| (readable.id(), (readable, record)))
            .collect())
    }
}

/// The loader of household records for a request made by `actor`.
pub fn record_loader(ctx: Ctx, actor: domain::Actor) -> Arc<DataLoader<RecordLoader>> {
    Arc::new(DataLoader::new(RecordLoader { ctx, actor }, tokio::spawn).max_batch_size(BATCH))
}

/// One part of one household, batched with every other asked for.
pub(crate) async fn load<K>(
    ctx: &Context<'_>,
    key: K,
) -> async_graphql::Result<<PartsLoader as Loader<K>>::Value>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    PartsLoader: Loader<K, Error = Error>,
    <PartsLoader as Loader<K>>::Value: Default,
{
    let loader = ctx.data::<DataLoader<PartsLoader>>()?;
    Ok(loader.load_one(key).await?.unwrap_or_default())
}
