//! People, the organisations they work for and the roles they hold there.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, integer_null, pk_auto, string, string_null, string_uniq, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Kind,
    Name,
    LocalAuthorityId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RccLocalAuthorities {
    Table,
    OrganisationId,
    LocalAuthorityId,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    DeactivatedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    Id,
    PersonId,
    OrganisationId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LocalAuthorities {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(pk_auto(Organisations::Id))
                    .col(string(Organisations::Kind))
                    .col(string(Organisations::Name))
                    .col(integer_null(Organisations::LocalAuthorityId).unique_key())
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisations_local_authority")
                            .from(Organisations::Table, Organisations::LocalAuthorityId)
                            .to(LocalAuthorities::Table, LocalAuthorities::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RccLocalAuthorities::Table)
                    .col(integer(RccLocalAuthorities::OrganisationId))
                    .col(integer(RccLocalAuthorities::LocalAuthorityId))
                    .primary_key(
                        Index::create()
                            .col(RccLocalAuthorities::OrganisationId)
                            .col(RccLocalAuthorities::LocalAuthorityId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_rcc_local_authorities_rcc")
                            .from(
                                RccLocalAuthorities::Table,
                                RccLocalAuthorities::OrganisationId,
                            )
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_rcc_local_authorities_local_authority")
                            .from(
                                RccLocalAuthorities::Table,
                                RccLocalAuthorities::LocalAuthorityId,
                            )
                            .to(LocalAuthorities::Table, LocalAuthorities::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // A local authority's recruitment is run by one RCC at most.
        manager
            .create_index(
                Index::create()
                    .name("idx_rcc_local_authorities_local_authority")
                    .table(RccLocalAuthorities::Table)
                    .col(RccLocalAuthorities::LocalAuthorityId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(pk_auto(People::Id))
                    .col(string_uniq(People::Email))
                    .col(string(People::Name))
                    .col(string_null(People::PasswordHash))
                    .col(timestamp_with_time_zone_null(People::DeactivatedAt))
                    .col(timestamp_with_time_zone(People::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Memberships::Table)
                    .col(pk_auto(Memberships::Id))
                    .col(integer(Memberships::PersonId))
                    .col(integer(Memberships::OrganisationId))
                    .col(string(Memberships::Role))
                    .col(timestamp_with_time_zone(Memberships::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_memberships_person")
                            .from(Memberships::Table, Memberships::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_memberships_organisation")
                            .from(Memberships::Table, Memberships::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_memberships_person_organisation_role")
                    .table(Memberships::Table)
                    .col(Memberships::PersonId)
                    .col(Memberships::OrganisationId)
                    .col(Memberships::Role)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Memberships::Table.into_iden(),
            People::Table.into_iden(),
            RccLocalAuthorities::Table.into_iden(),
            Organisations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
