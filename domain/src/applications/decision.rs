//! The agency decision maker's decision, made separately from the panel's
//! recommendation: approval with its terms, or a proposal not to approve.
//! A proposal gives the household 28 days to make representations to the
//! decision maker or to ask the Independent Review Mechanism to review it;
//! after those, or the 28 days passing without either, the decision is
//! final. Approved applicants become the organisation's foster carers.

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};

use super::entities::{decision, panel, panel_booking, temporary_approval};
use super::joint::applicants;
use super::panel::{PanelDate, Recommendation, open_dates, today};
use super::sections::CARE;
use crate::accounts::Role;
use crate::accounts::entities::{membership, organisation};
use crate::audit::{Subject, record_access};
use crate::carers::{Approval, keep_carer_household};
use crate::jobs::{Job, enqueue};
use crate::names::stored_names;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::policy::{Allowed, Permission, household_for};
use crate::recruitment::entities::household;
use crate::recruitment::funnel::{Event, Stage, State};
use crate::recruitment::{move_in_funnel, state_of};
use crate::workflow::{Refused, Step, Workflow, record, refused};
use crate::{Actor, Ctx, DomainError, FieldError};

/// The days a household has to respond to a proposal not to approve.
pub const RESPONSE_DAYS: u64 = 28;

/// The most children an approval may be for.
const MOST_CHILDREN: i64 = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DecisionOutcome {
    Approved,
    ProposedNotToApprove,
    NotApproved,
}

stored_names!(DecisionOutcome {
    Approved => "approved", "Approved",
    ProposedNotToApprove => "proposed_not_to_approve", "Proposal not to approve",
    NotApproved => "not_approved", "Not approved",
});

/// How a household answers a proposal not to approve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProposalResponse {
    /// They write to the decision maker.
    Representations,
    /// They ask the Independent Review Mechanism to review it.
    IndependentReview,
}

stored_names!(ProposalResponse {
    Representations => "representations", "Representations to the decision maker",
    IndependentReview => "independent_review", "Review by the Independent Review Mechanism",
});

/// Where a proposal not to approve is in its 28 days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProposalState {
    /// Made: the household has 28 days to respond.
    Awaiting,
    /// The household responded; the decision maker decides.
    Answered,
    /// Decided by the decision maker, or final once the 28 days passed
    /// with no response.
    Final,
}

stored_names!(ProposalState {
    Awaiting => "awaiting_response", "Waiting for the household's response",
    Answered => "answered", "The household has responded",
    Final => "final", "Decided",
});

/// What happens to a proposal not to approve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalEvent {
    Responded(ProposalResponse),
    /// The 28 days passed with no response.
    Lapsed,
    /// The decision maker's final decision: to approve after all, or not.
    Decided {
        approve: bool,
    },
}

impl ProposalEvent {
    /// Its history row's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Responded(response) => response.as_str(),
            Self::Lapsed => "lapsed",
            Self::Decided { approve: true } => "approved",
            Self::Decided { approve: false } => "not_approved",
        }
    }
}

/// A proposal's rules: the household may respond within its 28 days, and
/// change its response until the decision maker acts; the decision maker
/// decides not to approve only after they respond or the days pass;
/// approving after all is always open.
pub fn proposal_transition(
    state: ProposalState,
    event: ProposalEvent,
    today: NaiveDate,
    respond_by: NaiveDate,
) -> Result<ProposalState, Refused> {
    use ProposalEvent as E;
    use ProposalState as P;
    let in_time = today <= respond_by;
    match (state, event) {
        (P::Final, _) => Err(refused("The decision has been made")),
        (P::Awaiting, E::Responded(_)) if in_time => Ok(P::Answered),
        (P::Awaiting, E::Responded(_)) => Err(refused("The 28 days to respond have passed")),
        // A response can be changed until the decision maker acts on it
        // (WCAG 3.3.4), within the same 28 days it had to be made in.
        (P::Answered, E::Responded(_)) if in_time => Ok(P::Answered),
        (P::Answered, E::Responded(_)) => Err(refused(
            "The 28 days have passed: your response stands as you sent it",
        )),
        (P::Awaiting, E::Lapsed) if !in_time => Ok(P::Final),
        (P::Awaiting, E::Lapsed) => Err(refused("The household still has time to respond")),
        (P::Answered, E::Lapsed) => Err(refused(
            "The household has responded: the decision maker decides",
        )),
        (P::Awaiting, E::Decided { approve: false }) if in_time => Err(Refused(format!(
            "The household has until {} to respond to the proposal",
            respond_by.format("%-d %B %Y")
        ))),
        (P::Awaiting | P::Answered, E::Decided { .. }) => Ok(P::Final),
    }
}

/// The proposal a decision row holds, with its deadline: none when the
/// decision maker has not proposed not to approve.
fn proposal_of(row: &decision::Model) -> Result<Option<(ProposalState, NaiveDate)>, DomainError> {
    let Some(respond_by) = row.respond_by else {
        return Ok(None);
    };
    let state = match DecisionOutcome::from_stored(&row.outcome)? {
        DecisionOutcome::ProposedNotToApprove if row.response.is_none() => ProposalState::Awaiting,
        DecisionOutcome::ProposedNotToApprove => ProposalState::Answered,
        DecisionOutcome::Approved | DecisionOutcome::NotApproved => ProposalState::Final,
    };
    Ok(Some((state, respond_by)))
}

/// Moves the household's proposal with `event` and records the move.
async fn move_proposal(
    txn: &DatabaseTransaction,
    proposal: &decision::Model,
    event: ProposalEvent,
    (today, at): (NaiveDate, DateTime<Utc>),
    actor_id: Option<i32>,
) -> Result<(), DomainError> {
    let Some((from, respond_by)) = proposal_of(proposal)? else {
        return Err(DomainError::Conflict(
            "There is no proposal to respond to".into(),
        ));
    };
    let to = proposal_transition(from, event, today, respond_by)?;
    record(
        txn,
        Step {
            workflow: Workflow::Proposal,
            record_id: proposal.household_id,
            household_id: Some(proposal.household_id),
            at,
            actor_id,
            event: event.as_str(),
            from: from.as_str(),
            to: to.as_str(),
            reason: None,
        },
    )
    .await
}

/// What an approval is for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Terms {
    pub children: Option<i64>,
    pub age_from: Option<i64>,
    pub age_to: Option<i64>,
    /// Kinds of care, by stored value.
    pub kinds: Vec<String>,
}

/// What the decision maker records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecisionInput {
    Approve {
        terms: Terms,
        reasons: String,
    },
    ProposeNotToApprove {
        reasons: String,
    },
    /// The final decision, after a proposal.
    NotApprove {
        reasons: String,
    },
}

/// What an approval is for, as it reads back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovedFor {
    pub children: i32,
    pub age_from: i32,
    pub age_to: i32,
    /// Kinds of care, as (value, label).
    pub kinds: Vec<(&'static str, &'static str)>,
}

/// A decision as staff see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionView {
    pub outcome: DecisionOutcome,
    pub terms: Option<ApprovedFor>,
    pub reasons: String,
    pub decided_at: DateTime<Utc>,
    pub respond_by: Option<NaiveDate>,
    pub response: Option<(ProposalResponse, String)>,
}

/// A connected person's temporary approval, with its deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemporaryApprovalView {
    pub child_initials: String,
    pub child_reference: String,
    pub relationship: String,
    pub approved_on: NaiveDate,
    pub until: NaiveDate,
    pub extended: bool,
    pub extension_reason: Option<String>,
}

/// Everything about a household's panel and decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelAndDecision {
    pub household_id: i32,
    pub household: String,
    pub state: State,
    /// The date booked, and the recommendation with its reasons once made.
    pub booking: Option<(PanelDate, Option<(Recommendation, String)>)>,
    /// Dates to come with a place.
    pub open_dates: Vec<PanelDate>,
    pub decision: Option<DecisionView>,
    pub temporary_approval: Option<TemporaryApprovalView>,
    pub may_book: bool,
    pub may_recommend: bool,
    pub may_decide: bool,
    /// For a proposal not to approve: the final decision not to approve
    /// may be made now (the household responded, or its 28 days passed).
    pub may_decide_not_to_approve: bool,
    /// What else the reader may do with the household: which of its other
    /// pages to link to.
    pub allowed: Allowed,
    /// The panel's and decision maker's reasons, and the household's
    /// response, speak of health and records: only the roles that read
    /// health see them; for anyone else they are empty.
    pub reasons_withheld: bool,
}

fn kind_labels(stored: Option<&str>) -> Vec<(&'static str, &'static str)> {
    let kinds: Vec<String> = stored
        .and_then(|k| serde_json::from_str(k).ok())
        .unwrap_or_default();
    CARE.iter()
        .filter(|(value, _)| kinds.iter().any(|k| k == value))
        .copied()
        .collect()
}

fn decision_view(row: decision::Model) -> Result<DecisionView, DomainError> {
    let outcome = DecisionOutcome::from_stored(&row.outcome)?;
    let terms = match (row.children, row.age_from, row.age_to) {
        (Some(children), Some(age_from), Some(age_to)) => Some(ApprovedFor {
            children,
            age_from,
            age_to,
            kinds: kind_labels(row.kinds.as_deref()),
        }),
        _ => None,
    };
    let response = match row.response.as_deref() {
        Some(stored) => Some((
            ProposalResponse::from_stored(stored)?,
            row.response_text.unwrap_or_default(),
        )),
        None => None,
    };
    Ok(DecisionView {
        outcome,
        terms,
        reasons: row.reasons,
        decided_at: row.decided_at,
        respond_by: row.respond_by,
        response,
    })
}

pub(super) fn temporary_view(row: temporary_approval::Model) -> TemporaryApprovalView {
    TemporaryApprovalView {
        extended: row.extended_at.is_some(),
        child_initials: row.child_initials,
        child_reference: row.child_reference,
        relationship: row.relationship,
        approved_on: row.approved_on,
        until: row.until,
        extension_reason: row.extension_reason,
    }
}

/// The household's panel and decision, for its organisation's panel staff.
/// The panel's and decision maker's reasons speak of health and records:
/// every read is in the access log.
pub async fn panel_and_decision(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
) -> Result<PanelAndDecision, DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::SeePanel).await?;
    record_access(
        ctx,
        actor,
        row.organisation_id,
        Subject::PanelAndDecision,
        Some(row.id),
    )
    .await?;
    let mut booking = match panel_booking::Entity::find_by_id(row.id)
        .one(&ctx.db)
        .await?
    {
        Some(booking) => {
            let date = panel::Entity::find_by_id(booking.panel_id)
                .one(&ctx.db)
                .await?
                .ok_or(DomainError::NotFound)?;
            let date = super::panel::dates_with_bookings(ctx, vec![date])
                .await?
                .pop()
                .ok_or(DomainError::NotFound)?;
            let recommendation = match booking.recommendation.as_deref() {
                Some(stored) => Some((
                    Recommendation::from_stored(stored)?,
                    booking.recommendation_reasons.unwrap_or_default(),
                )),
                None => None,
            };
            Some((date, recommendation))
        }
        None => None,
    };
    let mut decision = decision::Entity::find_by_id(row.id)
        .one(&ctx.db)
        .await?
        .map(decision_view)
        .transpose()?;
    let reasons_withheld = !actor.may(Permission::ReadHealthAnswers, row.organisation_id);
    if reasons_withheld {
        if let Some((_, Some((_, reasons)))) = booking.as_mut() {
            reasons.clear();
        }
        if let Some(decision) = decision.as_mut() {
            decision.reasons.clear();
            if let Some((_, text)) = decision.response.as_mut() {
                text.clear();
            }
        }
    }
    let temporary_approval = temporary_approval::Entity::find_by_id(row.id)
        .one(&ctx.db)
        .await?
        .map(temporary_view);
    let state = state_of(&row)?;
    let may = |permission| actor.may(permission, row.organisation_id);
    let proposal = decision::Entity::find_by_id(row.id)
        .one(&ctx.db)
        .await?
        .map(|d| proposal_of(&d))
        .transpose()?
        .flatten();
    let final_no_now = proposal.is_some_and(|(from, respond_by)| {
        let refusal = ProposalEvent::Decided { approve: false };
        proposal_transition(from, refusal, today(ctx), respond_by).is_ok()
    });
    Ok(PanelAndDecision {
        may_decide_not_to_approve: final_no_now
            && state == State::Open(Stage::ProposedNotToApprove)
            && may(Permission::Decide),
        household_id: row.id,
        household: row.name.clone(),
        open_dates: open_dates(ctx, row.organisation_id, row.id).await?,
        may_book: matches!(state, State::Open(Stage::Assessment | Stage::Panel))
            && may(Permission::BookPanel),
        may_recommend: state == State::Open(Stage::Panel) && may(Permission::Recommend),
        may_decide: matches!(
            state,
            State::Open(Stage::Recommended | Stage::ProposedNotToApprove)
        ) && may(Permission::Decide),
        allowed: Allowed::in_organisation(actor, row.organisation_id),
        state,
        booking,
        decision,
        temporary_approval,
        reasons_withheld,
    })
}

fn reasons_text(reasons: &str, errors: &mut Vec<FieldError>) -> String {
    let reasons = reasons.trim();
    if reasons.is_empty() {
        errors.push(FieldError::new(
            "reasons",
            "Enter the reasons for the decision",
        ));
    } else if reasons.chars().count() > 5_000 {
        errors.push(FieldError::new("reasons", crate::text::too_long(5000)));
    }
    reasons.to_owned()
}

/// The terms, checked: `(children, from, to, kinds as JSON)`.
pub(crate) fn checked_terms(
    terms: &Terms,
    errors: &mut Vec<FieldError>,
) -> Option<(i32, i32, i32, String)> {
    let children = terms
        .children
        .filter(|n| (1..=MOST_CHILDREN).contains(n))
        .and_then(|n| i32::try_from(n).ok());
    if children.is_none() {
        errors.push(FieldError::new(
            "children",
            format!("Enter how many children, from 1 to {MOST_CHILDREN}"),
        ));
    }
    let age = |age: Option<i64>, field: &str, errors: &mut Vec<FieldError>| {
        let age = age
            .filter(|a| (0..=17).contains(a))
            .and_then(|a| i32::try_from(a).ok());
        if age.is_none() {
            errors.push(FieldError::new(field, "Enter an age from 0 to 17"));
        }
        age
    };
    let from = age(terms.age_from, "age_from", errors);
    let to = age(terms.age_to, "age_to", errors);
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        errors.push(FieldError::new(
            "age_to",
            "The oldest age must be the same as or more than the youngest",
        ));
    }
    let known = terms
        .kinds
        .iter()
        .all(|k| CARE.iter().any(|(value, _)| value == k));
    if terms.kinds.is_empty() || !known {
        errors.push(FieldError::new(
            "kinds",
            "Select the kinds of fostering approved",
        ));
    }
    let kinds = serde_json::to_string(&terms.kinds).ok()?;
    Some((children?, from?, to?, kinds))
}

/// Records the decision maker's decision.
pub async fn record_decision(
    ctx: &Ctx,
    actor: &Actor,
    household_id: i32,
    input: &DecisionInput,
) -> Result<(), DomainError> {
    let row = household_for(ctx, actor, household_id, Permission::SeePanel).await?;
    if !actor.may(Permission::Decide, row.organisation_id) {
        return Err(actor.refusal());
    }
    let mut errors = Vec::new();
    let (outcome, terms, reasons) = match input {
        DecisionInput::Approve { terms, reasons } => (
            DecisionOutcome::Approved,
            checked_terms(terms, &mut errors),
            reasons_text(reasons, &mut errors),
        ),
        DecisionInput::ProposeNotToApprove { reasons } => (
            DecisionOutcome::ProposedNotToApprove,
            None,
            reasons_text(reasons, &mut errors),
        ),
        DecisionInput::NotApprove { reasons } => (
            DecisionOutcome::NotApproved,
            None,
            reasons_text(reasons, &mut errors),
        ),
    };
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    // Locked first, so the proposal read next is the one decided on (a
    // response sent meanwhile waits, on PostgreSQL, until this ends).
    crate::recruitment::locked_household(&txn, row.id).await?;
    let earlier = decision::Entity::find_by_id(row.id).one(&txn).await?;
    // A decision after a proposal not to approve ends the proposal, when
    // its rules allow; the funnel refuses anything else.
    if let Some(proposal) = &earlier
        && outcome != DecisionOutcome::ProposedNotToApprove
        && proposal.outcome == DecisionOutcome::ProposedNotToApprove.as_str()
        && proposal.respond_by.is_some()
    {
        let approve = outcome == DecisionOutcome::Approved;
        let event = ProposalEvent::Decided { approve };
        move_proposal(&txn, proposal, event, (today(ctx), now), actor.person_id()).await?;
    }
    let event = match outcome {
        DecisionOutcome::Approved => Event::Approved,
        DecisionOutcome::ProposedNotToApprove => Event::ProposedNotToApprove,
        DecisionOutcome::NotApproved => Event::DecidedNotToApprove,
    };
    move_in_funnel(&txn, row.id, actor.person_id(), event, (None, None), now).await?;
    let respond_by = (outcome == DecisionOutcome::ProposedNotToApprove)
        .then(|| today(ctx) + Days::new(RESPONSE_DAYS))
        .or(earlier.as_ref().and_then(|e| e.respond_by));
    let approved_terms = terms.clone();
    decision::Entity::insert(decision::ActiveModel {
        household_id: Set(row.id),
        outcome: Set(outcome.as_str().to_owned()),
        children: Set(terms.as_ref().map(|t| t.0)),
        age_from: Set(terms.as_ref().map(|t| t.1)),
        age_to: Set(terms.as_ref().map(|t| t.2)),
        kinds: Set(terms.map(|t| t.3)),
        reasons: Set(reasons),
        decided_at: Set(now),
        decided_by_id: Set(actor.person_id()),
        respond_by: Set(respond_by),
        response: Set(earlier.as_ref().and_then(|e| e.response.clone())),
        response_text: Set(earlier.as_ref().and_then(|e| e.response_text.clone())),
        responded_at: Set(earlier.and_then(|e| e.responded_at)),
    })
    .on_conflict(
        OnConflict::column(decision::Column::HouseholdId)
            .update_columns([
                decision::Column::Outcome,
                decision::Column::Children,
                decision::Column::AgeFrom,
                decision::Column::AgeTo,
                decision::Column::Kinds,
                decision::Column::Reasons,
                decision::Column::DecidedAt,
                decision::Column::DecidedById,
                decision::Column::RespondBy,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if let (DecisionOutcome::Approved, Some((children, age_from, age_to, kinds))) =
        (outcome, &approved_terms)
    {
        make_foster_carers(&txn, &row, now).await?;
        let terms = Approval::Decided {
            children: *children,
            age_from: *age_from,
            age_to: *age_to,
            kinds,
        };
        keep_carer_household(&txn, &row, terms, today(ctx), now).await?;
    }
    tell_household(&txn, &row, outcome, respond_by, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Each applicant becomes a foster carer of the organisation.
pub(crate) async fn make_foster_carers(
    txn: &DatabaseTransaction,
    row: &household::Model,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    for person in applicants(txn, row).await? {
        membership::Entity::insert(membership::ActiveModel {
            id: sea_orm::ActiveValue::NotSet,
            person_id: Set(person.id),
            organisation_id: Set(row.organisation_id),
            role: Set(Role::FosterCarer.as_str().to_owned()),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                membership::Column::PersonId,
                membership::Column::OrganisationId,
                membership::Column::Role,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// Each applicant is told the decision by email, kindly, with what to do
/// next; the reasons stay with their contact and their decision letter.
async fn tell_household(
    txn: &DatabaseTransaction,
    row: &household::Model,
    outcome: DecisionOutcome,
    respond_by: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let organisation = organisation::Entity::find_by_id(row.organisation_id)
        .one(txn)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    for person in applicants(txn, row).await? {
        let Ok(address) = EmailAddress::parse(&person.email) else {
            continue;
        };
        let email = Email::DecisionMade {
            name: person.name.clone(),
            organisation: organisation.clone(),
            outcome: outcome.as_str().to_owned(),
            respond_by: respond_by.map(|d| d.format("%-d %B %Y").to_string()),
        };
        enqueue(txn, &SendEmail::new(address, email), now, now).await?;
    }
    Ok(())
}

/// A response as typed, checked: the choice, and the text (needed for
/// representations). What the check step shows before it is sent.
pub fn checked_response(
    response: Option<ProposalResponse>,
    text: &str,
) -> Result<(ProposalResponse, String), DomainError> {
    let mut errors = Vec::new();
    if response.is_none() {
        errors.push(FieldError::new(
            "response",
            "Select how you want to respond",
        ));
    }
    let text = text.trim();
    if text.chars().count() > 10_000 {
        errors.push(FieldError::new("text", crate::text::too_long(10000)));
    } else if text.is_empty() && response == Some(ProposalResponse::Representations) {
        errors.push(FieldError::new(
            "text",
            "Write what you want the decision maker to consider",
        ));
    }
    match (response, errors.is_empty()) {
        (Some(response), true) => Ok((response, text.to_owned())),
        _ => Err(DomainError::InvalidInput(errors)),
    }
}

/// The applicant answers a proposal not to approve, within its 28 days:
/// representations to the decision maker, or a review by the Independent
/// Review Mechanism. Either stops the proposal becoming final by itself.
pub async fn respond_to_proposal(
    ctx: &Ctx,
    actor: &Actor,
    response: Option<ProposalResponse>,
    text: &str,
) -> Result<(), DomainError> {
    let row = super::form::applicants_household(ctx, actor).await?;
    let (response, text) = checked_response(response, text)?;
    let text = text.as_str();
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let current = crate::recruitment::locked_household(&txn, row.id).await?;
    if state_of(&current)? != State::Open(Stage::ProposedNotToApprove) {
        return Err(DomainError::Conflict(
            "There is no proposal to respond to".into(),
        ));
    }
    let proposal = decision::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let event = ProposalEvent::Responded(response);
    move_proposal(&txn, &proposal, event, (today(ctx), now), actor.person_id()).await?;
    // The first response's time stands: a change is not a later reply.
    let responded_at = proposal.responded_at.unwrap_or(now);
    decision::Entity::update_many()
        .col_expr(decision::Column::Response, Expr::value(response.as_str()))
        .col_expr(decision::Column::ResponseText, Expr::value(text))
        .col_expr(decision::Column::RespondedAt, Expr::value(responded_at))
        .filter(decision::Column::HouseholdId.eq(row.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// What the applicant sees of their decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnDecision {
    pub outcome: DecisionOutcome,
    pub respond_by: Option<NaiveDate>,
    /// The household may respond, or change its response, today.
    pub may_respond: bool,
    pub response: Option<ProposalResponse>,
    /// What they wrote with their response, to change it.
    pub response_text: String,
    pub terms: Option<ApprovedFor>,
}

/// The applicant's own panel date and decision.
pub async fn own_panel_and_decision(
    conn: &impl ConnectionTrait,
    household_id: i32,
    today: NaiveDate,
) -> Result<(Option<(NaiveDate, String)>, Option<OwnDecision>), DomainError> {
    let booked = match panel_booking::Entity::find_by_id(household_id)
        .one(conn)
        .await?
    {
        Some(booking) => panel::Entity::find_by_id(booking.panel_id)
            .one(conn)
            .await?
            .map(|p| (p.sits_on, p.place)),
        None => None,
    };
    let row = decision::Entity::find_by_id(household_id).one(conn).await?;
    let may_respond = match row.as_ref().map(proposal_of).transpose()?.flatten() {
        Some((state, by)) => {
            let responding = ProposalEvent::Responded(ProposalResponse::Representations);
            proposal_transition(state, responding, today, by).is_ok()
        }
        None => false,
    };
    let decision = row.map(decision_view).transpose()?.map(|d| OwnDecision {
        outcome: d.outcome,
        respond_by: d.respond_by,
        may_respond,
        response_text: d
            .response
            .as_ref()
            .map(|(_, text)| text.clone())
            .unwrap_or_default(),
        response: d.response.map(|(r, _)| r),
        terms: d.terms,
    });
    Ok((booked, decision))
}

/// The signed-in applicant's latest decision, final ones included.
pub async fn own_decision(ctx: &Ctx, actor: &Actor) -> Result<Option<OwnDecision>, DomainError> {
    let person_id = actor.require_person()?;
    for row in super::joint::households_of(&ctx.db, person_id).await? {
        if let (_, Some(decision)) = own_panel_and_decision(&ctx.db, row.id, today(ctx)).await? {
            return Ok(Some(decision));
        }
    }
    Ok(None)
}

/// The job that makes proposals final once their 28 days have passed
/// without a response: run daily.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinaliseProposals {}

impl Job for FinaliseProposals {
    const KIND: &'static str = "applications.finalise_proposals";
    const MAX_ATTEMPTS: i32 = 5;
}

/// Makes final each proposal not to approve whose 28 days have passed with
/// no response; returns how many.
pub async fn finalise_proposals(ctx: &Ctx, actor: &Actor) -> Result<usize, DomainError> {
    actor.require_system()?;
    let now = ctx.clock.now();
    let waiting = decision::Entity::find()
        .filter(decision::Column::Outcome.eq(DecisionOutcome::ProposedNotToApprove.as_str()))
        .filter(decision::Column::Response.is_null())
        .filter(decision::Column::RespondBy.lt(today(ctx)))
        .all(&ctx.db)
        .await?;
    let mut finalised = 0;
    for proposal in waiting {
        let txn = ctx.write().await?;
        let row = crate::recruitment::locked_household(&txn, proposal.household_id).await?;
        // Withdrawn, decided by hand or answered since: nothing to do.
        let Some(proposal) = decision::Entity::find_by_id(row.id).one(&txn).await? else {
            continue;
        };
        if proposal.response.is_some()
            || state_of(&row)? != State::Open(Stage::ProposedNotToApprove)
        {
            continue;
        }
        // Refused only if it changed since it was listed: the rest still run.
        let lapsed = ProposalEvent::Lapsed;
        match move_proposal(&txn, &proposal, lapsed, (today(ctx), now), None).await {
            Err(DomainError::Conflict(_)) => continue,
            moved => moved?,
        }
        move_in_funnel(
            &txn,
            row.id,
            None,
            Event::DecidedNotToApprove,
            (Some("no_response"), None),
            now,
        )
        .await?;
        decision::Entity::update_many()
            .col_expr(
                decision::Column::Outcome,
                Expr::value(DecisionOutcome::NotApproved.as_str()),
            )
            .col_expr(decision::Column::DecidedAt, Expr::value(now))
            .filter(decision::Column::HouseholdId.eq(row.id))
            .exec(&txn)
            .await?;
        tell_household(&txn, &row, DecisionOutcome::NotApproved, None, now).await?;
        txn.commit().await?;
        finalised += 1;
    }
    Ok(finalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    #[test]
    fn a_proposal_is_answered_within_its_days_changed_until_decided_then_decided() {
        let by = date("2027-01-28");
        let within = date("2027-01-28");
        let response = ProposalEvent::Responded(ProposalResponse::Representations);
        let answered = proposal_transition(ProposalState::Awaiting, response, within, by);
        assert_eq!(answered, Ok(ProposalState::Answered));
        let changed = ProposalEvent::Responded(ProposalResponse::IndependentReview);
        let again = proposal_transition(ProposalState::Answered, changed, within, by);
        assert_eq!(again, Ok(ProposalState::Answered), "a change");
        let late = proposal_transition(ProposalState::Answered, changed, date("2027-01-29"), by);
        assert!(late.is_err(), "not after the 28 days");
        let final_change = proposal_transition(ProposalState::Final, changed, within, by);
        assert!(final_change.is_err(), "not once decided");
        let decided = ProposalEvent::Decided { approve: false };
        let after = proposal_transition(ProposalState::Answered, decided, within, by);
        assert_eq!(after, Ok(ProposalState::Final));
    }

    #[test]
    fn a_proposal_not_answered_in_its_days_becomes_final_and_not_before() {
        let by = date("2027-01-28");
        let (within, after) = (date("2027-01-28"), date("2027-01-29"));
        let lapsed = proposal_transition(ProposalState::Awaiting, ProposalEvent::Lapsed, after, by);
        assert_eq!(lapsed, Ok(ProposalState::Final));
        let early = proposal_transition(ProposalState::Awaiting, ProposalEvent::Lapsed, within, by);
        assert!(early.is_err());
        let late = ProposalEvent::Responded(ProposalResponse::IndependentReview);
        let refused = proposal_transition(ProposalState::Awaiting, late, after, by);
        assert!(refused.expect_err("refused").0.contains("28 days"));
    }

    #[test]
    fn the_decision_maker_may_approve_at_once_but_not_refuse_while_the_household_may_answer() {
        let by = date("2027-01-28");
        let within = date("2027-01-10");
        let approve = ProposalEvent::Decided { approve: true };
        let refuse = ProposalEvent::Decided { approve: false };
        let approved = proposal_transition(ProposalState::Awaiting, approve, within, by);
        assert_eq!(approved, Ok(ProposalState::Final));
        let refused = proposal_transition(ProposalState::Awaiting, refuse, within, by);
        assert!(
            refused
                .expect_err("refused")
                .0
                .contains("until 28 January 2027")
        );
    }

    #[test]
    fn every_proposal_event_from_every_state_moves_or_says_why_not() {
        let by = date("2027-01-28");
        let events = [
            ProposalEvent::Responded(ProposalResponse::Representations),
            ProposalEvent::Responded(ProposalResponse::IndependentReview),
            ProposalEvent::Lapsed,
            ProposalEvent::Decided { approve: true },
            ProposalEvent::Decided { approve: false },
        ];
        for today in [date("2027-01-01"), date("2027-02-01")] {
            for state in ProposalState::ALL {
                for event in events {
                    match proposal_transition(*state, event, today, by) {
                        // Nothing goes back to waiting; only a changed
                        // response stays where it was.
                        Ok(next) => {
                            assert_ne!(next, ProposalState::Awaiting);
                            assert!(next != *state || matches!(event, ProposalEvent::Responded(_)));
                        }
                        Err(refused) => assert!(!refused.0.is_empty()),
                    }
                }
                assert!(proposal_transition(ProposalState::Final, events[3], today, by).is_err());
            }
        }
    }
}
