//! Stage 1: the statutory checks, listed when the application is sent. Each
//! applicant and every adult in the household has an enhanced DBS check
//! with the barred lists and local authority checks; the applicant has a
//! medical; each previous partner is contacted. Stage 1 is due some months
//! after the application (two unless the service says otherwise); a check
//! not done by then is overdue.

use chrono::{DateTime, Months, NaiveDate, Utc};
use chrono_tz::Europe::London;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use super::entities::stage_one_check;
use super::sections::Answers;
use crate::audit::{Subject, record_access};
use crate::names::stored_names;
use crate::policy::{Permission, household_for};
use crate::recruitment::entities::household;
use crate::recruitment::service_profile::clocks_of;
use crate::workflow::{Refused, Step, Workflow, record, refused};
use crate::{Actor, Ctx, DomainError, Named};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckKind {
    Dbs,
    LocalAuthority,
    Medical,
    PreviousPartner,
}

stored_names!(CheckKind {
    Dbs => "dbs", "Enhanced DBS check with barred lists",
    LocalAuthority => "local_authority", "Local authority checks",
    Medical => "medical", "Medical",
    PreviousPartner => "previous_partner", "Previous partner contacted",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckStatus {
    ToDo,
    Requested,
    Done,
}

stored_names!(CheckStatus {
    ToDo => "to_do", "Not requested",
    Requested => "requested", "Requested",
    Done => "done", "Done",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckOutcome {
    Clear,
    Concerns,
}

/// What happens to a Stage 1 check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckEvent {
    /// Asked for: the DBS application sent, the GP written to. Asking
    /// again (chasing it) starts its clock afresh.
    Requested,
    /// Back, with what it found.
    Done,
}

stored_names!(CheckEvent {
    Requested => "requested", "Requested",
    Done => "done", "Done",
});

/// The check's rules: its status after `event`, or why it cannot happen.
pub fn check_transition(status: CheckStatus, event: CheckEvent) -> Result<CheckStatus, Refused> {
    match (status, event) {
        (CheckStatus::Done, _) => Err(refused("This check is already done")),
        (CheckStatus::ToDo | CheckStatus::Requested, CheckEvent::Requested) => {
            Ok(CheckStatus::Requested)
        }
        // A check may come back without having been recorded as asked for.
        (CheckStatus::ToDo | CheckStatus::Requested, CheckEvent::Done) => Ok(CheckStatus::Done),
    }
}

stored_names!(CheckOutcome {
    Clear => "clear", "Nothing of concern",
    Concerns => "concerns", "Something to discuss",
});

/// A person's date of birth, from an answer.
fn born(person: &Answers) -> Option<NaiveDate> {
    person
        .get("date_of_birth")
        .and_then(|v| v.first())
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

fn name(person: &Answers) -> String {
    person
        .get("full_name")
        .and_then(|v| v.first())
        .cloned()
        .unwrap_or_default()
}

/// Lists the checks for a household whose application is being sent:
/// `applicants` (their "about you" answers), the people living with them or
/// visiting often who are 18 or over, and previous partners.
pub(crate) async fn list_checks(
    txn: &DatabaseTransaction,
    household: &household::Model,
    applicants: &[Answers],
    members: &[Answers],
    partners: &[Answers],
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let today = now.with_timezone(&London).date_naive();
    let months = clocks_of(txn, household.organisation_id)
        .await?
        .stage_one_months;
    let due = today
        .checked_add_months(Months::new(months))
        .unwrap_or(today);
    let adult_on = today
        .checked_sub_months(Months::new(18 * 12))
        .unwrap_or(today);
    let mut checks = Vec::new();
    for applicant in applicants {
        for kind in [
            CheckKind::Dbs,
            CheckKind::LocalAuthority,
            CheckKind::Medical,
        ] {
            checks.push((name(applicant), kind));
        }
    }
    for member in members {
        if born(member).is_some_and(|born| born <= adult_on) {
            checks.push((name(member), CheckKind::Dbs));
            checks.push((name(member), CheckKind::LocalAuthority));
        }
    }
    for partner in partners {
        checks.push((name(partner), CheckKind::PreviousPartner));
    }
    for (person, kind) in checks {
        stage_one_check::ActiveModel {
            id: NotSet,
            household_id: Set(household.id),
            person: Set(person),
            kind: Set(kind.as_str().to_owned()),
            status: Set(CheckStatus::ToDo.as_str().to_owned()),
            due_on: Set(due),
            requested_on: Set(None),
            done_on: Set(None),
            outcome: Set(None),
            note: Set(None),
            updated_by_id: Set(None),
        }
        .insert(txn)
        .await?;
    }
    crate::recruitment::queue_position::refresh(txn, household.id, now).await
}

/// One check as staff see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckEntry {
    pub id: i32,
    pub person: String,
    pub kind: CheckKind,
    pub status: CheckStatus,
    pub due_on: NaiveDate,
    pub requested_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub outcome: Option<CheckOutcome>,
    pub note: Option<String>,
    /// Not done, and its due date has passed.
    pub overdue: bool,
}

/// The household's Stage 1 checks, for the staff who work them.
pub async fn stage_one_checks(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
) -> Result<Vec<CheckEntry>, DomainError> {
    let household = household_for(ctx, actor, household_id, Permission::WorkStageOne).await?;
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    // What a medical found is health information: only the roles that read
    // health answers see it.
    let reads_health = actor.may(Permission::ReadHealthAnswers, household.organisation_id);
    // Check outcomes touch on criminal records and health: every read is
    // kept in the access log.
    record_access(
        ctx,
        actor,
        household.organisation_id,
        Subject::StageOneChecks,
        Some(household.id),
    )
    .await?;
    stage_one_check::Entity::find()
        .filter(stage_one_check::Column::HouseholdId.eq(household.id))
        .order_by_asc(stage_one_check::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|row| {
            let status = CheckStatus::from_stored(&row.status)?;
            let kind = CheckKind::from_stored(&row.kind)?;
            let withheld = kind == CheckKind::Medical && !reads_health;
            let outcome = match row.outcome.as_deref() {
                Some(stored) if !withheld => Some(CheckOutcome::from_stored(stored)?),
                _ => None,
            };
            Ok(CheckEntry {
                id: row.id,
                kind,
                overdue: status != CheckStatus::Done && row.due_on < today,
                status,
                person: row.person,
                due_on: row.due_on,
                requested_on: row.requested_on,
                done_on: row.done_on,
                outcome,
                note: row.note.filter(|_| !withheld),
            })
        })
        .collect()
}

/// What staff record about a check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckUpdate {
    /// Asked for (the DBS application sent, the GP written to).
    Requested,
    /// Back, with what it said.
    Done {
        outcome: Option<CheckOutcome>,
        note: String,
    },
}

/// Records that a check was requested, or is done with its outcome; a done
/// check stays done.
pub async fn update_check(
    ctx: &Ctx,
    actor: &Actor,
    check: Named,
    update: &CheckUpdate,
) -> Result<(), DomainError> {
    actor.require_signed_in()?;
    let row = stage_one_check::Entity::find_by_id(check.id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    check.must_be_within(row.household_id)?;
    let household = household_for(ctx, actor, row.household_id, Permission::WorkStageOne).await?;
    let medical_result =
        row.kind == CheckKind::Medical.as_str() && matches!(update, CheckUpdate::Done { .. });
    if medical_result && !actor.may(Permission::ReadHealthAnswers, household.organisation_id) {
        return Err(DomainError::Forbidden);
    }
    let from = CheckStatus::from_stored(&row.status)?;
    let event = match update {
        CheckUpdate::Requested => CheckEvent::Requested,
        CheckUpdate::Done { .. } => CheckEvent::Done,
    };
    let to = check_transition(from, event)?;
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let mut change = stage_one_check::Entity::update_many()
        .col_expr(
            stage_one_check::Column::UpdatedById,
            Expr::value(actor.person_id()),
        )
        .col_expr(stage_one_check::Column::Status, Expr::value(to.as_str()))
        .filter(stage_one_check::Column::Id.eq(row.id))
        .filter(stage_one_check::Column::Status.eq(from.as_str()));
    match update {
        CheckUpdate::Requested => {
            change = change.col_expr(stage_one_check::Column::RequestedOn, Expr::value(today));
        }
        CheckUpdate::Done { outcome, note } => {
            let Some(outcome) = outcome else {
                return Err(DomainError::invalid(
                    "outcome",
                    "Select what the check found",
                ));
            };
            let note = note.trim();
            if *outcome == CheckOutcome::Concerns && note.is_empty() {
                return Err(DomainError::invalid("note", "Say what there is to discuss"));
            }
            if note.chars().count() > 2_000 {
                return Err(DomainError::invalid("note", crate::text::too_long(2000)));
            }
            change = change
                .col_expr(stage_one_check::Column::DoneOn, Expr::value(today))
                .col_expr(
                    stage_one_check::Column::RequestedOn,
                    Expr::value(row.requested_on.unwrap_or(today)),
                )
                .col_expr(
                    stage_one_check::Column::Outcome,
                    Expr::value(outcome.as_str()),
                )
                .col_expr(
                    stage_one_check::Column::Note,
                    Expr::value((!note.is_empty()).then(|| note.to_owned())),
                );
        }
    }
    let txn = ctx.write().await?;
    // Decided from the status read above: if another change came first,
    // this one changes nothing and says so.
    if change.exec(&txn).await?.rows_affected == 0 {
        return Err(DomainError::Conflict(
            "This check has just been changed by someone else: look again".into(),
        ));
    }
    record(
        &txn,
        Step {
            workflow: Workflow::StageOneCheck,
            record_id: row.id,
            household_id: Some(row.household_id),
            at: ctx.clock.now(),
            actor_id: actor.person_id(),
            event: event.as_str(),
            from: from.as_str(),
            to: to.as_str(),
            reason: None,
        },
    )
    .await?;
    crate::recruitment::queue_position::refresh(&txn, row.household_id, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_is_requested_then_done_and_a_done_check_stays_done() {
        let requested = check_transition(CheckStatus::ToDo, CheckEvent::Requested);
        assert_eq!(requested, Ok(CheckStatus::Requested));
        let chased = check_transition(CheckStatus::Requested, CheckEvent::Requested);
        assert_eq!(chased, Ok(CheckStatus::Requested));
        let back = check_transition(CheckStatus::Requested, CheckEvent::Done);
        assert_eq!(back, Ok(CheckStatus::Done));
        for event in CheckEvent::ALL {
            let refused = check_transition(CheckStatus::Done, *event).expect_err("refused");
            assert_eq!(refused.0, "This check is already done");
        }
    }

    #[test]
    fn every_check_event_from_every_status_moves_forward_or_says_why_not() {
        let order = |status: CheckStatus| CheckStatus::ALL.iter().position(|s| *s == status);
        for status in CheckStatus::ALL {
            for event in CheckEvent::ALL {
                match check_transition(*status, *event) {
                    Ok(next) => assert!(order(next) >= order(*status), "{status:?} {event:?}"),
                    Err(refused) => assert!(!refused.0.is_empty()),
                }
            }
        }
    }
}
