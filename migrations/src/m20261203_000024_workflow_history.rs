//! The history of the small workflows of a household (a Stage 1 check, a
//! reference, a home visit, a proposal's 28 days): one append-only row per
//! move, as `household_history` is for the funnel.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, integer_null, pk_auto, string, text_null, timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WorkflowHistory {
    Table,
    Id,
    Workflow,
    RecordId,
    HouseholdId,
    At,
    ActorId,
    Event,
    FromState,
    ToState,
    Reason,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WorkflowHistory::Table)
                    .col(pk_auto(WorkflowHistory::Id))
                    .col(string(WorkflowHistory::Workflow))
                    .col(integer(WorkflowHistory::RecordId))
                    .col(integer(WorkflowHistory::HouseholdId))
                    .col(timestamp_with_time_zone(WorkflowHistory::At))
                    .col(integer_null(WorkflowHistory::ActorId))
                    .col(string(WorkflowHistory::Event))
                    .col(string(WorkflowHistory::FromState))
                    .col(string(WorkflowHistory::ToState))
                    .col(text_null(WorkflowHistory::Reason))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_workflow_history_household")
                            .from(WorkflowHistory::Table, WorkflowHistory::HouseholdId)
                            .to(Households::Table, Households::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_workflow_history_actor")
                            .from(WorkflowHistory::Table, WorkflowHistory::ActorId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workflow_history_record")
                    .table(WorkflowHistory::Table)
                    .col(WorkflowHistory::Workflow)
                    .col(WorkflowHistory::RecordId)
                    .col(WorkflowHistory::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WorkflowHistory::Table).to_owned())
            .await
    }
}
