//! Hearth's database migrations. Each is self-contained (it never imports the
//! domain's entities), runs on SQLite and PostgreSQL, and is never edited once
//! it has landed: a change is a new migration.

pub use sea_orm_migration::MigratorTrait;
use sea_orm_migration::prelude::*;

mod m20261123_000001_reference_data;
mod m20261123_000002_jobs;
mod m20261123_000003_accounts;
mod m20261124_000004_sessions;
mod m20261124_000005_links_and_tokens;
mod m20261124_000006_households;
mod m20261124_000007_contact_and_notes;
mod m20261124_000008_equality_answers;
mod m20261124_000009_events_and_visits;
mod m20261124_000010_profiles_reasons_known_adults;
mod m20261124_000011_access_log;
mod m20261124_000012_applications;
mod m20261124_000013_references;
mod m20261124_000014_stage_one_checks;
mod m20261124_000015_messages;
mod m20261124_000016_assessments;
mod m20261124_000017_panels_and_decisions;
mod m20261124_000018_documents;
mod m20261203_000019_queue_positions;
mod m20261203_000020_account_locks;
mod m20261203_000021_invitations_to_accept;
mod m20261203_000022_reassignments;
mod m20261203_000023_known_devices_and_secrets;
mod m20261203_000024_workflow_history;
mod m20261204_000025_access_log_windows;
mod m20261204_000026_work_phones;
mod m20261204_000027_report_summaries;
mod m20261204_000028_recruitment_targets;
mod m20261205_000029_report_months;
mod m20261205_000030_published_statistics;
mod m20261205_000031_households_due;
mod m20261206_000032_report_summary_households;
mod m20261207_000033_report_households_closed_now;
mod m20261208_000034_carer_households;
mod m20261209_000035_reviews_children_placements;
mod m20261210_000036_delegated_authority;
mod m20261211_000037_constellations;
mod m20261212_000038_constellation_meetings;
mod m20261213_000039_kinship_local_offer;
mod m20261214_000040_kinship_groups;
mod m20261215_000041_peer_supporters;
mod m20261216_000042_mentoring;
mod m20261217_000043_peer_bookings;
mod m20261218_000044_search_changes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_reference_data::Migration),
            Box::new(m20261123_000002_jobs::Migration),
            Box::new(m20261123_000003_accounts::Migration),
            Box::new(m20261124_000004_sessions::Migration),
            Box::new(m20261124_000005_links_and_tokens::Migration),
            Box::new(m20261124_000006_households::Migration),
            Box::new(m20261124_000007_contact_and_notes::Migration),
            Box::new(m20261124_000008_equality_answers::Migration),
            Box::new(m20261124_000009_events_and_visits::Migration),
            Box::new(m20261124_000010_profiles_reasons_known_adults::Migration),
            Box::new(m20261124_000011_access_log::Migration),
            Box::new(m20261124_000012_applications::Migration),
            Box::new(m20261124_000013_references::Migration),
            Box::new(m20261124_000014_stage_one_checks::Migration),
            Box::new(m20261124_000015_messages::Migration),
            Box::new(m20261124_000016_assessments::Migration),
            Box::new(m20261124_000017_panels_and_decisions::Migration),
            Box::new(m20261124_000018_documents::Migration),
            Box::new(m20261203_000019_queue_positions::Migration),
            Box::new(m20261203_000020_account_locks::Migration),
            Box::new(m20261203_000021_invitations_to_accept::Migration),
            Box::new(m20261203_000022_reassignments::Migration),
            Box::new(m20261203_000023_known_devices_and_secrets::Migration),
            Box::new(m20261203_000024_workflow_history::Migration),
            Box::new(m20261204_000025_access_log_windows::Migration),
            Box::new(m20261204_000026_work_phones::Migration),
            Box::new(m20261204_000027_report_summaries::Migration),
            Box::new(m20261204_000028_recruitment_targets::Migration),
            Box::new(m20261205_000029_report_months::Migration),
            Box::new(m20261205_000030_published_statistics::Migration),
            Box::new(m20261205_000031_households_due::Migration),
            Box::new(m20261206_000032_report_summary_households::Migration),
            Box::new(m20261207_000033_report_households_closed_now::Migration),
            Box::new(m20261208_000034_carer_households::Migration),
            Box::new(m20261209_000035_reviews_children_placements::Migration),
            Box::new(m20261210_000036_delegated_authority::Migration),
            Box::new(m20261211_000037_constellations::Migration),
            Box::new(m20261212_000038_constellation_meetings::Migration),
            Box::new(m20261213_000039_kinship_local_offer::Migration),
            Box::new(m20261214_000040_kinship_groups::Migration),
            Box::new(m20261215_000041_peer_supporters::Migration),
            Box::new(m20261216_000042_mentoring::Migration),
            Box::new(m20261217_000043_peer_bookings::Migration),
            Box::new(m20261218_000044_search_changes::Migration),
        ]
    }
}
