//! A staff invitation grants nothing until the invited person accepts it:
//! it keeps the name the administrator typed (never the account's own, which
//! the administrator may not see) and when it was declined.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string, timestamp_with_time_zone_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Name,
    DeclinedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds columns one at a time.
        for column in [
            string(Invitations::Name).default("").to_owned(),
            timestamp_with_time_zone_null(Invitations::DeclinedAt),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Invitations::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Invitations::DeclinedAt, Invitations::Name] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Invitations::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
