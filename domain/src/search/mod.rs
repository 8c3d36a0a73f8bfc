//! Search: staff find households, the public find events and kinship groups,
//! by words with typos forgiven. The index is a port (`port`) with two
//! adapters in the `search` crate; what goes in and who sees what comes out
//! is decided here.

pub mod drift;
pub mod entities;
pub mod find;
pub mod households;
pub mod indexing;
pub mod port;
pub mod public;
pub mod rebuild;
pub mod words;

pub use indexing::{UpdateSearchIndex, note_change, note_household, update_search_index};
