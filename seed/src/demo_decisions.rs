//! Demo households past their application: one in Stage 1 with overdue
//! checks, one in Stage 2, one booked for a panel to come, and three heard
//! by a panel a fortnight ago (recommended and waiting for the decision,
//! approved, and proposed not to approve inside its 28 days), and a
//! connected person under temporary approval. Each goes through the same
//! use cases as a real household, on the days it would have.

use chrono::Days;
use chrono_tz::Europe::London;
use domain::accounts::load_actor;
use domain::applications::decision::{DecisionInput, Terms};
use domain::applications::panel::{PanelInput, Recommendation, schedule_panel};
use domain::recruitment::connected_persons::{ConnectedPerson, record_connected_person};
use domain::recruitment::interest::{CallTime, FosteringKind, HeardAbout};
use domain::recruitment::{Campaign, NewEnquiry};
use domain::{Ctx, DomainError};

use crate::builders::{Journey, Officer, days_ago};
use crate::demo_households::{DemoArea, DemoStaff};

/// How far each later household gets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reached {
    StageOne,
    StageTwo,
    BookedForPanel,
    Recommended,
    Approved,
    ProposedNotToApprove,
}

const LATER: [Reached; 6] = [
    Reached::StageOne,
    Reached::StageTwo,
    Reached::BookedForPanel,
    Reached::Recommended,
    Reached::Approved,
    Reached::ProposedNotToApprove,
];

/// The later households of `area`, and its connected person; returns how
/// many households it added.
pub async fn load_demo_decisions(
    ctx: &Ctx,
    area: &DemoArea,
    rcc: i32,
    staff: &DemoStaff,
) -> Result<usize, DomainError> {
    let officer = load_actor(ctx, staff.officer).await?;
    let assessor = load_actor(ctx, staff.assessor).await?;
    let panel = load_actor(ctx, staff.panel_administrator).await?;
    let decider = load_actor(ctx, staff.decision_maker).await?;
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    // A panel that sat a fortnight ago, and one in three weeks.
    let sat = schedule_panel(
        &days_ago(ctx, 14),
        &panel,
        rcc,
        &PanelInput {
            sits_on: today.checked_sub_days(Days::new(14)),
            place: area.venue.venue.to_owned(),
            capacity: Some(6),
        },
    )
    .await?;
    let coming = schedule_panel(
        ctx,
        &panel,
        rcc,
        &PanelInput {
            sits_on: today.checked_add_days(Days::new(21)),
            place: "Online, by video call".to_owned(),
            capacity: Some(4),
        },
    )
    .await?;
    let officer = Officer {
        actor: &officer,
        id: staff.officer,
    };
    let assessor_id = staff.assessor;
    let assessor_as = Officer {
        actor: &assessor,
        id: assessor_id,
    };
    for (n, reached) in LATER.iter().enumerate() {
        let name = area.later[n];
        let email = format!("applicant{}.{}@example.org", n + 1, area.short);
        let journey = applied(ctx, area, officer, (n, name, &email)).await?;
        if *reached == Reached::StageOne {
            continue;
        }
        let journey = journey.in_stage_two(assessor_as, 60, 30).await?;
        if *reached == Reached::StageTwo {
            continue;
        }
        // Everyone going to panel has had every check come back clear.
        let journey = journey.checks_clear(&assessor, 45).await?;
        if *reached == Reached::BookedForPanel {
            journey.booked_for_panel(&assessor, coming, 0).await?;
            continue;
        }
        let recommendation = if *reached == Reached::ProposedNotToApprove {
            Recommendation::NotApprove
        } else {
            Recommendation::Approve
        };
        let journey = journey
            .booked_for_panel(&assessor, sat, 20)
            .await?
            .recommended(&panel, recommendation, 13)
            .await?;
        let decision = match reached {
            Reached::Approved => DecisionInput::Approve {
                terms: Terms {
                    children: Some(2),
                    age_from: Some(8),
                    age_to: Some(17),
                    kinds: vec!["teenagers".into(), "long_term".into()],
                },
                reasons: "A steady, warm home with a strong support network.".into(),
            },
            Reached::ProposedNotToApprove => DecisionInput::ProposeNotToApprove {
                reasons: "The home has no room a child could have as their own yet.".into(),
            },
            _ => continue,
        };
        journey.decided(&decider, &decision, 5).await?;
    }
    let kinship = ConnectedPerson {
        name: "Margaret Lowes".to_owned(),
        email: format!("connected-person.{}@example.org", area.short),
        phone: "07700 900 555".to_owned(),
        postcode: area.postcodes[0].to_owned(),
        child_initials: "T.L.".to_owned(),
        child_reference: format!("{}-00952", area.short.to_uppercase()),
        relationship: "Grandmother".to_owned(),
        approved_on: today.checked_sub_days(Days::new(30)),
    };
    record_connected_person(ctx, &assessor, rcc, &kinship).await?;
    Ok(LATER.len() + 1)
}

/// Takes a new household from its enquiry to a sent application, over the
/// months it would take.
async fn applied<'a>(
    ctx: &'a Ctx,
    area: &DemoArea,
    officer: Officer<'a>,
    (n, name, email): (usize, &str, &str),
) -> Result<Journey<'a>, DomainError> {
    let enquiry = NewEnquiry {
        name: name.to_owned(),
        email: email.to_owned(),
        phone: format!("07700 900 {:03}", 200 + n),
        postcode: area.postcodes[n % area.postcodes.len()].to_owned(),
        best_time_to_call: Some(CallTime::Evening),
        interests: vec![FosteringKind::Teenagers],
        heard_about: Some(HeardAbout::ALL[n % HeardAbout::ALL.len()]),
        consent_to_contact: true,
        campaign: Campaign::default(),
        trap: String::new(),
    };
    let invited = Journey::enquire(ctx, officer, &enquiry, 120)
        .await?
        .first_call(119)
        .await?
        .visited(110)
        .await?
        .invited_to_apply(105)
        .await?;
    // Couples apply jointly, each with a sign-in of their own.
    if name.contains(" and ") {
        let partner = format!("partner{}.{}@example.org", n + 1, area.short);
        invited.applied_jointly(&partner, 90).await
    } else {
        invited.applied(90).await
    }
}
