//! Delegated authority by default (the care review's recommendation 37):
//! every day-to-day decision on the list is the carers' to take, unless
//! the child's social worker or the supervising social worker records an
//! exception, with a reason, saying who holds it instead and on what
//! conditions. Exceptions are versioned: each change is a new row, the
//! latest per decision standing. For a child accommodated under section
//! 20 the defaults apply once the parent's agreement is recorded. The list
//! ships in `data/delegated-authority.csv` and each service extends and
//! retires it (`decision_list`); the carers read it as "Can I say yes?",
//! and log the decisions they take.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Deserialize;

use super::access::supervises;
use super::children::{LegalBasis, child_name, is_childs_social_worker, readable};
use super::decision_list::{decisions_of, named};
use super::entities::{carer_household, child, delegated_decision, delegated_exception, placement};
use crate::accounts::entities::person;
use crate::applications::joint::applicants;
use crate::clock::london_day;
use crate::jobs::enqueue;
use crate::names::stored_names;
use crate::notifications::limits::may_email;
use crate::notifications::{Email, EmailAddress, SendEmail};
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::text::bounded;
use crate::{Actor, Ctx, DomainError, FieldError};

/// The areas practice groups day-to-day decisions in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Health,
    Education,
    Leisure,
    Faith,
    Online,
    Other,
}

stored_names!(Area {
    Health => "health", "Health and medical",
    Education => "education", "Education",
    Leisure => "leisure", "Leisure and home life",
    Faith => "faith", "Faith and culture",
    Online => "online", "Social media and phones",
    Other => "other", "Other",
});

/// One day-to-day decision on the list.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Decision {
    pub key: String,
    pub area: Area,
    pub decision: String,
}

/// The list Hearth ships, read once from its data file.
static DEFAULTS: LazyLock<Vec<Decision>> = LazyLock::new(|| {
    csv::Reader::from_reader(include_str!("../../data/delegated-authority.csv").as_bytes())
        .deserialize()
        .filter_map(Result::ok)
        .collect()
});

/// The day-to-day decisions, as the data file lists them.
pub fn default_decisions() -> &'static [Decision] {
    &DEFAULTS
}

/// Who holds a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Holder {
    /// Delegated to the carers: the default.
    Carers,
    ChildsSocialWorker,
    Parent,
    YoungPerson,
    Clinician,
    /// Nobody may delegate it: the local authority decides.
    NotDelegable,
}

stored_names!(Holder {
    Carers => "carers", "The carers",
    ChildsSocialWorker => "childs_social_worker", "The child's social worker",
    Parent => "parent", "A parent",
    YoungPerson => "young_person", "The young person",
    Clinician => "clinician", "A doctor or other clinician",
    NotDelegable => "not_delegable", "Not delegable: the local authority decides",
});

/// What the carers may do about a decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Yes,
    /// Yes, on these conditions; and whether to tell the social worker.
    YesWithConditions {
        conditions: String,
        tell_social_worker: bool,
    },
    /// Ask whoever holds it.
    Ask(Holder),
}

/// One decision for one child: what the carers may do, and why not when
/// they may not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildDecision {
    pub key: String,
    pub area: Area,
    pub decision: String,
    pub answer: Answer,
    /// The exception's reason, for staff.
    pub reason: Option<String>,
}

/// One version of an exception, as its history shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExceptionVersion {
    pub decision: String,
    pub holder: Holder,
    pub conditions: String,
    pub tell_social_worker: bool,
    pub reason: String,
    pub by: Option<String>,
    pub at: DateTime<Utc>,
}

/// A child's delegated authority.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DelegatedAuthority {
    pub child_id: i32,
    pub child: String,
    pub legal_basis: LegalBasis,
    /// Under section 20: who agreed for the parents, and when; none until
    /// recorded, and then the defaults do not apply yet.
    pub parent_agreement: Option<(String, NaiveDate)>,
    /// In the list's order, by area.
    pub decisions: Vec<ChildDecision>,
    /// Newest first.
    pub history: Vec<ExceptionVersion>,
    /// The reader may record exceptions and the parent's agreement.
    pub may_change: bool,
    /// The reader is one of the child's carers now: they log decisions.
    pub is_carer: bool,
}

/// Whether `actor` may change the child's delegated authority: its own
/// social worker, or the supervising social worker of the household it
/// lives with.
async fn may_change(ctx: &Ctx, actor: &Actor, row: &child::Model) -> Result<bool, DomainError> {
    let Some(me) = actor.person_id() else {
        return Ok(false);
    };
    if is_childs_social_worker(ctx, actor, row).await? {
        return Ok(true);
    }
    Ok(home_of(ctx, row).await?.is_some_and(|home| {
        supervises(actor, &home) && home.supervising_social_worker_id == Some(me)
    }))
}

/// The household the child lives with now, if any.
async fn home_of(
    ctx: &Ctx,
    row: &child::Model,
) -> Result<Option<carer_household::Model>, DomainError> {
    let Some(open) = placement::Entity::find()
        .filter(placement::Column::ChildId.eq(row.id))
        .filter(placement::Column::EndedOn.is_null())
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    Ok(carer_household::Entity::find_by_id(open.carer_household_id)
        .one(&ctx.db)
        .await?)
}

/// Whether `actor` is one of the carers the child lives with now.
async fn is_carer(ctx: &Ctx, actor: &Actor, row: &child::Model) -> Result<bool, DomainError> {
    let (Some(me), Some(home)) = (actor.person_id(), home_of(ctx, row).await?) else {
        return Ok(false);
    };
    if home.left_on.is_some() {
        return Ok(false);
    }
    let Some(household) = household::Entity::find_by_id(home.household_id)
        .one(&ctx.db)
        .await?
    else {
        return Ok(false);
    };
    Ok(applicants(&ctx.db, &household)
        .await?
        .iter()
        .any(|p| p.id == me))
}

/// The latest version of each exception of the child, by decision.
async fn standing(
    ctx: &Ctx,
    child_id: i32,
) -> Result<Vec<delegated_exception::Model>, DomainError> {
    let all = delegated_exception::Entity::find()
        .filter(delegated_exception::Column::ChildId.eq(child_id))
        .order_by_desc(delegated_exception::Column::Id)
        .all(&ctx.db)
        .await?;
    let mut latest: Vec<delegated_exception::Model> = Vec::new();
    for row in all {
        if !latest.iter().any(|l| l.item_key == row.item_key) {
            latest.push(row);
        }
    }
    Ok(latest)
}

/// The service whose list of decisions the child has: the one it lives
/// with now, or the one that recorded it.
async fn list_of(ctx: &Ctx, row: &child::Model) -> Result<i32, DomainError> {
    Ok(home_of(ctx, row)
        .await?
        .map_or(row.organisation_id, |home| home.organisation_id))
}

/// What the carers may do about each decision on the child's list.
async fn answers(ctx: &Ctx, row: &child::Model) -> Result<Vec<ChildDecision>, DomainError> {
    let legal_basis = LegalBasis::from_stored(&row.legal_basis)?;
    let waiting_for_parent = legal_basis == LegalBasis::Section20
        && (row.parent_agreement_by.is_none() || row.parent_agreement_on.is_none());
    let exceptions = standing(ctx, row.id).await?;
    decisions_of(&ctx.db, list_of(ctx, row).await?)
        .await?
        .iter()
        .map(|d| {
            let exception = exceptions.iter().find(|e| e.item_key == d.key);
            let holder = exception
                .map(|e| Holder::from_stored(&e.holder))
                .transpose()?
                .unwrap_or(Holder::Carers);
            let answer = match (waiting_for_parent, holder, exception) {
                (true, _, _) => Answer::Ask(Holder::ChildsSocialWorker),
                (false, Holder::Carers, Some(e))
                    if !e.conditions.is_empty() || e.tell_social_worker =>
                {
                    Answer::YesWithConditions {
                        conditions: e.conditions.clone(),
                        tell_social_worker: e.tell_social_worker,
                    }
                }
                (false, Holder::Carers, _) => Answer::Yes,
                (false, other, _) => Answer::Ask(other),
            };
            Ok(ChildDecision {
                key: d.key.clone(),
                area: d.area,
                decision: d.decision.clone(),
                answer,
                reason: exception.map(|e| e.reason.clone()),
            })
        })
        .collect()
}

/// Whether the carers the child lives with may agree `decision` for it
/// themselves (with or without conditions): a decision not on the child's
/// list, or held by someone else, is not theirs.
pub(crate) async fn carers_may(
    ctx: &Ctx,
    row: &child::Model,
    decision: &str,
) -> Result<bool, DomainError> {
    Ok(answers(ctx, row).await?.iter().any(|d| {
        d.key == decision && matches!(d.answer, Answer::Yes | Answer::YesWithConditions { .. })
    }))
}

/// The child's delegated authority, for those who may read the child.
pub async fn delegated_authority(
    ctx: &Ctx,
    actor: &Actor,
    child_id: i32,
) -> Result<DelegatedAuthority, DomainError> {
    let row = readable(ctx, actor, child_id).await?;
    let legal_basis = LegalBasis::from_stored(&row.legal_basis)?;
    let parent_agreement = row.parent_agreement_by.clone().zip(row.parent_agreement_on);
    let staff = actor.may_anywhere(Permission::SeeChildrenPlaced);
    let mut decisions = answers(ctx, &row).await?;
    if !staff {
        // The reasons, and who recorded them, are for staff.
        for decision in &mut decisions {
            decision.reason = None;
        }
    }
    // The history of changes, with their reasons, is for staff too.
    let versions = if staff {
        delegated_exception::Entity::find()
            .filter(delegated_exception::Column::ChildId.eq(row.id))
            .order_by_desc(delegated_exception::Column::Id)
            .all(&ctx.db)
            .await?
    } else {
        Vec::new()
    };
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(versions.iter().filter_map(|v| v.recorded_by_id)))
        .all(&ctx.db)
        .await?;
    let names = named(&ctx.db, list_of(ctx, &row).await?).await?;
    let history = versions
        .iter()
        .map(|v| {
            Ok(ExceptionVersion {
                decision: names
                    .iter()
                    .find(|d| d.key == v.item_key)
                    .map_or_else(|| v.item_key.clone(), |d| d.decision.clone()),
                holder: Holder::from_stored(&v.holder)?,
                conditions: v.conditions.clone(),
                tell_social_worker: v.tell_social_worker,
                reason: v.reason.clone(),
                by: v
                    .recorded_by_id
                    .and_then(|id| people.iter().find(|p| p.id == id))
                    .map(|p| p.name.clone()),
                at: v.recorded_at,
            })
        })
        .collect::<Result<Vec<_>, DomainError>>()?;
    Ok(DelegatedAuthority {
        child_id: row.id,
        child: child_name(&row),
        legal_basis,
        parent_agreement,
        decisions,
        history,
        may_change: may_change(ctx, actor, &row).await?,
        is_carer: is_carer(ctx, actor, &row).await?,
    })
}

/// An exception to record for one decision.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExceptionInput {
    pub decision: String,
    pub holder: Option<Holder>,
    pub conditions: String,
    pub tell_social_worker: bool,
    /// Why: required.
    pub reason: String,
}

/// Records a new version of the child's exception for one decision (back
/// to the carers, with or without conditions, or held by someone else).
pub async fn record_exception(
    ctx: &Ctx,
    actor: &Actor,
    child_id: i32,
    input: &ExceptionInput,
) -> Result<(), DomainError> {
    actor.require_anywhere(Permission::SeeChildrenPlaced)?;
    let row = readable(ctx, actor, child_id).await?;
    if !may_change(ctx, actor, &row).await? {
        return Err(DomainError::Forbidden);
    }
    let mut errors = Vec::new();
    let list = decisions_of(&ctx.db, list_of(ctx, &row).await?).await?;
    if !list.iter().any(|d| d.key == input.decision) {
        errors.push(FieldError::new("decision", "Choose a decision on the list"));
    }
    if input.holder.is_none() {
        errors.push(FieldError::new("holder", "Select who holds the decision"));
    }
    let conditions = bounded(&mut errors, "conditions", &input.conditions, 1_000, None);
    let reason = bounded(
        &mut errors,
        "reason",
        &input.reason,
        2_000,
        Some("Enter the reason for the exception"),
    );
    let (Some(holder), true) = (input.holder, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    delegated_exception::ActiveModel {
        id: NotSet,
        child_id: Set(row.id),
        item_key: Set(input.decision.clone()),
        holder: Set(holder.as_str().to_owned()),
        conditions: Set(conditions),
        tell_social_worker: Set(input.tell_social_worker),
        reason: Set(reason),
        recorded_by_id: Set(actor.person_id()),
        recorded_at: Set(ctx.clock.now()),
    }
    .insert(&ctx.db)
    .await?;
    Ok(())
}

/// Records, for a child accommodated under section 20, who agreed for the
/// parents to the carers' delegated authority, and when.
pub async fn record_parent_agreement(
    ctx: &Ctx,
    actor: &Actor,
    child_id: i32,
    by: &str,
    on: Option<NaiveDate>,
) -> Result<(), DomainError> {
    actor.require_anywhere(Permission::SeeChildrenPlaced)?;
    let row = readable(ctx, actor, child_id).await?;
    if !may_change(ctx, actor, &row).await? {
        return Err(DomainError::Forbidden);
    }
    let mut errors = Vec::new();
    let by = bounded(
        &mut errors,
        "agreed_by",
        by,
        200,
        Some("Enter who agreed, and who they are to the child"),
    );
    match on {
        None => errors.push(FieldError::new("agreed_on", "Enter the date they agreed")),
        Some(day) if day > london_day(ctx.clock.now()) => errors.push(FieldError::new(
            "agreed_on",
            "The date they agreed must be today or in the past",
        )),
        Some(_) => {}
    }
    let (Some(on), true) = (on, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    child::Entity::update_many()
        .col_expr(child::Column::ParentAgreementBy, Expr::value(by))
        .col_expr(child::Column::ParentAgreementOn, Expr::value(on))
        .filter(child::Column::Id.eq(row.id))
        .exec(&ctx.db)
        .await?;
    Ok(())
}

/// A decision a carer took under delegated authority, as logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedDecision {
    pub decision: String,
    pub decided_on: NaiveDate,
    pub note: String,
    pub by: Option<String>,
}

/// The decisions logged for the child, newest first.
pub async fn logged_decisions(
    ctx: &Ctx,
    actor: &Actor,
    child_id: i32,
) -> Result<Vec<LoggedDecision>, DomainError> {
    let row = readable(ctx, actor, child_id).await?;
    let rows = delegated_decision::Entity::find()
        .filter(delegated_decision::Column::ChildId.eq(row.id))
        .order_by_desc(delegated_decision::Column::DecidedOn)
        .order_by_desc(delegated_decision::Column::Id)
        .all(&ctx.db)
        .await?;
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().filter_map(|r| r.logged_by_id)))
        .all(&ctx.db)
        .await?;
    let names = named(&ctx.db, list_of(ctx, &row).await?).await?;
    Ok(rows
        .into_iter()
        .map(|r| LoggedDecision {
            decision: names
                .iter()
                .find(|d| d.key == r.item_key)
                .map_or_else(|| r.item_key.clone(), |d| d.decision.clone()),
            decided_on: r.decided_on,
            note: r.note,
            by: r
                .logged_by_id
                .and_then(|id| people.iter().find(|p| p.id == id))
                .map(|p| p.name.clone()),
        })
        .collect())
}

/// A decision to log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecisionInput {
    pub decision: String,
    pub decided_on: Option<NaiveDate>,
    pub note: String,
}

/// The child's carers log a decision they took under delegated authority.
/// When its condition says to tell the social worker, the child's social
/// worker (or, with none in Hearth, the supervising social worker) is
/// emailed that there is something to see: never the child's name.
pub async fn log_decision(
    ctx: &Ctx,
    actor: &Actor,
    child_id: i32,
    input: &DecisionInput,
) -> Result<(), DomainError> {
    actor.require_signed_in()?;
    let row = readable(ctx, actor, child_id).await?;
    if !is_carer(ctx, actor, &row).await? {
        return Err(DomainError::Forbidden);
    }
    let mut errors = Vec::new();
    // Only a decision the carers hold may be logged as theirs.
    let answer = answers(ctx, &row)
        .await?
        .into_iter()
        .find(|d| d.key == input.decision)
        .map(|d| d.answer);
    let tell = match answer {
        Some(Answer::Yes) => false,
        Some(Answer::YesWithConditions {
            tell_social_worker, ..
        }) => tell_social_worker,
        Some(Answer::Ask(_)) => {
            errors.push(FieldError::new(
                "decision",
                "That decision is not yours to take: ask first, as Can I say yes? says",
            ));
            false
        }
        None => {
            errors.push(FieldError::new("decision", "Choose the decision you took"));
            false
        }
    };
    let today = london_day(ctx.clock.now());
    match input.decided_on {
        None => errors.push(FieldError::new("decided_on", "Enter the date you decided")),
        Some(day) if day > today => errors.push(FieldError::new(
            "decided_on",
            "The date you decided must be today or in the past",
        )),
        Some(_) => {}
    }
    let note = bounded(
        &mut errors,
        "note",
        &input.note,
        2_000,
        Some("Say what you decided"),
    );
    let (Some(decided_on), true) = (input.decided_on, errors.is_empty()) else {
        return Err(DomainError::InvalidInput(errors));
    };
    let to = if tell {
        who_to_tell(ctx, &row).await?
    } else {
        None
    };
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    delegated_decision::ActiveModel {
        id: NotSet,
        child_id: Set(row.id),
        item_key: Set(input.decision.clone()),
        decided_on: Set(decided_on),
        note: Set(note),
        logged_by_id: Set(actor.person_id()),
        logged_at: Set(now),
    }
    .insert(&*txn)
    .await?;
    if let Some((name, address)) = to {
        let email = Email::SomethingToSee {
            name,
            path: format!("children/{}/decisions", row.id),
        };
        may_email(ctx, &txn, actor, &address).await?;
        enqueue(&*txn, &SendEmail::new(address, email), now, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Who hears of a decision the conditions say to tell: the child's social
/// worker, or the supervising social worker when none is in Hearth.
async fn who_to_tell(
    ctx: &Ctx,
    row: &child::Model,
) -> Result<Option<(String, EmailAddress)>, DomainError> {
    let worker = match row.social_worker_id {
        Some(id) => Some(id),
        None => home_of(ctx, row)
            .await?
            .and_then(|h| h.supervising_social_worker_id),
    };
    let Some(id) = worker else {
        return Ok(None);
    };
    Ok(person::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .and_then(|p| EmailAddress::parse(&p.email).ok().map(|a| (p.name, a))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_reads_whole_with_unique_keys_and_day_to_day_decisions_only() {
        let lines = include_str!("../../data/delegated-authority.csv")
            .lines()
            .count();
        let list = default_decisions();
        assert_eq!(list.len(), lines - 1, "every line reads");
        let mut keys: Vec<&str> = list.iter().map(|d| d.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), list.len(), "keys are unique");
        for wanted in [
            "haircuts",
            "sleepovers_with_friends",
            "hub_short_stays",
            "school_trips",
        ] {
            assert!(keys.contains(&wanted), "{wanted}");
        }
        for not_day_to_day in ["passport", "surgery", "change of name", "abroad"] {
            assert!(
                !list
                    .iter()
                    .any(|d| d.decision.to_lowercase().contains(not_day_to_day)),
                "{not_day_to_day} is not a day-to-day decision"
            );
        }
        for area in Area::ALL {
            assert!(
                list.iter().any(|d| d.area == *area),
                "{area:?} has decisions"
            );
        }
    }
}
