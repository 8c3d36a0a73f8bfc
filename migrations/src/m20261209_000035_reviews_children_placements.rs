//! What a carer household's service keeps after approval: its annual
//! reviews, why it left (from a list its managers extend, kept beside the
//! closure reasons), the children
//! placed with it and its placements, and the exemptions from its terms a
//! fostering team manager records. A child has at most one open placement:
//! a partial unique index says so on both databases.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, date_null, integer, integer_null, pk_auto, string, string_null, text,
    timestamp_with_time_zone,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum CarerHouseholds {
    Table,
    Id,
    OrganisationId,
    /// The service's own reference for a household it brought to Hearth:
    /// how an import finds it again.
    ServiceReference,
    /// Resigned, retired, deregistered or moved: the ending Ofsted counts.
    LeavingEnding,
}

#[derive(DeriveIden, Clone, Copy)]
enum CarerReviews {
    Table,
    Id,
    CarerHouseholdId,
    ReviewedOn,
    Outcome,
    Note,
    /// The terms from this review on, when it changed them.
    Children,
    AgeFrom,
    AgeTo,
    Kinds,
    RecordedById,
    RecordedAt,
}

/// The reasons services add to the standard lists: now of two lists.
#[derive(DeriveIden, Clone, Copy)]
enum ClosureReasons {
    Table,
    OrganisationId,
    /// `closure` (why an enquiry closed) or `leaving` (why a carer
    /// household left).
    List,
    Label,
}

#[derive(DeriveIden, Clone, Copy)]
enum Children {
    Table,
    Id,
    /// The fostering service that recorded the child.
    OrganisationId,
    FirstName,
    FamilyInitial,
    DateOfBirth,
    PlacingAuthorityId,
    /// The placing authority's own reference: with it, the child's key.
    PlacingReference,
    /// The allocated child's social worker, once in Hearth.
    SocialWorkerId,
    /// Who they are until then, to invite.
    SocialWorkerName,
    SocialWorkerEmail,
    LegalBasis,
    /// Under section 20, the parent's agreement to delegated authority.
    ParentAgreementBy,
    ParentAgreementOn,
    CreatedById,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Placements {
    Table,
    Id,
    ChildId,
    CarerHouseholdId,
    Kind,
    StartedOn,
    EndedOn,
    /// Planned or unplanned.
    Ending,
    EndingReason,
    ExemptionId,
    CreatedById,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlacementExemptions {
    Table,
    Id,
    CarerHouseholdId,
    /// Who authorised it, as they are named.
    AuthorisedBy,
    Reason,
    Until,
    RecordedById,
    RecordedAt,
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
enum LocalAuthorities {
    Table,
    Id,
}

fn to_people(table: impl IntoIden + Clone, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(People::Table, People::Id)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

fn to_carer_households(
    table: impl IntoIden + Clone,
    column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(CarerHouseholds::Table, CarerHouseholds::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CarerHouseholds::Table)
                    .add_column(string_null(CarerHouseholds::LeavingEnding))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CarerHouseholds::Table)
                    .add_column(string_null(CarerHouseholds::ServiceReference))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_carer_households_reference")
                    .table(CarerHouseholds::Table)
                    .col(CarerHouseholds::OrganisationId)
                    .col(CarerHouseholds::ServiceReference)
                    .unique()
                    .to_owned(),
            )
            .await?;
        use CarerReviews as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(pk_auto(R::Id))
                    .col(integer(R::CarerHouseholdId))
                    .col(date(R::ReviewedOn))
                    .col(string(R::Outcome))
                    .col(text(R::Note))
                    .col(integer_null(R::Children))
                    .col(integer_null(R::AgeFrom))
                    .col(integer_null(R::AgeTo))
                    .col(string_null(R::Kinds))
                    .col(integer_null(R::RecordedById))
                    .col(timestamp_with_time_zone(R::RecordedAt))
                    .foreign_key(&mut to_carer_households(R::Table, R::CarerHouseholdId))
                    .foreign_key(&mut to_people(R::Table, R::RecordedById))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_carer_reviews_household")
                    .table(R::Table)
                    .col(R::CarerHouseholdId)
                    .col(R::ReviewedOn)
                    .to_owned(),
            )
            .await?;
        use ClosureReasons as L;
        manager
            .alter_table(
                Table::alter()
                    .table(L::Table)
                    .add_column(string(L::List).default("closure"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_closure_reasons_organisation_label")
                    .table(L::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_closure_reasons_list_label")
                    .table(L::Table)
                    .col(L::OrganisationId)
                    .col(L::List)
                    .col(L::Label)
                    .unique()
                    .to_owned(),
            )
            .await?;
        use Children as K;
        manager
            .create_table(
                Table::create()
                    .table(K::Table)
                    .col(pk_auto(K::Id))
                    .col(integer(K::OrganisationId))
                    .col(string(K::FirstName))
                    .col(string(K::FamilyInitial))
                    .col(date(K::DateOfBirth))
                    .col(integer(K::PlacingAuthorityId))
                    .col(string(K::PlacingReference))
                    .col(integer_null(K::SocialWorkerId))
                    .col(string_null(K::SocialWorkerName))
                    .col(string_null(K::SocialWorkerEmail))
                    .col(string(K::LegalBasis))
                    .col(string_null(K::ParentAgreementBy))
                    .col(date_null(K::ParentAgreementOn))
                    .col(integer_null(K::CreatedById))
                    .col(timestamp_with_time_zone(K::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(K::Table, K::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(K::Table, K::PlacingAuthorityId)
                            .to(LocalAuthorities::Table, LocalAuthorities::Id),
                    )
                    .foreign_key(&mut to_people(K::Table, K::SocialWorkerId))
                    .foreign_key(&mut to_people(K::Table, K::CreatedById))
                    // One record per child: the authority's reference is
                    // how an import finds the child again.
                    .index(
                        Index::create()
                            .name("idx_children_reference")
                            .col(K::PlacingAuthorityId)
                            .col(K::PlacingReference)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_children_social_worker")
                    .table(K::Table)
                    .col(K::SocialWorkerId)
                    .to_owned(),
            )
            .await?;
        use PlacementExemptions as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(pk_auto(E::Id))
                    .col(integer(E::CarerHouseholdId))
                    .col(string(E::AuthorisedBy))
                    .col(text(E::Reason))
                    .col(date(E::Until))
                    .col(integer_null(E::RecordedById))
                    .col(timestamp_with_time_zone(E::RecordedAt))
                    .foreign_key(&mut to_carer_households(E::Table, E::CarerHouseholdId))
                    .foreign_key(&mut to_people(E::Table, E::RecordedById))
                    .to_owned(),
            )
            .await?;
        use Placements as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(pk_auto(P::Id))
                    .col(integer(P::ChildId))
                    .col(integer(P::CarerHouseholdId))
                    .col(string(P::Kind))
                    .col(date(P::StartedOn))
                    .col(date_null(P::EndedOn))
                    .col(string_null(P::Ending))
                    .col(string_null(P::EndingReason))
                    .col(integer_null(P::ExemptionId))
                    .col(integer_null(P::CreatedById))
                    .col(timestamp_with_time_zone(P::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(P::Table, P::ChildId)
                            .to(Children::Table, Children::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut to_carer_households(P::Table, P::CarerHouseholdId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(P::Table, P::ExemptionId)
                            .to(E::Table, E::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(&mut to_people(P::Table, P::CreatedById))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_placements_household")
                    .table(P::Table)
                    .col(P::CarerHouseholdId)
                    .col(P::EndedOn)
                    .to_owned(),
            )
            .await?;
        // Both databases take a partial unique index in the same words.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX idx_placements_one_open \
                 ON placements (child_id) WHERE ended_on IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Placements::Table.into_iden(),
            PlacementExemptions::Table.into_iden(),
            Children::Table.into_iden(),
            CarerReviews::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        use ClosureReasons as L;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_closure_reasons_list_label")
                    .table(L::Table)
                    .to_owned(),
            )
            .await?;
        // Reasons added to the leaving list go with it.
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(L::Table)
                    .and_where(Expr::col(L::List).eq("leaving"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_closure_reasons_organisation_label")
                    .table(L::Table)
                    .col(L::OrganisationId)
                    .col(L::Label)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(L::Table)
                    .drop_column(L::List)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_carer_households_reference")
                    .table(CarerHouseholds::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            CarerHouseholds::LeavingEnding,
            CarerHouseholds::ServiceReference,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(CarerHouseholds::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
