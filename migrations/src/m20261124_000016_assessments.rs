//! Stage 2: the assessing social worker assigned to a household, the
//! assessment report's (Form F) sections and their progress, and the
//! assessment visits.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, integer, integer_null, pk_auto, string, text, timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Assessments {
    Table,
    HouseholdId,
    AssessorId,
    AssignedAt,
    AssignedById,
}

#[derive(DeriveIden)]
enum AssessmentSections {
    Table,
    HouseholdId,
    /// A `ReportSection`'s stored name.
    Section,
    /// `in_progress` or `complete`.
    Status,
    UpdatedAt,
    UpdatedById,
}

#[derive(DeriveIden)]
enum AssessmentVisits {
    Table,
    Id,
    HouseholdId,
    VisitedOn,
    ById,
    Note,
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

fn household_key(name: &str, from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(Households::Table, Households::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn person_key(name: &str, from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(People::Table, People::Id)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Assessments as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(integer(A::HouseholdId).primary_key())
                    .col(integer_null(A::AssessorId))
                    .col(timestamp_with_time_zone(A::AssignedAt))
                    .col(integer_null(A::AssignedById))
                    .foreign_key(&mut household_key(
                        "fk_assessments_household",
                        (A::Table, A::HouseholdId),
                    ))
                    .foreign_key(&mut person_key(
                        "fk_assessments_assessor",
                        (A::Table, A::AssessorId),
                    ))
                    .foreign_key(&mut person_key(
                        "fk_assessments_assigned_by",
                        (A::Table, A::AssignedById),
                    ))
                    .to_owned(),
            )
            .await?;
        use AssessmentSections as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(integer(S::HouseholdId))
                    .col(string(S::Section))
                    .col(string(S::Status))
                    .col(timestamp_with_time_zone(S::UpdatedAt))
                    .col(integer_null(S::UpdatedById))
                    .primary_key(Index::create().col(S::HouseholdId).col(S::Section))
                    .foreign_key(&mut household_key(
                        "fk_assessment_sections_household",
                        (S::Table, S::HouseholdId),
                    ))
                    .foreign_key(&mut person_key(
                        "fk_assessment_sections_updated_by",
                        (S::Table, S::UpdatedById),
                    ))
                    .to_owned(),
            )
            .await?;
        use AssessmentVisits as V;
        manager
            .create_table(
                Table::create()
                    .table(V::Table)
                    .col(pk_auto(V::Id))
                    .col(integer(V::HouseholdId))
                    .col(date(V::VisitedOn))
                    .col(integer_null(V::ById))
                    .col(text(V::Note))
                    .foreign_key(&mut household_key(
                        "fk_assessment_visits_household",
                        (V::Table, V::HouseholdId),
                    ))
                    .foreign_key(&mut person_key(
                        "fk_assessment_visits_by",
                        (V::Table, V::ById),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_assessment_visits_household")
                    .table(V::Table)
                    .col(V::HouseholdId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AssessmentVisits::Table.into_iden(),
            AssessmentSections::Table.into_iden(),
            Assessments::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
