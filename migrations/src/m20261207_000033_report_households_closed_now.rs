//! Whether each household is closed now, kept in its summary: the
//! pipeline (every household not closed) is then read from the summaries
//! alone, through an index, instead of joining every household's row.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::boolean;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportHouseholds {
    Table,
    ClosedNow,
    Furthest,
    OrganisationId,
}

const INDEX: &str = "idx_report_households_pipeline";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ReportHouseholds as H;
        manager
            .alter_table(
                Table::alter()
                    .table(H::Table)
                    .add_column(boolean(H::ClosedNow).default(false))
                    .to_owned(),
            )
            .await?;
        // The summaries are rebuilt from the history; until then, the
        // households' own status says the same.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE report_households SET closed_now = EXISTS (SELECT 1 FROM households \
                 WHERE households.id = report_households.household_id \
                 AND households.status = 'closed')",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(H::Table)
                    .col(H::ClosedNow)
                    .col(H::Furthest)
                    .col(H::OrganisationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ReportHouseholds as H;
        manager
            .drop_index(Index::drop().name(INDEX).table(H::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(H::Table)
                    .drop_column(H::ClosedNow)
                    .to_owned(),
            )
            .await
    }
}
