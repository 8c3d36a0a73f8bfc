//! Secure messages between a household and its fostering service: kept in
//! Hearth, never sent by email (an email only says one is waiting).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, integer, integer_null, pk_auto, text, timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    HouseholdId,
    /// Who wrote it: the applicant, or a member of staff.
    AuthorId,
    /// Written by the household (rather than the service).
    FromHousehold,
    Body,
    SentAt,
}

#[derive(DeriveIden)]
enum Households {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Messages as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(pk_auto(M::Id))
                    .col(integer(M::HouseholdId))
                    .col(integer_null(M::AuthorId))
                    .col(boolean(M::FromHousehold))
                    .col(text(M::Body))
                    .col(timestamp_with_time_zone(M::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_messages_household")
                            .from(M::Table, M::HouseholdId)
                            .to(Households::Table, Households::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_messages_author")
                            .from(M::Table, M::AuthorId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_messages_household")
                    .table(M::Table)
                    .col(M::HouseholdId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Messages::Table).to_owned())
            .await
    }
}
