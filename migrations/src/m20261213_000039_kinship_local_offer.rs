//! A council's kinship local offer: the link its staff keep on its profile,
//! shown to kinship carers asking what support their arrangement brings.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::string;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum OrganisationProfiles {
    Table,
    KinshipLocalOffer,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OrganisationProfiles::Table)
                    .add_column(string(OrganisationProfiles::KinshipLocalOffer).default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OrganisationProfiles::Table)
                    .drop_column(OrganisationProfiles::KinshipLocalOffer)
                    .to_owned(),
            )
            .await
    }
}
