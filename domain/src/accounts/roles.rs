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
}
