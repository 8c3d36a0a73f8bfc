//! Initial home visits: booked with an officer (when and where), then how
//! it went. A visit that happened moves the household to the initial visit
//! stage, from where it may be invited to apply.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::enquiries::london_display;
use super::entities::{home_visit, household};
use super::events::organisation_name;
use super::funnel::{Event, transition};
use super::history::{apply, current, state_of};
use super::households::note_text;
use super::queue::recruitment_officers;
use crate::jobs::enqueue;
use crate::names::stored_names;
use crate::notifications::{CalendarEntry, Email, EmailAddress, SendEmail};
use crate::policy::{Permission, household_for};
use crate::workflow::{Refused, Step, Workflow, record, refused};
use crate::{Actor, Ctx, DomainError, FieldError, Named};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VisitOutcome {
    Completed,
    DidNotHappen,
}

stored_names!(VisitOutcome {
    Completed => "completed", "The visit took place",
    DidNotHappen => "did_not_happen", "The visit did not take place",
});

/// A visit's state before its outcome is recorded, as its history names it.
const BOOKED: &str = "booked";

/// A visit's rules: booked, then how it went, recorded once; it took place
/// only once its time has come.
pub fn visit_transition(
    recorded: Option<VisitOutcome>,
    outcome: VisitOutcome,
    time_has_come: bool,
) -> Result<VisitOutcome, Refused> {
    match (recorded, outcome) {
        (Some(_), _) => Err(refused("How this visit went has already been recorded")),
        (None, VisitOutcome::Completed) if !time_has_come => Err(refused(
            "A visit can be recorded as having taken place once its time has come",
        )),
        (None, outcome) => Ok(outcome),
    }
}

/// How long a visit is put in calendars for.
const VISIT_LENGTH: chrono::TimeDelta = chrono::TimeDelta::hours(2);
const MAX_PLACE: usize = 500;

/// What booking a visit asks.
#[derive(Clone, Debug, Default)]
pub struct NewVisit {
    pub officer_id: Option<i32>,
    pub starts_at: Option<DateTime<Utc>>,
    pub place: String,
}

/// A visit, as a household's record shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitEntry {
    pub id: i32,
    pub officer: String,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub outcome: Option<VisitOutcome>,
    pub outcome_note: Option<String>,
}

/// Books an initial home visit for a household that is ready for one, and
/// emails the household its time and place.
pub async fn book_visit(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    input: &NewVisit,
) -> Result<i32, DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::WorkEnquiries).await?;
    let now = ctx.clock.now();
    let officers = recruitment_officers(ctx, actor, row.organisation_id).await?;
    let mut errors = Vec::new();
    let officer = input
        .officer_id
        .and_then(|id| officers.iter().find(|(officer, _)| *officer == id));
    if officer.is_none() {
        errors.push(FieldError::new("officer_id", "Select who will visit"));
    }
    match input.starts_at {
        None => errors.push(FieldError::new(
            "starts_at",
            "Enter the date and time of the visit",
        )),
        Some(at) if at <= now => errors.push(FieldError::new(
            "starts_at",
            "The visit must be in the future",
        )),
        Some(_) => {}
    }
    let place = input.place.trim();
    if place.is_empty() {
        errors.push(FieldError::new("place", "Enter where the visit will be"));
    } else if place.chars().count() > MAX_PLACE {
        errors.push(FieldError::new("place", crate::text::too_long(MAX_PLACE)));
    }
    let (Some((officer_id, officer_name)), Some(starts_at), true) =
        (officer, input.starts_at, errors.is_empty())
    else {
        return Err(DomainError::InvalidInput(errors));
    };
    let txn = ctx.write().await?;
    let row = current(&txn, row.id).await?;
    transition(state_of(&row)?, Event::VisitCompleted)?;
    let visit = home_visit::ActiveModel {
        id: NotSet,
        household_id: Set(row.id),
        officer_id: Set(*officer_id),
        starts_at: Set(starts_at),
        place: Set(place.to_owned()),
        booked_by_id: Set(actor.person_id()),
        booked_at: Set(now),
        outcome: Set(None),
        outcome_note: Set(None),
        outcome_by_id: Set(None),
        outcome_at: Set(None),
    }
    .insert(&txn)
    .await?;
    if let Ok(to) = EmailAddress::parse(&row.email) {
        let organisation = organisation_name(&txn, row.organisation_id).await?;
        let email = Email::VisitBooked {
            name: row.name.clone(),
            officer: officer_name.clone(),
            when: london_display(starts_at),
            place: place.to_owned(),
            calendar: CalendarEntry {
                uid: format!("home-visit-{}", visit.id),
                title: format!("Home visit from {organisation}"),
                starts_at,
                ends_at: starts_at + VISIT_LENGTH,
                location: place.to_owned(),
                description: format!(
                    "{officer_name} from {organisation} visits to talk about fostering."
                ),
            },
            organisation,
        };
        enqueue(&txn, &SendEmail::new(to, email), now, now).await?;
    }
    txn.commit().await?;
    Ok(visit.id)
}

/// Records how a visit went, once. A visit that took place moves the
/// household to the initial visit stage.
pub async fn record_visit_outcome(
    ctx: &Ctx,
    actor: &Actor,
    visit: Named,
    outcome: Option<VisitOutcome>,
    note: &str,
) -> Result<(), DomainError> {
    if matches!(actor, Actor::Anonymous) {
        return Err(DomainError::Unauthenticated);
    }
    let named = visit;
    let visit = home_visit::Entity::find_by_id(named.id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    named.must_be_within(visit.household_id)?;
    household_for(ctx, actor, visit.household_id, Permission::WorkEnquiries).await?;
    let note = note_text("note", note)?;
    let Some(outcome) = outcome else {
        return Err(DomainError::invalid("outcome", "Select how the visit went"));
    };
    let now = ctx.clock.now();
    let recorded = visit
        .outcome
        .as_deref()
        .map(VisitOutcome::from_stored)
        .transpose()?;
    visit_transition(recorded, outcome, visit.starts_at <= now)?;
    let txn = ctx.write().await?;
    let recorded = home_visit::Entity::update_many()
        .col_expr(home_visit::Column::Outcome, Expr::value(outcome.as_str()))
        .col_expr(
            home_visit::Column::OutcomeNote,
            Expr::value((!note.is_empty()).then_some(note)),
        )
        .col_expr(
            home_visit::Column::OutcomeById,
            Expr::value(actor.person_id()),
        )
        .col_expr(home_visit::Column::OutcomeAt, Expr::value(now))
        .filter(home_visit::Column::Id.eq(visit.id))
        .filter(home_visit::Column::Outcome.is_null())
        .exec(&txn)
        .await?;
    if recorded.rows_affected == 0 {
        return Err(DomainError::Conflict(
            "How this visit went has already been recorded".into(),
        ));
    }
    // The note may say why a family could not be seen: it stays on the
    // visit, for those who work the household.
    record(
        &txn,
        Step {
            workflow: Workflow::HomeVisit,
            record_id: visit.id,
            household_id: Some(visit.household_id),
            at: now,
            actor_id: actor.person_id(),
            event: outcome.as_str(),
            from: BOOKED,
            to: outcome.as_str(),
            reason: None,
        },
    )
    .await?;
    if outcome == VisitOutcome::Completed {
        apply(
            &txn,
            visit.household_id,
            actor.person_id(),
            Event::VisitCompleted,
            (None, None),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The household's next visit still to happen, for what they see of
/// their own enquiry.
pub(super) async fn next_visit(
    conn: &impl sea_orm::ConnectionTrait,
    household: &household::Model,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DomainError> {
    Ok(home_visit::Entity::find()
        .filter(home_visit::Column::HouseholdId.eq(household.id))
        .filter(home_visit::Column::Outcome.is_null())
        .filter(home_visit::Column::StartsAt.gt(now))
        .order_by_asc(home_visit::Column::StartsAt)
        .one(conn)
        .await?
        .map(|v| v.starts_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visit_outcome_is_recorded_once_and_took_place_only_once_due() {
        for outcome in VisitOutcome::ALL {
            assert_eq!(visit_transition(None, *outcome, true), Ok(*outcome));
            for recorded in VisitOutcome::ALL {
                let refused = visit_transition(Some(*recorded), *outcome, true);
                assert!(
                    refused
                        .expect_err("refused")
                        .0
                        .contains("already been recorded")
                );
            }
        }
        let early = visit_transition(None, VisitOutcome::Completed, false);
        assert!(
            early
                .expect_err("refused")
                .0
                .contains("once its time has come")
        );
        let missed = visit_transition(None, VisitOutcome::DidNotHappen, false);
        assert_eq!(missed, Ok(VisitOutcome::DidNotHappen));
    }
}
