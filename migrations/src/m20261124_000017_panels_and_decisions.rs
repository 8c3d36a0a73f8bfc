//! The end of the assessment: fostering panel dates and the households
//! booked onto them with the panel's recommendation, and the agency decision
//! maker's decision (with its terms, or a proposal not to approve and the
//! household's response in its 28 days). Also joint applicants, who share
//! a household's application, and connected persons' temporary approvals.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    date, date_null, integer, integer_null, pk_auto, string, string_null, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Panels {
    Table,
    Id,
    OrganisationId,
    SitsOn,
    Place,
    Capacity,
    CreatedAt,
    CreatedById,
}

#[derive(DeriveIden)]
enum PanelBookings {
    Table,
    HouseholdId,
    PanelId,
    BookedAt,
    BookedById,
    /// `approve` or `not_approve`, once the panel has sat.
    Recommendation,
    RecommendationReasons,
    RecommendedAt,
    RecommendedById,
}

#[derive(DeriveIden)]
enum Decisions {
    Table,
    HouseholdId,
    /// `approved`, `proposed_not_to_approve` or `not_approved`.
    Outcome,
    /// The terms of an approval.
    Children,
    AgeFrom,
    AgeTo,
    /// Kinds of care, as a JSON list.
    Kinds,
    Reasons,
    DecidedAt,
    DecidedById,
    /// The last day of the 28 for a proposal not to approve.
    RespondBy,
    /// `representations` or `independent_review`.
    Response,
    ResponseText,
    RespondedAt,
}

#[derive(DeriveIden)]
enum JointApplicants {
    Table,
    HouseholdId,
    PersonId,
    /// The name the first applicant gave: shown until the partner accepts.
    Name,
    AddedAt,
    AddedById,
    /// When the partner, signed in as themselves, accepted: until then they
    /// see nothing of the application.
    AcceptedAt,
}

#[derive(DeriveIden)]
enum TemporaryApprovals {
    Table,
    HouseholdId,
    /// The child placed: initials and the local authority's reference only.
    ChildInitials,
    ChildReference,
    Relationship,
    ApprovedOn,
    /// 16 weeks after approval, or 24 once extended.
    Until,
    ExtendedAt,
    ExtendedById,
    ExtensionReason,
    CreatedById,
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

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

fn key(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

fn household(name: &str, from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    key(
        name,
        from,
        (Households::Table, Households::Id),
        ForeignKeyAction::Cascade,
    )
}

fn person(name: &str, from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    key(
        name,
        from,
        (People::Table, People::Id),
        ForeignKeyAction::SetNull,
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Panels as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(pk_auto(P::Id))
                    .col(integer(P::OrganisationId))
                    .col(date(P::SitsOn))
                    .col(string(P::Place))
                    .col(integer(P::Capacity))
                    .col(timestamp_with_time_zone(P::CreatedAt))
                    .col(integer_null(P::CreatedById))
                    .foreign_key(&mut key(
                        "fk_panels_organisation",
                        (P::Table, P::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut person(
                        "fk_panels_created_by",
                        (P::Table, P::CreatedById),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_panels_organisation_sits_on")
                    .table(P::Table)
                    .col(P::OrganisationId)
                    .col(P::SitsOn)
                    .to_owned(),
            )
            .await?;
        use PanelBookings as B;
        manager
            .create_table(
                Table::create()
                    .table(B::Table)
                    .col(integer(B::HouseholdId).primary_key())
                    .col(integer(B::PanelId))
                    .col(timestamp_with_time_zone(B::BookedAt))
                    .col(integer_null(B::BookedById))
                    .col(string_null(B::Recommendation))
                    .col(text_null(B::RecommendationReasons))
                    .col(timestamp_with_time_zone_null(B::RecommendedAt))
                    .col(integer_null(B::RecommendedById))
                    .foreign_key(&mut household(
                        "fk_panel_bookings_household",
                        (B::Table, B::HouseholdId),
                    ))
                    .foreign_key(&mut key(
                        "fk_panel_bookings_panel",
                        (B::Table, B::PanelId),
                        (P::Table, P::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut person(
                        "fk_panel_bookings_booked_by",
                        (B::Table, B::BookedById),
                    ))
                    .foreign_key(&mut person(
                        "fk_panel_bookings_recommended_by",
                        (B::Table, B::RecommendedById),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_panel_bookings_panel")
                    .table(B::Table)
                    .col(B::PanelId)
                    .to_owned(),
            )
            .await?;
        use Decisions as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(integer(D::HouseholdId).primary_key())
                    .col(string(D::Outcome))
                    .col(integer_null(D::Children))
                    .col(integer_null(D::AgeFrom))
                    .col(integer_null(D::AgeTo))
                    .col(text_null(D::Kinds))
                    .col(text(D::Reasons))
                    .col(timestamp_with_time_zone(D::DecidedAt))
                    .col(integer_null(D::DecidedById))
                    .col(date_null(D::RespondBy))
                    .col(string_null(D::Response))
                    .col(text_null(D::ResponseText))
                    .col(timestamp_with_time_zone_null(D::RespondedAt))
                    .foreign_key(&mut household(
                        "fk_decisions_household",
                        (D::Table, D::HouseholdId),
                    ))
                    .foreign_key(&mut person(
                        "fk_decisions_decided_by",
                        (D::Table, D::DecidedById),
                    ))
                    .to_owned(),
            )
            .await?;
        use JointApplicants as J;
        manager
            .create_table(
                Table::create()
                    .table(J::Table)
                    .col(integer(J::HouseholdId))
                    .col(integer(J::PersonId))
                    .col(string(J::Name))
                    .col(timestamp_with_time_zone(J::AddedAt))
                    .col(integer_null(J::AddedById))
                    .col(timestamp_with_time_zone_null(J::AcceptedAt))
                    .primary_key(Index::create().col(J::HouseholdId).col(J::PersonId))
                    .foreign_key(&mut household(
                        "fk_joint_applicants_household",
                        (J::Table, J::HouseholdId),
                    ))
                    .foreign_key(&mut key(
                        "fk_joint_applicants_person",
                        (J::Table, J::PersonId),
                        (People::Table, People::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut person(
                        "fk_joint_applicants_added_by",
                        (J::Table, J::AddedById),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_joint_applicants_person")
                    .table(J::Table)
                    .col(J::PersonId)
                    .to_owned(),
            )
            .await?;
        use TemporaryApprovals as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(integer(T::HouseholdId).primary_key())
                    .col(string(T::ChildInitials))
                    .col(string(T::ChildReference))
                    .col(string(T::Relationship))
                    .col(date(T::ApprovedOn))
                    .col(date(T::Until))
                    .col(timestamp_with_time_zone_null(T::ExtendedAt))
                    .col(integer_null(T::ExtendedById))
                    .col(text_null(T::ExtensionReason))
                    .col(integer_null(T::CreatedById))
                    .foreign_key(&mut household(
                        "fk_temporary_approvals_household",
                        (T::Table, T::HouseholdId),
                    ))
                    .foreign_key(&mut person(
                        "fk_temporary_approvals_extended_by",
                        (T::Table, T::ExtendedById),
                    ))
                    .foreign_key(&mut person(
                        "fk_temporary_approvals_created_by",
                        (T::Table, T::CreatedById),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TemporaryApprovals::Table.into_iden(),
            JointApplicants::Table.into_iden(),
            Decisions::Table.into_iden(),
            PanelBookings::Table.into_iden(),
            Panels::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
