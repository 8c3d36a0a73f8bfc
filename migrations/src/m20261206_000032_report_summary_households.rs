//! A report that starts from the households it counts finds their stage
//! spells and closures through these indexes, which hold every column the
//! reports read, so the tables themselves are never visited. They replace
//! the narrower indexes on the household alone.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An index: its name and columns.
type Named = (&'static str, &'static [&'static str]);

/// Each table's narrow index and the covering one that replaces it.
const REPLACED: [(&str, Named, Named); 2] = [
    (
        "report_stage_spells",
        (
            "idx_report_stage_spells_household",
            &["household_id", "stage"],
        ),
        (
            "idx_report_stage_spells_by_household",
            &["household_id", "stage", "entered_on", "left_on", "days"],
        ),
    ),
    (
        "report_closures",
        ("idx_report_closures_household", &["household_id"]),
        (
            "idx_report_closures_by_household",
            &[
                "household_id",
                "closed_on",
                "reopened_on",
                "closure",
                "stage",
                "reason_code",
            ],
        ),
    ),
];

/// Makes `made` on `table`, then drops `dropped`.
async fn replace(
    manager: &SchemaManager<'_>,
    table: &str,
    (name, columns): Named,
    dropped: &str,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(Alias::new(table));
    for column in columns {
        index.col(Alias::new(*column));
    }
    manager.create_index(index).await?;
    manager
        .drop_index(
            Index::drop()
                .name(dropped)
                .table(Alias::new(table))
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, narrow, covering) in REPLACED {
            replace(manager, table, covering, narrow.0).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, narrow, covering) in REPLACED {
            replace(manager, table, narrow, covering.0).await?;
        }
        Ok(())
    }
}
