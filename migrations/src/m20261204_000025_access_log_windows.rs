//! The access log keeps one row per reader, record and kind of read in each
//! five minutes, with the first and last time and how many reads, rather
//! than a row for every page view: the same read of a page reloaded or
//! paged through is one line an administrator can take in. A unique index
//! over the window lets concurrent reads add to one row (an upsert), never
//! race to write two.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, string, timestamp_with_time_zone_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AccessLog {
    Table,
    OrganisationId,
    Subject,
    /// The last read in the window (`at` is the first).
    LastAt,
    /// How many reads the row stands for.
    Reads,
    /// Who read, as one value (`person:12`, `token:3`): the key of the
    /// window, which the nullable ids cannot be.
    Reader,
    /// The record read, 0 for none: the key's other half.
    SubjectKey,
    /// The start of the five minutes the reads fell in.
    WindowStart,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use AccessLog as L;
        // SQLite alters one column at a time.
        for column in [
            timestamp_with_time_zone_null(L::LastAt),
            timestamp_with_time_zone_null(L::WindowStart),
            integer(L::Reads).default(1).to_owned(),
            string(L::Reader).default("").to_owned(),
            integer(L::SubjectKey).default(0).to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(L::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        // Rows already written each stand alone: their reader is their own
        // id, so no two are taken for one window.
        let db = manager.get_connection();
        let reader = match manager.get_database_backend() {
            sea_orm::DbBackend::Postgres => "'legacy:' || id::text",
            _ => "'legacy:' || id",
        };
        db.execute_unprepared(&format!(
            "UPDATE access_log SET last_at = at, window_start = at, reader = {reader}, \
             subject_key = COALESCE(subject_id, 0)"
        ))
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_access_log_window")
                    .table(L::Table)
                    .col(L::OrganisationId)
                    .col(L::Reader)
                    .col(L::Subject)
                    .col(L::SubjectKey)
                    .col(L::WindowStart)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use AccessLog as L;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_access_log_window")
                    .table(L::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            L::LastAt,
            L::WindowStart,
            L::Reads,
            L::Reader,
            L::SubjectKey,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(L::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
