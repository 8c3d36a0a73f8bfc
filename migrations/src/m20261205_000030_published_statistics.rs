//! Which organisations publish their recruitment figures on the public
//! statistics page: a service once its manager opts in; England's regions
//! once the national programme does (its own row). No row, not published.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, integer_null, timestamp_with_time_zone};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PublishedStatistics {
    Table,
    OrganisationId,
    PublishedById,
    PublishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PublishedStatistics as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(integer(P::OrganisationId).primary_key())
                    .col(integer_null(P::PublishedById))
                    .col(timestamp_with_time_zone(P::PublishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(P::Table, P::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PublishedStatistics::Table).to_owned())
            .await
    }
}
