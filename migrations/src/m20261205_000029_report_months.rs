//! Monthly counts of the summaries, so a national report sums a few
//! thousand rows instead of counting hundreds of thousands of households:
//! for England, each organisation and each local authority, how many
//! households did each thing in each month (`docs/reports.md`). They are
//! kept by adding and taking away in the transaction that changes a
//! household's summaries. The summaries are emptied here so that start-up
//! rebuilds them, and these counts with them, from the history.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, date, integer, small_integer, string};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportMonths {
    Table,
    /// England (0), an organisation (1) or a local authority (2).
    Grain,
    /// 0 unless the grain is an organisation.
    OrganisationId,
    /// 0 unless the grain is a local authority (and for households whose
    /// postcode was not placed).
    LocalAuthorityId,
    RegionId,
    /// The month's first day.
    Month,
    /// What is counted (`months::Measure`).
    Measure,
    /// A stage's place, a closure's, or a yes or no, by measure.
    Stage,
    /// A reason code, for closures.
    Detail,
    /// Days, hours or months, or the month a closure was reopened.
    Value,
    Households,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ReportMonths as M;
        let key = [
            M::Grain,
            M::OrganisationId,
            M::LocalAuthorityId,
            M::RegionId,
            M::Measure,
            M::Month,
            M::Stage,
            M::Detail,
            M::Value,
        ];
        let mut primary = Index::create();
        for column in key {
            primary.col(column);
        }
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(small_integer(M::Grain))
                    .col(integer(M::OrganisationId))
                    .col(integer(M::LocalAuthorityId))
                    .col(integer(M::RegionId))
                    .col(date(M::Month))
                    .col(small_integer(M::Measure))
                    .col(small_integer(M::Stage))
                    .col(string(M::Detail))
                    .col(integer(M::Value))
                    .col(big_integer(M::Households))
                    .primary_key(&mut primary)
                    .to_owned(),
            )
            .await?;
        // Every organisation's or authority's counts for a few months,
        // read from the index alone.
        let mut across = Index::create();
        across.name("idx_report_months_across").table(M::Table);
        for column in [
            M::Grain,
            M::Measure,
            M::Month,
            M::OrganisationId,
            M::LocalAuthorityId,
            M::RegionId,
            M::Stage,
            M::Detail,
            M::Value,
            M::Households,
        ] {
            across.col(column);
        }
        manager.create_index(across.to_owned()).await?;
        let db = manager.get_connection();
        for table in [
            "report_closures",
            "report_stage_spells",
            "report_households",
        ] {
            db.execute_unprepared(&format!("DELETE FROM {table}"))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReportMonths::Table).to_owned())
            .await
    }
}
