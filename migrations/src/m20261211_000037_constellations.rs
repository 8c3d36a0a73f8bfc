//! Mockingbird constellations: a hub home and its satellite families, with
//! their liaison workers; the hub's nights away; sleepovers and short
//! breaks with the children each is for; and the hub carer's check-ins
//! with each family. A carer household belongs to one constellation at a
//! time and a constellation has one hub at a time: partial unique indexes
//! say so on both databases. Services gain an out-of-hours number, shown
//! to a carer asking for an emergency sleepover at night.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, date, date_null, integer, integer_null, pk_auto, string, string_null, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Constellations {
    Table,
    Id,
    OrganisationId,
    Name,
    /// Beds the hub keeps free for the constellation's children.
    Beds,
    /// The hub's quiet hours, London time ("21:00" to "07:00").
    QuietFrom,
    QuietUntil,
    /// Minutes of waking time before an unanswered emergency request goes
    /// to the liaison worker.
    EscalateAfterMinutes,
    /// Days without contact after which a family is flagged.
    CheckInDays,
    CreatedById,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ConstellationMembers {
    Table,
    Id,
    ConstellationId,
    CarerHouseholdId,
    /// `hub` or `satellite`.
    Role,
    JoinedOn,
    JoinReason,
    LeftOn,
    LeavingReason,
    AddedById,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ConstellationLiaisonWorkers {
    Table,
    ConstellationId,
    PersonId,
    AddedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum HubUnavailableNights {
    Table,
    ConstellationId,
    Night,
    AddedById,
    AddedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sleepovers {
    Table,
    Id,
    ConstellationId,
    /// The satellite family asking.
    CarerHouseholdId,
    RequestedById,
    /// `planned` or `emergency`.
    Kind,
    /// The nights, each the night that begins on the date.
    FirstNight,
    LastNight,
    /// Other nights the hub proposed, until they are answered.
    ProposedFirstNight,
    ProposedLastNight,
    /// A `SleepoverState`'s stored name.
    State,
    /// What the hub needs to know: shown to the hub once accepted.
    Note,
    DeclineReason,
    /// When the hub first answered.
    AnsweredAt,
    /// When it went to the liaison worker unanswered.
    EscalatedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SleepoverChildren {
    Table,
    SleepoverId,
    ChildId,
    /// The child's delegated authority does not let the carers agree a
    /// stay with the hub: their social worker agrees first.
    NeedsAgreement,
    AgreedAt,
    AgreedById,
}

#[derive(DeriveIden, Clone, Copy)]
enum CheckIns {
    Table,
    Id,
    ConstellationId,
    CarerHouseholdId,
    /// `call`, `visit`, `message` or `meeting`.
    Contact,
    ContactedOn,
    Note,
    RecordedById,
    RecordedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrganisationProfiles {
    Table,
    OutOfHoursPhone,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum CarerHouseholds {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Children {
    Table,
    Id,
}

fn to_people(table: impl IntoIden + Clone, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(People::Table, People::Id)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

fn to_constellations(
    table: impl IntoIden + Clone,
    column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Constellations::Table, Constellations::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn to_carer_households(
    table: impl IntoIden + Clone,
    column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(CarerHouseholds::Table, CarerHouseholds::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OrganisationProfiles::Table)
                    .add_column(string(OrganisationProfiles::OutOfHoursPhone).default(""))
                    .to_owned(),
            )
            .await?;
        use Constellations as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(pk_auto(C::Id))
                    .col(integer(C::OrganisationId))
                    .col(string(C::Name))
                    .col(integer(C::Beds))
                    .col(string(C::QuietFrom))
                    .col(string(C::QuietUntil))
                    .col(integer(C::EscalateAfterMinutes))
                    .col(integer(C::CheckInDays))
                    .col(integer_null(C::CreatedById))
                    .col(timestamp_with_time_zone(C::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut to_people(C::Table, C::CreatedById))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_constellations_name")
                    .table(C::Table)
                    .col(C::OrganisationId)
                    .col(C::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        use ConstellationMembers as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(pk_auto(M::Id))
                    .col(integer(M::ConstellationId))
                    .col(integer(M::CarerHouseholdId))
                    .col(string(M::Role))
                    .col(date(M::JoinedOn))
                    .col(text(M::JoinReason))
                    .col(date_null(M::LeftOn))
                    .col(text_null(M::LeavingReason))
                    .col(integer_null(M::AddedById))
                    .col(timestamp_with_time_zone(M::CreatedAt))
                    .foreign_key(&mut to_constellations(M::Table, M::ConstellationId))
                    .foreign_key(&mut to_carer_households(M::Table, M::CarerHouseholdId))
                    .foreign_key(&mut to_people(M::Table, M::AddedById))
                    .to_owned(),
            )
            .await?;
        // Both databases take partial unique indexes in the same words: a
        // household in one constellation at a time, one hub at a time.
        let connection = manager.get_connection();
        connection
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_constellation_members_one_at_a_time \
                 ON constellation_members (carer_household_id) WHERE left_on IS NULL",
            )
            .await?;
        connection
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_constellation_members_one_hub \
                 ON constellation_members (constellation_id) \
                 WHERE left_on IS NULL AND role = 'hub'",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_constellation_members_constellation")
                    .table(M::Table)
                    .col(M::ConstellationId)
                    .to_owned(),
            )
            .await?;
        use ConstellationLiaisonWorkers as L;
        manager
            .create_table(
                Table::create()
                    .table(L::Table)
                    .col(integer(L::ConstellationId))
                    .col(integer(L::PersonId))
                    .col(timestamp_with_time_zone(L::AddedAt))
                    .primary_key(Index::create().col(L::ConstellationId).col(L::PersonId))
                    .foreign_key(&mut to_constellations(L::Table, L::ConstellationId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(L::Table, L::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_constellation_liaison_workers_person")
                    .table(L::Table)
                    .col(L::PersonId)
                    .to_owned(),
            )
            .await?;
        use HubUnavailableNights as U;
        manager
            .create_table(
                Table::create()
                    .table(U::Table)
                    .col(integer(U::ConstellationId))
                    .col(date(U::Night))
                    .col(integer_null(U::AddedById))
                    .col(timestamp_with_time_zone(U::AddedAt))
                    .primary_key(Index::create().col(U::ConstellationId).col(U::Night))
                    .foreign_key(&mut to_constellations(U::Table, U::ConstellationId))
                    .foreign_key(&mut to_people(U::Table, U::AddedById))
                    .to_owned(),
            )
            .await?;
        use Sleepovers as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(pk_auto(S::Id))
                    .col(integer(S::ConstellationId))
                    .col(integer(S::CarerHouseholdId))
                    .col(integer_null(S::RequestedById))
                    .col(string(S::Kind))
                    .col(date(S::FirstNight))
                    .col(date(S::LastNight))
                    .col(date_null(S::ProposedFirstNight))
                    .col(date_null(S::ProposedLastNight))
                    .col(string(S::State))
                    .col(text(S::Note))
                    .col(text_null(S::DeclineReason))
                    .col(timestamp_with_time_zone_null(S::AnsweredAt))
                    .col(timestamp_with_time_zone_null(S::EscalatedAt))
                    .col(timestamp_with_time_zone(S::CreatedAt))
                    .col(timestamp_with_time_zone(S::UpdatedAt))
                    .foreign_key(&mut to_constellations(S::Table, S::ConstellationId))
                    .foreign_key(&mut to_carer_households(S::Table, S::CarerHouseholdId))
                    .foreign_key(&mut to_people(S::Table, S::RequestedById))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sleepovers_constellation_nights")
                    .table(S::Table)
                    .col(S::ConstellationId)
                    .col(S::State)
                    .col(S::FirstNight)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sleepovers_household")
                    .table(S::Table)
                    .col(S::CarerHouseholdId)
                    .to_owned(),
            )
            .await?;
        use SleepoverChildren as K;
        manager
            .create_table(
                Table::create()
                    .table(K::Table)
                    .col(integer(K::SleepoverId))
                    .col(integer(K::ChildId))
                    .col(boolean(K::NeedsAgreement))
                    .col(timestamp_with_time_zone_null(K::AgreedAt))
                    .col(integer_null(K::AgreedById))
                    .primary_key(Index::create().col(K::SleepoverId).col(K::ChildId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(K::Table, K::SleepoverId)
                            .to(S::Table, S::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(K::Table, K::ChildId)
                            .to(Children::Table, Children::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut to_people(K::Table, K::AgreedById))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sleepover_children_child")
                    .table(K::Table)
                    .col(K::ChildId)
                    .to_owned(),
            )
            .await?;
        use CheckIns as I;
        manager
            .create_table(
                Table::create()
                    .table(I::Table)
                    .col(pk_auto(I::Id))
                    .col(integer(I::ConstellationId))
                    .col(integer(I::CarerHouseholdId))
                    .col(string(I::Contact))
                    .col(date(I::ContactedOn))
                    .col(string_null(I::Note))
                    .col(integer_null(I::RecordedById))
                    .col(timestamp_with_time_zone(I::RecordedAt))
                    .foreign_key(&mut to_constellations(I::Table, I::ConstellationId))
                    .foreign_key(&mut to_carer_households(I::Table, I::CarerHouseholdId))
                    .foreign_key(&mut to_people(I::Table, I::RecordedById))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_check_ins_family")
                    .table(I::Table)
                    .col(I::ConstellationId)
                    .col(I::CarerHouseholdId)
                    .col(I::ContactedOn)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CheckIns::Table.into_iden(),
            SleepoverChildren::Table.into_iden(),
            Sleepovers::Table.into_iden(),
            HubUnavailableNights::Table.into_iden(),
            ConstellationLiaisonWorkers::Table.into_iden(),
            ConstellationMembers::Table.into_iden(),
            Constellations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(OrganisationProfiles::Table)
                    .drop_column(OrganisationProfiles::OutOfHoursPhone)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
