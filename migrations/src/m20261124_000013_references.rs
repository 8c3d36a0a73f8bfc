//! References: each referee named in a sent application is asked, by an
//! emailed link that works until they give or decline the reference.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, pk_auto, string, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReferenceRequests {
    Table,
    Id,
    HouseholdId,
    RefereeName,
    /// Lower case.
    RefereeEmail,
    /// `personal` or `employer`.
    Kind,
    /// `requested`, `given` or `declined`.
    Status,
    RequestedAt,
    RemindersSent,
    LastReminderAt,
    /// The reference's answers, a JSON object, once given.
    Answers,
    /// Why they declined, if they said.
    DeclinedBecause,
    AnsweredAt,
}

/// The links a referee was sent (the first, and one with each reminder):
/// each works until the reference is given or declined.
#[derive(DeriveIden)]
enum ReferenceLinks {
    Table,
    /// The SHA-256 of the link's token.
    TokenHash,
    ReferenceId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Households {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ReferenceRequests as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(pk_auto(R::Id))
                    .col(integer(R::HouseholdId))
                    .col(string(R::RefereeName))
                    .col(string(R::RefereeEmail))
                    .col(string(R::Kind))
                    .col(string(R::Status))
                    .col(timestamp_with_time_zone(R::RequestedAt))
                    .col(integer(R::RemindersSent).default(0))
                    .col(timestamp_with_time_zone_null(R::LastReminderAt))
                    .col(text_null(R::Answers))
                    .col(text_null(R::DeclinedBecause))
                    .col(timestamp_with_time_zone_null(R::AnsweredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reference_requests_household")
                            .from(R::Table, R::HouseholdId)
                            .to(Households::Table, Households::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        use ReferenceLinks as L;
        manager
            .create_table(
                Table::create()
                    .table(L::Table)
                    .col(string(L::TokenHash).primary_key())
                    .col(integer(L::ReferenceId))
                    .col(timestamp_with_time_zone(L::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reference_links_reference")
                            .from(L::Table, L::ReferenceId)
                            .to(R::Table, R::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reference_requests_household")
                    .table(R::Table)
                    .col(R::HouseholdId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ReferenceLinks::Table.into_iden(),
            ReferenceRequests::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
