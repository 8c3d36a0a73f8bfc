//! Information events (online or in person, with a capacity) and who
//! registered for them, and initial home visits booked with an officer.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    double_null, integer, integer_null, pk_auto, string, string_null, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InformationEvents {
    Table,
    Id,
    OrganisationId,
    Title,
    Description,
    /// `information` (for anyone thinking about fostering) or `training`
    /// (preparation training, for applicants).
    Purpose,
    /// `online` or `in_person`.
    Format,
    StartsAt,
    EndsAt,
    /// In person: the address, and the postcode that places it on a map.
    Venue,
    Postcode,
    Latitude,
    Longitude,
    /// Online: shown only to those registered.
    JoiningLink,
    Capacity,
    CancelledAt,
    CreatedById,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EventRegistrations {
    Table,
    Id,
    EventId,
    Name,
    /// Lower case: one registration per address per event.
    Email,
    /// The household whose enquiry this is, when there is one.
    HouseholdId,
    /// `attended` or `did_not_attend`, once staff have said.
    Attendance,
    AttendanceById,
    AttendanceAt,
    RegisteredAt,
    /// When the reminder the day before was queued.
    ReminderQueuedAt,
    /// When the friendly follow-up after a missed event was queued.
    FollowUpQueuedAt,
}

#[derive(DeriveIden)]
enum HomeVisits {
    Table,
    Id,
    HouseholdId,
    OfficerId,
    StartsAt,
    Place,
    BookedById,
    BookedAt,
    /// `completed` or `did_not_happen`, once recorded.
    Outcome,
    OutcomeNote,
    OutcomeById,
    OutcomeAt,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
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

fn key(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        use InformationEvents as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(pk_auto(E::Id))
                    .col(integer(E::OrganisationId))
                    .col(string(E::Title))
                    .col(text(E::Description))
                    .col(string(E::Purpose).default("information"))
                    .col(string(E::Format))
                    .col(timestamp_with_time_zone(E::StartsAt))
                    .col(timestamp_with_time_zone(E::EndsAt))
                    .col(text_null(E::Venue))
                    .col(string_null(E::Postcode))
                    .col(double_null(E::Latitude))
                    .col(double_null(E::Longitude))
                    .col(text_null(E::JoiningLink))
                    .col(integer(E::Capacity))
                    .col(timestamp_with_time_zone_null(E::CancelledAt))
                    .col(integer_null(E::CreatedById))
                    .col(timestamp_with_time_zone(E::CreatedAt))
                    .foreign_key(&mut key(
                        "fk_information_events_organisation",
                        (E::Table, E::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut key(
                        "fk_information_events_created_by",
                        (E::Table, E::CreatedById),
                        (People::Table, People::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        use EventRegistrations as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(pk_auto(R::Id))
                    .col(integer(R::EventId))
                    .col(string(R::Name))
                    .col(string(R::Email))
                    .col(integer_null(R::HouseholdId))
                    .col(string_null(R::Attendance))
                    .col(integer_null(R::AttendanceById))
                    .col(timestamp_with_time_zone_null(R::AttendanceAt))
                    .col(timestamp_with_time_zone(R::RegisteredAt))
                    .col(timestamp_with_time_zone_null(R::ReminderQueuedAt))
                    .col(timestamp_with_time_zone_null(R::FollowUpQueuedAt))
                    .foreign_key(&mut key(
                        "fk_event_registrations_event",
                        (R::Table, R::EventId),
                        (E::Table, E::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut key(
                        "fk_event_registrations_household",
                        (R::Table, R::HouseholdId),
                        (Households::Table, Households::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut key(
                        "fk_event_registrations_attendance_by",
                        (R::Table, R::AttendanceById),
                        (People::Table, People::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        use HomeVisits as V;
        manager
            .create_table(
                Table::create()
                    .table(V::Table)
                    .col(pk_auto(V::Id))
                    .col(integer(V::HouseholdId))
                    .col(integer(V::OfficerId))
                    .col(timestamp_with_time_zone(V::StartsAt))
                    .col(text(V::Place))
                    .col(integer_null(V::BookedById))
                    .col(timestamp_with_time_zone(V::BookedAt))
                    .col(string_null(V::Outcome))
                    .col(text_null(V::OutcomeNote))
                    .col(integer_null(V::OutcomeById))
                    .col(timestamp_with_time_zone_null(V::OutcomeAt))
                    .foreign_key(&mut key(
                        "fk_home_visits_household",
                        (V::Table, V::HouseholdId),
                        (Households::Table, Households::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut key(
                        "fk_home_visits_officer",
                        (V::Table, V::OfficerId),
                        (People::Table, People::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut key(
                        "fk_home_visits_booked_by",
                        (V::Table, V::BookedById),
                        (People::Table, People::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut key(
                        "fk_home_visits_outcome_by",
                        (V::Table, V::OutcomeById),
                        (People::Table, People::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_event_registrations_event_email")
                    .table(R::Table)
                    .col(R::EventId)
                    .col(R::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, table, columns) in [
            (
                "idx_information_events_starts",
                E::Table.into_iden(),
                vec![E::StartsAt.into_iden()],
            ),
            (
                "idx_information_events_organisation",
                E::Table.into_iden(),
                vec![E::OrganisationId.into_iden(), E::StartsAt.into_iden()],
            ),
            (
                "idx_event_registrations_household",
                R::Table.into_iden(),
                vec![R::HouseholdId.into_iden()],
            ),
            (
                "idx_home_visits_household",
                V::Table.into_iden(),
                vec![V::HouseholdId.into_iden()],
            ),
        ] {
            let mut index = Index::create().name(name).table(table).to_owned();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            HomeVisits::Table.into_iden(),
            EventRegistrations::Table.into_iden(),
            InformationEvents::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
