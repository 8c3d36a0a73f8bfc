//! The online application: one per household, its answers kept section by
//! section as they are saved, so nothing typed and saved is lost.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, integer, integer_null, pk_auto, string, text, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    HouseholdId,
    StartedAt,
    SubmittedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApplicationSections {
    Table,
    ApplicationId,
    /// A `Section`'s stored name.
    Section,
    /// The answers, a JSON object of question id to answer.
    Answers,
    Completed,
    UpdatedAt,
    UpdatedById,
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
        use Applications as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(pk_auto(A::Id))
                    .col(integer(A::HouseholdId).unique_key())
                    .col(timestamp_with_time_zone(A::StartedAt))
                    .col(timestamp_with_time_zone_null(A::SubmittedAt))
                    .col(timestamp_with_time_zone(A::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_applications_household")
                            .from(A::Table, A::HouseholdId)
                            .to(Households::Table, Households::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        use ApplicationSections as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(integer(S::ApplicationId))
                    .col(string(S::Section))
                    .col(text(S::Answers))
                    .col(boolean(S::Completed))
                    .col(timestamp_with_time_zone(S::UpdatedAt))
                    .col(integer_null(S::UpdatedById))
                    .primary_key(Index::create().col(S::ApplicationId).col(S::Section))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_sections_application")
                            .from(S::Table, S::ApplicationId)
                            .to(A::Table, A::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_application_sections_updated_by")
                            .from(S::Table, S::UpdatedById)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ApplicationSections::Table.into_iden(),
            Applications::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
