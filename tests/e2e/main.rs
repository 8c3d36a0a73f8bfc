//! Hearth's end-to-end tests: each starts the real app on a free port with a
//! database of its own, on SQLite and on PostgreSQL, and talks HTTP to it.

mod harness;

mod cli;
mod docker;
mod email;
mod graphql;
mod health;
mod jobs;
mod organisations;
mod pages;
mod reference_data;
mod sign_in;
mod worker_processes;
