//! Where each household sits in its organisation's queue, kept on its row
//! so the database can order, filter and page the queue by an index: the
//! moment it is late (`due_at`), a key that sorts the queue (`queue_key`)
//! and its telephone number as digits (`phone_digits`) for finding possible
//! duplicates. Existing households get theirs when `hearth migrate` (or
//! `serve`) runs after this migration, from the domain's own rules.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string, timestamp_with_time_zone_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Households {
    Table,
    OrganisationId,
    OwnerId,
    Stage,
    LocalAuthorityId,
    UtmCampaign,
    DueAt,
    QueueKey,
    PhoneDigits,
    Id,
}

/// Each index leads with the organisation, then what a queue filters by,
/// then the queue's order: a page reads only the rows it shows.
fn indexes() -> Vec<(&'static str, Vec<Households>)> {
    use Households as H;
    vec![
        (
            "idx_households_queue",
            vec![H::OrganisationId, H::QueueKey, H::Id],
        ),
        (
            "idx_households_queue_owner",
            vec![H::OrganisationId, H::OwnerId, H::QueueKey, H::Id],
        ),
        (
            "idx_households_queue_stage",
            vec![H::OrganisationId, H::Stage, H::QueueKey, H::Id],
        ),
        (
            "idx_households_queue_authority",
            vec![H::OrganisationId, H::LocalAuthorityId, H::QueueKey, H::Id],
        ),
        (
            "idx_households_queue_campaign",
            vec![H::OrganisationId, H::UtmCampaign, H::QueueKey, H::Id],
        ),
        (
            "idx_households_phone_digits",
            vec![H::OrganisationId, H::PhoneDigits],
        ),
        ("idx_households_due", vec![H::OrganisationId, H::DueAt]),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds columns one at a time.
        for column in [
            timestamp_with_time_zone_null(Households::DueAt),
            string(Households::QueueKey).default("").to_owned(),
            string(Households::PhoneDigits).default("").to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Households::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for (name, columns) in indexes() {
            let mut index = Index::create();
            index.name(name).table(Households::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        // The queue's index leads with the organisation too: the old one on
        // it alone only tempts a planner away from the queue's order.
        manager
            .drop_index(
                Index::drop()
                    .name("idx_households_organisation")
                    .table(Households::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_households_organisation")
                    .table(Households::Table)
                    .col(Households::OrganisationId)
                    .to_owned(),
            )
            .await?;
        for (name, _) in indexes() {
            manager
                .drop_index(Index::drop().name(name).table(Households::Table).to_owned())
                .await?;
        }
        for column in [
            Households::PhoneDigits,
            Households::QueueKey,
            Households::DueAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Households::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
