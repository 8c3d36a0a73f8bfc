//! Stage 1: the statutory checks on each applicant and every adult in the
//! household (DBS with barred lists, local authority checks), the
//! applicant's medical, and contact with previous partners; each with its
//! dates, due date and outcome.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, date_null, integer, integer_null, pk_auto, string, string_null, text_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StageOneChecks {
    Table,
    Id,
    HouseholdId,
    /// Whom the check is about, as the application names them.
    Person,
    /// `dbs`, `local_authority`, `medical` or `previous_partner`.
    Kind,
    /// `to_do`, `requested` or `done`.
    Status,
    DueOn,
    RequestedOn,
    DoneOn,
    /// `clear` or `concerns`, once done.
    Outcome,
    Note,
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
        use StageOneChecks as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(pk_auto(C::Id))
                    .col(integer(C::HouseholdId))
                    .col(string(C::Person))
                    .col(string(C::Kind))
                    .col(string(C::Status))
                    .col(date(C::DueOn))
                    .col(date_null(C::RequestedOn))
                    .col(date_null(C::DoneOn))
                    .col(string_null(C::Outcome))
                    .col(text_null(C::Note))
                    .col(integer_null(C::UpdatedById))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_stage_one_checks_household")
                            .from(C::Table, C::HouseholdId)
                            .to(Households::Table, Households::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_stage_one_checks_updated_by")
                            .from(C::Table, C::UpdatedById)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_stage_one_checks_household")
                    .table(C::Table)
                    .col(C::HouseholdId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(StageOneChecks::Table).to_owned())
            .await
    }
}
