//! Peer support, third part: a service's peer support settings; both
//! sides accepting the mentoring agreement; meetings a mentee books in
//! their supporter's free slots, one booked meeting a supporter per
//! moment, held by a unique index; the meetings' log; and the feedback
//! each side gives at the end.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, date, integer, integer_null, pk_auto, string, text, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum PeerSupportSettings {
    Table,
    OrganisationId,
    /// Kent's model: everyone invited to apply is offered a supporter.
    MentorAtInvitation,
    /// How long before a meeting either side may still move or cancel it.
    ChangeNoticeHours,
    /// How many meetings a month the service expects a pair to have.
    MeetingsAMonth,
    /// Whether the scheme pays supporters' mileage.
    PaysMileage,
    /// The service's mentoring agreement; empty for the standard one.
    Agreement,
    UpdatedAt,
    UpdatedById,
}

#[derive(DeriveIden, Clone, Copy)]
enum MentoringRelationships {
    Table,
    Id,
    MenteeAgreedAt,
    SupporterAgreedAt,
    /// When the reminder that it is ending soon was queued.
    EndRemindedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PeerBookings {
    Table,
    Id,
    RelationshipId,
    SupporterId,
    StartsAt,
    EndsAt,
    /// A `Way`'s stored name.
    Way,
    /// A `BookingState`'s stored name.
    State,
    /// The same for a booking and the bookings it is moved to, so a
    /// calendar updates its entry.
    CalendarUid,
    BookedById,
    BookedAt,
    ReminderQueuedAt,
    ChangedAt,
    ChangedById,
}

#[derive(DeriveIden, Clone, Copy)]
enum PeerMeetingLogs {
    Table,
    Id,
    RelationshipId,
    HeldOn,
    /// A `Way`'s stored name.
    Way,
    Minutes,
    /// `Topic` stored names, comma-separated.
    Topics,
    /// Only where the scheme pays mileage.
    Miles,
    LoggedById,
    LoggedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PeerFeedback {
    Table,
    Id,
    RelationshipId,
    PersonId,
    /// "mentee" or "supporter".
    Side,
    /// 1 (not at all) to 5 (a great deal).
    Helped,
    WouldRecommend,
    GivenAt,
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
enum PeerSupporters {
    Table,
    Id,
}

fn to(
    (table, column): (impl IntoIden + Clone, impl IntoIden),
    (target, target_column): (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(target, target_column)
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        use PeerSupportSettings as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(integer(S::OrganisationId).primary_key())
                    .col(boolean(S::MentorAtInvitation))
                    .col(integer(S::ChangeNoticeHours))
                    .col(integer(S::MeetingsAMonth))
                    .col(boolean(S::PaysMileage))
                    .col(text(S::Agreement))
                    .col(timestamp_with_time_zone(S::UpdatedAt))
                    .col(integer_null(S::UpdatedById))
                    .foreign_key(&mut to(
                        (S::Table, S::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut to(
                        (S::Table, S::UpdatedById),
                        (People::Table, People::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        use MentoringRelationships as M;
        // SQLite adds one column an ALTER.
        for column in [M::MenteeAgreedAt, M::SupporterAgreedAt, M::EndRemindedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(M::Table)
                        .add_column(timestamp_with_time_zone_null(column))
                        .to_owned(),
                )
                .await?;
        }
        use PeerBookings as B;
        manager
            .create_table(
                Table::create()
                    .table(B::Table)
                    .col(pk_auto(B::Id))
                    .col(integer(B::RelationshipId))
                    .col(integer(B::SupporterId))
                    .col(timestamp_with_time_zone(B::StartsAt))
                    .col(timestamp_with_time_zone(B::EndsAt))
                    .col(string(B::Way))
                    .col(string(B::State))
                    .col(string(B::CalendarUid))
                    .col(integer_null(B::BookedById))
                    .col(timestamp_with_time_zone(B::BookedAt))
                    .col(timestamp_with_time_zone_null(B::ReminderQueuedAt))
                    .col(timestamp_with_time_zone_null(B::ChangedAt))
                    .col(integer_null(B::ChangedById))
                    .foreign_key(&mut to(
                        (B::Table, B::RelationshipId),
                        (M::Table, M::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut to(
                        (B::Table, B::SupporterId),
                        (PeerSupporters::Table, PeerSupporters::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut to(
                        (B::Table, B::BookedById),
                        (People::Table, People::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut to(
                        (B::Table, B::ChangedById),
                        (People::Table, People::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // A supporter is in one booked meeting a moment: however many
        // mentees press "Book" at once, one gets the slot.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_peer_bookings_booked \
                 ON peer_bookings (supporter_id, starts_at) WHERE state = 'booked'",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_peer_bookings_relationship")
                    .table(B::Table)
                    .col(B::RelationshipId)
                    .to_owned(),
            )
            .await?;
        use PeerMeetingLogs as L;
        manager
            .create_table(
                Table::create()
                    .table(L::Table)
                    .col(pk_auto(L::Id))
                    .col(integer(L::RelationshipId))
                    .col(date(L::HeldOn))
                    .col(string(L::Way))
                    .col(integer(L::Minutes))
                    .col(text(L::Topics))
                    .col(integer_null(L::Miles))
                    .col(integer_null(L::LoggedById))
                    .col(timestamp_with_time_zone(L::LoggedAt))
                    .foreign_key(&mut to(
                        (L::Table, L::RelationshipId),
                        (M::Table, M::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut to(
                        (L::Table, L::LoggedById),
                        (People::Table, People::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_peer_meeting_logs_relationship")
                    .table(L::Table)
                    .col(L::RelationshipId)
                    .col(L::HeldOn)
                    .to_owned(),
            )
            .await?;
        use PeerFeedback as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(pk_auto(F::Id))
                    .col(integer(F::RelationshipId))
                    .col(integer(F::PersonId))
                    .col(string(F::Side))
                    .col(integer(F::Helped))
                    .col(boolean(F::WouldRecommend))
                    .col(timestamp_with_time_zone(F::GivenAt))
                    .foreign_key(&mut to(
                        (F::Table, F::RelationshipId),
                        (M::Table, M::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut to(
                        (F::Table, F::PersonId),
                        (People::Table, People::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // One answer a side.
        manager
            .create_index(
                Index::create()
                    .name("uq_peer_feedback_side")
                    .table(F::Table)
                    .col(F::RelationshipId)
                    .col(F::Side)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PeerFeedback::Table.into_iden(),
            PeerMeetingLogs::Table.into_iden(),
            PeerBookings::Table.into_iden(),
            PeerSupportSettings::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        use MentoringRelationships as M;
        for column in [M::EndRemindedAt, M::SupporterAgreedAt, M::MenteeAgreedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(M::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
