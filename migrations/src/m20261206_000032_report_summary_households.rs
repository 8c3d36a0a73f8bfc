//! A report that starts from the households it counts finds their stage
//! spells and closures through these indexes, which hold every column the
//! reports read, so the tables themselves are never visited. The covering
//! index on closures replaces the one on their household alone; the one on
//! spells' household and stage stays, as it keeps one spell per stage.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An index: its table, name and columns.
type Named = (&'static str, &'static str, &'static [&'static str]);

const SPELLS: Named = (
    "report_stage_spells",
    "idx_report_stage_spells_by_household",
    &["household_id", "stage", "entered_on", "left_on", "days"],
);
const CLOSURES: Named = (
    "report_closures",
    "idx_report_closures_by_household",
    &[
        "household_id",
        "closed_on",
        "reopened_on",
        "closure",
        "stage",
        "reason_code",
    ],
);
/// The index the closures' covering one replaces.
const NARROW_CLOSURES: Named = (
    "report_closures",
    "idx_report_closures_household",
    &["household_id"],
);

async fn make(manager: &SchemaManager<'_>, (table, name, columns): Named) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(Alias::new(table));
    for column in columns {
        index.col(Alias::new(*column));
    }
    manager.create_index(index).await
}

async fn drop(manager: &SchemaManager<'_>, (table, name, _): Named) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        make(manager, SPELLS).await?;
        make(manager, CLOSURES).await?;
        drop(manager, NARROW_CLOSURES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        make(manager, NARROW_CLOSURES).await?;
        drop(manager, CLOSURES).await?;
        drop(manager, SPELLS).await
    }
}
