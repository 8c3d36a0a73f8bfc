//! Search: staff find households, the public find events and kinship groups,
//! by words with typos forgiven. The index is a port (`port`) with two
//! adapters in the `search` crate; what goes in and who sees what comes out
//! is decided here.

pub mod port;
pub mod words;
