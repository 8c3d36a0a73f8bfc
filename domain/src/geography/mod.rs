//! England's local authorities, their regions and the postcode districts that
//! place a household in one: the reference data every other context leans on.

pub mod entities;
mod gss_code;
mod import;
mod local_authorities;
mod near;
mod outcode;
mod postcode;

pub use gss_code::GssCode;
pub use import::{
    ImportSummary, LocalAuthorityRecord, PostcodeDistrictRecord, ReferenceData, RegionRecord,
    import_reference_data,
};
pub use local_authorities::{
    LocalAuthority, LocalAuthorityFilter, Region, authorities_to_serve, find_local_authority,
    list_local_authorities, list_regions,
};
pub(crate) use near::{box_around, district_of, miles_between};
pub use outcode::Outcode;
pub use postcode::Postcode;
