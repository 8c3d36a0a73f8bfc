//! Demo carer households: twenty-four per cooperative, brought in through
//! the same import a service moving to Hearth uses, with the children
//! living with them. Then, as the service would have: some placements
//! ended (planned and not), a review recorded, one overdue, and a
//! household that retired. The demo foster carer and a partner are the
//! first household; the demo supervising social worker supervises eight.

use chrono::{Days, Months, NaiveDate};
use chrono_tz::Europe::London;
use domain::carers::{
    DecisionInput, EndingInput, EndingReason, ExceptionInput, Holder, ImportRun, LeavingChoice,
    LeavingEnding, LeavingInput, LeavingReason, MOST_ROWS, PlacementEnding, ReviewInput,
    ReviewOutcome, carer_household_record, carer_households, end_placement, import_carers,
    log_decision, my_households, record_exception, record_leaving, record_review,
};
use domain::pagination::PageRequest;
use domain::{Actor, Ctx, DomainError, Named};

use crate::demo_households::DemoArea;

/// How many carer households each cooperative brings.
const HOUSEHOLDS: usize = 24;

const CARERS: [&str; 24] = [
    "Grace Adeyemi",
    "Tom Hughes",
    "Priya Shah",
    "Helen Carr",
    "Marcus Reid",
    "Siobhan Kelly",
    "Yusuf Ali",
    "Emma Thornton",
    "David Okoro",
    "Rachel Green",
    "Imran Hussain",
    "Claire Dunn",
    "Joseph Mensah",
    "Lucy Barker",
    "Aisha Bello",
    "Peter Nolan",
    "Hannah Price",
    "Kwame Asante",
    "Julie Fenwick",
    "Robert Lamb",
    "Fatima Rahman",
    "Gareth Evans",
    "Nadia Kowalski",
    "Simon Pike",
];

const PARTNERS: [&str; 6] = ["Chris", "Sam", "Alex", "Jordan", "Pat", "Morgan"];

const CHILDREN: [&str; 20] = [
    "Leah", "Tyler", "Kacey", "Jayden", "Amelia", "Reece", "Skye", "Kai", "Ruby", "Mason", "Ellie",
    "Callum", "Zara", "Finley", "Maya", "Ethan", "Lily", "Connor", "Nia", "Josh",
];

/// The cooperative's demo people the carers need.
pub struct CarerStaff<'a> {
    /// The demo foster carer: a couple, such as "Mark and Lisa Robson".
    pub foster_carer_name: &'a str,
    pub foster_carer_email: &'a str,
    pub foster_carer: &'a Actor,
    pub supervising_social_worker: &'a Actor,
    pub supervising_social_worker_email: &'a str,
    pub childs_social_worker: (&'a str, &'a str),
    pub manager: &'a Actor,
}

fn day(today: NaiveDate, days_ago: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days_ago)).unwrap_or(today)
}

/// The import file for the cooperative: a row per child placed, or one
/// for a household with none.
fn demo_file(
    area: &DemoArea,
    authorities: &[&str],
    staff: &CarerStaff<'_>,
    today: NaiveDate,
) -> Result<Vec<u8>, DomainError> {
    let broken = |e: csv::Error| DomainError::Internal(Box::new(e));
    let mut file = csv::Writer::from_writer(Vec::new());
    file.write_record(domain::carers::COLUMNS).map_err(broken)?;
    let mut child = 0;
    for n in 0..HOUSEHOLDS {
        let name = CARERS[n];
        let surname = name.split(' ').next_back().unwrap_or(name);
        let email = if n == 0 {
            staff.foster_carer_email.to_owned()
        } else {
            format!("carer{}.{}@example.org", n + 1, area.short)
        };
        let (partner, partner_email) = if n == 0 {
            (
                staff
                    .foster_carer_name
                    .split(" and ")
                    .nth(1)
                    .unwrap_or("Sam Robson")
                    .to_owned(),
                format!("carer-partner1.{}@example.org", area.short),
            )
        } else if n % 3 == 0 {
            (
                format!("{} {surname}", PARTNERS[n / 3 % PARTNERS.len()]),
                format!("carer-partner{}.{}@example.org", n + 1, area.short),
            )
        } else {
            (String::new(), String::new())
        };
        let approved = day(today, 400 + 150 * (n as u64 % 12));
        // One review overdue, the rest due over the coming year.
        let review_due = if n == 5 {
            day(today, 20)
        } else {
            today
                .checked_add_days(Days::new(15 * n as u64 + 10))
                .unwrap_or(today)
        };
        let worker = if n < 8 {
            staff.supervising_social_worker_email
        } else {
            ""
        };
        let (children, age_from, age_to, kinds) = match n % 4 {
            0 => ("3", "0", "17", "long_term;short_term"),
            1 => ("2", "8", "17", "long_term;teenagers"),
            2 => ("2", "0", "12", "short_term;emergency"),
            _ => ("1", "0", "17", "long_term;short_breaks"),
        };
        let household = [
            format!("FC-{:04}", n + 1),
            if n == 0 {
                staff.foster_carer_name.to_owned()
            } else {
                name.to_owned()
            },
            email,
            partner,
            partner_email,
            format!("07700 900{:03}", 200 + n),
            area.postcodes[n % area.postcodes.len()].to_owned(),
            approved.to_string(),
            children.to_owned(),
            age_from.to_owned(),
            age_to.to_owned(),
            kinds.to_owned(),
            worker.to_owned(),
            review_due.to_string(),
        ];
        // The last household has no child now: it is the one that retires.
        let placed = if n == HOUSEHOLDS - 1 {
            0
        } else {
            1 + usize::from(n % 4 == 0) + usize::from(n % 8 == 0)
        };
        if placed == 0 {
            let mut row = household.to_vec();
            row.extend(std::iter::repeat_n(String::new(), 10));
            file.write_record(&row).map_err(broken)?;
        }
        for _ in 0..placed {
            let first = CHILDREN[child % CHILDREN.len()];
            let age: u32 = match n % 4 {
                1 => 12 + (child % 5) as u32,
                2 => 4 + (child % 7) as u32,
                _ => 3 + (child % 12) as u32,
            };
            let born = today
                .checked_sub_months(Months::new(12 * age + 5))
                .unwrap_or(today);
            let started = day(today, 30 + 45 * (child as u64 % 9)).max(approved);
            let kind = match n % 4 {
                2 => "short_term",
                _ => "long_term",
            };
            let authority = authorities[child % authorities.len()];
            // The cooperative's own child's social worker has the
            // children of the first authority.
            let (worker_name, worker_email) = if authority == authorities[0] {
                staff.childs_social_worker
            } else {
                ("", "")
            };
            let mut row = household.to_vec();
            row.extend([
                first.to_owned(),
                surname.chars().next().unwrap_or('A').to_string(),
                born.to_string(),
                authority.to_owned(),
                format!("{}-{:05}", area.short.to_uppercase(), 31_000 + child),
                if child % 5 == 4 {
                    "section_20".to_owned()
                } else {
                    "care_order".to_owned()
                },
                kind.to_owned(),
                started.to_string(),
                worker_name.to_owned(),
                worker_email.to_owned(),
            ]);
            file.write_record(&row).map_err(broken)?;
            child += 1;
        }
    }
    file.into_inner()
        .map_err(|e| DomainError::Internal(e.to_string().into()))
}

/// Imports the cooperative's carer households and gives them a past;
/// returns how many households it added (none when they are there).
pub async fn load_demo_carers(
    ctx: &Ctx,
    area: &DemoArea,
    rcc: i32,
    authorities: &[&str],
    staff: &CarerStaff<'_>,
) -> Result<usize, DomainError> {
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let file = demo_file(area, authorities, staff, today)?;
    let run = ImportRun {
        dry_run: false,
        most_rows: MOST_ROWS,
    };
    let report = import_carers(ctx, &Actor::System, rcc, &file, run, &|_, _| {}).await?;
    if let Some(problem) = report.problems.first() {
        return Err(DomainError::Internal(
            format!(
                "the demo carers file: line {}, {:?}: {}",
                problem.line, problem.column, problem.message
            )
            .into(),
        ));
    }
    if report.households_added == 0 {
        return Ok(0);
    }
    give_a_past(ctx, staff.manager, today).await?;
    delegate_by_exception(ctx, staff, today).await?;
    Ok(report.households_added)
}

/// Ends some placements (planned and not), records a review and has the
/// household with no child retire.
async fn give_a_past(ctx: &Ctx, manager: &Actor, today: NaiveDate) -> Result<(), DomainError> {
    let listed = carer_households(ctx, manager, false, &PageRequest::first(100)).await?;
    let imported: Vec<i32> = listed.items.iter().map(|(_, h)| h.id).collect();
    let mut ended = 0;
    for (n, id) in imported.iter().enumerate() {
        let record = carer_household_record(ctx, manager, *id).await?;
        if record.placements.is_empty() && record.household.terms.is_some() && n > 0 {
            if record.leaving.is_none() && record.household.name == CARERS[HOUSEHOLDS - 1] {
                record_leaving(
                    ctx,
                    manager,
                    *id,
                    LeavingInput {
                        left_on: Some(day(today, 12)),
                        ending: Some(LeavingEnding::Retired),
                        reason: Some(LeavingChoice::Standard(LeavingReason::Health)),
                    },
                )
                .await?;
            }
            continue;
        }
        // Of households with more than one child, the last placed of three
        // ended: two unplanned, one planned.
        if record.placements.len() > 1 && ended < 3 {
            let Some(placed) = record.placements.first() else {
                continue;
            };
            let (ending, reason) = if ended == 1 {
                (PlacementEnding::Planned, EndingReason::ReturnedHome)
            } else {
                (PlacementEnding::Unplanned, EndingReason::CarerAskedForMove)
            };
            end_placement(
                ctx,
                manager,
                Named::alone(placed.placement_id),
                &EndingInput {
                    ended_on: Some(day(today, 7 + 10 * ended)),
                    ending: Some(ending),
                    reason: Some(reason),
                },
            )
            .await?;
            ended += 1;
        }
        if n == 2 {
            record_review(
                ctx,
                manager,
                *id,
                ReviewInput {
                    reviewed_on: Some(day(today, 3)),
                    outcome: Some(ReviewOutcome::Continue),
                    note: "The household and both children took part. The children say they feel settled; the carers asked for training on managing behaviour online.".into(),
                    terms: Default::default(),
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// The demo foster carer's children: exceptions to their delegated
/// authority from the supervising social worker, and a decision the carers
/// logged.
async fn delegate_by_exception(
    ctx: &Ctx,
    staff: &CarerStaff<'_>,
    today: NaiveDate,
) -> Result<(), DomainError> {
    let theirs = my_households(ctx, staff.foster_carer).await?;
    let Some(home) = theirs.first() else {
        return Ok(());
    };
    let worker = staff.supervising_social_worker;
    for (n, child) in home.children.iter().enumerate() {
        let exceptions = if n == 0 {
            vec![
                ExceptionInput {
                    decision: "sleepovers_with_friends".into(),
                    holder: Some(Holder::Carers),
                    conditions: "Only with families you have met".into(),
                    tell_social_worker: true,
                    reason: "Agreed at the placement planning meeting: the social worker wants to know who the child stays with.".into(),
                },
                ExceptionInput {
                    decision: "social_media".into(),
                    holder: Some(Holder::ChildsSocialWorker),
                    conditions: String::new(),
                    tell_social_worker: false,
                    reason: "A court order restricts contact with a birth relative who is active online.".into(),
                },
            ]
        } else {
            vec![ExceptionInput {
                decision: "haircuts".into(),
                holder: Some(Holder::YoungPerson),
                conditions: String::new(),
                tell_social_worker: false,
                reason: "Old enough to choose; their hair matters to their identity.".into(),
            }]
        };
        for exception in exceptions {
            record_exception(ctx, worker, child.child_id, &exception).await?;
        }
    }
    if let Some(child) = home.children.first() {
        log_decision(
            ctx,
            staff.foster_carer,
            child.child_id,
            &DecisionInput {
                decision: "school_trips".into(),
                decided_on: Some(day(today, 6)),
                note: "A day trip to the science museum with the class.".into(),
            },
        )
        .await?;
    }
    Ok(())
}
