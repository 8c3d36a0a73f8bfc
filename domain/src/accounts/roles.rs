use crate::names::stored_names;

/// The kinds of organisation people work for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrganisationKind {
    /// The national recruitment programme.
    NationalProgramme,
    /// A Regional Care Cooperative: recruits and supports carers for the
    /// local authorities it serves.
    RegionalCareCooperative,
    LocalAuthority,
    IndependentFosteringAgency,
    /// A charity that runs kinship carer groups: never a fostering
    /// service, so never routed enquiries, queued households or reported on.
    Charity,
}

/// What someone may do in an organisation. Members of the public (people
/// enquiring, applicants, kinship carers) hold no role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Administrator,
    RecruitmentOfficer,
    RecruitmentManager,
    AssessingSocialWorker,
    /// In a local authority: the social worker of a child in care.
    ChildsSocialWorker,
    PanelAdministrator,
    AgencyDecisionMaker,
    LiaisonWorker,
    /// The carers' own social worker: supervises and supports carer
    /// households once they are approved.
    SupervisingSocialWorker,
    /// Manages the service's carer households: their workers, reviews
    /// and leaving.
    FosteringTeamManager,
    FosterCarer,
    PeerSupporter,
    KinshipGroupFacilitator,
    /// Receives the concerns raised about children's safety, and acts on
    /// them.
    SafeguardingLead,
    /// Runs the service's peer support: supporters, matching, payments.
    PeerSupportCoordinator,
}

stored_names!(OrganisationKind {
    NationalProgramme => "national_programme", "National programme",
    RegionalCareCooperative => "regional_care_cooperative", "Regional Care Cooperative",
    LocalAuthority => "local_authority", "Local authority",
    IndependentFosteringAgency => "independent_fostering_agency", "Independent fostering agency",
    Charity => "charity", "Charity",
});

impl OrganisationKind {
    /// The kinds that find, approve or keep foster carers: every kind but
    /// a charity.
    pub const FOSTERING: &'static [Self] = &[
        Self::NationalProgramme,
        Self::RegionalCareCooperative,
        Self::LocalAuthority,
        Self::IndependentFosteringAgency,
    ];

    pub fn fosters(self) -> bool {
        self != Self::Charity
    }

    /// `FOSTERING`, as stored: for a query's filter.
    pub fn fostering_stored() -> impl Iterator<Item = &'static str> {
        Self::FOSTERING.iter().map(|kind| kind.as_str())
    }
}

stored_names!(Role {
    Administrator => "administrator", "Administrator",
    RecruitmentOfficer => "recruitment_officer", "Recruitment officer",
    RecruitmentManager => "recruitment_manager", "Recruitment manager",
    AssessingSocialWorker => "assessing_social_worker", "Assessing social worker",
    ChildsSocialWorker => "childs_social_worker", "Child's social worker",
    PanelAdministrator => "panel_administrator", "Panel administrator",
    AgencyDecisionMaker => "agency_decision_maker", "Agency decision maker",
    LiaisonWorker => "liaison_worker", "Liaison worker",
    SupervisingSocialWorker => "supervising_social_worker", "Supervising social worker",
    FosteringTeamManager => "fostering_team_manager", "Fostering team manager",
    FosterCarer => "foster_carer", "Foster carer",
    PeerSupporter => "peer_supporter", "Peer supporter",
    KinshipGroupFacilitator => "kinship_group_facilitator", "Kinship group facilitator",
    SafeguardingLead => "safeguarding_lead", "Safeguarding lead",
    PeerSupportCoordinator => "peer_support_coordinator", "Peer support coordinator",
});

impl Role {
    /// Whether someone may hold this role in an organisation of `kind`. A
    /// child's social worker works for the local authority that looks after
    /// the child; the national programme recruits and administers only; a
    /// charity runs kinship groups and keeps them safe.
    pub fn fits(self, kind: OrganisationKind) -> bool {
        match kind {
            OrganisationKind::Charity => matches!(
                self,
                Self::Administrator | Self::KinshipGroupFacilitator | Self::SafeguardingLead
            ),
            OrganisationKind::NationalProgramme => matches!(
                self,
                Self::Administrator | Self::RecruitmentOfficer | Self::RecruitmentManager
            ),
            OrganisationKind::LocalAuthority => true,
            OrganisationKind::RegionalCareCooperative
            | OrganisationKind::IndependentFosteringAgency
                if self == Self::PeerSupportCoordinator =>
            {
                true
            }
            OrganisationKind::RegionalCareCooperative
            | OrganisationKind::IndependentFosteringAgency => self != Self::ChildsSocialWorker,
        }
    }

    /// The roles someone may hold in an organisation of `kind`.
    pub fn fitting(kind: OrganisationKind) -> impl Iterator<Item = Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(move |role| role.fits(kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_and_kind_reads_back_from_its_stored_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(*role));
        }
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.as_str()), Some(*kind));
        }
        assert_eq!(Role::ALL.len(), 15);
        assert_eq!(Role::parse("superuser"), None);
    }

    #[test]
    fn a_childs_social_worker_works_for_a_local_authority_only() {
        assert!(Role::ChildsSocialWorker.fits(OrganisationKind::LocalAuthority));
        assert!(!Role::ChildsSocialWorker.fits(OrganisationKind::RegionalCareCooperative));
        assert!(!Role::FosterCarer.fits(OrganisationKind::NationalProgramme));
        assert_eq!(Role::fitting(OrganisationKind::LocalAuthority).count(), 15);
        assert_eq!(Role::fitting(OrganisationKind::Charity).count(), 3);
        assert!(!Role::RecruitmentOfficer.fits(OrganisationKind::Charity));
        assert!(!Role::SupervisingSocialWorker.fits(OrganisationKind::NationalProgramme));
    }
}
