//! What staff record about a household: each attempt to contact it, with
//! its outcome, and notes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, integer_null, pk_auto, string, text, timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContactAttempts {
    Table,
    Id,
    HouseholdId,
    At,
    ById,
    /// `call`, `email` or `text`.
    Method,
    /// `reached`, `no_answer`, `left_message` or `wrong_number`.
    Outcome,
    Note,
}

#[derive(DeriveIden)]
enum HouseholdNotes {
    Table,
    Id,
    HouseholdId,
    At,
    ById,
    Text,
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

fn household_key(name: &str, from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(Households::Table, Households::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn author_key(name: &str, from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(People::Table, People::Id)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContactAttempts::Table)
                    .col(pk_auto(ContactAttempts::Id))
                    .col(integer(ContactAttempts::HouseholdId))
                    .col(timestamp_with_time_zone(ContactAttempts::At))
                    .col(integer_null(ContactAttempts::ById))
                    .col(string(ContactAttempts::Method))
                    .col(string(ContactAttempts::Outcome))
                    .col(text(ContactAttempts::Note))
                    .foreign_key(&mut household_key(
                        "fk_contact_attempts_household",
                        (ContactAttempts::Table, ContactAttempts::HouseholdId),
                    ))
                    .foreign_key(&mut author_key(
                        "fk_contact_attempts_by",
                        (ContactAttempts::Table, ContactAttempts::ById),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(HouseholdNotes::Table)
                    .col(pk_auto(HouseholdNotes::Id))
                    .col(integer(HouseholdNotes::HouseholdId))
                    .col(timestamp_with_time_zone(HouseholdNotes::At))
                    .col(integer_null(HouseholdNotes::ById))
                    .col(text(HouseholdNotes::Text))
                    .foreign_key(&mut household_key(
                        "fk_household_notes_household",
                        (HouseholdNotes::Table, HouseholdNotes::HouseholdId),
                    ))
                    .foreign_key(&mut author_key(
                        "fk_household_notes_by",
                        (HouseholdNotes::Table, HouseholdNotes::ById),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, table, column) in [
            (
                "idx_contact_attempts_household",
                ContactAttempts::Table.into_iden(),
                ContactAttempts::HouseholdId.into_iden(),
            ),
            (
                "idx_household_notes_household",
                HouseholdNotes::Table.into_iden(),
                HouseholdNotes::HouseholdId.into_iden(),
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            HouseholdNotes::Table.into_iden(),
            ContactAttempts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
