//! Who among staff (or which API token) looked at which personal records:
//! a household's record, who registered for an event, the equality figures.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, integer_null, pk_auto, string, timestamp_with_time_zone};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AccessLog {
    Table,
    Id,
    At,
    PersonId,
    ApiTokenId,
    /// Whose records they are.
    OrganisationId,
    /// `household`, `event_registrations` or `equality_report`.
    Subject,
    SubjectId,
}

#[derive(DeriveIden)]
enum Organisations {
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
        use AccessLog as L;
        manager
            .create_table(
                Table::create()
                    .table(L::Table)
                    .col(pk_auto(L::Id))
                    .col(timestamp_with_time_zone(L::At))
                    .col(integer_null(L::PersonId))
                    .col(integer_null(L::ApiTokenId))
                    .col(integer(L::OrganisationId))
                    .col(string(L::Subject))
                    .col(integer_null(L::SubjectId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_access_log_person")
                            .from(L::Table, L::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_access_log_organisation")
                            .from(L::Table, L::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_access_log_organisation_at")
                    .table(L::Table)
                    .col(L::OrganisationId)
                    .col(L::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccessLog::Table).to_owned())
            .await
    }
}
