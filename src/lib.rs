//! The `hearth` program: configuration and the composition of the crates
//! into the commands `src/main.rs` offers. Kept as a library so the
//! integration tests in `tests/` start Hearth exactly as the command does.

pub mod commands;
pub mod config;
pub mod database;
pub mod telemetry;
