//! Kinship carer groups: the public finder and each group's page, a
//! kinship carer's registration and own page, raising a worry, and what
//! facilitators and administrators run (groups, members, sessions,
//! attendance, announcements, figures).

mod figures;
mod finder;
mod group;
mod manage;
mod members;
mod mine;
mod register;
mod sessions;
mod worry;

use actix_web::web;
use chrono::{DateTime, Utc};

/// Registers the routes, literal paths before those with an id.
pub fn configure(config: &mut web::ServiceConfig) {
    finder::configure(config);
    register::configure(config);
    mine::configure(config);
    figures::configure(config);
    manage::configure(config);
    members::configure(config);
    sessions::configure(config);
    worry::configure(config);
    group::configure(config);
}

/// A moment as the group pages say it: "6pm on Tuesday 17 November 2026".
pub(super) fn when(at: &DateTime<Utc>) -> String {
    domain::recruitment::london_display(*at)
}
