//! Hearth's reference data (regions, local authorities, postcode districts),
//! loaded through the domain's use cases so the same rules hold as anywhere.

mod reference;

pub use reference::{SeedError, load_reference_data, reference_data};
