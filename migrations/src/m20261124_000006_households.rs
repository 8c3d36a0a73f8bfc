//! Households in the recruitment funnel, the append-only history of their
//! moves through it, and the bank holidays working days skip.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, date, date_null, integer, integer_null, pk_auto, string, string_null, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum BankHolidays {
    Table,
    Date,
    Name,
}

#[derive(DeriveIden)]
enum Households {
    Table,
    Id,
    OrganisationId,
    /// `open`, `on_hold` or `closed`.
    Status,
    Stage,
    Closure,
    OnHoldUntil,
    Name,
    /// Lower case: a repeat enquiry is matched by it.
    Email,
    Phone,
    Postcode,
    LocalAuthorityId,
    /// The postcode's district is split between authorities: staff check
    /// where it was routed.
    RoutingToCheck,
    BestTimeToCall,
    /// The kinds of fostering they are curious about, as a JSON list.
    Interests,
    HeardAbout,
    ConsentToContact,
    UtmSource,
    UtmMedium,
    UtmCampaign,
    UtmTerm,
    UtmContent,
    FirstContactDueAt,
    FirstContactAt,
    OwnerId,
    NextActionOn,
    PersonId,
    LastEnquiryAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum HouseholdHistory {
    Table,
    Id,
    HouseholdId,
    At,
    /// Who moved it; none when the household itself did, or Hearth.
    ActorId,
    Event,
    FromStatus,
    FromStage,
    ToStatus,
    ToStage,
    ReasonCode,
    ReasonText,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LocalAuthorities {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BankHolidays::Table)
                    .col(date(BankHolidays::Date).primary_key())
                    .col(string(BankHolidays::Name))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Households::Table)
                    .col(pk_auto(Households::Id))
                    .col(integer(Households::OrganisationId))
                    .col(string(Households::Status))
                    .col(string(Households::Stage))
                    .col(string_null(Households::Closure))
                    .col(date_null(Households::OnHoldUntil))
                    .col(string(Households::Name))
                    .col(string(Households::Email))
                    .col(string(Households::Phone))
                    .col(string(Households::Postcode))
                    .col(integer_null(Households::LocalAuthorityId))
                    .col(boolean(Households::RoutingToCheck))
                    .col(string(Households::BestTimeToCall))
                    .col(text(Households::Interests))
                    .col(string_null(Households::HeardAbout))
                    .col(boolean(Households::ConsentToContact))
                    .col(string_null(Households::UtmSource))
                    .col(string_null(Households::UtmMedium))
                    .col(string_null(Households::UtmCampaign))
                    .col(string_null(Households::UtmTerm))
                    .col(string_null(Households::UtmContent))
                    .col(timestamp_with_time_zone_null(Households::FirstContactDueAt))
                    .col(timestamp_with_time_zone_null(Households::FirstContactAt))
                    .col(integer_null(Households::OwnerId))
                    .col(date_null(Households::NextActionOn))
                    .col(integer_null(Households::PersonId))
                    .col(timestamp_with_time_zone(Households::LastEnquiryAt))
                    .col(timestamp_with_time_zone(Households::CreatedAt))
                    .col(timestamp_with_time_zone(Households::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_households_organisation")
                            .from(Households::Table, Households::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_households_local_authority")
                            .from(Households::Table, Households::LocalAuthorityId)
                            .to(LocalAuthorities::Table, LocalAuthorities::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_households_owner")
                            .from(Households::Table, Households::OwnerId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_households_person")
                            .from(Households::Table, Households::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_households_organisation", Households::OrganisationId),
            ("idx_households_email", Households::Email),
            ("idx_households_phone", Households::Phone),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Households::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(HouseholdHistory::Table)
                    .col(pk_auto(HouseholdHistory::Id))
                    .col(integer(HouseholdHistory::HouseholdId))
                    .col(timestamp_with_time_zone(HouseholdHistory::At))
                    .col(integer_null(HouseholdHistory::ActorId))
                    .col(string(HouseholdHistory::Event))
                    .col(string_null(HouseholdHistory::FromStatus))
                    .col(string_null(HouseholdHistory::FromStage))
                    .col(string(HouseholdHistory::ToStatus))
                    .col(string(HouseholdHistory::ToStage))
                    .col(string_null(HouseholdHistory::ReasonCode))
                    .col(text_null(HouseholdHistory::ReasonText))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_household_history_household")
                            .from(HouseholdHistory::Table, HouseholdHistory::HouseholdId)
                            .to(Households::Table, Households::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_household_history_actor")
                            .from(HouseholdHistory::Table, HouseholdHistory::ActorId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_household_history_household")
                    .table(HouseholdHistory::Table)
                    .col(HouseholdHistory::HouseholdId)
                    .col(HouseholdHistory::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            HouseholdHistory::Table.into_iden(),
            Households::Table.into_iden(),
            BankHolidays::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
