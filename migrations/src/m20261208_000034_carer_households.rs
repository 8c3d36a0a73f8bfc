//! Carer households: a household approved to foster, or temporarily
//! approved as a connected person, stays a living record of its service
//! after the decision. Its terms start as the decision's; its annual review
//! falls due a year after approval. The households approved before this
//! migration become carer households here.

use chrono::{DateTime, Months, NaiveDate, Utc};
use chrono_tz::Europe::London;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, date, date_null, integer, integer_null, pk_auto, string_null, timestamp_with_time_zone,
};
use sea_orm_migration::sea_orm::{FromQueryResult, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CarerHouseholds {
    Table,
    Id,
    HouseholdId,
    OrganisationId,
    /// The decision's day, or a connected person's temporary approval's.
    ApprovedOn,
    ConnectedPerson,
    /// The terms of approval: how many children, their ages, the kinds of
    /// care (a JSON list); none while only temporarily approved.
    Children,
    AgeFrom,
    AgeTo,
    Kinds,
    SupervisingSocialWorkerId,
    ReviewDueOn,
    LeftOn,
    LeavingReason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Households {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

/// A household approved before this migration.
#[derive(FromQueryResult)]
struct Approved {
    id: i32,
    organisation_id: i32,
    decided_at: Option<DateTime<Utc>>,
    temporarily_on: Option<NaiveDate>,
    children: Option<i32>,
    age_from: Option<i32>,
    age_to: Option<i32>,
    kinds: Option<String>,
}

/// Approved by a decision, or under a temporary approval and not closed.
const APPROVED: &str = "SELECT h.id, h.organisation_id, d.decided_at, \
     t.approved_on AS temporarily_on, d.children, d.age_from, d.age_to, d.kinds \
     FROM households h \
     LEFT JOIN decisions d ON d.household_id = h.id AND d.outcome = 'approved' \
     LEFT JOIN temporary_approvals t ON t.household_id = h.id \
     WHERE (h.stage = 'approved' AND d.household_id IS NOT NULL) \
     OR (t.household_id IS NOT NULL AND h.status <> 'closed') \
     ORDER BY h.id";

async fn backfill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CarerHouseholds as C;
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let approved = Approved::find_by_statement(Statement::from_string(backend, APPROVED))
        .all(db)
        .await?;
    let now = Utc::now();
    for chunk in approved.chunks(500) {
        let mut insert = Query::insert();
        insert.into_table(C::Table).columns([
            C::HouseholdId,
            C::OrganisationId,
            C::ApprovedOn,
            C::ConnectedPerson,
            C::Children,
            C::AgeFrom,
            C::AgeTo,
            C::Kinds,
            C::ReviewDueOn,
            C::CreatedAt,
        ]);
        for row in chunk {
            // The decision's day in London, as every day Hearth shows.
            let Some(approved_on) = row
                .decided_at
                .map(|at| at.with_timezone(&London).date_naive())
                .or(row.temporarily_on)
            else {
                continue;
            };
            let review_due_on = approved_on
                .checked_add_months(Months::new(12))
                .unwrap_or(approved_on);
            insert
                .values([
                    row.id.into(),
                    row.organisation_id.into(),
                    approved_on.into(),
                    // A connected person stays one once approved by the decision.
                    row.temporarily_on.is_some().into(),
                    row.children.into(),
                    row.age_from.into(),
                    row.age_to.into(),
                    row.kinds.clone().into(),
                    review_due_on.into(),
                    now.into(),
                ])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        if !chunk.is_empty() {
            manager.exec_stmt(insert).await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use CarerHouseholds as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(pk_auto(C::Id))
                    .col(integer(C::HouseholdId).unique_key())
                    .col(integer(C::OrganisationId))
                    .col(date(C::ApprovedOn))
                    .col(boolean(C::ConnectedPerson))
                    .col(integer_null(C::Children))
                    .col(integer_null(C::AgeFrom))
                    .col(integer_null(C::AgeTo))
                    .col(string_null(C::Kinds))
                    .col(integer_null(C::SupervisingSocialWorkerId))
                    .col(date(C::ReviewDueOn))
                    .col(date_null(C::LeftOn))
                    .col(string_null(C::LeavingReason))
                    .col(timestamp_with_time_zone(C::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::HouseholdId)
                            .to(Households::Table, Households::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::OrganisationId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::SupervisingSocialWorkerId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // A service's carers by when their review falls due; a worker's
        // own carers.
        for (name, columns) in [
            (
                "idx_carer_households_review_due",
                vec![C::OrganisationId, C::ReviewDueOn],
            ),
            (
                "idx_carer_households_worker",
                vec![C::SupervisingSocialWorkerId, C::ReviewDueOn],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(C::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index).await?;
        }
        backfill(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CarerHouseholds::Table).to_owned())
            .await
    }
}
