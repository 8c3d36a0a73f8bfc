//! Hearth's end-to-end tests: each starts the real app on a free port with a
//! database of its own, on SQLite and on PostgreSQL, and talks HTTP to it.

mod browser;
mod crawl;
mod factories;
mod harness;

mod admin_pages;
mod api_tokens;
mod applications;
mod carer_import;
mod carer_reviews;
mod carers;
mod cli;
mod constellations;
mod delegated_authority;
mod docker;
mod documents;
mod email;
mod email_limits;
mod enquiries;
mod events;
mod every_form;
mod every_input;
mod every_link;
mod form_tokens;
mod graphql;
mod health;
mod hostile_requests;
mod jobs;
mod kinship;
mod kinship_groups;
mod organisations;
mod pages;
mod panel;
mod peer_meetings;
mod peer_support;
mod placements;
mod reference_data;
mod register_interest;
mod reports;
mod services;
mod sign_in;
mod sign_in_links;
mod staff;
mod work_lists;
mod worker_processes;
