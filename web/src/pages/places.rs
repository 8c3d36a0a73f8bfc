//! Where people go: the one registry the navigation and the landing page
//! read. A place names the permission (or work list) that opens it, so
//! nobody is shown a link they could not follow; a new capability adds its
//! place here and appears in both.

use domain::Actor;
use domain::policy::Permission;
use domain::work_lists::WorkList;

use super::Section;

/// Who a place is for.
#[derive(Clone, Copy)]
pub enum Audience {
    /// People with no staff work: the public, applicants, and roles with
    /// nothing in Hearth yet.
    Public,
    /// Those who hold the permission somewhere.
    Holding(Permission),
    /// Those who hold any of the permissions somewhere.
    HoldingAny(&'static [Permission]),
    /// Those who see a work list somewhere.
    Seeing(WorkList),
    /// Those who see any work list.
    Working,
}

/// A page someone may start from.
pub struct Place {
    pub section: Section,
    pub href: &'static str,
    pub title: &'static str,
    /// What the landing page says it is for.
    pub what: &'static str,
    pub audience: Audience,
    /// Whether the service navigation links to it (its section's first
    /// place stands for the section).
    pub in_navigation: bool,
}

const fn place(
    section: Section,
    href: &'static str,
    title: &'static str,
    what: &'static str,
    audience: Audience,
    in_navigation: bool,
) -> Place {
    Place {
        section,
        href,
        title,
        what,
        audience,
        in_navigation,
    }
}

/// Every place, in the order the navigation and landing page show them.
pub const PLACES: &[Place] = &[
    place(Section::Home, "/", "Home", "", Audience::Public, true),
    place(
        Section::Fostering,
        "/fostering",
        "Could you foster?",
        "",
        Audience::Public,
        true,
    ),
    place(
        Section::LocalAuthorities,
        "/local-authorities",
        "Local authorities",
        "",
        Audience::Public,
        true,
    ),
    place(
        Section::Events,
        "/events",
        "Information events",
        "",
        Audience::Public,
        true,
    ),
    // Reached from the start page: one more item would wrap the public
    // navigation at 1280 px.
    place(
        Section::Kinship,
        "/kinship",
        "Kinship care",
        "",
        Audience::Public,
        false,
    ),
    place(
        Section::Work,
        "/work",
        "Work lists",
        "Every list of households waiting on you, with what is late",
        Audience::Working,
        true,
    ),
    place(
        Section::Work,
        "/work/enquiries",
        "Enquiries",
        WorkList::Enquiries.what(),
        Audience::Seeing(WorkList::Enquiries),
        false,
    ),
    place(
        Section::Work,
        "/work/applications",
        "Applications and Stage 1",
        WorkList::Applications.what(),
        Audience::Seeing(WorkList::Applications),
        false,
    ),
    place(
        Section::Work,
        "/work/assessments",
        "Assessments",
        WorkList::Assessments.what(),
        Audience::Seeing(WorkList::Assessments),
        false,
    ),
    place(
        Section::Work,
        "/work/panel",
        "Panel",
        WorkList::Panel.what(),
        Audience::Seeing(WorkList::Panel),
        false,
    ),
    place(
        Section::Work,
        "/work/decisions",
        "Decisions",
        WorkList::Decisions.what(),
        Audience::Seeing(WorkList::Decisions),
        false,
    ),
    place(
        Section::Work,
        "/enquiries",
        "All households",
        "The enquiry queue: every household, by what is due, filtered by stage, officer, area, campaign or kind of fostering",
        Audience::Holding(Permission::WorkEnquiries),
        false,
    ),
    place(
        Section::Reports,
        "/reports",
        "Reports",
        "Recruitment figures: the funnel, time in each stage, why households stop and month by month, to download as CSV",
        Audience::Holding(Permission::ReadReports),
        true,
    ),
    place(
        Section::Events,
        "/manage/events",
        "Information events",
        "Publish information events and preparation training, and see who booked",
        Audience::Holding(Permission::WorkEnquiries),
        true,
    ),
    place(
        Section::Panel,
        "/panels",
        "Panel",
        "The fostering panel's dates and the households booked onto each",
        Audience::Holding(Permission::SeePanel),
        true,
    ),
    place(
        Section::Carers,
        "/carers",
        "Carer households",
        "The approved households you supervise or manage: their terms, their supervising social worker and when each annual review is due",
        Audience::Holding(Permission::SuperviseCarers),
        true,
    ),
    place(
        Section::MyHousehold,
        "/my-household",
        "Your household",
        "Your household, the children living with you, and what you can say yes to for each",
        Audience::Holding(Permission::CareForChildren),
        true,
    ),
    place(
        Section::Constellations,
        "/constellations",
        "Mockingbird constellations",
        "The hub homes and satellite families you run or support: their sleepovers, check-ins and families",
        Audience::HoldingAny(&[
            Permission::RunConstellations,
            Permission::LiaiseWithConstellations,
        ]),
        true,
    ),
    place(
        Section::KinshipGroups,
        "/kinship/facilitate",
        "Kinship groups",
        "The kinship carer groups you facilitate or oversee: members and requests, sessions, attendance and announcements",
        Audience::HoldingAny(&[
            Permission::FacilitateKinshipGroups,
            Permission::OverseeKinshipGroups,
        ]),
        true,
    ),
    place(
        Section::KinshipGroups,
        "/kinship/figures",
        "Kinship group figures",
        "Your organisation's kinship groups in numbers: members, sessions, attendance and new members by month, to download as CSV",
        Audience::Holding(Permission::OverseeKinshipGroups),
        false,
    ),
    place(
        Section::Concerns,
        "/concerns",
        "Concerns about children",
        "Worries about a child's safety raised by kinship carers and facilitators, for you to act on",
        Audience::Holding(Permission::LeadSafeguarding),
        true,
    ),
    place(
        Section::PeerSupport,
        "/peer-support",
        "Peer support",
        "Your peer supporter profile, the weekly times you can meet and your days away",
        Audience::Holding(Permission::OfferPeerSupport),
        true,
    ),
    // Those who coordinate peer support find it from their landing page:
    // a fostering team manager's navigation is full.
    place(
        Section::PeerSupport,
        "/peer-support/waiting",
        "People waiting for a peer supporter",
        "Applicants who asked for a peer supporter, how long each has waited, and suggested supporters to match",
        Audience::Holding(Permission::CoordinatePeerSupport),
        false,
    ),
    place(
        Section::PeerSupport,
        "/peer-support/relationships",
        "Peer support relationships",
        "Who supports whom, pairs with no recent meeting, those ending soon, feedback, and supporters' hours and mileage to pay",
        Audience::Holding(Permission::CoordinatePeerSupport),
        false,
    ),
    place(
        Section::PeerSupport,
        "/peer-support/supporters",
        "Peer supporters",
        "Your service's peer supporters: what they know and when they are free",
        Audience::Holding(Permission::CoordinatePeerSupport),
        false,
    ),
    place(
        Section::Children,
        "/children",
        "Children",
        "The children in foster care you work with: where each lives, their placements and their social worker",
        Audience::Holding(Permission::SeeChildrenPlaced),
        true,
    ),
    place(
        Section::KnownAdults,
        "/known-adults",
        "Known adults",
        "Record a known and trusted adult for a child in care, and follow their enquiry",
        Audience::Holding(Permission::RecordKnownAdult),
        true,
    ),
    place(
        Section::Admin,
        "/admin",
        "Administration",
        "Your organisation's people, invitations, API tokens and settings",
        Audience::Holding(Permission::AdministerOrganisation),
        true,
    ),
];

impl Audience {
    fn includes(self, actor: &Actor, staff: bool) -> bool {
        match self {
            Self::Public => !staff,
            Self::Holding(permission) => actor.may_anywhere(permission),
            Self::HoldingAny(permissions) => permissions.iter().any(|p| actor.may_anywhere(*p)),
            Self::Seeing(list) => !list.organisations(actor).is_empty(),
            Self::Working => !WorkList::seen_by(actor).is_empty(),
        }
    }
}

/// Whether the actor has staff work anywhere: any place not for the
/// public is theirs.
pub fn has_staff_work(actor: &Actor) -> bool {
    PLACES.iter().any(|place| {
        !matches!(place.audience, Audience::Public) && place.audience.includes(actor, true)
    })
}

/// The places the actor may go, in order.
pub fn places_for(actor: &Actor) -> impl Iterator<Item = &'static Place> {
    let staff = has_staff_work(actor);
    PLACES
        .iter()
        .filter(move |place| place.audience.includes(actor, staff))
}

/// The places the landing page lists: staff work, not the public pages
/// everyone reaches from the start page.
pub fn landing_places(actor: &Actor) -> Vec<&'static Place> {
    places_for(actor)
        .filter(|place| !matches!(place.audience, Audience::Public))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_work_list_has_one_place_saying_what_the_list_holds() {
        for list in WorkList::ALL {
            let places: Vec<_> = PLACES
                .iter()
                .filter(|p| matches!(p.audience, Audience::Seeing(l) if l == *list))
                .collect();
            assert_eq!(places.len(), 1, "{list:?}");
            assert_eq!(places[0].href, format!("/work/{}", list.as_str()));
        }
    }

    /// Two navigation items for one section would both be marked current.
    #[test]
    fn a_section_shared_in_the_navigation_is_split_between_public_and_staff() {
        let navigation: Vec<&Place> = PLACES.iter().filter(|p| p.in_navigation).collect();
        for (i, one) in navigation.iter().enumerate() {
            for other in &navigation[i + 1..] {
                if one.section == other.section {
                    let public = |p: &Place| matches!(p.audience, Audience::Public);
                    assert_ne!(public(one), public(other), "{}", one.href);
                }
            }
        }
    }
}
