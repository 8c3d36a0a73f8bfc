//! The adapters of the domain's search port (`domain::search::port`): the
//! embedded index (tantivy, the default) and Meilisearch. `open` picks one
//! from the configuration.

mod embedded;
mod meili;
pub mod testing;
mod typos;

use std::path::PathBuf;
use std::sync::Arc;

pub use domain::search::port::{SearchError, SearchIndex};
pub use embedded::EmbeddedIndex;
pub use meili::MeilisearchIndex;

/// Where the search index is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexAt {
    /// On disk in this folder, for one process.
    Embedded(PathBuf),
    /// A Meilisearch server, shared by every process.
    Meilisearch {
        url: String,
        key: Option<String>,
        /// Put before each index's name.
        prefix: String,
    },
}

/// The index at `at`, its indexes made and their settings applied.
pub async fn open(
    at: &IndexAt,
    schemas: &[&domain::search::port::Schema],
) -> Result<Arc<dyn SearchIndex>, SearchError> {
    let index: Arc<dyn SearchIndex> = match at {
        IndexAt::Embedded(folder) => Arc::new(EmbeddedIndex::at(folder.clone())?),
        IndexAt::Meilisearch { url, key, prefix } => {
            Arc::new(MeilisearchIndex::new(url, key.as_deref(), prefix)?)
        }
    };
    for schema in schemas {
        index.prepare(schema).await?;
    }
    Ok(index)
}
