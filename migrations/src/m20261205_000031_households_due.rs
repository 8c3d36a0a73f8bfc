//! Households by the moment they are late and by whether they are open,
//! whatever their organisation: the national count of what is overdue, and
//! the national pipeline, read these indexes rather than every household.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Households {
    Table,
    DueAt,
    Status,
}

fn indexes() -> [(&'static str, Households); 2] {
    [
        ("idx_households_due_at", Households::DueAt),
        ("idx_households_status", Households::Status),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, column) in indexes() {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Households::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in indexes() {
            manager
                .drop_index(Index::drop().name(name).table(Households::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
