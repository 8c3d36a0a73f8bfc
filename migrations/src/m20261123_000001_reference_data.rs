//! Regions, local authorities and postcode districts.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    double, integer, integer_null, pk_auto, string, string_uniq, text,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Regions {
    Table,
    Id,
    GssCode,
    Name,
}

#[derive(DeriveIden)]
enum LocalAuthorities {
    Table,
    Id,
    GssCode,
    DfeCode,
    Name,
    OfficialName,
    Kind,
    RegionId,
    FormerGssCodes,
}

#[derive(DeriveIden)]
enum PostcodeDistricts {
    Table,
    Outcode,
    PostcodeArea,
    Latitude,
    Longitude,
    Country,
    AuthorityGssCode,
    AuthorityName,
    AuthorityShare,
    PostcodeUnits,
    LocalAuthorityId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Regions::Table)
                    .col(pk_auto(Regions::Id))
                    .col(string_uniq(Regions::GssCode))
                    .col(string(Regions::Name))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LocalAuthorities::Table)
                    .col(pk_auto(LocalAuthorities::Id))
                    .col(string_uniq(LocalAuthorities::GssCode))
                    .col(integer(LocalAuthorities::DfeCode).unique_key())
                    .col(string(LocalAuthorities::Name))
                    .col(string(LocalAuthorities::OfficialName))
                    .col(string(LocalAuthorities::Kind))
                    .col(integer(LocalAuthorities::RegionId))
                    .col(text(LocalAuthorities::FormerGssCodes))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_local_authorities_region")
                            .from(LocalAuthorities::Table, LocalAuthorities::RegionId)
                            .to(Regions::Table, Regions::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_local_authorities_name")
                    .table(LocalAuthorities::Table)
                    .col(LocalAuthorities::Name)
                    .col(LocalAuthorities::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_local_authorities_region")
                    .table(LocalAuthorities::Table)
                    .col(LocalAuthorities::RegionId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PostcodeDistricts::Table)
                    .col(string(PostcodeDistricts::Outcode).primary_key())
                    .col(string(PostcodeDistricts::PostcodeArea))
                    .col(double(PostcodeDistricts::Latitude))
                    .col(double(PostcodeDistricts::Longitude))
                    .col(string(PostcodeDistricts::Country))
                    .col(string(PostcodeDistricts::AuthorityGssCode))
                    .col(string(PostcodeDistricts::AuthorityName))
                    .col(double(PostcodeDistricts::AuthorityShare))
                    .col(integer(PostcodeDistricts::PostcodeUnits))
                    .col(integer_null(PostcodeDistricts::LocalAuthorityId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_postcode_districts_local_authority")
                            .from(
                                PostcodeDistricts::Table,
                                PostcodeDistricts::LocalAuthorityId,
                            )
                            .to(LocalAuthorities::Table, LocalAuthorities::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_postcode_districts_local_authority")
                    .table(PostcodeDistricts::Table)
                    .col(PostcodeDistricts::LocalAuthorityId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PostcodeDistricts::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LocalAuthorities::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Regions::Table).to_owned())
            .await
    }
}
