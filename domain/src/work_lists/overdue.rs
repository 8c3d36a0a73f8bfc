//! What is late for a household, named: "overdue" on its own tells the
//! reader nothing they can act on. The queue's `due_at` says *whether* a
//! household is late (and orders the queue by it); this says *what*.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::applications::entities::{application, stage_one_check, temporary_approval};
use crate::applications::stage_one::{CheckKind, CheckStatus};
use crate::clock::london_day;
use crate::recruitment::entities::household;
use crate::recruitment::funnel::{Stage, State};
use crate::recruitment::history::state_of;
use crate::recruitment::service_profile::{clocks_of, stage_two_due as stage_two_due_on};
use crate::{Ctx, DomainError};

/// One thing that is late.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overdue {
    /// Nobody has made first contact, and it was due by then.
    FirstContact { due: DateTime<Utc> },
    /// The next action set for the household was for that day.
    NextAction { on: NaiveDate },
    /// A Stage 1 check on one person, not done by its day.
    Check {
        kind: CheckKind,
        person: String,
        due_on: NaiveDate,
    },
    /// The assessment was to be finished by then, by the service's clocks.
    StageTwo { due_on: NaiveDate },
    /// A connected person's temporary approval ended before a decision.
    TemporaryApproval { until: NaiveDate },
}

impl Overdue {
    /// How it reads beside the household.
    pub fn text(&self) -> String {
        let day = |on: &NaiveDate| on.format("%-d %B %Y").to_string();
        match self {
            Self::FirstContact { due } => format!(
                "First contact was due by {}",
                crate::recruitment::london_display(*due)
            ),
            Self::NextAction { on } => format!("Next action was due on {}", day(on)),
            Self::Check {
                kind,
                person,
                due_on,
            } => format!("{} for {person} was due by {}", kind.label(), day(due_on)),
            Self::StageTwo { due_on } => {
                format!("Stage 2 assessment was due to finish by {}", day(due_on))
            }
            Self::TemporaryApproval { until } => {
                format!("Temporary approval ended on {}", day(until))
            }
        }
    }
}

/// What is late for each of these households (a page at most), keyed by
/// household id; a household with nothing late, or whose clocks are stopped
/// (on hold, closed), has no entry. A few reads whatever the page's length,
/// and none for what the page cannot hold.
pub(crate) async fn overdue_of(
    ctx: &Ctx,
    rows: &[household::Model],
) -> Result<HashMap<i32, Vec<Overdue>>, DomainError> {
    let now = ctx.clock.now();
    let today = london_day(now);
    let mut running = Vec::new();
    for row in rows {
        let state = state_of(row)?;
        if state.clocks_run() {
            running.push((row, state));
        }
    }
    let ids_at = |wanted: fn(Stage) -> bool| -> Vec<i32> {
        running
            .iter()
            .filter(|(_, state)| wanted(state.stage()))
            .map(|(row, _)| row.id)
            .collect()
    };
    let in_stage_one = ids_at(|stage| stage >= Stage::ApplicationSubmitted);
    let checks = if in_stage_one.is_empty() {
        Vec::new()
    } else {
        stage_one_check::Entity::find()
            .filter(stage_one_check::Column::HouseholdId.is_in(in_stage_one))
            .filter(stage_one_check::Column::Status.ne(CheckStatus::Done.as_str()))
            .filter(stage_one_check::Column::DueOn.lt(today))
            .all(&ctx.db)
            .await?
    };
    let in_stage_two = ids_at(|stage| stage == Stage::Assessment);
    let mut stage_two_due = HashMap::new();
    if !in_stage_two.is_empty() {
        // Each service sets its own clocks: one read per service on the page.
        let mut clocks = HashMap::new();
        for (row, _) in running
            .iter()
            .filter(|(row, _)| in_stage_two.contains(&row.id))
        {
            if let std::collections::hash_map::Entry::Vacant(entry) =
                clocks.entry(row.organisation_id)
            {
                entry.insert(clocks_of(&ctx.db, row.organisation_id).await?);
            }
        }
        let organisation_of: HashMap<i32, i32> = running
            .iter()
            .map(|(row, _)| (row.id, row.organisation_id))
            .collect();
        for sent in application::Entity::find()
            .filter(application::Column::HouseholdId.is_in(in_stage_two))
            .all(&ctx.db)
            .await?
        {
            let theirs = organisation_of
                .get(&sent.household_id)
                .and_then(|organisation| clocks.get(organisation));
            if let (Some(at), Some(theirs)) = (sent.submitted_at, theirs)
                && let Some(due) = stage_two_due_on(at, theirs)
            {
                stage_two_due.insert(sent.household_id, due);
            }
        }
    }
    let undecided = ids_at(Stage::not_yet_approved);
    let approvals = if undecided.is_empty() {
        Vec::new()
    } else {
        temporary_approval::Entity::find()
            .filter(temporary_approval::Column::HouseholdId.is_in(undecided))
            .filter(temporary_approval::Column::Until.lt(today))
            .all(&ctx.db)
            .await?
    };
    let mut late: HashMap<i32, Vec<Overdue>> = HashMap::new();
    for (row, state) in &running {
        let mut found = Vec::new();
        if let (Some(due), None) = (row.first_contact_due_at, row.first_contact_at)
            && due <= now
        {
            found.push(Overdue::FirstContact { due });
        }
        if let Some(on) = row.next_action_on.filter(|on| *on < today) {
            found.push(Overdue::NextAction { on });
        }
        for check in checks.iter().filter(|c| c.household_id == row.id) {
            found.push(Overdue::Check {
                kind: CheckKind::from_stored(&check.kind)?,
                person: check.person.clone(),
                due_on: check.due_on,
            });
        }
        if let Some(due_on) = stage_two_due.get(&row.id).filter(|due| **due < today)
            && *state == State::Open(Stage::Assessment)
        {
            found.push(Overdue::StageTwo { due_on: *due_on });
        }
        if let Some(approval) = approvals.iter().find(|a| a.household_id == row.id) {
            found.push(Overdue::TemporaryApproval {
                until: approval.until,
            });
        }
        if !found.is_empty() {
            late.insert(row.id, found);
        }
    }
    Ok(late)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn a_late_check_names_the_check_the_person_and_the_day() {
        let late = Overdue::Check {
            kind: CheckKind::Medical,
            person: "Sam Jones".into(),
            due_on: on("2026-11-02"),
        };
        assert_eq!(
            late.text(),
            "Medical for Sam Jones was due by 2 November 2026"
        );
    }

    #[test]
    fn a_first_contact_says_when_it_was_due_in_london_time() {
        let due = on("2026-07-01")
            .and_hms_opt(16, 0, 0)
            .expect("a time")
            .and_utc();
        assert_eq!(
            Overdue::FirstContact { due }.text(),
            "First contact was due by 5pm on Wednesday 1 July 2026"
        );
    }

    #[test]
    fn each_kind_of_lateness_reads_differently() {
        let day = on("2026-11-02");
        let texts = [
            Overdue::NextAction { on: day }.text(),
            Overdue::StageTwo { due_on: day }.text(),
            Overdue::TemporaryApproval { until: day }.text(),
        ];
        assert_eq!(texts[0], "Next action was due on 2 November 2026");
        assert_eq!(
            texts[1],
            "Stage 2 assessment was due to finish by 2 November 2026"
        );
        assert_eq!(texts[2], "Temporary approval ended on 2 November 2026");
    }
}
