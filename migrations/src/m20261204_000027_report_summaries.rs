//! Reports read the funnel from summaries of each household's history,
//! kept in the same transaction as every history row, so a report over
//! hundreds of thousands of households counts rows instead of replaying
//! millions. Each household has one row of its facts, one row per stage it
//! entered (how long it stayed) and one per closure (and whether it was
//! reopened). They are rebuilt from the history whenever it grows; the
//! history stays the record (`docs/reports.md`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, boolean_null, date, date_null, integer, integer_null, pk_auto, string, string_null,
    timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Households {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ReportHouseholds {
    Table,
    HouseholdId,
    OrganisationId,
    LocalAuthorityId,
    RegionId,
    FirstAt,
    /// The London date of its first row: the cohort it belongs to.
    FirstOn,
    KnownAdult,
    ConnectedPerson,
    UtmSource,
    UtmMedium,
    UtmCampaign,
    HeardAbout,
    /// The kinds of fostering it is interested in, one bit each.
    Interests,
    /// The furthest stage reached, as its place in the funnel.
    Furthest,
    AttendedEvent,
    FirstContactMinutes,
    FirstContactMet,
    AppliedOn,
    StageTwoOn,
    PanelOn,
    ApprovedOn,
    DaysToApproval,
}

#[derive(DeriveIden)]
enum ReportStageSpells {
    Table,
    Id,
    HouseholdId,
    Stage,
    EnteredOn,
    /// The day it moved on to a later stage; none while there or closed.
    LeftOn,
    /// Days in the stage, less time on hold or closed, once it moved on.
    Days,
}

#[derive(DeriveIden)]
enum ReportClosures {
    Table,
    Id,
    HouseholdId,
    ClosedOn,
    Closure,
    Stage,
    ReasonCode,
    ReopenedOn,
}

fn belongs_to_household(
    table: impl IntoIden + 'static,
    column: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Households::Table, Households::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ReportHouseholds as H;
        manager
            .create_table(
                Table::create()
                    .table(H::Table)
                    .col(integer(H::HouseholdId).primary_key())
                    .col(integer(H::OrganisationId))
                    .col(integer_null(H::LocalAuthorityId))
                    .col(integer_null(H::RegionId))
                    .col(timestamp_with_time_zone(H::FirstAt))
                    .col(date(H::FirstOn))
                    .col(boolean(H::KnownAdult))
                    .col(boolean(H::ConnectedPerson))
                    .col(string_null(H::UtmSource))
                    .col(string_null(H::UtmMedium))
                    .col(string_null(H::UtmCampaign))
                    .col(string_null(H::HeardAbout))
                    .col(integer(H::Interests))
                    .col(integer(H::Furthest))
                    .col(boolean(H::AttendedEvent))
                    .col(integer_null(H::FirstContactMinutes))
                    .col(boolean_null(H::FirstContactMet))
                    .col(date_null(H::AppliedOn))
                    .col(date_null(H::StageTwoOn))
                    .col(date_null(H::PanelOn))
                    .col(date_null(H::ApprovedOn))
                    .col(integer_null(H::DaysToApproval))
                    .foreign_key(&mut belongs_to_household(H::Table, H::HouseholdId))
                    .to_owned(),
            )
            .await?;
        use ReportStageSpells as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(pk_auto(S::Id))
                    .col(integer(S::HouseholdId))
                    .col(string(S::Stage))
                    .col(date(S::EnteredOn))
                    .col(date_null(S::LeftOn))
                    .col(integer_null(S::Days))
                    .foreign_key(&mut belongs_to_household(S::Table, S::HouseholdId))
                    .to_owned(),
            )
            .await?;
        use ReportClosures as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(pk_auto(C::Id))
                    .col(integer(C::HouseholdId))
                    .col(date(C::ClosedOn))
                    .col(string(C::Closure))
                    .col(string(C::Stage))
                    .col(string_null(C::ReasonCode))
                    .col(date_null(C::ReopenedOn))
                    .foreign_key(&mut belongs_to_household(C::Table, C::HouseholdId))
                    .to_owned(),
            )
            .await?;
        // The cohort is chosen by its first day, within an organisation or
        // across all of them; the period by the day a stage was entered,
        // left or closed.
        let indexes = [
            (
                "idx_report_households_first_on",
                H::Table.into_iden(),
                vec![H::FirstOn.into_iden()],
            ),
            (
                "idx_report_households_organisation",
                H::Table.into_iden(),
                vec![H::OrganisationId.into_iden(), H::FirstOn.into_iden()],
            ),
            (
                "idx_report_households_approved_on",
                H::Table.into_iden(),
                vec![H::ApprovedOn.into_iden()],
            ),
            (
                "idx_report_stage_spells_household",
                S::Table.into_iden(),
                vec![S::HouseholdId.into_iden(), S::Stage.into_iden()],
            ),
            (
                "idx_report_stage_spells_entered_on",
                S::Table.into_iden(),
                vec![S::EnteredOn.into_iden()],
            ),
            (
                "idx_report_stage_spells_left_on",
                S::Table.into_iden(),
                vec![S::LeftOn.into_iden()],
            ),
            (
                "idx_report_closures_household",
                C::Table.into_iden(),
                vec![C::HouseholdId.into_iden()],
            ),
            (
                "idx_report_closures_closed_on",
                C::Table.into_iden(),
                vec![C::ClosedOn.into_iden()],
            ),
        ];
        for (name, table, columns) in indexes {
            let mut index = Index::create();
            index.name(name).table(table);
            for column in columns {
                index.col(column);
            }
            if name == "idx_report_stage_spells_household" {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ReportClosures::Table.into_iden(),
            ReportStageSpells::Table.into_iden(),
            ReportHouseholds::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
