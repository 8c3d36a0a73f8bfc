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
use crate::{Actor, Ctx, DomainError};

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
    crate::recruitment::queue_position::refresh(txn, household.id).await
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
    Ok(stage_one_check::Entity::find()
        .filter(stage_one_check::Column::HouseholdId.eq(household.id))
        .order_by_asc(stage_one_check::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter_map(|row| {
            let status = CheckStatus::parse(&row.status)?;
            let kind = CheckKind::parse(&row.kind)?;
            let withheld = kind == CheckKind::Medical && !reads_health;
            Some(CheckEntry {
                id: row.id,
                kind,
                overdue: status != CheckStatus::Done && row.due_on < today,
                status,
                person: row.person,
                due_on: row.due_on,
                requested_on: row.requested_on,
                done_on: row.done_on,
                outcome: row
                    .outcome
                    .as_deref()
                    .and_then(CheckOutcome::parse)
                    .filter(|_| !withheld),
                note: row.note.filter(|_| !withheld),
            })
        })
        .collect())
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
    check_id: i32,
    update: &CheckUpdate,
) -> Result<(), DomainError> {
    actor.require_signed_in()?;
    let row = stage_one_check::Entity::find_by_id(check_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let household = household_for(ctx, actor, row.household_id, Permission::WorkStageOne).await?;
    let medical_result =
        row.kind == CheckKind::Medical.as_str() && matches!(update, CheckUpdate::Done { .. });
    if medical_result && !actor.may(Permission::ReadHealthAnswers, household.organisation_id) {
        return Err(DomainError::Forbidden);
    }
    if row.status == CheckStatus::Done.as_str() {
        return Err(DomainError::Conflict("This check is already done".into()));
    }
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let mut change = stage_one_check::Entity::update_many()
        .col_expr(
            stage_one_check::Column::UpdatedById,
            Expr::value(actor.person_id()),
        )
        .filter(stage_one_check::Column::Id.eq(row.id))
        .filter(stage_one_check::Column::Status.ne(CheckStatus::Done.as_str()));
    match update {
        CheckUpdate::Requested => {
            change = change
                .col_expr(
                    stage_one_check::Column::Status,
                    Expr::value(CheckStatus::Requested.as_str()),
                )
                .col_expr(stage_one_check::Column::RequestedOn, Expr::value(today));
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
                return Err(DomainError::invalid(
                    "note",
                    "Keep it to 2000 characters or fewer",
                ));
            }
            change = change
                .col_expr(
                    stage_one_check::Column::Status,
                    Expr::value(CheckStatus::Done.as_str()),
                )
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
    if change.exec(&txn).await?.rows_affected == 0 {
        return Err(DomainError::Conflict("This check is already done".into()));
    }
    crate::recruitment::queue_position::refresh(&txn, row.household_id).await?;
    txn.commit().await?;
    Ok(())
}
