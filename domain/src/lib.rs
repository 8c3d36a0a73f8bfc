//! Hearth's domain: the product's rules and use cases, free of any transport.
//!
//! Every use case is an async function taking the [`Ctx`] (storage and ports),
//! the [`Actor`] doing it and its input, and deciding authorisation itself, so
//! the GraphQL resolvers and the page handlers can stay thin and agree.

pub mod accounts;
pub mod applications;
pub mod audit;
pub mod carers;
pub mod clock;
pub mod concerns;
pub mod constellations;
mod context;
mod error;
pub mod figures;
pub mod geography;
pub mod jobs;
pub mod kinship;
mod named;
mod names;
pub mod notifications;
pub mod pagination;
pub mod peer_support;
pub mod policy;
pub mod reason_lists;
pub mod recruitment;
mod reminders;
pub mod reporting;
pub mod search;
pub mod text;
pub mod work_lists;
pub mod workflow;

pub use accounts::Actor;
pub use context::{Ctx, Write, gather_statistics};
pub use error::{DomainError, ErrorCode, FieldError};
pub use named::Named;
