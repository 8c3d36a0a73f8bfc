//! Services moving to Hearth bring their carer households and the children
//! living with them, from a CSV file (`docs/carer-import.md`): one row per
//! child placed, or one row for a household with none. The service's own
//! household reference is the key. Every row is checked before anything is
//! kept; a dry run only checks. Nothing is kept unless every row is valid,
//! and then all of it in one transaction. Nobody is emailed. A file
//! imported again changes nothing: households and placements already kept
//! are found by their references and left alone.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;

use super::children::{ChildInput, LegalBasis, social_worker_person};
use super::entities::{carer_household, child, placement};
use super::households::{Approval, keep_carer_household};
use super::placements::{CheckedPlacement, Kept, PlacementKind, keep_placement};
use super::workers::workers_of;
use crate::accounts::public_account;
use crate::applications::decision::{Terms, checked_terms, make_foster_carers};
use crate::applications::entities::joint_applicant;
use crate::clock::london_day;
use crate::geography::Postcode;
use crate::notifications::EmailAddress;
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::recruitment::funnel::{Stage, State};
use crate::recruitment::history::columns;
use crate::recruitment::{Route, new_household, phone_number};
use crate::workflow::{Step, Workflow, record};
use crate::{Actor, Ctx, DomainError, FieldError};

/// The columns of the file, in the order the template gives them.
pub const COLUMNS: &[&str] = &[
    "household_reference",
    "carer_name",
    "carer_email",
    "second_carer_name",
    "second_carer_email",
    "phone",
    "postcode",
    "approved_on",
    "children_approved",
    "age_from",
    "age_to",
    "kinds",
    "supervising_social_worker_email",
    "review_due_on",
    "child_first_name",
    "child_family_initial",
    "child_date_of_birth",
    "placing_authority",
    "placing_reference",
    "legal_basis",
    "placement_kind",
    "placement_started_on",
    "child_social_worker_name",
    "child_social_worker_email",
];

/// The most rows one file may hold: a large service's carers, with room.
pub const MOST_ROWS: usize = 20_000;

/// One row as the file gives it.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
struct Row {
    household_reference: String,
    carer_name: String,
    carer_email: String,
    second_carer_name: String,
    second_carer_email: String,
    phone: String,
    postcode: String,
    approved_on: String,
    children_approved: String,
    age_from: String,
    age_to: String,
    kinds: String,
    supervising_social_worker_email: String,
    review_due_on: String,
    child_first_name: String,
    child_family_initial: String,
    child_date_of_birth: String,
    placing_authority: String,
    placing_reference: String,
    legal_basis: String,
    placement_kind: String,
    placement_started_on: String,
    child_social_worker_name: String,
    child_social_worker_email: String,
}

impl Row {
    /// The household's columns: rows of one household must agree on them.
    fn household_columns(&self) -> [&str; 14] {
        [
            &self.household_reference,
            &self.carer_name,
            &self.carer_email,
            &self.second_carer_name,
            &self.second_carer_email,
            &self.phone,
            &self.postcode,
            &self.approved_on,
            &self.children_approved,
            &self.age_from,
            &self.age_to,
            &self.kinds,
            &self.supervising_social_worker_email,
            &self.review_due_on,
        ]
    }

    fn has_child(&self) -> bool {
        [
            &self.child_first_name,
            &self.child_family_initial,
            &self.child_date_of_birth,
            &self.placing_authority,
            &self.placing_reference,
            &self.legal_basis,
            &self.placement_kind,
            &self.placement_started_on,
            &self.child_social_worker_name,
            &self.child_social_worker_email,
        ]
        .iter()
        .any(|c| !c.trim().is_empty())
    }
}

/// A problem with one cell (or, with no column, one line) of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The line of the file, the header being line 1.
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

/// What an import found and, unless a dry run or refused, kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub rows: usize,
    pub households: usize,
    pub placements: usize,
    /// Added by this run: none in a dry run, none when refused, none on a
    /// second run of the same file.
    pub households_added: usize,
    pub placements_added: usize,
    /// Every problem, by line and column; nothing is kept unless empty.
    pub problems: Vec<RowProblem>,
    pub dry_run: bool,
}

/// A household of the file, checked.
struct ImportedHousehold {
    line: usize,
    reference: String,
    carers: Vec<(String, String)>,
    phone: String,
    postcode: Postcode,
    approved_on: NaiveDate,
    terms: (i32, i32, i32, String),
    worker: Option<i32>,
    review_due_on: Option<NaiveDate>,
    placements: Vec<CheckedPlacement>,
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The problems of one row's fields, under their column names.
struct LineProblems<'a> {
    line: usize,
    problems: &'a mut Vec<RowProblem>,
}

impl LineProblems<'_> {
    fn add(&mut self, column: &str, message: impl Into<String>) {
        self.problems.push(RowProblem {
            line: self.line,
            column: Some(column.to_owned()),
            message: message.into(),
        });
    }

    /// A use case's field errors, renamed to the file's columns.
    fn fields(&mut self, errors: Vec<FieldError>, names: &[(&str, &str)]) {
        for error in errors {
            let column = names
                .iter()
                .find(|(field, _)| *field == error.field)
                .map_or(error.field.as_str(), |(_, column)| column)
                .to_owned();
            self.add(&column, error.message);
        }
    }
}

const TERM_COLUMNS: &[(&str, &str)] = &[
    ("children", "children_approved"),
    ("age_from", "age_from"),
    ("age_to", "age_to"),
    ("kinds", "kinds"),
];

const CHILD_COLUMNS: &[(&str, &str)] = &[
    ("first_name", "child_first_name"),
    ("family_initial", "child_family_initial"),
    ("date_of_birth", "child_date_of_birth"),
    ("social_worker_name", "child_social_worker_name"),
    ("social_worker_email", "child_social_worker_email"),
];

/// Reads the file's rows, at most `most`, or says why it cannot be read.
fn read_rows(file: &[u8], most: usize) -> Result<Vec<(usize, Row)>, RowProblem> {
    let whole = |message: String| RowProblem {
        line: 1,
        column: None,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(file);
    let headers = reader
        .headers()
        .map_err(|e| whole(format!("The file could not be read as CSV: {e}")))?
        .clone();
    if let Some(unknown) = headers.iter().find(|h| !COLUMNS.contains(h)) {
        return Err(whole(format!(
            "The column \"{unknown}\" is not one Hearth knows: see the layout"
        )));
    }
    if let Some(missing) = COLUMNS[..14]
        .iter()
        .find(|c| !headers.iter().any(|h| h == **c))
    {
        return Err(whole(format!("The column \"{missing}\" is missing")));
    }
    let mut rows = Vec::new();
    for (n, record) in reader.deserialize::<Row>().enumerate() {
        let line = n + 2;
        if rows.len() == most {
            return Err(whole(format!(
                "The file has more than {most} rows: split it"
            )));
        }
        let row = record.map_err(|e| RowProblem {
            line,
            column: None,
            message: format!("The line could not be read: {e}"),
        })?;
        rows.push((line, row));
    }
    Ok(rows)
}

/// Checks every row, grouping them into households.
async fn check_rows(
    ctx: &Ctx,
    organisation_id: i32,
    rows: &[(usize, Row)],
    problems: &mut Vec<RowProblem>,
) -> Result<Vec<ImportedHousehold>, DomainError> {
    let today = london_day(ctx.clock.now());
    let workers = workers_of(ctx, organisation_id).await?;
    let worker_emails: HashMap<String, i32> = crate::accounts::entities::person::Entity::find()
        .filter(
            crate::accounts::entities::person::Column::Id
                .is_in(workers.iter().map(|w| w.person_id)),
        )
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|p| (p.email.to_lowercase(), p.id))
        .collect();
    let mut households: Vec<ImportedHousehold> = Vec::new();
    let mut first_line: HashMap<String, (usize, Option<usize>)> = HashMap::new();
    let mut children_seen: HashMap<(i32, String), usize> = HashMap::new();
    for (line, row) in rows {
        let mut at = LineProblems {
            line: *line,
            problems,
        };
        let reference = row.household_reference.trim().to_owned();
        let index = match first_line.get(&reference) {
            Some((first, index)) => {
                let same = rows
                    .iter()
                    .find(|(l, _)| l == first)
                    .is_some_and(|(_, r)| r.household_columns() == row.household_columns());
                if !same {
                    at.add(
                        "household_reference",
                        format!("Line {first} gives this household other details: give the same on every line"),
                    );
                }
                *index
            }
            None => {
                // Its first line stands for the household, valid or not.
                let checked = check_household(row, &mut at, today, &worker_emails);
                let index = checked.map(|household| {
                    households.push(household);
                    households.len() - 1
                });
                first_line.insert(reference, (*line, index));
                index
            }
        };
        let Some(index) = index else {
            continue;
        };
        if !row.has_child() {
            continue;
        }
        let Some(household) = households.get_mut(index) else {
            continue;
        };
        if let Some(placed) =
            check_placement(ctx, row, &mut at, today, household.approved_on).await?
        {
            let key = (
                placed.child.placing_authority_id,
                placed.child.placing_reference.clone(),
            );
            if let Some(first) = children_seen.insert(key, *line) {
                at.add(
                    "placing_reference",
                    format!("Line {first} places the same child: a child lives with one household"),
                );
            } else {
                household.placements.push(placed);
            }
        }
    }
    Ok(households)
}

fn check_household(
    row: &Row,
    at: &mut LineProblems<'_>,
    today: NaiveDate,
    workers: &HashMap<String, i32>,
) -> Option<ImportedHousehold> {
    let before = at.problems.len();
    let reference = row.household_reference.trim();
    if reference.is_empty() || reference.chars().count() > 40 {
        at.add(
            "household_reference",
            "Enter the service's reference for the household, up to 40 characters",
        );
    }
    let mut carers = Vec::new();
    for (name, email, which) in [
        (&row.carer_name, &row.carer_email, ""),
        (&row.second_carer_name, &row.second_carer_email, "second_"),
    ] {
        let (name, email) = (name.trim(), email.trim());
        if which == "second_" && name.is_empty() && email.is_empty() {
            continue;
        }
        if name.is_empty() || name.chars().count() > 200 {
            at.add(&format!("{which}carer_name"), "Enter the carer's name");
        }
        match EmailAddress::parse(email) {
            Ok(address) => carers.push((name.to_owned(), address.as_str().to_lowercase())),
            Err(message) => at.add(&format!("{which}carer_email"), message),
        }
    }
    let phone = phone_number(&row.phone)
        .map_err(|m| at.add("phone", m))
        .ok();
    let postcode = Postcode::parse(&row.postcode)
        .map_err(|m| at.add("postcode", m))
        .ok();
    let approved_on = match date(&row.approved_on) {
        Some(on) if on <= today => Some(on),
        Some(_) => {
            at.add("approved_on", "The day of approval must be in the past");
            None
        }
        None => {
            at.add("approved_on", "Enter the day of approval, like 2024-03-27");
            None
        }
    };
    let number = |text: &str| text.trim().parse::<i64>().ok();
    let mut errors = Vec::new();
    let terms = checked_terms(
        &Terms {
            children: number(&row.children_approved),
            age_from: number(&row.age_from),
            age_to: number(&row.age_to),
            kinds: row
                .kinds
                .split(';')
                .map(|k| k.trim().to_owned())
                .filter(|k| !k.is_empty())
                .collect(),
        },
        &mut errors,
    );
    at.fields(errors, TERM_COLUMNS);
    let email = row.supervising_social_worker_email.trim().to_lowercase();
    let worker = if email.is_empty() {
        None
    } else {
        let found = workers.get(&email).copied();
        if found.is_none() {
            at.add(
                "supervising_social_worker_email",
                "Nobody in the service with that address may supervise carers",
            );
        }
        found
    };
    let review_due_on = match row.review_due_on.trim() {
        "" => None,
        text => {
            let due = date(text);
            if due.is_none() {
                at.add(
                    "review_due_on",
                    "Enter the day the review is due, like 2026-03-27",
                );
            }
            due
        }
    };
    if at.problems.len() > before {
        return None;
    }
    Some(ImportedHousehold {
        line: at.line,
        reference: reference.to_owned(),
        carers,
        phone: phone?,
        postcode: postcode?,
        approved_on: approved_on?,
        terms: terms?,
        worker,
        review_due_on,
        placements: Vec::new(),
    })
}

async fn check_placement(
    ctx: &Ctx,
    row: &Row,
    at: &mut LineProblems<'_>,
    today: NaiveDate,
    approved_on: NaiveDate,
) -> Result<Option<CheckedPlacement>, DomainError> {
    let mut errors = Vec::new();
    let input = ChildInput {
        first_name: row.child_first_name.clone(),
        family_initial: row.child_family_initial.clone(),
        date_of_birth: date(&row.child_date_of_birth),
        placing_authority: row.placing_authority.clone(),
        placing_reference: row.placing_reference.clone(),
        legal_basis: LegalBasis::parse(row.legal_basis.trim()),
        social_worker_name: row.child_social_worker_name.clone(),
        social_worker_email: row.child_social_worker_email.clone(),
    };
    let child = super::children::check_child(&ctx.db, &input, today, &mut errors).await?;
    at.fields(errors, CHILD_COLUMNS);
    let kind = PlacementKind::parse(row.placement_kind.trim());
    if kind.is_none() {
        at.add(
            "placement_kind",
            "Give the kind of placement: short_term, long_term, short_break, parent_and_child, emergency or connected_person",
        );
    }
    let started_on = match date(&row.placement_started_on) {
        Some(on) if on >= approved_on && on <= today => Some(on),
        Some(_) => {
            at.add(
                "placement_started_on",
                "The placement must start between approval and today",
            );
            None
        }
        None => {
            at.add(
                "placement_started_on",
                "Enter the day the child came, like 2025-09-01",
            );
            None
        }
    };
    Ok(match (child, kind, started_on) {
        (Some(child), Some(kind), Some(started_on)) => Some(CheckedPlacement {
            child,
            kind,
            started_on,
        }),
        _ => None,
    })
}

/// A child of the file already living with a household of Hearth that is
/// not the one the file gives is a problem; one living with that very
/// household is already imported.
async fn placed_elsewhere(
    ctx: &Ctx,
    organisation_id: i32,
    households: &[ImportedHousehold],
    problems: &mut Vec<RowProblem>,
) -> Result<(), DomainError> {
    for imported in households {
        let kept = carer_household::Entity::find()
            .filter(carer_household::Column::OrganisationId.eq(organisation_id))
            .filter(carer_household::Column::ServiceReference.eq(imported.reference.as_str()))
            .one(&ctx.db)
            .await?;
        if kept.as_ref().is_some_and(|k| k.left_on.is_some()) && !imported.placements.is_empty() {
            problems.push(RowProblem {
                line: imported.line,
                column: Some("household_reference".to_owned()),
                message: "The household has left the service: it takes no children".into(),
            });
        }
        for placed in &imported.placements {
            let Some(found) = existing_child(ctx, placed).await? else {
                continue;
            };
            let open = placement::Entity::find()
                .filter(placement::Column::ChildId.eq(found.id))
                .filter(placement::Column::EndedOn.is_null())
                .one(&ctx.db)
                .await?;
            if let Some(open) = open
                && Some(open.carer_household_id) != kept.as_ref().map(|k| k.id)
            {
                problems.push(RowProblem {
                    line: imported.line,
                    column: Some("placing_reference".to_owned()),
                    message: "The child already lives with another household in Hearth".into(),
                });
            }
        }
    }
    Ok(())
}

async fn existing_child(
    ctx: &Ctx,
    placed: &CheckedPlacement,
) -> Result<Option<child::Model>, DomainError> {
    Ok(child::Entity::find()
        .filter(child::Column::PlacingAuthorityId.eq(placed.child.placing_authority_id))
        .filter(child::Column::PlacingReference.eq(placed.child.placing_reference.as_str()))
        .one(&ctx.db)
        .await?)
}

/// How an import runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportRun {
    /// Only check.
    pub dry_run: bool,
    /// The most rows it takes: the page takes fewer than the command line,
    /// since its import holds the one writer while it runs.
    pub most_rows: usize,
}

/// Imports the file into `organisation_id` for its administrators (or
/// Hearth itself, from the command line). With a dry run, or any problem,
/// nothing is kept. `progress` hears (households kept, households) as it
/// goes.
pub async fn import_carers(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    file: &[u8],
    run: ImportRun,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<ImportReport, DomainError> {
    let dry_run = run.dry_run;
    actor.require(Permission::AdministerOrganisation, organisation_id)?;
    let mut report = ImportReport {
        dry_run,
        ..ImportReport::default()
    };
    let rows = match read_rows(file, run.most_rows.min(MOST_ROWS)) {
        Ok(rows) => rows,
        Err(problem) => {
            report.problems.push(problem);
            return Ok(report);
        }
    };
    report.rows = rows.len();
    let households = check_rows(ctx, organisation_id, &rows, &mut report.problems).await?;
    placed_elsewhere(ctx, organisation_id, &households, &mut report.problems).await?;
    report.problems.sort_by_key(|p| p.line);
    report.households = households.len();
    report.placements = households.iter().map(|h| h.placements.len()).sum();
    if dry_run || !report.problems.is_empty() {
        return Ok(report);
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    for (done, imported) in households.iter().enumerate() {
        let (kept, added) = keep_household(&txn, actor, organisation_id, imported, now).await?;
        report.households_added += usize::from(added);
        for placed in &imported.placements {
            let child = child::Entity::find()
                .filter(child::Column::PlacingAuthorityId.eq(placed.child.placing_authority_id))
                .filter(child::Column::PlacingReference.eq(placed.child.placing_reference.as_str()))
                .one(&*txn)
                .await?;
            // Imported before: this placement, ended since or not.
            let already = match &child {
                Some(found) => placement::Entity::find()
                    .filter(placement::Column::ChildId.eq(found.id))
                    .filter(placement::Column::CarerHouseholdId.eq(kept.id))
                    .filter(placement::Column::StartedOn.eq(placed.started_on))
                    .one(&*txn)
                    .await?
                    .is_some(),
                None => false,
            };
            if already {
                continue;
            }
            let social_worker = match &placed.child.social_worker {
                Some(worker) => {
                    social_worker_person(ctx, placed.child.placing_authority_id, worker, false)
                        .await?
                }
                None => None,
            };
            let by = Kept {
                by: actor.person_id(),
                social_worker,
                exemption: None,
                now,
            };
            keep_placement(&txn, &kept, placed, &by).await?;
            report.placements_added += 1;
        }
        progress(done + 1, households.len());
    }
    txn.commit().await?;
    Ok(report)
}

/// The household of the file as a carer household of Hearth: found by its
/// reference, or made, with its carers' accounts (no email: they sign in
/// by link when they choose), as approval makes one. Returns it, and
/// whether it was made now.
async fn keep_household(
    txn: &sea_orm::DatabaseTransaction,
    actor: &Actor,
    organisation_id: i32,
    imported: &ImportedHousehold,
    now: DateTime<Utc>,
) -> Result<(carer_household::Model, bool), DomainError> {
    let found = carer_household::Entity::find()
        .filter(carer_household::Column::OrganisationId.eq(organisation_id))
        .filter(carer_household::Column::ServiceReference.eq(imported.reference.as_str()))
        .one(txn)
        .await?;
    if let Some(found) = found {
        return Ok((found, false));
    }
    let Some((name, email)) = imported.carers.first() else {
        return Err(DomainError::invalid(
            "carer_email",
            "Enter the carer's email",
        ));
    };
    let first = public_account(txn, email, name, now).await?;
    let route = Route {
        organisation_id,
        local_authority_id: None,
        to_check: false,
    };
    let (status, stage, ..) = columns(State::Open(Stage::Approved));
    let row = household::ActiveModel {
        status: Set(status.to_owned()),
        stage: Set(stage.as_str().to_owned()),
        first_contact_due_at: Set(None),
        first_contact_at: Set(Some(now)),
        person_id: Set(Some(first.id)),
        ..new_household(
            &route,
            (name, email, &imported.phone),
            &imported.postcode,
            now,
            now,
        )
    }
    .insert(txn)
    .await?;
    for (name, email) in imported.carers.iter().skip(1) {
        let second = public_account(txn, email, name, now).await?;
        joint_applicant::ActiveModel {
            household_id: Set(row.id),
            person_id: Set(second.id),
            name: Set(name.clone()),
            added_at: Set(now),
            added_by_id: Set(actor.person_id()),
            accepted_at: Set(Some(now)),
        }
        .insert(txn)
        .await?;
    }
    make_foster_carers(txn, &row, now).await?;
    crate::search::note_household(txn, row.id, now).await?;
    let (children, age_from, age_to, kinds) = &imported.terms;
    let terms = Approval::Decided {
        children: *children,
        age_from: *age_from,
        age_to: *age_to,
        kinds,
    };
    keep_carer_household(txn, &row, terms, imported.approved_on, now).await?;
    let mut update = carer_household::Entity::update_many()
        .col_expr(
            carer_household::Column::ServiceReference,
            Expr::value(imported.reference.as_str()),
        )
        .col_expr(
            carer_household::Column::SupervisingSocialWorkerId,
            Expr::value(imported.worker),
        )
        .filter(carer_household::Column::HouseholdId.eq(row.id));
    if let Some(due) = imported.review_due_on {
        update = update.col_expr(carer_household::Column::ReviewDueOn, Expr::value(due));
    }
    update.exec(txn).await?;
    let kept = carer_household::Entity::find()
        .filter(carer_household::Column::HouseholdId.eq(row.id))
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    record(
        txn,
        Step {
            workflow: Workflow::CarerHousehold,
            record_id: kept.id,
            household_id: Some(row.id),
            at: now,
            actor_id: actor.person_id(),
            event: "imported",
            from: "approved",
            to: "approved",
            reason: Some(&imported.reference),
        },
    )
    .await?;
    Ok((kept, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_a_column_hearth_does_not_know_is_refused_on_its_first_line() {
        let file = b"household_reference,favourite_colour\nH1,blue\n";
        let problem = read_rows(file, MOST_ROWS).err();
        assert_eq!(problem.map(|p| (p.line, p.column)), Some((1, None)));
    }

    #[test]
    fn rows_are_numbered_as_the_file_counts_its_lines() {
        let header = COLUMNS.join(",");
        let file = format!("{header}\nH1{}\nH2{}\n", ",".repeat(23), ",".repeat(23));
        let rows = read_rows(file.as_bytes(), MOST_ROWS).unwrap_or_default();
        let lines: Vec<usize> = rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 3]);
    }
}
