//! Demo Mockingbird constellations: two per cooperative, each a hub home
//! and its satellite families from the demo carer households, set up
//! a year ago with the demo liaison worker. Then what a constellation's
//! weeks hold: sleepovers past and booked (an emergency that went to the
//! liaison worker, one declined, other nights proposed to the demo foster
//! carer, a request for the hub to answer), get-togethers answered and
//! attended, check-ins with one family overdue, and a family that left.

use std::sync::Arc;

use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};
use chrono_tz::Europe::London;
use domain::carers::entities::carer_household;
use domain::clock::FrozenClock;
use domain::constellations::{
    CheckInInput, ConstellationSettings, Contact, EscalateSleepover, FamilyJoining, FamilyLeaving,
    NewConstellation, SleepoverKind, SleepoverRequest, SleepoverStep, add_family,
    escalate_sleepover, family_leaves, move_sleepover, record_check_in, request_choices,
    request_sleepover, set_up_constellation,
};
use domain::constellations::{
    ForWhom, MeetingInput, MeetingKind, answer_meeting, meeting_record, publish_meeting,
    record_meeting_attendance,
};
use domain::recruitment::entities::household;
use domain::{Actor, Ctx, DomainError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use domain::accounts::load_actor;

/// One demo constellation: its name, its hub and its satellites, by their
/// place in the demo carers file (0 is the demo foster carer's household).
struct DemoConstellation {
    name: &'static str,
    hub: usize,
    satellites: &'static [usize],
    /// A satellite that joined and later left.
    left: Option<usize>,
}

const CONSTELLATIONS: [DemoConstellation; 2] = [
    DemoConstellation {
        name: "Riverside constellation",
        hub: 4,
        satellites: &[0, 1, 2, 3, 5, 6, 7],
        left: None,
    },
    DemoConstellation {
        name: "Hillside constellation",
        hub: 8,
        satellites: &[9, 10, 11, 12, 13, 14],
        left: Some(21),
    },
];

/// The demo people the constellations need.
pub struct ConstellationStaff<'a> {
    pub manager: &'a Actor,
    pub liaison_worker: i32,
}

/// A household of the demo carers file, by its place in it.
struct DemoHousehold {
    id: i32,
    carer: Actor,
}

async fn household_at(ctx: &Ctx, rcc: i32, n: usize) -> Result<Option<DemoHousehold>, DomainError> {
    let reference = format!("FC-{:04}", n + 1);
    let Some(row) = carer_household::Entity::find()
        .filter(carer_household::Column::OrganisationId.eq(rcc))
        .filter(carer_household::Column::ServiceReference.eq(reference))
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    let Some(person) = household::Entity::find_by_id(row.household_id)
        .one(&ctx.db)
        .await?
        .and_then(|h| h.person_id)
    else {
        return Ok(None);
    };
    Ok(Some(DemoHousehold {
        id: row.id,
        carer: load_actor(ctx, person).await?,
    }))
}

/// `ctx` on a clock stopped at `at`: the demo's past is made as it
/// happened, by the same use cases.
pub(crate) fn at(ctx: &Ctx, at: DateTime<Utc>) -> Ctx {
    ctx.on_clock(Arc::new(FrozenClock::at(at)))
}

/// Two in the afternoon, London time, `days` from today (negative: ago).
fn afternoon(today: NaiveDate, days: i64) -> DateTime<Utc> {
    let day = if days >= 0 {
        today.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .unwrap_or(today);
    day.and_hms_opt(14, 0, 0)
        .and_then(|t| t.and_local_timezone(London).earliest())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

fn night(today: NaiveDate, days: i64) -> NaiveDate {
    afternoon(today, days).with_timezone(&London).date_naive()
}

/// The first child living with the household whose carers may agree a
/// stay with the hub themselves.
async fn first_child(
    ctx: &Ctx,
    carer: &Actor,
    constellation_id: i32,
) -> Result<Option<i32>, DomainError> {
    Ok(request_choices(ctx, carer, constellation_id)
        .await?
        .children
        .iter()
        .find(|c| !c.needs_agreement)
        .map(|c| c.child_id))
}

/// A satellite family and a child of theirs to ask for.
type Asker<'a> = (&'a DemoHousehold, i32);

/// Asks the hub, as the family would, on `ctx`'s clock.
async fn ask(
    ctx: &Ctx,
    (family, child): Asker<'_>,
    constellation_id: i32,
    nights: (NaiveDate, NaiveDate),
    kind: SleepoverKind,
) -> Result<i32, DomainError> {
    let request = SleepoverRequest {
        constellation_id,
        child_ids: vec![child],
        first_night: Some(nights.0),
        last_night: Some(nights.1),
        kind: Some(kind),
        note: "Bedtime at 8, with a story. Allergic to peanuts: an adrenaline pen is in the bag. Inhaler morning and night. Emergency contact: our mobile, 07700 900 123.".to_owned(),
    };
    Ok(request_sleepover(ctx, &family.carer, &request)
        .await?
        .sleepover_id)
}

/// Sets up the cooperative's constellations and gives them their weeks;
/// returns how many it set up (none when they are there).
pub async fn load_demo_constellations(
    ctx: &Ctx,
    rcc: i32,
    staff: &ConstellationStaff<'_>,
) -> Result<usize, DomainError> {
    if !domain::constellations::constellations(ctx, staff.manager)
        .await?
        .is_empty()
    {
        return Ok(0);
    }
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let year_ago = at(ctx, afternoon(today, -365));
    let mut made = 0;
    for (c, demo) in CONSTELLATIONS.iter().enumerate() {
        let Some(hub) = household_at(ctx, rcc, demo.hub).await? else {
            continue;
        };
        let input = NewConstellation {
            organisation_id: rcc,
            hub_carer_household_id: Some(hub.id),
            settings: ConstellationSettings {
                name: demo.name.to_owned(),
                liaison_worker_ids: vec![staff.liaison_worker],
                beds: Some(2),
                quiet_from: "21:00".to_owned(),
                quiet_until: "07:00".to_owned(),
                escalate_after_minutes: None,
                check_in_days: None,
            },
        };
        let id = set_up_constellation(&year_ago, staff.manager, &input).await?;
        made += 1;
        let mut families = Vec::new();
        for (k, n) in demo.satellites.iter().chain(&demo.left).enumerate() {
            let Some(family) = household_at(ctx, rcc, *n).await? else {
                continue;
            };
            let joining = FamilyJoining {
                carer_household_id: Some(family.id),
                joined_on: Some(night(today, -365 + 7 * k as i64)),
                reason: "Newly approved: joining for support in the first years".to_owned(),
                as_hub: false,
            };
            add_family(ctx, staff.manager, id, &joining).await?;
            families.push((*n, family));
        }
        let leaving_household = demo
            .left
            .and_then(|left| families.iter().find(|(n, _)| *n == left))
            .map(|(_, h)| h.id);
        let record = domain::constellations::constellation_record(ctx, staff.manager, id).await?;
        if let Some(member) = record
            .families
            .iter()
            .find(|f| Some(f.carer_household_id) == leaving_household)
        {
            let leaving = FamilyLeaving {
                left_on: Some(night(today, -30)),
                reason: "Moved out of the area to be nearer family".to_owned(),
            };
            family_leaves(ctx, staff.manager, id, member.member_id, &leaving).await?;
        }
        let satellites: Vec<&DemoHousehold> = families
            .iter()
            .filter(|(n, _)| Some(*n) != demo.left)
            .map(|(_, h)| h)
            .collect();
        check_ins(ctx, &hub, id, &satellites, today).await?;
        // Those with a child whose carers may agree a stay themselves, the
        // demo foster carer's household first when it is one.
        let mut askers: Vec<Asker<'_>> = Vec::new();
        for family in &satellites {
            if let Some(child) = first_child(ctx, &family.carer, id).await? {
                askers.push((family, child));
            }
        }
        get_togethers(ctx, &hub, id, &satellites, today).await?;
        if c == 0 {
            riverside_weeks(ctx, &hub, id, &askers, today).await?;
        } else {
            hillside_weeks(ctx, &hub, id, &askers, today).await?;
        }
    }
    Ok(made)
}

/// The hub's check-ins: each family within the fortnight, but the last,
/// whose last contact was three weeks ago.
async fn check_ins(
    ctx: &Ctx,
    hub: &DemoHousehold,
    id: i32,
    satellites: &[&DemoHousehold],
    today: NaiveDate,
) -> Result<(), DomainError> {
    let contacts = [
        Contact::Call,
        Contact::Visit,
        Contact::Message,
        Contact::Meeting,
    ];
    let words = [
        "All well; asked about the next get-together",
        "Popped round with cake",
        "Settling in after a busy week at school",
        "Talked through the review coming up",
    ];
    for (k, family) in satellites.iter().enumerate() {
        let days_ago = if k + 1 == satellites.len() {
            21
        } else {
            1 + 2 * k as i64
        };
        let input = CheckInInput {
            carer_household_id: Some(family.id),
            contact: Some(contacts[k % contacts.len()]),
            contacted_on: Some(night(today, -days_ago)),
            note: words[k % words.len()].to_owned(),
        };
        record_check_in(ctx, &hub.carer, id, &input).await?;
    }
    Ok(())
}

/// Every person of the family's household the meeting is for.
async fn everyone(
    ctx: &Ctx,
    family: &DemoHousehold,
    meeting: i32,
) -> Result<Vec<String>, DomainError> {
    Ok(meeting_record(ctx, &family.carer, meeting)
        .await?
        .own
        .map(|own| own.people.into_iter().map(|p| p.key).collect())
        .unwrap_or_default())
}

/// Last month's get-together, with answers and who came; next week's,
/// answered by some (the demo foster carer's household not yet); and a
/// trip for the children.
async fn get_togethers(
    ctx: &Ctx,
    hub: &DemoHousehold,
    id: i32,
    satellites: &[&DemoHousehold],
    today: NaiveDate,
) -> Result<(), DomainError> {
    let meeting = |title: &str, kind, days: i64, for_whom, about: &str| MeetingInput {
        kind: Some(kind),
        title: title.to_owned(),
        place: "The Community Centre, Front Street".to_owned(),
        about: about.to_owned(),
        starts_at: Some(afternoon(today, days) - TimeDelta::hours(3)),
        ends_at: Some(afternoon(today, days)),
        for_whom: Some(for_whom),
    };
    // Last month: published, answered, and who came recorded.
    let then = at(ctx, afternoon(today, -20));
    let past = meeting(
        "November get-together",
        MeetingKind::MonthlyMeeting,
        -14,
        ForWhom::Both,
        "Bring a dish to share. The children's corner has games and a film.",
    );
    let last_month = publish_meeting(&then, &hub.carer, id, &past).await?;
    let mut came = Vec::new();
    for (k, family) in satellites.iter().enumerate().take(4) {
        let people = everyone(&then, family, last_month).await?;
        answer_meeting(&then, &family.carer, last_month, &people).await?;
        // One family said yes and could not come in the end.
        if k != 3 {
            came.extend(people.into_iter().map(|p| (family.id, p)));
        }
    }
    let afterwards = at(ctx, afternoon(today, -14));
    record_meeting_attendance(&afterwards, &hub.carer, last_month, &came).await?;
    // Next week's: two families have answered.
    let next = meeting(
        "December get-together",
        MeetingKind::MonthlyMeeting,
        9,
        ForWhom::Both,
        "Mince pies and a visit from a very busy man in red.",
    );
    let next_week = publish_meeting(ctx, &hub.carer, id, &next).await?;
    for family in satellites.iter().skip(1).take(2) {
        let people = everyone(ctx, family, next_week).await?;
        answer_meeting(ctx, &family.carer, next_week, &people).await?;
    }
    let trip = meeting(
        "Trip to the farm park",
        MeetingKind::Trip,
        20,
        ForWhom::Children,
        "Wellies and a packed lunch. The minibus leaves the hub at 10.",
    );
    publish_meeting(ctx, &hub.carer, id, &trip).await?;
    Ok(())
}

/// Riverside's weeks: a stay last month, an emergency that went to the
/// liaison worker before the hub took it, a decline, other nights proposed
/// to the demo foster carer, a booked stay and a request to answer.
async fn riverside_weeks(
    ctx: &Ctx,
    hub: &DemoHousehold,
    id: i32,
    askers: &[Asker<'_>],
    today: NaiveDate,
) -> Result<(), DomainError> {
    let [foster_carer, one, two, three, four, ..] = askers else {
        return Ok(());
    };
    // A weekend last month, from asking to going home.
    let then = at(ctx, afternoon(today, -30));
    let nights = (night(today, -21), night(today, -20));
    {
        let stay = ask(&then, *one, id, nights, SleepoverKind::Planned).await?;
        move_sleepover(&then, &hub.carer, stay, &SleepoverStep::Accept).await?;
        let arrived = at(ctx, afternoon(today, -21));
        move_sleepover(&arrived, &hub.carer, stay, &SleepoverStep::Start).await?;
        let left = at(ctx, afternoon(today, -19));
        move_sleepover(&left, &hub.carer, stay, &SleepoverStep::End).await?;
    }
    // An emergency three days ago, unanswered for twenty minutes.
    let asked = afternoon(today, -3);
    let nights = (night(today, -3), night(today, -2));
    {
        let stay = ask(&at(ctx, asked), *two, id, nights, SleepoverKind::Emergency).await?;
        let job = EscalateSleepover { sleepover_id: stay };
        let later = at(ctx, asked + TimeDelta::minutes(20));
        escalate_sleepover(&later, &Actor::System, &job).await?;
        let answered = at(ctx, asked + TimeDelta::minutes(35));
        move_sleepover(&answered, &hub.carer, stay, &SleepoverStep::Accept).await?;
        move_sleepover(&answered, &hub.carer, stay, &SleepoverStep::Start).await?;
        let home = at(ctx, afternoon(today, -1));
        move_sleepover(&home, &hub.carer, stay, &SleepoverStep::End).await?;
    }
    // Declined: the hub is away.
    let nights = (night(today, 24), night(today, 25));
    {
        let stay = ask(ctx, *three, id, nights, SleepoverKind::Planned).await?;
        let step = SleepoverStep::Decline {
            reason:
                "We are at my sister's wedding that weekend: could you ask for the weekend after?"
                    .to_owned(),
        };
        move_sleepover(ctx, &hub.carer, stay, &step).await?;
    }
    // Other nights proposed to the demo foster carer: theirs to answer.
    let nights = (night(today, 10), night(today, 11));
    {
        let stay = ask(ctx, *foster_carer, id, nights, SleepoverKind::Planned).await?;
        let step = SleepoverStep::Propose {
            first_night: Some(night(today, 12)),
            last_night: Some(night(today, 13)),
        };
        move_sleepover(ctx, &hub.carer, stay, &step).await?;
    }
    // Booked for next week.
    let nights = (night(today, 5), night(today, 6));
    {
        let stay = ask(ctx, *four, id, nights, SleepoverKind::Planned).await?;
        move_sleepover(ctx, &hub.carer, stay, &SleepoverStep::Accept).await?;
    }
    // Waiting for the hub's answer.
    let nights = (night(today, 15), night(today, 15));
    ask(ctx, *one, id, nights, SleepoverKind::Planned).await?;
    Ok(())
}

/// Hillside's weeks: a stay booked and a request waiting.
async fn hillside_weeks(
    ctx: &Ctx,
    hub: &DemoHousehold,
    id: i32,
    askers: &[Asker<'_>],
    today: NaiveDate,
) -> Result<(), DomainError> {
    let [first, second, ..] = askers else {
        return Ok(());
    };
    let nights = (night(today, 3), night(today, 4));
    {
        let stay = ask(ctx, *first, id, nights, SleepoverKind::Planned).await?;
        move_sleepover(ctx, &hub.carer, stay, &SleepoverStep::Accept).await?;
    }
    let nights = (night(today, 9), night(today, 9));
    ask(ctx, *second, id, nights, SleepoverKind::Planned).await?;
    Ok(())
}
