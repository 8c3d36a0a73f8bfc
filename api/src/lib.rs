//! Hearth's GraphQL API. Resolvers turn GraphQL input into a domain use case
//! call and its result into GraphQL types; they decide nothing themselves.
//! No HTTP here: `web` mounts the schema, and tests call `execute` directly.
// The merged Query and Mutation resolve each field through one nested
// future per part: more parts than the compiler's standard depth.
#![recursion_limit = "256"]

mod accounts;
mod applications;
mod carers;
mod concerns;
mod connections;
mod constellations;
mod documents;
mod errors;
mod events;
mod geography;
mod household_parts;
mod ids;
mod jobs;
mod kinship;
mod panel;
mod peer_meetings;
mod peer_oversight;
mod peer_support;
mod recruitment;
mod reports;
mod request_limits;
mod schema;
mod search;
mod services;
mod text_input;
mod viewer;
mod work_lists;

pub use errors::{forbidden_error, internal_error, request_error, unauthenticated_error};
pub use request_limits::{
    MAX_ALIASES, MAX_DIRECTIVES, MAX_DOCUMENT_BYTES, MAX_EXPANDED_FIELDS, MAX_EXPANDED_SPREADS,
    MAX_NESTING, MAX_TOKENS,
};
pub use schema::{
    ClientAddress, HearthSchema, MAX_COMPLEXITY, MAX_DEPTH, MAX_OPERATIONS_PER_REQUEST,
    build_schema, execute_batch, for_actor, sdl,
};
