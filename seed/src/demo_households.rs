//! Demo households for each demo RCC, at every stage of the funnel's first
//! part: new, overdue, assigned, contacted, at an event, visited, invited to
//! apply, on hold, withdrawn and advised not to proceed. Made through the
//! same use cases as real ones, by the RCC's demo recruitment officer.

use chrono::TimeDelta;
use domain::accounts::load_actor;
use domain::pagination::PageRequest;
use domain::recruitment::closure_reasons::ReasonChoice;
use domain::recruitment::contact::{ClosureReason, ContactMethod, ContactOutcome};
use domain::recruitment::interest::{CallTime, FosteringKind, HeardAbout};
use domain::recruitment::{
    Campaign, HouseholdMove, NewEnquiry, QueueFilter, assign_households, enquiry_queue,
    move_household, record_contact,
};
use domain::{Actor, Ctx, DomainError};

use domain::recruitment::closure_reasons::add_closure_reason;
use domain::recruitment::known_adults::{KnownAdult, record_known_adult};
use domain::recruitment::service_profile::{ProfileChange, update_service_profile};

use crate::builders::{Journey, Officer, send_application};
use crate::demo_events::{DemoVenue, demo_visit, load_demo_events};

/// Where the demo households of an RCC live, and their made-up names.
pub struct DemoArea {
    pub short: &'static str,
    /// One postcode in each of several of the RCC's authorities.
    pub postcodes: [&'static str; 5],
    pub names: [&'static str; 10],
    /// The households that have applied and gone further (`demo_decisions`).
    pub later: [&'static str; 6],
    pub venue: DemoVenue,
}

pub const DEMO_AREAS: [DemoArea; 2] = [
    DemoArea {
        short: "north-east",
        postcodes: ["TS24 7AB", "TS1 2AA", "DL1 1AA", "NE1 4ST", "SR1 3AA"],
        names: [
            "Chloe and Ryan Bell",
            "Mohammed Iqbal",
            "Karen Dodds",
            "Steven and Paul Wright",
            "Ama Mensah",
            "Laura Scott",
            "Graham and Jean Milburn",
            "Zofia Nowak",
            "Darren Hall",
            "Nicola Reay",
        ],
        later: [
            "Sue and Dave Robson",
            "Imran Hussain",
            "Beth and Tom Carr",
            "Julie Watson",
            "Peter and Ann Forster",
            "Gary Lamb",
        ],
        venue: DemoVenue {
            venue: "The Meeting Room, Central Library, York Road, Hartlepool",
            postcode: "TS26 9DE",
        },
    },
    DemoArea {
        short: "south-london",
        postcodes: ["SE13 5AA", "SW2 1AA", "CR0 1AA", "BR1 1AA", "SE1 7PB"],
        names: [
            "Tunde and Bisi Adebayo",
            "Hannah Levy",
            "Marcus Reid",
            "Priya and Sunil Patel",
            "Claire O'Brien",
            "Jamal Ahmed",
            "Eleanor Hughes",
            "Kofi Boateng",
            "Sarah and Jo Kemp",
            "Agnieszka Kowalska",
        ],
        later: [
            "Grace and Femi Okafor",
            "Ruth Cohen",
            "Leon and Mia Brown",
            "Natalie Green",
            "Daniel and Rosa Silva",
            "Mark Turner",
        ],
        venue: DemoVenue {
            venue: "Community Hall, Lewisham High Street, London",
            postcode: "SE13 6LG",
        },
    },
];

/// What becomes of each demo household after a first call, in order.
#[derive(Clone, Copy)]
enum Step {
    CameToEvent,
    Visited,
    VisitBooked,
    InvitedToApply,
}

const FATES: [&[Step]; 10] = [
    &[],
    &[],
    &[],
    &[Step::Visited],
    &[Step::CameToEvent, Step::VisitBooked],
    &[Step::CameToEvent, Step::Visited, Step::InvitedToApply],
    &[Step::Visited, Step::InvitedToApply],
    &[],
    &[],
    &[],
];

fn demo_email(area: &DemoArea, n: usize) -> String {
    format!("household{}.{}@example.org", n + 1, area.short)
}

/// The RCC's demo staff who make its demo data.
pub struct DemoStaff {
    pub officer: i32,
    pub manager: i32,
    /// In the first local authority the RCC serves.
    pub social_worker: i32,
    pub assessor: i32,
    pub panel_administrator: i32,
    pub decision_maker: i32,
}

/// Adds the demo households of `area` to the queue of `rcc`, worked by its
/// demo officer, with the service's profile, a closure reason of its own
/// and a known adult; returns how many households it added (none when they
/// are there already).
pub async fn load_demo_households(
    ctx: &Ctx,
    area: &DemoArea,
    rcc: i32,
    staff: &DemoStaff,
) -> Result<usize, DomainError> {
    let officer = staff.officer;
    let officer_actor = load_actor(ctx, officer).await?;
    let queued = enquiry_queue(
        ctx,
        &officer_actor,
        rcc,
        &QueueFilter {
            include_closed: true,
            ..QueueFilter::default()
        },
        &PageRequest::first(1),
    )
    .await?;
    if !queued.items.is_empty() {
        return Ok(0);
    }
    let kinds = [
        vec![FosteringKind::Teenagers],
        vec![FosteringKind::SiblingGroups, FosteringKind::LongTerm],
        vec![FosteringKind::ParentAndChild],
        vec![FosteringKind::ShortBreaks],
        vec![FosteringKind::UnaccompaniedChildren],
        vec![FosteringKind::NotSure],
    ];
    let enquirer = Officer {
        actor: &officer_actor,
        id: officer,
    };
    let mut made = Vec::new();
    for (n, name) in area.names.iter().enumerate() {
        // Enquiries from a few days back are overdue unless answered.
        let days_ago = if n == 0 { 0 } else { 2 + n as i64 };
        let enquiry = NewEnquiry {
            name: (*name).to_owned(),
            email: demo_email(area, n),
            phone: format!("07700 900 {:03}", 100 + n),
            postcode: area.postcodes[n % area.postcodes.len()].to_owned(),
            best_time_to_call: Some(CallTime::ALL[n % CallTime::ALL.len()]),
            interests: kinds[n % kinds.len()].clone(),
            heard_about: Some(HeardAbout::ALL[n % HeardAbout::ALL.len()]),
            consent_to_contact: true,
            campaign: Campaign {
                source: Some(if n % 2 == 0 { "facebook" } else { "radio" }.to_owned()),
                campaign: Some(
                    if n % 3 == 0 {
                        "teenagers-2026"
                    } else {
                        "winter-2026"
                    }
                    .to_owned(),
                ),
                ..Campaign::default()
            },
            trap: String::new(),
        };
        let journey = Journey::enquire(ctx, enquirer, &enquiry, days_ago).await?;
        made.push(journey.household_id);
    }
    let id_of = |n: usize| made.get(n).copied().ok_or(DomainError::NotFound);
    // Everyone from the third on has an officer.
    let assigned: Vec<i32> = (2..area.names.len()).map(id_of).collect::<Result<_, _>>()?;
    assign_households(ctx, &officer_actor, rcc, &assigned, officer).await?;
    for n in 2..FATES.len() {
        record_contact(
            ctx,
            &officer_actor,
            id_of(n)?,
            Some(ContactMethod::Call),
            Some(ContactOutcome::Reached),
            "Demo: a first conversation.",
        )
        .await?;
    }
    let person = |n: usize| (area.names[n], demo_email(area, n));
    let (came, booked) = ([person(4), person(5)], [person(1), person(2)]);
    load_demo_events(
        ctx,
        &officer_actor,
        rcc,
        &area.venue,
        came.each_ref().map(|(name, email)| (*name, email.as_str())),
        booked
            .each_ref()
            .map(|(name, email)| (*name, email.as_str())),
    )
    .await?;
    for (n, fate) in FATES.iter().enumerate() {
        let id = id_of(n)?;
        for step in *fate {
            match step {
                // Their attendance was recorded with the event's.
                Step::CameToEvent => {}
                Step::Visited => demo_visit(ctx, &officer_actor, officer, id, true).await?,
                Step::VisitBooked => demo_visit(ctx, &officer_actor, officer, id, false).await?,
                Step::InvitedToApply => {
                    move_household(ctx, &officer_actor, id, &HouseholdMove::InviteToApply).await?;
                }
            }
        }
    }
    let closing = [
        (
            7,
            HouseholdMove::Withdraw {
                reason: Some(ReasonChoice::Standard(ClosureReason::WorkCommitments)),
                detail: "Starting a new job; may come back next year.".into(),
            },
        ),
        (
            8,
            HouseholdMove::PutOnHold {
                until: Some((ctx.clock.now() + TimeDelta::days(30)).date_naive()),
            },
        ),
        (
            9,
            HouseholdMove::AdviseNotToProceed {
                reason: Some(ReasonChoice::Standard(ClosureReason::HousingOrSpace)),
                detail: "No spare bedroom yet.".into(),
            },
        ),
    ];
    for (n, change) in closing {
        move_household(ctx, &officer_actor, id_of(n)?, &change).await?;
    }
    load_demo_service(ctx, area, rcc, staff).await?;
    load_demo_application(ctx, &demo_email(area, 6)).await?;
    send_application(ctx, &demo_email(area, 5), area.names[5]).await?;
    let later = crate::demo_decisions::load_demo_decisions(ctx, area, rcc, staff).await?;
    Ok(made.len() + later)
}

/// The service's profile and a closure reason of its own, by its manager,
/// and a known adult recorded by a child's social worker.
async fn load_demo_service(
    ctx: &Ctx,
    area: &DemoArea,
    rcc: i32,
    staff: &DemoStaff,
) -> Result<(), DomainError> {
    let manager = load_actor(ctx, staff.manager).await?;
    // The officer households call: their work number, as each household's
    // own page shows it (01632 960 is set aside for drama).
    let officer = load_actor(ctx, staff.officer).await?;
    let number = if area.short == "north-east" {
        "01632 960 101"
    } else {
        "01632 960 201"
    };
    domain::accounts::set_work_phone(ctx, &officer, number).await?;
    let profile = ProfileChange {
        about: "We recruit and support foster carers for the councils of our region. Every new carer joins a group of families around an experienced carer in a hub home, with sleepovers, get-togethers and someone to call any time.".to_owned(),
        phone: "01632 960 000".to_owned(),
        out_of_hours_phone: "01632 960 999".to_owned(),
        kinship_local_offer: String::new(),
        email: format!("fostering.{}@example.org", area.short),
        website: format!("https://fostering-{}.example.org", area.short),
        address: area.venue.venue.to_owned(),
        homes_needed: vec![
            FosteringKind::Teenagers,
            FosteringKind::SiblingGroups,
            FosteringKind::ParentAndChild,
        ],
        first_contact_working_days: Some(1),
        clocks: None,
    };
    update_service_profile(ctx, &manager, rcc, &profile).await?;
    add_closure_reason(ctx, &manager, rcc, "Moved out of the area").await?;
    let social_worker = load_actor(ctx, staff.social_worker).await?;
    let adult = KnownAdult {
        name: "Deborah Clarke".to_owned(),
        email: format!("known-adult.{}@example.org", area.short),
        phone: "07700 900 321".to_owned(),
        postcode: area.postcodes[0].to_owned(),
        relationship: "Her best friend's mum".to_owned(),
        child_initials: "K.M.".to_owned(),
        child_reference: format!("{}-00417", area.short.to_uppercase()),
        consent_to_contact: true,
    };
    record_known_adult(ctx, &social_worker, &adult).await?;
    Ok(())
}

/// The invited household has started its application: one section done,
/// one half done.
async fn load_demo_application(ctx: &Ctx, email: &str) -> Result<(), DomainError> {
    use domain::accounts::find_person;
    use domain::applications::form::save_section;
    use domain::applications::sections::{Answers, Section};
    let Some(person_id) = find_person(ctx, &Actor::System, email).await? else {
        return Ok(());
    };
    let applicant = load_actor(ctx, person_id).await?;
    let answers = |pairs: &[(&str, &str)]| -> Answers {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), vec![(*v).to_owned()]))
            .collect()
    };
    let about_you = answers(&[
        ("full_name", "Graham Milburn"),
        ("date_of_birth", "1968-05-14"),
        ("phone", "07700 900 106"),
        ("address", "4 Rowan Close, Hartlepool"),
        ("years_at_address", "12"),
    ]);
    save_section(ctx, &applicant, Section::AboutYou, &about_you, true).await?;
    let home = answers(&[("home_type", "owned"), ("bedrooms", "4")]);
    save_section(ctx, &applicant, Section::YourHome, &home, false).await?;
    Ok(())
}
