//! Search: the records changed since the index heard of them, as a log a
//! rebuild can replay; each rebuild's progress, for `hearth reindex` to
//! show while the server does it; and the checks that compare the index
//! with the database.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, integer, string, string_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SearchChanges {
    Table,
    Id,
    /// The index's name (`households`, `public`).
    IndexName,
    /// The record's id in that index.
    RecordId,
    NotedAt,
    /// When the indexing job dealt with it; kept a day, so a rebuild can
    /// replay what changed while it ran.
    IndexedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SearchRebuilds {
    Table,
    Id,
    /// Empty for every index.
    Only,
    RequestedAt,
    StartedAt,
    /// How many records there are to index, once counted.
    Total,
    Done,
    FinishedAt,
    /// Why it failed, for the person who ran it.
    Failure,
}

#[derive(DeriveIden, Clone, Copy)]
enum SearchChecks {
    Table,
    Id,
    IndexName,
    CheckedAt,
    InDatabase,
    InIndex,
    /// Changes noted and not yet indexed then: not drift.
    Waiting,
    Sampled,
    /// Sampled records whose document differs from the record.
    Differing,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use SearchChanges as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(big_pk_auto(C::Id))
                    .col(string(C::IndexName))
                    .col(string(C::RecordId))
                    .col(timestamp_with_time_zone(C::NotedAt))
                    .col(timestamp_with_time_zone_null(C::IndexedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("search_changes_waiting")
                    .table(C::Table)
                    .col(C::IndexedAt)
                    .col(C::Id)
                    .to_owned(),
            )
            .await?;
        use SearchRebuilds as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(big_pk_auto(R::Id))
                    .col(string_null(R::Only))
                    .col(timestamp_with_time_zone(R::RequestedAt))
                    .col(timestamp_with_time_zone_null(R::StartedAt))
                    .col(big_integer_null(R::Total))
                    .col(big_integer(R::Done))
                    .col(timestamp_with_time_zone_null(R::FinishedAt))
                    .col(string_null(R::Failure))
                    .to_owned(),
            )
            .await?;
        use SearchChecks as K;
        manager
            .create_table(
                Table::create()
                    .table(K::Table)
                    .col(big_pk_auto(K::Id))
                    .col(string(K::IndexName))
                    .col(timestamp_with_time_zone(K::CheckedAt))
                    .col(big_integer(K::InDatabase))
                    .col(big_integer(K::InIndex))
                    .col(big_integer(K::Waiting))
                    .col(integer(K::Sampled))
                    .col(integer(K::Differing))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SearchChecks::Table.into_iden(),
            SearchRebuilds::Table.into_iden(),
            SearchChanges::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
