//! Peer support, second part: people asking for a peer supporter, and the
//! mentoring relationships a coordinator confirms between them, each a
//! state machine whose moves are in the workflow history.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, integer, integer_null, pk_auto, string, text, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum PeerSupportRequests {
    Table,
    Id,
    OrganisationId,
    /// The person asking.
    PersonId,
    /// Their household, for an applicant.
    HouseholdId,
    /// `FosteringKind` stored names, comma-separated.
    Kinds,
    /// Comma-separated, as they wrote them.
    Languages,
    Outcode,
    /// A `RequestState`'s stored name.
    State,
    AskedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MentoringRelationships {
    Table,
    Id,
    OrganisationId,
    RequestId,
    SupporterId,
    MenteeId,
    /// A `RelationshipState`'s stored name.
    State,
    StartedAt,
    EndsOn,
    EndedAt,
    EndReason,
    ConfirmedById,
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
enum Households {
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
        use PeerSupportRequests as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(pk_auto(R::Id))
                    .col(integer(R::OrganisationId))
                    .col(integer(R::PersonId))
                    .col(integer_null(R::HouseholdId))
                    .col(text(R::Kinds))
                    .col(text(R::Languages))
                    .col(string(R::Outcode))
                    .col(string(R::State))
                    .col(timestamp_with_time_zone(R::AskedAt))
                    .foreign_key(&mut to(
                        (R::Table, R::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut to(
                        (R::Table, R::PersonId),
                        (People::Table, People::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut to(
                        (R::Table, R::HouseholdId),
                        (Households::Table, Households::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // One standing request a person per organisation.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_peer_support_requests_waiting \
                 ON peer_support_requests (organisation_id, person_id) WHERE state = 'waiting'",
            )
            .await?;
        use MentoringRelationships as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(pk_auto(M::Id))
                    .col(integer(M::OrganisationId))
                    .col(integer(M::RequestId))
                    .col(integer(M::SupporterId))
                    .col(integer(M::MenteeId))
                    .col(string(M::State))
                    .col(timestamp_with_time_zone(M::StartedAt))
                    .col(date(M::EndsOn))
                    .col(timestamp_with_time_zone_null(M::EndedAt))
                    .col(text_null(M::EndReason))
                    .col(integer_null(M::ConfirmedById))
                    .foreign_key(&mut to(
                        (M::Table, M::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut to(
                        (M::Table, M::RequestId),
                        (R::Table, R::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut to(
                        (M::Table, M::SupporterId),
                        (PeerSupporters::Table, PeerSupporters::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut to(
                        (M::Table, M::MenteeId),
                        (People::Table, People::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut to(
                        (M::Table, M::ConfirmedById),
                        (People::Table, People::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // One active relationship a mentee per organisation.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_mentoring_relationships_active \
                 ON mentoring_relationships (organisation_id, mentee_id) WHERE state = 'active'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MentoringRelationships::Table.into_iden(),
            PeerSupportRequests::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
