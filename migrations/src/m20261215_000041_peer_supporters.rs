//! Peer support, first part: a peer supporter's profile in an organisation
//! (what they know, how they meet, how many mentees they take), the weekly
//! windows they offer (weekday and London times, kept as people say them)
//! and the dates they are away.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, integer, pk_auto, string, string_null, text, timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum PeerSupporters {
    Table,
    Id,
    OrganisationId,
    PersonId,
    YearsFostering,
    /// `FosteringKind` stored names, comma-separated.
    Kinds,
    /// As the supporter writes them, comma-separated.
    Languages,
    /// The postcode district they cover.
    Outcode,
    /// `phone`, `video`, `in_person`, comma-separated.
    Ways,
    Capacity,
    MeetingMinutes,
    /// Shown only to the supporter and their mentee.
    VideoLink,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PeerAvailability {
    Table,
    Id,
    SupporterId,
    /// 1 (Monday) to 7 (Sunday).
    Weekday,
    /// London time, `HH:MM`.
    StartsAt,
    EndsAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PeerTimeAway {
    Table,
    Id,
    SupporterId,
    FirstDay,
    LastDay,
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

fn cascade(
    (table, column): (impl IntoIden + Clone, impl IntoIden),
    (target, target_column): (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(target, target_column)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PeerSupporters as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(pk_auto(S::Id))
                    .col(integer(S::OrganisationId))
                    .col(integer(S::PersonId))
                    .col(integer(S::YearsFostering))
                    .col(text(S::Kinds))
                    .col(text(S::Languages))
                    .col(string(S::Outcode))
                    .col(string(S::Ways))
                    .col(integer(S::Capacity))
                    .col(integer(S::MeetingMinutes))
                    .col(string_null(S::VideoLink))
                    .col(timestamp_with_time_zone(S::UpdatedAt))
                    .foreign_key(&mut cascade(
                        (S::Table, S::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (S::Table, S::PersonId),
                        (People::Table, People::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_peer_supporters_person")
                    .table(S::Table)
                    .col(S::OrganisationId)
                    .col(S::PersonId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        use PeerAvailability as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(pk_auto(A::Id))
                    .col(integer(A::SupporterId))
                    .col(integer(A::Weekday))
                    .col(string(A::StartsAt))
                    .col(string(A::EndsAt))
                    .foreign_key(&mut cascade((A::Table, A::SupporterId), (S::Table, S::Id)))
                    .to_owned(),
            )
            .await?;
        use PeerTimeAway as W;
        manager
            .create_table(
                Table::create()
                    .table(W::Table)
                    .col(pk_auto(W::Id))
                    .col(integer(W::SupporterId))
                    .col(date(W::FirstDay))
                    .col(date(W::LastDay))
                    .foreign_key(&mut cascade((W::Table, W::SupporterId), (S::Table, S::Id)))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PeerTimeAway::Table.into_iden(),
            PeerAvailability::Table.into_iden(),
            PeerSupporters::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
