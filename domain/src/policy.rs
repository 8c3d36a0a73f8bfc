//! Who may do what: the one table of permissions. Every use case asks it
//! before it acts, and pages and the API ask it what to offer, so a link,
//! a button or a form is shown only to someone who may use it. Nothing
//! outside this module lists roles (a test in `tests` below reads the
//! source to keep it so); `docs/permissions.md` is written from the table.

use crate::accounts::{Actor, OrganisationKind, Role};
use crate::recruitment::entities::household;
use crate::{Ctx, DomainError};

/// Something a person does in an organisation's work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Look after the organisation: its people, tokens, profile and
    /// settings.
    AdministerOrganisation,
    /// Look after Hearth itself: organisations, locked accounts, jobs.
    AdministerHearth,
    /// Work the enquiry queue and read a household's record up to its
    /// application.
    WorkEnquiries,
    /// Run the organisation's recruitment: its profile, settings and
    /// closure reasons.
    ManageRecruitment,
    /// Move a household to another service once it has been invited to
    /// apply, with its application.
    MoveApplicant,
    /// Read a household's application and its documents.
    ReadApplication,
    /// Read the health answers, medical results and the panel's and
    /// decision maker's reasons.
    ReadHealthAnswers,
    /// Write to households and read their messages.
    MessageHouseholds,
    /// Work Stage 1: the checks, references and home visits.
    WorkStageOne,
    /// Work Stage 2: assign the assessor and write the assessment report.
    WorkAssessment,
    /// Be assigned a household's assessment.
    Assess,
    /// See every household's assessment and who has it, to share the work.
    OverseeAssessments,
    /// See the panel's dates and a household's panel and decision.
    SeePanel,
    /// Add the dates the panel sits.
    SchedulePanel,
    /// Book a household onto a panel date.
    BookPanel,
    /// Record the panel's recommendation.
    Recommend,
    /// Make the agency decision.
    Decide,
    /// Record a connected person: a relative or friend caring for a child.
    RecordConnectedPerson,
    /// Record a known and trusted adult for a child in care.
    RecordKnownAdult,
    /// Be told when a household moves to or from the organisation.
    HearOfMoves,
    /// Read the organisation's recruitment reports: counts only.
    ReadReports,
    /// Read every organisation's recruitment reports, as the national
    /// programme does.
    ReadNationalReports,
    /// Supervise carer households: see the service's carers, their terms,
    /// reviews and history.
    SuperviseCarers,
    /// Manage the service's carer households: give each its supervising
    /// social worker, record their leaving and keep the leaving reasons.
    ManageCarerHouseholds,
    /// Work with children in foster care: a child's own social worker, and
    /// those who supervise the carers they live with. Which children is
    /// decided per child (`carers::children`).
    SeeChildrenPlaced,
    /// Care for children as a foster carer: their own household, and what
    /// they may say yes to for each child living with them; in a Mockingbird
    /// constellation, as its hub or a satellite family.
    CareForChildren,
    /// Set up the service's Mockingbird constellations: their hub home,
    /// families, liaison workers and settings; see every one.
    RunConstellations,
    /// Be a constellation's liaison worker: see the constellations they
    /// support, their sleepovers, meetings, check-ins and figures.
    LiaiseWithConstellations,
    /// Facilitate kinship carer groups: set them up, and for the groups
    /// they facilitate, their members and requests, sessions, attendance
    /// and announcements.
    FacilitateKinshipGroups,
    /// Oversee the organisation's kinship groups: their facilitators, and
    /// counts of members, sessions and attendance.
    OverseeKinshipGroups,
    /// Receive the concerns raised about children's safety, read them and
    /// record what was done.
    LeadSafeguarding,
    /// Run the service's peer support: see its supporters and their time.
    CoordinatePeerSupport,
    /// Offer time as a peer supporter: keep a profile and weekly windows.
    OfferPeerSupport,
}

/// Who holds a permission in an organisation.
struct Grant {
    /// The roles that hold it there.
    roles: &'static [Role],
    /// The kinds of organisation it is held in; empty for every kind.
    kinds: &'static [OrganisationKind],
    /// The national programme's administrators hold it everywhere.
    national_administrators: bool,
}

const EVERY_KIND: &[OrganisationKind] = &[];

impl Permission {
    pub const ALL: &'static [Permission] = &[
        Self::AdministerOrganisation,
        Self::AdministerHearth,
        Self::WorkEnquiries,
        Self::ManageRecruitment,
        Self::MoveApplicant,
        Self::ReadApplication,
        Self::ReadHealthAnswers,
        Self::MessageHouseholds,
        Self::WorkStageOne,
        Self::WorkAssessment,
        Self::Assess,
        Self::OverseeAssessments,
        Self::SeePanel,
        Self::SchedulePanel,
        Self::BookPanel,
        Self::Recommend,
        Self::Decide,
        Self::RecordConnectedPerson,
        Self::RecordKnownAdult,
        Self::HearOfMoves,
        Self::ReadReports,
        Self::ReadNationalReports,
        Self::SuperviseCarers,
        Self::ManageCarerHouseholds,
        Self::SeeChildrenPlaced,
        Self::CareForChildren,
        Self::RunConstellations,
        Self::LiaiseWithConstellations,
        Self::FacilitateKinshipGroups,
        Self::OverseeKinshipGroups,
        Self::LeadSafeguarding,
        Self::CoordinatePeerSupport,
        Self::OfferPeerSupport,
    ];

    /// What it lets someone do, as `docs/permissions.md` says it.
    pub fn label(self) -> &'static str {
        match self {
            Self::AdministerOrganisation => "Look after the organisation's people and settings",
            Self::AdministerHearth => "Look after Hearth: organisations, locked accounts, jobs",
            Self::WorkEnquiries => "Work the enquiry queue and read a household's record",
            Self::ManageRecruitment => {
                "Run recruitment: the service's profile, settings and reasons"
            }
            Self::MoveApplicant => "Move a household invited to apply to another service",
            Self::ReadApplication => "Read a household's application and documents",
            Self::ReadHealthAnswers => "Read health answers and the panel's and decision's reasons",
            Self::MessageHouseholds => "Write to households and read their messages",
            Self::WorkStageOne => "Work Stage 1: checks, references, home visits",
            Self::WorkAssessment => "Work Stage 2: assign the assessor, write the report",
            Self::Assess => "Be assigned a household's assessment",
            Self::OverseeAssessments => "See every assessment and who has it",
            Self::SeePanel => "See the panel's dates and a household's panel and decision",
            Self::SchedulePanel => "Add panel dates",
            Self::BookPanel => "Book a household onto a panel date",
            Self::Recommend => "Record the panel's recommendation",
            Self::Decide => "Make the agency decision",
            Self::RecordConnectedPerson => "Record a connected person caring for a child",
            Self::RecordKnownAdult => "Record a known and trusted adult for a child in care",
            Self::HearOfMoves => "Be told when a household moves to or from the service",
            Self::ReadReports => "Read the service's recruitment reports (counts only)",
            Self::ReadNationalReports => "Read every organisation's recruitment reports",
            Self::SuperviseCarers => {
                "See the carer households they supervise and record their annual reviews"
            }
            Self::ManageCarerHouseholds => {
                "Manage the service's carer households: their supervising social worker, their leaving and the reasons for it"
            }
            Self::SeeChildrenPlaced => {
                "See the children in foster care they work with: their own, or those living with carers they supervise"
            }
            Self::CareForChildren => {
                "See their own household and what they may say yes to for the children living with them; take part in their Mockingbird constellation"
            }
            Self::RunConstellations => {
                "Set up the service's Mockingbird constellations: hub, families, liaison workers and settings"
            }
            Self::LiaiseWithConstellations => {
                "Support the constellations they are liaison worker for: sleepovers, meetings, check-ins and figures"
            }
            Self::FacilitateKinshipGroups => {
                "Set up kinship groups, and run those they facilitate: members, sessions, attendance, announcements"
            }
            Self::OverseeKinshipGroups => {
                "See the organisation's kinship groups and their figures (counts), as CSV too"
            }
            Self::LeadSafeguarding => {
                "Receive concerns about children's safety, read them and record what was done"
            }
            Self::CoordinatePeerSupport => {
                "Run the service's peer support: its supporters, their profiles and their time"
            }
            Self::OfferPeerSupport => {
                "Offer time as a peer supporter: a profile, weekly windows and days away"
            }
        }
    }

    fn grant(self) -> Grant {
        use OrganisationKind::{
            Charity, LocalAuthority, NationalProgramme, RegionalCareCooperative,
        };
        const FOSTERING: &[OrganisationKind] = OrganisationKind::FOSTERING;
        const KINSHIP: &[OrganisationKind] = &[LocalAuthority, RegionalCareCooperative, Charity];
        const SERVICES: &[OrganisationKind] = &[
            LocalAuthority,
            RegionalCareCooperative,
            OrganisationKind::IndependentFosteringAgency,
        ];
        use Role::*;
        let (roles, kinds, national_administrators): (&'static [Role], _, _) = match self {
            Self::AdministerOrganisation => (&[Administrator], EVERY_KIND, true),
            Self::AdministerHearth => (&[], EVERY_KIND, true),
            Self::WorkEnquiries => (&[RecruitmentOfficer, RecruitmentManager], EVERY_KIND, false),
            Self::ManageRecruitment => (&[RecruitmentManager, Administrator], FOSTERING, true),
            Self::ReadApplication => (
                &[
                    RecruitmentOfficer,
                    RecruitmentManager,
                    AssessingSocialWorker,
                    PanelAdministrator,
                    AgencyDecisionMaker,
                ],
                EVERY_KIND,
                false,
            ),
            Self::ReadHealthAnswers => (
                &[
                    AssessingSocialWorker,
                    PanelAdministrator,
                    AgencyDecisionMaker,
                ],
                EVERY_KIND,
                false,
            ),
            Self::MessageHouseholds | Self::WorkStageOne | Self::WorkAssessment => (
                &[
                    RecruitmentOfficer,
                    RecruitmentManager,
                    AssessingSocialWorker,
                ],
                EVERY_KIND,
                false,
            ),
            Self::SeePanel => (
                &[
                    PanelAdministrator,
                    AgencyDecisionMaker,
                    AssessingSocialWorker,
                    RecruitmentManager,
                ],
                EVERY_KIND,
                false,
            ),
            Self::SchedulePanel => (&[PanelAdministrator, RecruitmentManager], EVERY_KIND, false),
            Self::BookPanel => (
                &[
                    PanelAdministrator,
                    AssessingSocialWorker,
                    RecruitmentManager,
                ],
                EVERY_KIND,
                false,
            ),
            Self::Recommend => (&[PanelAdministrator], EVERY_KIND, false),
            Self::MoveApplicant => (&[RecruitmentManager], EVERY_KIND, false),
            Self::Assess => (&[AssessingSocialWorker], EVERY_KIND, false),
            Self::OverseeAssessments => (&[RecruitmentManager], EVERY_KIND, false),
            Self::HearOfMoves => (&[RecruitmentManager], EVERY_KIND, false),
            Self::Decide => (&[AgencyDecisionMaker], EVERY_KIND, false),
            Self::RecordConnectedPerson => (
                &[AssessingSocialWorker, RecruitmentManager],
                EVERY_KIND,
                false,
            ),
            Self::RecordKnownAdult => (&[ChildsSocialWorker], &[LocalAuthority], false),
            Self::ReadReports => (
                &[Administrator, RecruitmentOfficer, RecruitmentManager],
                FOSTERING,
                true,
            ),
            Self::ReadNationalReports => (
                &[Administrator, RecruitmentOfficer, RecruitmentManager],
                &[NationalProgramme],
                true,
            ),
            Self::SuperviseCarers => (
                &[SupervisingSocialWorker, FosteringTeamManager],
                EVERY_KIND,
                false,
            ),
            Self::ManageCarerHouseholds => (&[FosteringTeamManager], EVERY_KIND, false),
            Self::CareForChildren => (&[FosterCarer], EVERY_KIND, false),
            Self::RunConstellations => (&[FosteringTeamManager], EVERY_KIND, false),
            Self::LiaiseWithConstellations => (&[LiaisonWorker], EVERY_KIND, false),
            Self::FacilitateKinshipGroups => (&[KinshipGroupFacilitator], KINSHIP, false),
            Self::OverseeKinshipGroups => (&[Administrator], KINSHIP, false),
            Self::LeadSafeguarding => (&[SafeguardingLead], EVERY_KIND, false),
            Self::CoordinatePeerSupport => (
                &[PeerSupportCoordinator, FosteringTeamManager],
                SERVICES,
                false,
            ),
            Self::OfferPeerSupport => (&[PeerSupporter], SERVICES, false),
            Self::SeeChildrenPlaced => (
                &[
                    ChildsSocialWorker,
                    SupervisingSocialWorker,
                    FosteringTeamManager,
                ],
                EVERY_KIND,
                false,
            ),
        };
        Grant {
            roles,
            kinds,
            national_administrators,
        }
    }

    /// The roles that give it in an organisation of some kind: who to
    /// look for among an organisation's people.
    pub(crate) fn roles(self) -> &'static [Role] {
        self.grant().roles
    }

    /// Whether `role`, held in an organisation of `kind`, gives it.
    pub fn held_by(self, role: Role, kind: OrganisationKind) -> bool {
        let grant = self.grant();
        (grant.roles.contains(&role) && (grant.kinds.is_empty() || grant.kinds.contains(&kind)))
            || (grant.national_administrators
                && role == Role::Administrator
                && kind == OrganisationKind::NationalProgramme)
    }
}

impl Actor {
    /// Whether the actor holds `permission` in the organisation. Hearth
    /// itself holds what the national programme's administrators hold.
    pub fn may(&self, permission: Permission, organisation_id: i32) -> bool {
        (permission.grant().national_administrators && self.is_national_administrator())
            || self.memberships().iter().any(|m| {
                m.organisation_id == organisation_id
                    && permission.held_by(m.role, m.organisation_kind)
            })
    }

    /// `may`, as the refusal a use case returns: sign in, or you may not.
    pub fn require(&self, permission: Permission, organisation_id: i32) -> Result<(), DomainError> {
        if self.may(permission, organisation_id) {
            Ok(())
        } else {
            Err(self.refusal())
        }
    }

    /// Hearth itself, or an administrator of the national programme.
    pub fn is_national_administrator(&self) -> bool {
        matches!(self, Actor::System)
            || self.memberships().iter().any(|m| {
                m.role == Role::Administrator
                    && m.organisation_kind == OrganisationKind::NationalProgramme
            })
    }

    /// Whether the actor holds `permission` in any organisation: what the
    /// navigation offers them.
    pub fn may_anywhere(&self, permission: Permission) -> bool {
        (permission.grant().national_administrators && self.is_national_administrator())
            || self
                .memberships()
                .iter()
                .any(|m| permission.held_by(m.role, m.organisation_kind))
    }

    /// `may_anywhere`, as a refusal.
    pub fn require_anywhere(&self, permission: Permission) -> Result<(), DomainError> {
        if self.may_anywhere(permission) {
            Ok(())
        } else {
            Err(self.refusal())
        }
    }

    /// The organisations where the actor holds `permission` through a role
    /// of their own, in id order.
    pub fn organisations_where(&self, permission: Permission) -> Vec<i32> {
        let mut ids: Vec<i32> = self
            .memberships()
            .iter()
            .filter(|m| permission.held_by(m.role, m.organisation_kind))
            .map(|m| m.organisation_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// The roles `actor` may make tokens for in the organisation: the roles
/// they hold there (a recruitment manager's include an officer's); for the
/// national programme's administrators, its roles. Never administrator:
/// a token that leaked could otherwise make more.
pub fn token_roles(actor: &Actor, organisation_id: i32, kind: OrganisationKind) -> Vec<Role> {
    // A token makes no token: only a person answers for one.
    if actor.person_id().is_none() {
        return Vec::new();
    }
    let held: Vec<Role> = actor
        .memberships()
        .iter()
        .filter(|m| m.organisation_id == organisation_id)
        .map(|m| m.role)
        .collect();
    let national = kind == OrganisationKind::NationalProgramme && actor.is_national_administrator();
    Role::fitting(kind)
        .filter(|role| *role != Role::Administrator)
        .filter(|role| {
            national
                || held.contains(role)
                || (*role == Role::RecruitmentOfficer && held.contains(&Role::RecruitmentManager))
        })
        .collect()
}

/// What a reader may do with one organisation's records, asked once and
/// carried by a view so its page shows only what the reader may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allowed {
    actor_may: [bool; Permission::ALL.len()],
}

impl Allowed {
    pub fn in_organisation(actor: &Actor, organisation_id: i32) -> Self {
        let mut actor_may = [false; Permission::ALL.len()];
        for (slot, permission) in actor_may.iter_mut().zip(Permission::ALL) {
            *slot = actor.may(*permission, organisation_id);
        }
        Self { actor_may }
    }

    pub fn may(&self, permission: Permission) -> bool {
        Permission::ALL
            .iter()
            .position(|p| *p == permission)
            .is_some_and(|i| self.actor_may[i])
    }
}

/// The household, for an actor who holds `permission` in its organisation;
/// to anyone else it does not exist (signed out, they are asked to sign
/// in first, whether or not it exists).
pub async fn household_for(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    permission: Permission,
) -> Result<household::Model, DomainError> {
    use sea_orm::EntityTrait;
    actor.require_signed_in()?;
    let row = household::Entity::find_by_id(household_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !actor.may(permission, row.organisation_id) {
        return Err(DomainError::NotFound);
    }
    Ok(row)
}

/// What the actor may do with the records of the household's
/// organisation (nothing, if there is no such household).
pub async fn allowed_for_household(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
) -> Result<Allowed, DomainError> {
    use sea_orm::{EntityTrait, QuerySelect};
    let organisation: Option<i32> = household::Entity::find_by_id(household_id)
        .select_only()
        .column(household::Column::OrganisationId)
        .into_tuple()
        .one(&ctx.db)
        .await?;
    Ok(match organisation {
        Some(id) => Allowed::in_organisation(actor, id),
        None => Allowed {
            actor_may: [false; Permission::ALL.len()],
        },
    })
}

/// `docs/permissions.md`: the table as a person reads it.
pub fn permissions_document() -> String {
    let mut out = String::from(
        "# Who may do what\n\n\
         Written from `domain/src/policy.rs` by its tests: change the table there, \
         then run `HEARTH_WRITE_DOCS=1 cargo test -p domain policy` to rewrite this page.\n\n\
         Each permission is held in one organisation, by the roles listed, in the kinds of \
         organisation listed. \"National administrators\" are the national programme's \
         administrators, who hold it in every organisation. Members of the public and \
         applicants hold no role: what they may do is about their own records.\n\n\
         | Permission | Held by | In |\n| --- | --- | --- |\n",
    );
    for permission in Permission::ALL {
        let grant = permission.grant();
        let mut holders: Vec<&str> = grant.roles.iter().map(|role| role.label()).collect();
        if grant.national_administrators {
            holders.push("National administrators");
        }
        let kinds = if grant.roles.is_empty() {
            "Hearth as a whole".to_owned()
        } else if grant.kinds.is_empty() {
            "Every organisation".to_owned()
        } else {
            grant
                .kinds
                .iter()
                .map(|kind| kind.label())
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            permission.label(),
            holders.join(", "),
            kinds
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{Membership, SignedIn};

    fn holding(organisation_id: i32, kind: OrganisationKind, role: Role) -> Actor {
        Actor::Person(SignedIn {
            person_id: 1,
            memberships: vec![Membership {
                organisation_id,
                organisation_kind: kind,
                role,
            }],
        })
    }

    #[test]
    fn an_organisations_administrator_administers_it_and_no_other() {
        let actor = holding(7, OrganisationKind::LocalAuthority, Role::Administrator);
        assert!(actor.require(Permission::AdministerOrganisation, 7).is_ok());
        assert!(matches!(
            actor.require(Permission::AdministerOrganisation, 8),
            Err(DomainError::Forbidden)
        ));
    }

    #[test]
    fn a_national_administrator_administers_every_organisation() {
        let actor = holding(1, OrganisationKind::NationalProgramme, Role::Administrator);
        assert!(
            actor
                .require(Permission::AdministerOrganisation, 42)
                .is_ok()
        );
        assert!(actor.require_anywhere(Permission::AdministerHearth).is_ok());
    }

    #[test]
    fn another_role_in_the_organisation_is_not_enough() {
        let actor = holding(
            7,
            OrganisationKind::LocalAuthority,
            Role::RecruitmentManager,
        );
        assert!(matches!(
            actor.require(Permission::AdministerOrganisation, 7),
            Err(DomainError::Forbidden)
        ));
    }

    #[test]
    fn someone_signed_out_is_asked_to_sign_in() {
        assert!(matches!(
            Actor::Anonymous.require(Permission::AdministerOrganisation, 7),
            Err(DomainError::Unauthenticated)
        ));
        assert!(matches!(
            Actor::Anonymous.require_person(),
            Err(DomainError::Unauthenticated)
        ));
    }

    #[test]
    fn a_role_gives_its_permissions_in_its_own_organisation_only() {
        let officer = holding(
            7,
            OrganisationKind::RegionalCareCooperative,
            Role::RecruitmentOfficer,
        );
        assert!(officer.may(Permission::WorkEnquiries, 7));
        assert!(!officer.may(Permission::WorkEnquiries, 8));
        assert!(!officer.may(Permission::ReadHealthAnswers, 7));
    }

    #[test]
    fn national_administrators_administer_every_organisation_but_work_no_enquiries() {
        let national = holding(1, OrganisationKind::NationalProgramme, Role::Administrator);
        assert!(national.may(Permission::AdministerOrganisation, 42));
        assert!(national.may(Permission::AdministerHearth, 42));
        assert!(!national.may(Permission::WorkEnquiries, 42));
        let local = holding(7, OrganisationKind::LocalAuthority, Role::Administrator);
        assert!(local.may(Permission::AdministerOrganisation, 7));
        assert!(!local.may(Permission::AdministerOrganisation, 8));
        assert!(!local.may_anywhere(Permission::AdministerHearth));
    }

    #[test]
    fn a_childs_social_worker_records_known_adults_only_in_a_local_authority() {
        let in_authority = holding(
            7,
            OrganisationKind::LocalAuthority,
            Role::ChildsSocialWorker,
        );
        assert!(in_authority.may(Permission::RecordKnownAdult, 7));
        let elsewhere = holding(
            8,
            OrganisationKind::IndependentFosteringAgency,
            Role::ChildsSocialWorker,
        );
        assert!(!elsewhere.may(Permission::RecordKnownAdult, 8));
    }

    #[test]
    fn the_signed_out_are_asked_to_sign_in_and_others_are_refused() {
        assert!(matches!(
            Actor::Anonymous.require(Permission::WorkEnquiries, 1),
            Err(DomainError::Unauthenticated)
        ));
        let carer = holding(1, OrganisationKind::LocalAuthority, Role::FosterCarer);
        assert!(matches!(
            carer.require(Permission::WorkEnquiries, 1),
            Err(DomainError::Forbidden)
        ));
    }

    #[test]
    fn allowed_carries_exactly_what_the_table_allows() {
        let decider = holding(
            3,
            OrganisationKind::LocalAuthority,
            Role::AgencyDecisionMaker,
        );
        let allowed = Allowed::in_organisation(&decider, 3);
        for permission in Permission::ALL {
            assert_eq!(
                allowed.may(*permission),
                decider.may(*permission, 3),
                "{permission:?}"
            );
        }
        assert!(allowed.may(Permission::Decide));
        assert!(!allowed.may(Permission::SchedulePanel));
    }

    #[test]
    fn the_permissions_page_is_written_from_the_table() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/permissions.md");
        let written = permissions_document();
        if std::env::var_os("HEARTH_WRITE_DOCS").is_some() {
            std::fs::write(&path, &written).expect("docs/permissions.md written");
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            on_disk, written,
            "docs/permissions.md is stale: run HEARTH_WRITE_DOCS=1 cargo test -p domain policy"
        );
    }

    /// Role lists and role checks live here alone: a new use case asks the
    /// table instead of restating who may.
    #[test]
    fn no_code_outside_the_policy_lists_roles() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let allowed_files = ["domain/src/policy.rs", "domain/src/accounts/roles.rs"];
        let patterns = [
            "holds_any_of",
            "&[Role::",
            ": &[Role]",
            "m.role == Role::",
            "matches!(m.role",
        ];
        let mut found = Vec::new();
        for crate_dir in [
            "domain/src",
            "api/src",
            "web/src",
            "src",
            "seed/src",
            "workers/src",
        ] {
            let mut stack = vec![root.join(crate_dir)];
            while let Some(dir) = stack.pop() {
                let Ok(entries) = std::fs::read_dir(&dir) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                        continue;
                    }
                    if path.extension().is_none_or(|e| e != "rs") {
                        continue;
                    }
                    let relative = path
                        .strip_prefix(&root)
                        .map(|p| p.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    if allowed_files.contains(&relative.as_str()) {
                        continue;
                    }
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    for (n, line) in text.lines().enumerate() {
                        if patterns.iter().any(|p| line.contains(p)) {
                            found.push(format!("{relative}:{}: {}", n + 1, line.trim()));
                        }
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "roles listed outside domain/src/policy.rs (ask the permission table):\n{}",
            found.join("\n")
        );
    }
}
