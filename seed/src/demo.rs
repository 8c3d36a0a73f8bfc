//! Demo data, made through the domain's use cases: two illustrative Regional
//! Care Cooperatives over real local authorities, with a person for each
//! role, a child's social worker in a local authority each serves, an
//! administrator of the national programme, a member of the public, and
//! households at every stage of the funnel (`demo_households`). No
//! open list of RCCs exists (they are being set up), so these are examples,
//! and say so. Every demo address is at example.org, which takes no mail.

use domain::accounts::{
    NewAccount, NewOrganisation, NewStaffMember, OrganisationKind, Role, create_account,
    create_organisation, find_organisation, find_person, invite_staff, load_actor,
    local_authority_organisation, my_invitations, national_programme_id,
};
use domain::recruitment::FIRST_CONTACT_WORKING_DAYS;
use domain::recruitment::service_profile::{ProfileChange, update_service_profile};
use domain::reporting::set_published;
use domain::{Actor, Ctx, DomainError};

use crate::demo_carers::{CarerStaff, load_demo_carers};
use crate::demo_constellations::{ConstellationStaff, load_demo_constellations};
use crate::demo_households::{DEMO_AREAS, DemoStaff, load_demo_households};
use crate::demo_kinship::{KINSHIP_CARERS, KinshipStaff, kinship_carer_email, load_demo_kinship};
use crate::demo_peer_support::{PeerSupportPeople, load_demo_peer_support};

/// The password of every demo member of staff. Demo data only: never load
/// it where real people's data is kept.
pub const DEMO_PASSWORD: &str = "hearth demo password";

struct DemoRcc {
    name: &'static str,
    /// Where its demo addresses say they are.
    short: &'static str,
    /// The GSS codes of the authorities it serves; the first employs the
    /// demo child's social worker.
    local_authorities: &'static [&'static str],
    /// One made-up name for each role, in `Role::ALL`'s order.
    names: [&'static str; Role::ALL.len()],
}

/// The demo's cooperatives, by name: `hearth seed --demo` gives them years
/// of made-up history for their reports.
pub fn demo_cooperatives() -> Vec<&'static str> {
    DEMO_RCCS.iter().map(|rcc| rcc.name).collect()
}

const DEMO_RCCS: &[DemoRcc] = &[
    DemoRcc {
        name: "North East Care Cooperative (illustrative)",
        short: "north-east",
        local_authorities: &[
            "E06000001",
            "E06000002",
            "E06000003",
            "E06000004",
            "E06000005",
            "E06000047",
            "E06000057",
            "E08000021",
            "E08000022",
            "E08000023",
            "E08000024",
            "E08000037",
        ],
        names: [
            "Priya Raman",
            "Tom Hutchinson",
            "Aisha Bello",
            "Gareth Lowes",
            "Fiona McAllister",
            "Daniel Okafor",
            "Helen Armstrong",
            "Joanne Pattinson",
            "Catherine Doyle",
            "Steven Marsh",
            "Mark and Lisa Robson",
            "Sandra Whitfield",
            "Brenda Charlton",
            "Hannah Dobson",
            "Keith Armstrong",
        ],
    },
    DemoRcc {
        name: "South London Care Cooperative (illustrative)",
        short: "south-london",
        local_authorities: &[
            "E09000022",
            "E09000006",
            "E09000008",
            "E09000011",
            "E09000021",
            "E09000023",
            "E09000024",
            "E09000028",
            "E09000029",
            "E09000032",
        ],
        names: [
            "Kwame Asante",
            "Sophie Turner",
            "Marcus Campbell",
            "Nadia Hussain",
            "Olivia Grant",
            "Ifeoma Eze",
            "Rachel Cohen",
            "Luis Fernandes",
            "Amara Nwosu",
            "Peter Walsh",
            "Grace and Samuel Adeyemi",
            "Bernadette O'Connor",
            "Yvonne Clarke",
            "Patrick Mensah",
            "Funmi Adebayo",
        ],
    },
];

/// The demo charity that runs kinship groups, with its people.
const DEMO_CHARITY: &str = "Kinship Circles (illustrative)";
const DEMO_CHARITY_SHORT: &str = "charity";
const DEMO_CHARITY_PEOPLE: [(Role, &str); 3] = [
    (Role::Administrator, "Ruth Ingram"),
    (Role::KinshipGroupFacilitator, "Janet Oyelaran"),
    (Role::SafeguardingLead, "Michael Dunn"),
];

/// Someone who can sign in to the demo.
pub struct DemoAccount {
    pub email: String,
    pub name: String,
    /// What they are, in words: "Recruitment officer, North East Care…".
    pub what: String,
    /// Staff sign in with [`DEMO_PASSWORD`]; the public by emailed link.
    pub has_password: bool,
}

fn demo_email(role: &str, short: &str) -> String {
    format!("{}.{short}@example.org", role.replace('_', "-"))
}

/// Every demo account, whether or not it has been loaded yet.
pub fn demo_accounts() -> Vec<DemoAccount> {
    let mut accounts = vec![
        DemoAccount {
            email: demo_email("administrator", "national"),
            name: "Jordan Ellis".into(),
            what: "Administrator, national fostering programme".into(),
            has_password: true,
        },
        DemoAccount {
            email: "alex.morgan@example.org".into(),
            name: "Alex Morgan".into(),
            what: "Member of the public (no role)".into(),
            has_password: false,
        },
    ];
    for rcc in DEMO_RCCS {
        for (role, name) in Role::ALL.iter().zip(rcc.names) {
            let place = if *role == Role::ChildsSocialWorker {
                format!("a local authority served by {}", rcc.name)
            } else {
                rcc.name.to_owned()
            };
            accounts.push(DemoAccount {
                email: demo_email(role.as_str(), rcc.short),
                name: name.into(),
                what: format!("{}, {place}", role.label()),
                has_password: true,
            });
        }
    }
    for (role, name) in DEMO_CHARITY_PEOPLE {
        accounts.push(DemoAccount {
            email: demo_email(role.as_str(), DEMO_CHARITY_SHORT),
            name: name.into(),
            what: format!("{}, {DEMO_CHARITY}", role.label()),
            has_password: true,
        });
    }
    for carer in &KINSHIP_CARERS {
        accounts.push(DemoAccount {
            email: kinship_carer_email(carer),
            name: carer.name.into(),
            what: "Kinship carer (no role)".into(),
            has_password: false,
        });
    }
    accounts
}

/// Adds what of the demo data is not there yet; returns how many
/// organisations and people it added.
pub async fn load_demo_data(ctx: &Ctx) -> Result<usize, DomainError> {
    // The demo staff set up their records through the use cases, which log
    // every staff read: none of that is anyone's access.
    let ctx = &ctx.without_access_log();
    let system = &Actor::System;
    let mut added = 0;
    let national = national_programme_id(ctx, system).await?;
    let mut accounts = demo_accounts().into_iter();
    let mut wanted: Vec<(DemoAccount, Vec<(i32, Role)>)> = Vec::new();
    if let (Some(admin), Some(public)) = (accounts.next(), accounts.next()) {
        wanted.push((admin, vec![(national, Role::Administrator)]));
        wanted.push((public, Vec::new()));
    }
    for rcc in DEMO_RCCS {
        let kind = OrganisationKind::RegionalCareCooperative;
        let id = match find_organisation(ctx, system, kind, rcc.name).await? {
            Some(id) => id,
            None => {
                added += 1;
                let input = NewOrganisation {
                    kind,
                    name: rcc.name.to_owned(),
                    local_authorities: rcc
                        .local_authorities
                        .iter()
                        .map(|c| (*c).to_owned())
                        .collect(),
                };
                let id = create_organisation(ctx, system, &input).await?;
                // The demo's services publish their figures, and with the
                // first of them England's regions.
                if added == 1 {
                    set_published(ctx, system, national, true).await?;
                }
                set_published(ctx, system, id, true).await?;
                id
            }
        };
        let council = local_authority_organisation(ctx, rcc.local_authorities[0])
            .await?
            .ok_or(DomainError::NotFound)?;
        // The council's kinship local offer, for "What support can I get?".
        let offer = ProfileChange {
            kinship_local_offer: format!(
                "https://www.example.org/{}/kinship-local-offer",
                rcc.local_authorities[0]
            ),
            first_contact_working_days: Some(FIRST_CONTACT_WORKING_DAYS),
            ..ProfileChange::default()
        };
        update_service_profile(ctx, system, council, &offer).await?;
        for role in Role::ALL {
            let Some(account) = accounts.next() else {
                break;
            };
            let at = if *role == Role::ChildsSocialWorker {
                council
            } else {
                id
            };
            wanted.push((account, vec![(at, *role)]));
        }
    }
    let charity =
        match find_organisation(ctx, system, OrganisationKind::Charity, DEMO_CHARITY).await? {
            Some(id) => id,
            None => {
                added += 1;
                let input = NewOrganisation {
                    kind: OrganisationKind::Charity,
                    name: DEMO_CHARITY.to_owned(),
                    local_authorities: Vec::new(),
                };
                create_organisation(ctx, system, &input).await?
            }
        };
    for (role, _) in DEMO_CHARITY_PEOPLE {
        if let Some(account) = accounts.next() {
            wanted.push((account, vec![(charity, role)]));
        }
    }
    // The kinship carers: members of the public.
    wanted.extend(accounts.map(|account| (account, Vec::new())));
    for (account, roles) in wanted {
        if find_person(ctx, system, &account.email).await?.is_some() {
            continue;
        }
        let input = NewAccount {
            email: account.email,
            name: account.name,
            password: account.has_password.then(|| DEMO_PASSWORD.to_owned()),
            roles,
        };
        create_account(ctx, system, &input).await?;
        added += 1;
    }
    for (rcc, area) in DEMO_RCCS.iter().zip(&DEMO_AREAS) {
        let kind = OrganisationKind::RegionalCareCooperative;
        let person = |role: &str| demo_email(role, rcc.short);
        let emails: Vec<(Role, String)> = Role::ALL
            .iter()
            .map(|role| (*role, person(role.as_str())))
            .collect();
        let found = |role: Role| {
            let email = emails
                .iter()
                .find(|(r, _)| *r == role)
                .map(|(_, email)| email.as_str())
                .unwrap_or_default();
            find_person(ctx, system, email)
        };
        let (Some(id), Some(officer), Some(manager), Some(social_worker)) = (
            find_organisation(ctx, system, kind, rcc.name).await?,
            found(Role::RecruitmentOfficer).await?,
            found(Role::RecruitmentManager).await?,
            found(Role::ChildsSocialWorker).await?,
        ) else {
            continue;
        };
        let (Some(assessor), Some(panel_administrator), Some(decision_maker)) = (
            found(Role::AssessingSocialWorker).await?,
            found(Role::PanelAdministrator).await?,
            found(Role::AgencyDecisionMaker).await?,
        ) else {
            continue;
        };
        let staff = DemoStaff {
            officer,
            manager,
            social_worker,
            assessor,
            panel_administrator,
            decision_maker,
        };
        added += load_demo_households(ctx, area, id, &staff).await?;
        let Some(manager) = found(Role::FosteringTeamManager).await? else {
            continue;
        };
        let manager = load_actor(ctx, manager).await?;
        let email = |role: Role| person(role.as_str());
        let childs_social_worker = email(Role::ChildsSocialWorker);
        let worker_name = demo_accounts()
            .into_iter()
            .find(|a| a.email == childs_social_worker)
            .map(|a| a.name)
            .unwrap_or_default();
        let (Some(foster_carer), Some(worker)) = (
            found(Role::FosterCarer).await?,
            found(Role::SupervisingSocialWorker).await?,
        ) else {
            continue;
        };
        let foster_carer = load_actor(ctx, foster_carer).await?;
        let worker = load_actor(ctx, worker).await?;
        let foster_carer_email = email(Role::FosterCarer);
        let foster_carer_name = demo_accounts()
            .into_iter()
            .find(|a| a.email == foster_carer_email)
            .map(|a| a.name)
            .unwrap_or_default();
        let carer_staff = CarerStaff {
            foster_carer_name: &foster_carer_name,
            foster_carer_email: &foster_carer_email,
            foster_carer: &foster_carer,
            supervising_social_worker: &worker,
            supervising_social_worker_email: &email(Role::SupervisingSocialWorker),
            childs_social_worker: (&worker_name, &childs_social_worker),
            manager: &manager,
        };
        added += load_demo_carers(ctx, area, id, rcc.local_authorities, &carer_staff).await?;
        if let Some(liaison_worker) = found(Role::LiaisonWorker).await? {
            let staff = ConstellationStaff {
                manager: &manager,
                liaison_worker,
            };
            added += load_demo_constellations(ctx, id, &staff).await?;
        }
        if let (Some(supporter), Some(coordinator)) = (
            found(Role::PeerSupporter).await?,
            found(Role::PeerSupportCoordinator).await?,
        ) {
            let household = |n: usize| {
                let email = format!("household{n}.{}@example.org", area.short);
                async move { find_person(ctx, system, &email).await }
            };
            let people = PeerSupportPeople {
                organisation_id: id,
                supporter,
                coordinator,
                mentee: household(6).await?,
                waiting: if area.short == "south-london" {
                    household(7).await?
                } else {
                    None
                },
            };
            added += load_demo_peer_support(ctx, &people).await?;
        }
        if let Some(facilitator) = found(Role::KinshipGroupFacilitator).await? {
            let staff = KinshipStaff {
                organisation_id: id,
                facilitator,
                area: area.short,
                charity: false,
            };
            added += load_demo_kinship(ctx, &staff).await?;
        }
    }
    let facilitator = demo_email(Role::KinshipGroupFacilitator.as_str(), DEMO_CHARITY_SHORT);
    if let Some(facilitator) = find_person(ctx, system, &facilitator).await? {
        let staff = KinshipStaff {
            organisation_id: charity,
            facilitator,
            area: DEMO_CHARITY_SHORT,
            charity: true,
        };
        added += load_demo_kinship(ctx, &staff).await?;
    }
    added += load_demo_invitation(ctx).await?;
    Ok(added)
}

/// South London's liaison worker is invited to be a liaison worker in the
/// North East too, and has not answered yet: their account page and the
/// emailed link show the invitation to accept or decline.
async fn load_demo_invitation(ctx: &Ctx) -> Result<usize, DomainError> {
    let system = &Actor::System;
    let [north_east, south_london] = DEMO_RCCS else {
        return Ok(0);
    };
    let kind = OrganisationKind::RegionalCareCooperative;
    let invitee_email = demo_email(Role::LiaisonWorker.as_str(), south_london.short);
    let admin_email = demo_email(Role::Administrator.as_str(), north_east.short);
    let (Some(organisation), Some(invitee), Some(admin)) = (
        find_organisation(ctx, system, kind, north_east.name).await?,
        find_person(ctx, system, &invitee_email).await?,
        find_person(ctx, system, &admin_email).await?,
    ) else {
        return Ok(0);
    };
    let invitee = load_actor(ctx, invitee).await?;
    let answered_or_waiting = !my_invitations(ctx, &invitee).await?.is_empty()
        || invitee
            .memberships()
            .iter()
            .any(|m| m.organisation_id == organisation);
    if answered_or_waiting {
        return Ok(0);
    }
    let admin = load_actor(ctx, admin).await?;
    let invitation = NewStaffMember {
        organisation_id: organisation,
        email: invitee_email,
        name: "Priya Shah".to_owned(),
        role: Some(Role::LiaisonWorker),
    };
    invite_staff(ctx, &admin, &invitation).await?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_demo_rcc_has_its_demo_households() {
        for (rcc, area) in DEMO_RCCS.iter().zip(&DEMO_AREAS) {
            assert_eq!(rcc.short, area.short);
        }
    }

    #[test]
    fn every_demo_address_is_different() {
        let accounts = demo_accounts();
        let mut emails: Vec<&str> = accounts.iter().map(|a| a.email.as_str()).collect();
        emails.sort_unstable();
        emails.dedup();
        assert_eq!(emails.len(), accounts.len());
        assert_eq!(
            accounts.len(),
            2 + 2 * Role::ALL.len() + DEMO_CHARITY_PEOPLE.len() + KINSHIP_CARERS.len()
        );
    }
}
