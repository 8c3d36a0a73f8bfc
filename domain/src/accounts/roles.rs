use std::fmt;

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
    FosterCarer,
    PeerSupporter,
    KinshipGroupFacilitator,
}

/// Each stored name once, for both enums: the database holds these strings.
macro_rules! stored_names {
    ($type:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $type {
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($name => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

stored_names!(OrganisationKind {
    NationalProgramme => "national_programme",
    RegionalCareCooperative => "regional_care_cooperative",
    LocalAuthority => "local_authority",
    IndependentFosteringAgency => "independent_fostering_agency",
});

stored_names!(Role {
    Administrator => "administrator",
    RecruitmentOfficer => "recruitment_officer",
    RecruitmentManager => "recruitment_manager",
    AssessingSocialWorker => "assessing_social_worker",
    ChildsSocialWorker => "childs_social_worker",
    PanelAdministrator => "panel_administrator",
    AgencyDecisionMaker => "agency_decision_maker",
    LiaisonWorker => "liaison_worker",
    FosterCarer => "foster_carer",
    PeerSupporter => "peer_supporter",
    KinshipGroupFacilitator => "kinship_group_facilitator",
});

impl Role {
    /// How people say it, in a sentence: "a recruitment officer".
    pub fn label(self) -> &'static str {
        match self {
            Self::Administrator => "Administrator",
            Self::RecruitmentOfficer => "Recruitment officer",
            Self::RecruitmentManager => "Recruitment manager",
            Self::AssessingSocialWorker => "Assessing social worker",
            Self::ChildsSocialWorker => "Child's social worker",
            Self::PanelAdministrator => "Panel administrator",
            Self::AgencyDecisionMaker => "Agency decision maker",
            Self::LiaisonWorker => "Liaison worker",
            Self::FosterCarer => "Foster carer",
            Self::PeerSupporter => "Peer supporter",
            Self::KinshipGroupFacilitator => "Kinship group facilitator",
        }
    }

    /// Whether someone may hold this role in an organisation of `kind`. A
    /// child's social worker works for the local authority that looks after
    /// the child; the national programme recruits and administers only.
    pub fn fits(self, kind: OrganisationKind) -> bool {
        match kind {
            OrganisationKind::NationalProgramme => matches!(
                self,
                Self::Administrator | Self::RecruitmentOfficer | Self::RecruitmentManager
            ),
            OrganisationKind::LocalAuthority => true,
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

impl OrganisationKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::NationalProgramme => "National programme",
            Self::RegionalCareCooperative => "Regional Care Cooperative",
            Self::LocalAuthority => "Local authority",
            Self::IndependentFosteringAgency => "Independent fostering agency",
        }
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
        assert_eq!(Role::ALL.len(), 11);
        assert_eq!(Role::parse("superuser"), None);
    }

    #[test]
    fn a_childs_social_worker_works_for_a_local_authority_only() {
        assert!(Role::ChildsSocialWorker.fits(OrganisationKind::LocalAuthority));
        assert!(!Role::ChildsSocialWorker.fits(OrganisationKind::RegionalCareCooperative));
        assert!(!Role::FosterCarer.fits(OrganisationKind::NationalProgramme));
        assert_eq!(Role::fitting(OrganisationKind::LocalAuthority).count(), 11);
    }
}
