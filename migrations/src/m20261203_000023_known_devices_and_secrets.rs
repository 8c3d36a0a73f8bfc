//! Browsers that have signed in to an account before (a device cookie,
//! only its hash kept), which wrong guesses from elsewhere cannot slow
//! down; and the secrets every Hearth process shares, made once here: the
//! key that binds each form's token to its session.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, string, timestamp_with_time_zone};
use sea_orm_migration::sea_orm;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum KnownDevices {
    Table,
    TokenHash,
    PersonId,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum ServerSecrets {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

/// 32 random bytes as hex, from the database's own generator.
fn random_hex(backend: sea_orm::DatabaseBackend) -> &'static str {
    match backend {
        // Two version 4 UUIDs: 244 random bits.
        sea_orm::DatabaseBackend::Postgres => {
            "replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')"
        }
        _ => "lower(hex(randomblob(32)))",
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use KnownDevices as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(string(D::TokenHash).primary_key())
                    .col(integer(D::PersonId))
                    .col(timestamp_with_time_zone(D::CreatedAt))
                    .col(timestamp_with_time_zone(D::LastUsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_known_devices_person")
                            .from(D::Table, D::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_known_devices_person")
                    .table(D::Table)
                    .col(D::PersonId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ServerSecrets::Table)
                    .col(string(ServerSecrets::Name).primary_key())
                    .col(string(ServerSecrets::Value))
                    .to_owned(),
            )
            .await?;
        let backend = manager.get_database_backend();
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO server_secrets (name, value) VALUES ('csrf', {})",
                random_hex(backend)
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ServerSecrets::Table.into_iden(),
            KnownDevices::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
