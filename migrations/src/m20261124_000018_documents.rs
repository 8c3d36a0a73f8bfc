//! Documents uploaded to a household's application, a Stage 1 check, the
//! assessment report or the panel papers: the file lives under the data
//! directory, its row says what it is and who may read it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, boolean, integer, integer_null, pk_auto, string, timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Documents {
    Table,
    Id,
    HouseholdId,
    /// `section:<section>`, `check:<id>`, `assessment` or `panel`.
    AttachedTo,
    /// As the uploader named it, without any folders.
    FileName,
    /// As Hearth found it from the file's own bytes, never as sent.
    ContentType,
    Size,
    /// The file's name in the document store: random, never the uploader's.
    StoredAs,
    UploadedById,
    /// Uploaded by the household rather than the service.
    ByHousehold,
    UploadedAt,
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
        use Documents as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(pk_auto(D::Id))
                    .col(integer(D::HouseholdId))
                    .col(string(D::AttachedTo))
                    .col(string(D::FileName))
                    .col(string(D::ContentType))
                    .col(big_integer(D::Size))
                    .col(string(D::StoredAs).unique_key())
                    .col(integer_null(D::UploadedById))
                    .col(boolean(D::ByHousehold))
                    .col(timestamp_with_time_zone(D::UploadedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_documents_household")
                            .from(D::Table, D::HouseholdId)
                            .to(Households::Table, Households::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_documents_uploaded_by")
                            .from(D::Table, D::UploadedById)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_documents_household")
                    .table(D::Table)
                    .col(D::HouseholdId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Documents::Table).to_owned())
            .await
    }
}
