//! A constellation's meetings, activities and trips, published by its hub
//! carer or liaison worker, and each household's answer for each of its
//! people (its carers and, when the meeting is for them, its children):
//! who is coming, who came, and when the household was reminded. A
//! sleepover keeps the hub home that accepted it: only its carers read what
//! the hub needs to know, not a hub that comes later.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, boolean_null, integer, integer_null, pk_auto, string, text, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ConstellationMeetings {
    Table,
    Id,
    ConstellationId,
    /// A `MeetingKind`'s stored name.
    Kind,
    Title,
    Place,
    About,
    StartsAt,
    EndsAt,
    /// `carers`, `children` or `both`.
    ForWhom,
    PublishedById,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MeetingAnswers {
    Table,
    Id,
    MeetingId,
    CarerHouseholdId,
    /// `carer:{person id}` or `child:{child id}`.
    PersonKey,
    /// As the answer was given: a carer's name, a child's first name and
    /// initial.
    Name,
    Coming,
    /// Recorded afterwards; never required.
    Attended,
    AnsweredById,
    AnsweredAt,
    ReminderQueuedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sleepovers {
    Table,
    /// The hub home that accepted it.
    HubCarerHouseholdId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Constellations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum CarerHouseholds {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum People {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Sleepovers::Table)
                    .add_column(integer_null(Sleepovers::HubCarerHouseholdId))
                    .to_owned(),
            )
            .await?;
        use ConstellationMeetings as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(pk_auto(M::Id))
                    .col(integer(M::ConstellationId))
                    .col(string(M::Kind))
                    .col(string(M::Title))
                    .col(text(M::Place))
                    .col(text(M::About))
                    .col(timestamp_with_time_zone(M::StartsAt))
                    .col(timestamp_with_time_zone(M::EndsAt))
                    .col(string(M::ForWhom))
                    .col(integer_null(M::PublishedById))
                    .col(timestamp_with_time_zone(M::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(M::Table, M::ConstellationId)
                            .to(Constellations::Table, Constellations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(M::Table, M::PublishedById)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_constellation_meetings_starts")
                    .table(M::Table)
                    .col(M::ConstellationId)
                    .col(M::StartsAt)
                    .to_owned(),
            )
            .await?;
        use MeetingAnswers as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(pk_auto(A::Id))
                    .col(integer(A::MeetingId))
                    .col(integer(A::CarerHouseholdId))
                    .col(string(A::PersonKey))
                    .col(string(A::Name))
                    .col(boolean(A::Coming))
                    .col(boolean_null(A::Attended))
                    .col(integer_null(A::AnsweredById))
                    .col(timestamp_with_time_zone(A::AnsweredAt))
                    .col(timestamp_with_time_zone_null(A::ReminderQueuedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::MeetingId)
                            .to(M::Table, M::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::CarerHouseholdId)
                            .to(CarerHouseholds::Table, CarerHouseholds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::AnsweredById)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_meeting_answers_person")
                    .table(A::Table)
                    .col(A::MeetingId)
                    .col(A::CarerHouseholdId)
                    .col(A::PersonKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MeetingAnswers::Table.into_iden(),
            ConstellationMeetings::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Sleepovers::Table)
                    .drop_column(Sleepovers::HubCarerHouseholdId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
