//! Delegated authority: each service's changes to the list of day-to-day
//! decisions, the exceptions to each child's defaults, versioned (a row per
//! change, the latest per decision standing), and the decisions carers log
//! under it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, date, integer, integer_null, pk_auto, string, string_null, text,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum DelegatedAuthorityExceptions {
    Table,
    Id,
    ChildId,
    ItemKey,
    Holder,
    Conditions,
    TellSocialWorker,
    Reason,
    RecordedById,
    RecordedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DelegatedDecisions {
    Table,
    Id,
    ChildId,
    ItemKey,
    DecidedOn,
    Note,
    LoggedById,
    LoggedAt,
}

/// A service's changes to the list of day-to-day decisions: one it added,
/// or one of the defaults it took off.
#[derive(DeriveIden, Clone, Copy)]
enum DelegatedAuthorityItems {
    Table,
    Id,
    OrganisationId,
    DefaultKey,
    Area,
    Decision,
    CreatedById,
    CreatedAt,
    RetiredAt,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Children {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use DelegatedAuthorityItems as I;
        manager
            .create_table(
                Table::create()
                    .table(I::Table)
                    .col(pk_auto(I::Id))
                    .col(integer(I::OrganisationId))
                    .col(string_null(I::DefaultKey))
                    .col(string_null(I::Area))
                    .col(string_null(I::Decision))
                    .col(integer_null(I::CreatedById))
                    .col(timestamp_with_time_zone(I::CreatedAt))
                    .col(timestamp_with_time_zone_null(I::RetiredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(I::Table, I::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(I::Table, I::CreatedById)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_delegated_items_organisation")
                    .table(I::Table)
                    .col(I::OrganisationId)
                    .to_owned(),
            )
            .await?;
        use DelegatedAuthorityExceptions as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(pk_auto(E::Id))
                    .col(integer(E::ChildId))
                    .col(string(E::ItemKey))
                    .col(string(E::Holder))
                    .col(text(E::Conditions))
                    .col(boolean(E::TellSocialWorker))
                    .col(text(E::Reason))
                    .col(integer_null(E::RecordedById))
                    .col(timestamp_with_time_zone(E::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::ChildId)
                            .to(Children::Table, Children::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::RecordedById)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_delegated_exceptions_child")
                    .table(E::Table)
                    .col(E::ChildId)
                    .col(E::ItemKey)
                    .to_owned(),
            )
            .await?;
        use DelegatedDecisions as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(pk_auto(D::Id))
                    .col(integer(D::ChildId))
                    .col(string(D::ItemKey))
                    .col(date(D::DecidedOn))
                    .col(text(D::Note))
                    .col(integer_null(D::LoggedById))
                    .col(timestamp_with_time_zone(D::LoggedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(D::Table, D::ChildId)
                            .to(Children::Table, Children::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(D::Table, D::LoggedById)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_delegated_decisions_child")
                    .table(D::Table)
                    .col(D::ChildId)
                    .col(D::DecidedOn)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DelegatedDecisions::Table.into_iden(),
            DelegatedAuthorityExceptions::Table.into_iden(),
            DelegatedAuthorityItems::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
