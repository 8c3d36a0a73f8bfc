//! Hearth's reference data (regions, local authorities, postcode districts)
//! and demo data, loaded through the domain's use cases so the same rules
//! hold as anywhere.

pub mod builders;
mod demo;
mod demo_carers;
mod demo_constellations;
mod demo_decisions;
mod demo_events;
mod demo_households;
mod demo_kinship;
mod demo_peer_support;
pub mod made_up;
pub mod national;
mod reference;

pub use demo::{DEMO_PASSWORD, DemoAccount, demo_accounts, demo_cooperatives, load_demo_data};

pub use reference::{SeedError, load_reference_data, reference_data};
