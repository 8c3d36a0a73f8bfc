//! What an organisation says of itself to the public (profile, contact
//! details, the homes it needs most) and its settings (how many working days
//! it has to make first contact); the closure reasons its managers add to
//! the standard list; and enquiries from known and trusted adults, made for
//! one child, whom the household record names by initials and reference.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, integer_null, pk_auto, string, string_null, text, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OrganisationProfiles {
    Table,
    OrganisationId,
    About,
    Phone,
    Email,
    Website,
    Address,
    /// `FosteringKind` stored names, as a JSON list, most needed first.
    HomesNeeded,
    FirstContactWorkingDays,
    /// Months from the application by which each is due.
    StageOneMonths,
    StageTwoMonths,
    PanelMonths,
    UpdatedAt,
    UpdatedById,
}

#[derive(DeriveIden)]
enum ClosureReasons {
    Table,
    Id,
    OrganisationId,
    Label,
    CreatedById,
    CreatedAt,
    /// No longer offered; kept so the history still says what it was.
    RetiredAt,
}

#[derive(DeriveIden)]
enum Households {
    Table,
    /// The child's initials, for an enquiry from a known adult.
    KnownAdultFor,
    /// The local authority's reference for the child.
    ChildReference,
    /// Who the adult is to the child: a teacher, a friend's parent.
    Relationship,
    /// The child's social worker who recorded the adult.
    ReferredById,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use OrganisationProfiles as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(integer(P::OrganisationId).primary_key())
                    .col(text(P::About))
                    .col(string(P::Phone))
                    .col(string(P::Email))
                    .col(string(P::Website))
                    .col(text(P::Address))
                    .col(text(P::HomesNeeded))
                    .col(integer(P::FirstContactWorkingDays).default(1))
                    .col(integer(P::StageOneMonths).default(2))
                    .col(integer(P::StageTwoMonths).default(4))
                    .col(integer(P::PanelMonths).default(8))
                    .col(timestamp_with_time_zone(P::UpdatedAt))
                    .col(integer_null(P::UpdatedById))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_profiles_organisation")
                            .from(P::Table, P::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_profiles_updated_by")
                            .from(P::Table, P::UpdatedById)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        use ClosureReasons as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(pk_auto(R::Id))
                    .col(integer(R::OrganisationId))
                    .col(string(R::Label))
                    .col(integer_null(R::CreatedById))
                    .col(timestamp_with_time_zone(R::CreatedAt))
                    .col(timestamp_with_time_zone_null(R::RetiredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_closure_reasons_organisation")
                            .from(R::Table, R::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_closure_reasons_created_by")
                            .from(R::Table, R::CreatedById)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_closure_reasons_organisation_label")
                    .table(R::Table)
                    .col(R::OrganisationId)
                    .col(R::Label)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite adds columns one at a time.
        for column in [
            string_null(Households::KnownAdultFor),
            string_null(Households::ChildReference),
            string_null(Households::Relationship),
            integer_null(Households::ReferredById),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Households::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Households::ReferredById,
            Households::Relationship,
            Households::ChildReference,
            Households::KnownAdultFor,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Households::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            ClosureReasons::Table.into_iden(),
            OrganisationProfiles::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
