//! Years of made-up recruitment history, so that reports have something
//! to show: households that enquire through the years and move through the
//! funnel at the rates England's statistics give
//! (`../shared/data/fostering-in-england.md`): about 12% of a local
//! authority's enquiries apply and about 5% of other services'; about two
//! thirds of applications do not reach approval; application to approval
//! takes about 8 months, with a tail to 18. The same seed makes the same
//! households. Each household's moves go through the funnel's own rules
//! (`domain::recruitment::made_up`).

use chrono::{DateTime, TimeDelta, Utc};
use domain::recruitment::equality::{
    Disability, EqualityAnswers, Ethnicity, Religion, SexualOrientation,
};
use domain::recruitment::funnel::Event;
use domain::recruitment::interest::{FosteringKind, HeardAbout};
use domain::recruitment::made_up::{MadeUpHousehold, MadeUpMove, write_made_up};
use domain::{Ctx, DomainError};

/// The end of every made-up household's email address: they are told apart
/// by it, and it can receive nothing.
pub const MADE_UP: &str = "@made-up.example.org";

/// A fostering service and where its households live.
#[derive(Clone, Debug)]
pub struct Service {
    pub organisation_id: i32,
    /// A local authority's own service converts more of its enquiries.
    pub local_authority: bool,
    /// Each local authority it recruits in, with that authority's postcode
    /// districts.
    pub places: Vec<(i32, Vec<String>)>,
    pub enquiries_per_year: u32,
}

/// How much history, up to when, from which seed.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub years: u32,
    pub seed: u64,
    pub now: DateTime<Utc>,
}

const FIRST_NAMES: &[&str] = &[
    "Aisha", "Ben", "Chloe", "Daniel", "Ella", "Fatima", "George", "Hannah", "Isaac", "Jade",
    "Kwame", "Laura", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sarah", "Tom", "Yusuf",
];
/// The surnames made-up households take (the search benchmark looks for
/// them).
pub const SURNAMES: &[&str] = &[
    "Ahmed", "Brown", "Clarke", "Davies", "Evans", "Green", "Hussain", "Jones", "Khan", "Lewis",
    "Mensah", "Nowak", "Okafor", "Patel", "Robinson", "Smith", "Taylor", "Walker", "Wilson",
    "Young",
];
/// Campaigns as links carry them: (utm_source, utm_medium).
const SOURCES: &[(&str, &str)] = &[
    ("facebook", "social"),
    ("google", "cpc"),
    ("instagram", "social"),
    ("radio", "audio"),
    ("leaflet", "print"),
    ("bus-advert", "outdoor"),
];
const CAMPAIGNS: &[&str] = &[
    "foster-spring",
    "fostering-fortnight",
    "foster-autumn",
    "new-year",
];
const WITHDRAWALS: &[&str] = &[
    "timing_not_right",
    "housing_or_space",
    "work_commitments",
    "family_circumstances",
    "health_reasons",
    "chose_another_service",
    "no_response",
];

fn pick<T: Copy>(rng: &mut fastrand::Rng, from: &[T]) -> T {
    from[rng.usize(..from.len())]
}

/// Days, as a span of time.
fn days(rng: &mut fastrand::Rng, from: i64, to: i64) -> TimeDelta {
    TimeDelta::days(rng.i64(from..=to)) + TimeDelta::minutes(rng.i64(0..600))
}

/// A household's moves from `enquired_at`, none after `now`.
fn journey(
    rng: &mut fastrand::Rng,
    enquired_at: DateTime<Utc>,
    now: DateTime<Utc>,
    local: bool,
) -> Vec<MadeUpMove> {
    let mut moves = Vec::new();
    let mut at = enquired_at;
    // Each step: how long after the last, how likely, and what happens.
    let step = |moves: &mut Vec<MadeUpMove>,
                at: &mut DateTime<Utc>,
                after: TimeDelta,
                event: Event,
                reason| {
        *at += after;
        if *at > now {
            return false;
        }
        moves.push(MadeUpMove {
            at: *at,
            event,
            reason,
        });
        true
    };
    // A household that goes no further: most withdraw (or stop answering
    // and the service closes it); some are advised not to go on.
    let stop = |rng: &mut fastrand::Rng,
                moves: &mut Vec<MadeUpMove>,
                at: &mut DateTime<Utc>,
                after: TimeDelta| {
        let (event, reason) = if rng.f64() < 0.8 {
            (Event::Withdrew, pick(rng, WITHDRAWALS))
        } else {
            (Event::AdvisedNotToProceed, "not_suitable")
        };
        let closed = step(moves, at, after, event, Some(reason));
        // A few come back months later, and mostly drift away again.
        if closed
            && rng.f64() < 0.03
            && step(
                moves,
                at,
                days(rng, 30, 200),
                Event::Reopened,
                Some("repeat_enquiry"),
            )
        {
            step(
                moves,
                at,
                days(rng, 14, 60),
                Event::Withdrew,
                Some("no_response"),
            );
        }
    };
    let hold = |rng: &mut fastrand::Rng, moves: &mut Vec<MadeUpMove>, at: &mut DateTime<Utc>| {
        if rng.f64() < 0.04 {
            let length = days(rng, 14, 75);
            let until = domain::clock::london_day(*at + length);
            if step(moves, at, days(rng, 1, 5), Event::PutOnHold { until }, None) {
                step(moves, at, length, Event::Resumed, None);
            }
        }
    };
    if rng.f64() >= 0.8 {
        let after = days(rng, 20, 60);
        stop(rng, &mut moves, &mut at, after);
        return moves;
    }
    if !step(
        &mut moves,
        &mut at,
        TimeDelta::hours(rng.i64(2..72)),
        Event::Contacted,
        None,
    ) {
        return moves;
    }
    if rng.f64() < 0.25
        && !step(
            &mut moves,
            &mut at,
            days(rng, 3, 30),
            Event::AttendedInformationEvent,
            None,
        )
    {
        return moves;
    }
    let visit = if local { 0.42 } else { 0.19 };
    let stages: [(f64, (i64, i64), Event); 4] = [
        (visit, (5, 40), Event::VisitCompleted),
        (0.6, (1, 14), Event::InvitedToApply),
        (0.6, (7, 45), Event::SubmittedApplication),
        (0.55, (35, 90), Event::ProceededToStage2),
    ];
    for (likely, (from, to), event) in stages {
        hold(rng, &mut moves, &mut at);
        if at > now {
            return moves;
        }
        if rng.f64() >= likely {
            let after = days(rng, 10, 60);
            stop(rng, &mut moves, &mut at, after);
            return moves;
        }
        if !step(&mut moves, &mut at, days(rng, from, to), event, None) {
            return moves;
        }
    }
    // Stage 2: some three months, with a long tail.
    hold(rng, &mut moves, &mut at);
    if at > now {
        return moves;
    }
    if rng.f64() >= 0.65 {
        let after = days(rng, 30, 150);
        stop(rng, &mut moves, &mut at, after);
        return moves;
    }
    let tail = (-(1.0 - rng.f64()).ln() * 70.0).min(330.0) as i64;
    if !step(
        &mut moves,
        &mut at,
        days(rng, 60 + tail, 90 + tail),
        Event::BookedForPanel,
        None,
    ) {
        return moves;
    }
    if !step(
        &mut moves,
        &mut at,
        days(rng, 7, 35),
        Event::PanelRecommended,
        None,
    ) {
        return moves;
    }
    if rng.f64() < 0.93 {
        step(&mut moves, &mut at, days(rng, 5, 28), Event::Approved, None);
    } else if step(
        &mut moves,
        &mut at,
        days(rng, 5, 28),
        Event::ProposedNotToApprove,
        None,
    ) {
        step(
            &mut moves,
            &mut at,
            days(rng, 29, 40),
            Event::DecidedNotToApprove,
            Some("not_suitable"),
        );
    }
    moves
}

fn equality(rng: &mut fastrand::Rng) -> Option<EqualityAnswers> {
    (rng.f64() < 0.55).then(|| EqualityAnswers {
        ethnicity: Some(pick(rng, Ethnicity::ALL)),
        religion: Some(pick(rng, Religion::ALL)),
        disability: Some(pick(rng, Disability::ALL)),
        sexual_orientation: Some(pick(rng, SexualOrientation::ALL)),
    })
}

/// The service's made-up households over the plan's years, oldest first.
pub fn households_of(service: &Service, plan: &Plan) -> Vec<MadeUpHousehold> {
    let mut rng = fastrand::Rng::with_seed(
        plan.seed ^ (u64::from(service.organisation_id.unsigned_abs()) * 0x9E37_79B9),
    );
    let span = TimeDelta::days(365 * i64::from(plan.years));
    let start = plan.now - span;
    let count = u64::from(service.enquiries_per_year) * u64::from(plan.years);
    let mut times: Vec<DateTime<Utc>> = (0..count)
        .map(|_| start + TimeDelta::seconds(rng.i64(0..span.num_seconds())))
        .collect();
    times.sort_unstable();
    times
        .into_iter()
        .enumerate()
        .filter_map(|(n, enquired_at)| {
            let (local_authority_id, outcodes) = service
                .places
                .get(rng.usize(..service.places.len().max(1)))?;
            let outcode = outcodes.get(rng.usize(..outcodes.len().max(1)))?;
            let name = format!(
                "{} {}",
                pick(&mut rng, FIRST_NAMES),
                pick(&mut rng, SURNAMES)
            );
            let campaign = (rng.f64() < 0.4).then(|| pick(&mut rng, SOURCES));
            let year = enquired_at.format("%Y");
            let mut interests: Vec<FosteringKind> = (0..rng.usize(1..=3))
                .map(|_| pick(&mut rng, FosteringKind::ALL))
                .collect();
            interests.sort_by_key(|k| k.as_str());
            interests.dedup();
            Some(MadeUpHousehold {
                organisation_id: service.organisation_id,
                enquired_at,
                email: format!("household-{}-{n}{MADE_UP}", service.organisation_id),
                phone: format!("07700 9{:05}", rng.u32(0..100_000)),
                postcode: format!(
                    "{outcode} {}{}{}",
                    rng.u8(1..10),
                    char::from(b'A' + rng.u8(0..26)),
                    char::from(b'A' + rng.u8(0..26))
                ),
                local_authority_id: Some(*local_authority_id),
                interests,
                heard_about: (rng.f64() < 0.8).then(|| pick(&mut rng, HeardAbout::ALL)),
                utm_source: campaign.map(|c| c.0.to_owned()),
                utm_medium: campaign.map(|c| c.1.to_owned()),
                utm_campaign: campaign.map(|_| format!("{}-{year}", pick(&mut rng, CAMPAIGNS))),
                equality: equality(&mut rng),
                moves: journey(&mut rng, enquired_at, plan.now, service.local_authority),
                name,
            })
        })
        .collect()
}

/// Writes the services' made-up households a batch at a time, telling
/// `progress` how many are written of how many; returns that total.
pub async fn write_history(
    ctx: &Ctx,
    services: &[Service],
    plan: &Plan,
    mut progress: impl FnMut(u64, u64),
) -> Result<u64, DomainError> {
    const BATCH: usize = 1000;
    let total: u64 = services
        .iter()
        .map(|s| u64::from(s.enquiries_per_year) * u64::from(plan.years))
        .sum();
    let mut written = 0;
    for service in services {
        for batch in households_of(service, plan).chunks(BATCH) {
            let txn = ctx.write().await?;
            written += write_made_up(&txn, batch).await? as u64;
            txn.commit().await?;
            progress(written, total);
        }
    }
    domain::gather_statistics(&ctx.db).await?;
    Ok(written)
}
