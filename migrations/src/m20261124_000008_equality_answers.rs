//! The optional equality questions someone may answer after registering
//! interest. Special category data: kept apart from the household's record,
//! and shown to staff only as counts.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, string, string_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EqualityAnswers {
    Table,
    HouseholdId,
    /// The SHA-256 of the token on the confirmation page that lets the
    /// person who enquired, and nobody else, answer.
    TokenHash,
    Ethnicity,
    Religion,
    Disability,
    SexualOrientation,
    CreatedAt,
    AnsweredAt,
}

#[derive(DeriveIden)]
enum Households {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EqualityAnswers::Table)
                    .col(integer(EqualityAnswers::HouseholdId).primary_key())
                    .col(string(EqualityAnswers::TokenHash).unique_key())
                    .col(string_null(EqualityAnswers::Ethnicity))
                    .col(string_null(EqualityAnswers::Religion))
                    .col(string_null(EqualityAnswers::Disability))
                    .col(string_null(EqualityAnswers::SexualOrientation))
                    .col(timestamp_with_time_zone(EqualityAnswers::CreatedAt))
                    .col(timestamp_with_time_zone_null(EqualityAnswers::AnsweredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_equality_answers_household")
                            .from(EqualityAnswers::Table, EqualityAnswers::HouseholdId)
                            .to(Households::Table, Households::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EqualityAnswers::Table).to_owned())
            .await
    }
}
