//! Yearly targets for new carers: the national programme's for England
//! (stored against the programme itself) and each service's own, for a
//! financial year, with who set them and when.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, integer_null, timestamp_with_time_zone};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RecruitmentTargets {
    Table,
    OrganisationId,
    /// The year the financial year starts in: 2026 for April 2026 to
    /// March 2027.
    FinancialYear,
    /// Households to approve in the year.
    Approvals,
    SetById,
    SetAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use RecruitmentTargets as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(integer(T::OrganisationId))
                    .col(integer(T::FinancialYear))
                    .col(integer(T::Approvals))
                    .col(integer_null(T::SetById))
                    .col(timestamp_with_time_zone(T::SetAt))
                    .primary_key(Index::create().col(T::OrganisationId).col(T::FinancialYear))
                    .foreign_key(
                        ForeignKey::create()
                            .from(T::Table, T::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RecruitmentTargets::Table).to_owned())
            .await
    }
}
