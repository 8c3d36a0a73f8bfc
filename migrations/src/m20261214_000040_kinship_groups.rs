//! Kinship carer groups: the carers who register (no children's details),
//! the groups organisations run, who facilitates each, who asks to join
//! and who belongs, the sessions and workshops (rows of
//! `information_events`, so booking, calendar files and reminders are the
//! events' own), the weekly or monthly series sessions are made from, the
//! groups' announcements, and concerns routed to whoever must act on them.
//!
//! The history of a workflow need not be a household's any more: a
//! kinship carer's membership and a concern have none.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, date, date_null, double_null, integer, integer_null, pk_auto, string, string_null,
    text, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum KinshipCarers {
    Table,
    PersonId,
    /// An `Arrangement`'s stored name.
    Arrangement,
    /// The first half of their postcode: where groups are found near.
    Outcode,
    LocalAuthorityId,
    Children,
    RegisteredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum KinshipGroups {
    Table,
    Id,
    OrganisationId,
    Name,
    About,
    /// `in_person`, `online` or `both`.
    Format,
    /// `anyone`, `grandparents`, `male_carers` or `under_35s`.
    ForWhom,
    ChildrenWelcome,
    Venue,
    Postcode,
    Latitude,
    Longitude,
    /// Given to members only.
    JoiningLink,
    /// For online groups: `national`, `region` or `authorities`.
    Serves,
    RegionCode,
    Agreement,
    CreatedById,
    CreatedAt,
    ClosedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum KinshipGroupAreas {
    Table,
    GroupId,
    LocalAuthorityId,
}

#[derive(DeriveIden, Clone, Copy)]
enum KinshipGroupFacilitators {
    Table,
    GroupId,
    PersonId,
}

#[derive(DeriveIden, Clone, Copy)]
enum KinshipMemberships {
    Table,
    Id,
    GroupId,
    PersonId,
    /// A `MembershipState`'s stored name.
    State,
    AskedAt,
    DecidedAt,
    AgreementAcceptedAt,
    LeftAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum KinshipSeries {
    Table,
    Id,
    GroupId,
    Title,
    /// `weekly` or `monthly`.
    Repeats,
    /// 1 (Monday) to 7 (Sunday).
    Weekday,
    /// For monthly: the 1st to 4th such weekday, or 5 for the last.
    WeekOfMonth,
    /// London time, `HH:MM`: it holds across the clock changes.
    StartsAt,
    Minutes,
    Capacity,
    StartsOn,
    EndsOn,
    /// The last date sessions have been made up to.
    MadeUntil,
    CreatedById,
    CreatedAt,
    StoppedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum KinshipSessions {
    Table,
    EventId,
    GroupId,
    SeriesId,
    /// Any registered kinship carer may book, not only members.
    OpenToAll,
}

#[derive(DeriveIden, Clone, Copy)]
enum KinshipAnnouncements {
    Table,
    Id,
    GroupId,
    Title,
    Body,
    PostedById,
    PostedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Concerns {
    Table,
    Id,
    /// The organisation whose people act on it.
    OrganisationId,
    RaisedById,
    /// What it is about: a `ConcernAbout`'s stored name and its record.
    AboutKind,
    AboutId,
    What,
    /// A `ConcernState`'s stored name.
    State,
    RaisedAt,
    ClosedAt,
    ClosedById,
    Outcome,
}

#[derive(DeriveIden, Clone, Copy)]
enum ConcernRoutes {
    Table,
    Id,
    ConcernId,
    /// Everyone holding this role in the concern's organisation...
    Role,
    /// ...or this one person.
    PersonId,
}

#[derive(DeriveIden, Clone, Copy)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum LocalAuthorities {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum InformationEvents {
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

const CASCADE: ForeignKeyAction = ForeignKeyAction::Cascade;
const SET_NULL: ForeignKeyAction = ForeignKeyAction::SetNull;

/// SQLite cannot drop a NOT NULL: the table is made again from its own
/// definition with the one column changed, as SQLite's documentation
/// describes, and its rows copied across.
async fn household_optional_in_history(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if manager.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(
            "ALTER TABLE workflow_history ALTER COLUMN household_id DROP NOT NULL",
        )
        .await?;
        return Ok(());
    }
    // One connection for every step: another of the pool's connections may
    // still hold the old schema and refuse the rename.
    let txn = db.begin().await?;
    let db = &txn;
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'workflow_history'",
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("workflow_history is missing".into()))?;
    let definition: String = row.try_get("", "sql")?;
    let column = "\"household_id\" integer NOT NULL";
    // Already optional: a database taken down and up again.
    if definition.contains("\"household_id\" integer NULL") {
        return txn.commit().await;
    }
    if !definition.contains(column) {
        return Err(DbErr::Custom(format!(
            "workflow_history is not as expected: {definition}"
        )));
    }
    let remade = definition
        .replacen("\"workflow_history\"", "\"workflow_history_new\"", 1)
        .replacen(column, "\"household_id\" integer NULL", 1);
    db.execute_unprepared(&remade).await?;
    db.execute_unprepared("INSERT INTO workflow_history_new SELECT * FROM workflow_history")
        .await?;
    db.execute_unprepared("DROP TABLE workflow_history").await?;
    db.execute_unprepared("ALTER TABLE workflow_history_new RENAME TO workflow_history")
        .await?;
    db.execute_unprepared(
        "CREATE INDEX idx_workflow_history_record \
         ON workflow_history (workflow, record_id, id)",
    )
    .await?;
    txn.commit().await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        household_optional_in_history(manager).await?;
        use KinshipCarers as K;
        manager
            .create_table(
                Table::create()
                    .table(K::Table)
                    .col(integer(K::PersonId).primary_key())
                    .col(string(K::Arrangement))
                    .col(string(K::Outcode))
                    .col(integer_null(K::LocalAuthorityId))
                    .col(integer(K::Children))
                    .col(timestamp_with_time_zone(K::RegisteredAt))
                    .foreign_key(&mut to(
                        (K::Table, K::PersonId),
                        (People::Table, People::Id),
                        CASCADE,
                    ))
                    .foreign_key(&mut to(
                        (K::Table, K::LocalAuthorityId),
                        (LocalAuthorities::Table, LocalAuthorities::Id),
                        SET_NULL,
                    ))
                    .to_owned(),
            )
            .await?;
        use KinshipGroups as G;
        manager
            .create_table(
                Table::create()
                    .table(G::Table)
                    .col(pk_auto(G::Id))
                    .col(integer(G::OrganisationId))
                    .col(string(G::Name))
                    .col(text(G::About))
                    .col(string(G::Format))
                    .col(string(G::ForWhom))
                    .col(boolean(G::ChildrenWelcome))
                    .col(string_null(G::Venue))
                    .col(string_null(G::Postcode))
                    .col(double_null(G::Latitude))
                    .col(double_null(G::Longitude))
                    .col(string_null(G::JoiningLink))
                    .col(string(G::Serves))
                    .col(string_null(G::RegionCode))
                    .col(text(G::Agreement))
                    .col(integer_null(G::CreatedById))
                    .col(timestamp_with_time_zone(G::CreatedAt))
                    .col(timestamp_with_time_zone_null(G::ClosedAt))
                    .foreign_key(&mut to(
                        (G::Table, G::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                        CASCADE,
                    ))
                    .foreign_key(&mut to(
                        (G::Table, G::CreatedById),
                        (People::Table, People::Id),
                        SET_NULL,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_kinship_groups_place")
                    .table(G::Table)
                    .col(G::Latitude)
                    .col(G::Longitude)
                    .to_owned(),
            )
            .await?;
        use KinshipGroupAreas as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(integer(A::GroupId))
                    .col(integer(A::LocalAuthorityId))
                    .primary_key(Index::create().col(A::GroupId).col(A::LocalAuthorityId))
                    .foreign_key(&mut to((A::Table, A::GroupId), (G::Table, G::Id), CASCADE))
                    .foreign_key(&mut to(
                        (A::Table, A::LocalAuthorityId),
                        (LocalAuthorities::Table, LocalAuthorities::Id),
                        CASCADE,
                    ))
                    .to_owned(),
            )
            .await?;
        use KinshipGroupFacilitators as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(integer(F::GroupId))
                    .col(integer(F::PersonId))
                    .primary_key(Index::create().col(F::GroupId).col(F::PersonId))
                    .foreign_key(&mut to((F::Table, F::GroupId), (G::Table, G::Id), CASCADE))
                    .foreign_key(&mut to(
                        (F::Table, F::PersonId),
                        (People::Table, People::Id),
                        CASCADE,
                    ))
                    .to_owned(),
            )
            .await?;
        use KinshipMemberships as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(pk_auto(M::Id))
                    .col(integer(M::GroupId))
                    .col(integer(M::PersonId))
                    .col(string(M::State))
                    .col(timestamp_with_time_zone(M::AskedAt))
                    .col(timestamp_with_time_zone_null(M::DecidedAt))
                    .col(timestamp_with_time_zone_null(M::AgreementAcceptedAt))
                    .col(timestamp_with_time_zone_null(M::LeftAt))
                    .foreign_key(&mut to((M::Table, M::GroupId), (G::Table, G::Id), CASCADE))
                    .foreign_key(&mut to(
                        (M::Table, M::PersonId),
                        (People::Table, People::Id),
                        CASCADE,
                    ))
                    .to_owned(),
            )
            .await?;
        // One request or membership of a group at a time; leaving or being
        // declined keeps the row, and a later request is a new one.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_kinship_memberships_current \
                 ON kinship_memberships (group_id, person_id) \
                 WHERE state IN ('asked', 'member')",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_kinship_memberships_person")
                    .table(M::Table)
                    .col(M::PersonId)
                    .to_owned(),
            )
            .await?;
        use KinshipSeries as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(pk_auto(S::Id))
                    .col(integer(S::GroupId))
                    .col(string(S::Title))
                    .col(string(S::Repeats))
                    .col(integer(S::Weekday))
                    .col(integer_null(S::WeekOfMonth))
                    .col(string(S::StartsAt))
                    .col(integer(S::Minutes))
                    .col(integer(S::Capacity))
                    .col(date(S::StartsOn))
                    .col(date_null(S::EndsOn))
                    .col(date_null(S::MadeUntil))
                    .col(integer_null(S::CreatedById))
                    .col(timestamp_with_time_zone(S::CreatedAt))
                    .col(timestamp_with_time_zone_null(S::StoppedAt))
                    .foreign_key(&mut to((S::Table, S::GroupId), (G::Table, G::Id), CASCADE))
                    .foreign_key(&mut to(
                        (S::Table, S::CreatedById),
                        (People::Table, People::Id),
                        SET_NULL,
                    ))
                    .to_owned(),
            )
            .await?;
        use KinshipSessions as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(integer(E::EventId).primary_key())
                    .col(integer(E::GroupId))
                    .col(integer_null(E::SeriesId))
                    .col(boolean(E::OpenToAll))
                    .foreign_key(&mut to(
                        (E::Table, E::EventId),
                        (InformationEvents::Table, InformationEvents::Id),
                        CASCADE,
                    ))
                    .foreign_key(&mut to((E::Table, E::GroupId), (G::Table, G::Id), CASCADE))
                    .foreign_key(&mut to(
                        (E::Table, E::SeriesId),
                        (S::Table, S::Id),
                        SET_NULL,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_kinship_sessions_group")
                    .table(E::Table)
                    .col(E::GroupId)
                    .to_owned(),
            )
            .await?;
        use KinshipAnnouncements as N;
        manager
            .create_table(
                Table::create()
                    .table(N::Table)
                    .col(pk_auto(N::Id))
                    .col(integer(N::GroupId))
                    .col(string(N::Title))
                    .col(text(N::Body))
                    .col(integer_null(N::PostedById))
                    .col(timestamp_with_time_zone(N::PostedAt))
                    .foreign_key(&mut to((N::Table, N::GroupId), (G::Table, G::Id), CASCADE))
                    .foreign_key(&mut to(
                        (N::Table, N::PostedById),
                        (People::Table, People::Id),
                        SET_NULL,
                    ))
                    .to_owned(),
            )
            .await?;
        use Concerns as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(pk_auto(C::Id))
                    .col(integer(C::OrganisationId))
                    .col(integer_null(C::RaisedById))
                    .col(string(C::AboutKind))
                    .col(integer(C::AboutId))
                    .col(text(C::What))
                    .col(string(C::State))
                    .col(timestamp_with_time_zone(C::RaisedAt))
                    .col(timestamp_with_time_zone_null(C::ClosedAt))
                    .col(integer_null(C::ClosedById))
                    .col(text_null(C::Outcome))
                    .foreign_key(&mut to(
                        (C::Table, C::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                        CASCADE,
                    ))
                    .foreign_key(&mut to(
                        (C::Table, C::RaisedById),
                        (People::Table, People::Id),
                        SET_NULL,
                    ))
                    .foreign_key(&mut to(
                        (C::Table, C::ClosedById),
                        (People::Table, People::Id),
                        SET_NULL,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_concerns_organisation")
                    .table(C::Table)
                    .col(C::OrganisationId)
                    .col(C::RaisedAt)
                    .to_owned(),
            )
            .await?;
        use ConcernRoutes as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(pk_auto(R::Id))
                    .col(integer(R::ConcernId))
                    .col(string_null(R::Role))
                    .col(integer_null(R::PersonId))
                    .foreign_key(&mut to(
                        (R::Table, R::ConcernId),
                        (C::Table, C::Id),
                        CASCADE,
                    ))
                    .foreign_key(&mut to(
                        (R::Table, R::PersonId),
                        (People::Table, People::Id),
                        CASCADE,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_concern_routes_concern")
                    .table(R::Table)
                    .col(R::ConcernId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ConcernRoutes::Table.into_iden(),
            Concerns::Table.into_iden(),
            KinshipAnnouncements::Table.into_iden(),
            KinshipSessions::Table.into_iden(),
            KinshipSeries::Table.into_iden(),
            KinshipMemberships::Table.into_iden(),
            KinshipGroupFacilitators::Table.into_iden(),
            KinshipGroupAreas::Table.into_iden(),
            KinshipGroups::Table.into_iden(),
            KinshipCarers::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
