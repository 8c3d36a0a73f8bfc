//! A household moved to another fostering service is a history row of its
//! own kind (`reassigned`), naming the service it left and the one it went
//! to: no stage count includes it, and each service's figures follow the
//! household to where it is now.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::integer_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HouseholdHistory {
    Table,
    FromOrganisationId,
    ToOrganisationId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds columns one at a time.
        for column in [
            HouseholdHistory::FromOrganisationId,
            HouseholdHistory::ToOrganisationId,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(HouseholdHistory::Table)
                        .add_column(integer_null(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            HouseholdHistory::ToOrganisationId,
            HouseholdHistory::FromOrganisationId,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(HouseholdHistory::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
