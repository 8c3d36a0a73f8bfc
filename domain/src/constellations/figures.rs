//! The liaison worker's figures for a period, from Hearth's own records:
//! what the constellation did (requests and sleepovers, meetings and who
//! came, check-ins, families joining and leaving, the hub's nights away),
//! and its outcomes beside the service's carer households in no
//! constellation: unplanned placement endings per placement open at any
//! time in the period, and households leaving per household active at its
//! start, through the one suppression rule. The return is counts only.

use chrono::{NaiveDate, TimeDelta};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::access::{Part, Standing, standing};
use super::entities::{
    check_in, meeting, meeting_answer, member, sleepover, sleepover_child, unavailable_night,
};
use super::states::{SleepoverKind, SleepoverState};
use crate::carers::entities::{carer_household, placement};
use crate::clock::london_day;
use crate::figures::{Figure, rate};
use crate::{Actor, Ctx, DomainError};

/// The longest period one return covers.
const LONGEST_DAYS: i64 = 366 * 2;

/// From one day to another, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// What the constellation did in the period: exact counts, for those who
/// run and support it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    pub planned_requests: u64,
    pub emergency_requests: u64,
    /// Requests the hub said yes to (some since cancelled or not happened).
    pub given: u64,
    pub declined: u64,
    /// Requests that went to the liaison worker unanswered.
    pub escalated: u64,
    /// Nights children stayed with the hub, a night per child.
    pub nights_stayed: u64,
    pub meetings: u64,
    /// People recorded as having come to them.
    pub attended: u64,
    pub check_ins: u64,
    pub families_joined: u64,
    pub families_left: u64,
    /// Satellite families at the end of the period.
    pub families_at_end: u64,
    /// Families flagged now for no contact in the constellation's days.
    pub overdue_check_ins_now: u64,
    pub hub_unavailable_nights: u64,
}

/// One group's outcomes, through the suppression rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// Placements open at any time in the period.
    pub placements: Figure,
    pub unplanned_endings: Figure,
    /// Unplanned endings per 100 placements, when both are 5 or more.
    pub unplanned_rate: Option<f64>,
    /// Carer households active at the start of the period.
    pub households: Figure,
    pub left: Figure,
    pub leaving_rate: Option<f64>,
}

/// The constellation's return for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstellationReturn {
    pub constellation_id: i32,
    pub name: String,
    pub period: Period,
    pub activity: Activity,
    /// Households in the constellation at any time in the period.
    pub members: Outcome,
    /// The service's carer households in no constellation in the period.
    pub others: Outcome,
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn in_period(day: NaiveDate, period: Period) -> bool {
    period.from <= day && day <= period.to
}

/// The period checked: its end on or after its start, two years at most.
pub fn checked_period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Period, DomainError> {
    let (Some(from), Some(to)) = (from, to) else {
        return Err(DomainError::invalid(
            "from",
            "Enter the period's first and last days",
        ));
    };
    if to < from || to - from > TimeDelta::days(LONGEST_DAYS) {
        return Err(DomainError::invalid(
            "to",
            "The last day must be on or after the first, within two years",
        ));
    }
    Ok(Period { from, to })
}

async fn activity(ctx: &Ctx, found: &Standing, period: Period) -> Result<Activity, DomainError> {
    let id = found.row.id;
    let mut figures = Activity::default();
    let asked = sleepover::Entity::find()
        .filter(sleepover::Column::ConstellationId.eq(id))
        .all(&ctx.db)
        .await?;
    let children = sleepover_child::Entity::find()
        .filter(sleepover_child::Column::SleepoverId.is_in(asked.iter().map(|s| s.id)))
        .all(&ctx.db)
        .await?;
    for stay in &asked {
        let state = SleepoverState::from_stored(&stay.state)?;
        if in_period(london_day(stay.created_at), period) {
            match SleepoverKind::from_stored(&stay.kind)? {
                SleepoverKind::Planned => figures.planned_requests += 1,
                SleepoverKind::Emergency => figures.emergency_requests += 1,
            }
            let said_yes = matches!(
                state,
                SleepoverState::Accepted
                    | SleepoverState::Started
                    | SleepoverState::Ended
                    | SleepoverState::DidNotHappen
                    | SleepoverState::CancelledByFamily
                    | SleepoverState::CancelledByHub
            );
            figures.given += u64::from(said_yes);
            figures.declined += u64::from(state == SleepoverState::Declined);
            figures.escalated += u64::from(stay.escalated_at.is_some());
        }
        if matches!(state, SleepoverState::Started | SleepoverState::Ended) {
            let first = stay.first_night.max(period.from);
            let last = stay.last_night.min(period.to);
            if first <= last {
                let nights = u64::try_from((last - first).num_days() + 1).unwrap_or(0);
                let staying = count(
                    children
                        .iter()
                        .filter(|c| c.sleepover_id == stay.id)
                        .count(),
                );
                figures.nights_stayed += nights * staying;
            }
        }
    }
    let meetings: Vec<meeting::Model> = meeting::Entity::find()
        .filter(meeting::Column::ConstellationId.eq(id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|m| in_period(london_day(m.starts_at), period))
        .collect();
    figures.meetings = count(meetings.len());
    figures.attended = count(
        meeting_answer::Entity::find()
            .filter(meeting_answer::Column::MeetingId.is_in(meetings.iter().map(|m| m.id)))
            .filter(meeting_answer::Column::Attended.eq(true))
            .all(&ctx.db)
            .await?
            .len(),
    );
    figures.check_ins = count(
        check_in::Entity::find()
            .filter(check_in::Column::ConstellationId.eq(id))
            .filter(check_in::Column::ContactedOn.gte(period.from))
            .filter(check_in::Column::ContactedOn.lte(period.to))
            .all(&ctx.db)
            .await?
            .len(),
    );
    let members = member::Entity::find()
        .filter(member::Column::ConstellationId.eq(id))
        .filter(member::Column::Role.eq(Part::Satellite.as_str()))
        .all(&ctx.db)
        .await?;
    figures.families_joined = count(
        members
            .iter()
            .filter(|m| in_period(m.joined_on, period))
            .count(),
    );
    figures.families_left = count(
        members
            .iter()
            .filter(|m| m.left_on.is_some_and(|d| in_period(d, period)))
            .count(),
    );
    figures.families_at_end = count(
        members
            .iter()
            .filter(|m| m.joined_on <= period.to && m.left_on.is_none_or(|d| d > period.to))
            .count(),
    );
    figures.overdue_check_ins_now = count(
        super::view::constellation_record_for(ctx, found)
            .await?
            .overdue_check_ins(),
    );
    figures.hub_unavailable_nights = count(
        unavailable_night::Entity::find()
            .filter(unavailable_night::Column::ConstellationId.eq(id))
            .filter(unavailable_night::Column::Night.gte(period.from))
            .filter(unavailable_night::Column::Night.lte(period.to))
            .all(&ctx.db)
            .await?
            .len(),
    );
    Ok(figures)
}

/// The outcomes of a group of carer households over the period.
async fn outcome(
    ctx: &Ctx,
    households: &[carer_household::Model],
    period: Period,
) -> Result<Outcome, DomainError> {
    let placements: Vec<placement::Model> = placement::Entity::find()
        .filter(placement::Column::CarerHouseholdId.is_in(households.iter().map(|h| h.id)))
        .filter(placement::Column::StartedOn.lte(period.to))
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|p| p.ended_on.is_none_or(|d| d >= period.from))
        .collect();
    let unplanned = placements
        .iter()
        .filter(|p| {
            p.ended_on.is_some_and(|d| in_period(d, period))
                && p.ending.as_deref() == Some("unplanned")
        })
        .count();
    let active: Vec<&carer_household::Model> = households
        .iter()
        .filter(|h| h.approved_on <= period.from && h.left_on.is_none_or(|d| d >= period.from))
        .collect();
    let left = active
        .iter()
        .filter(|h| h.left_on.is_some_and(|d| in_period(d, period)))
        .count();
    let (placements, unplanned, active, left) = (
        count(placements.len()),
        count(unplanned),
        count(active.len()),
        count(left),
    );
    Ok(Outcome {
        placements: Figure::of(placements),
        unplanned_endings: Figure::of(unplanned),
        unplanned_rate: rate(unplanned, placements),
        households: Figure::of(active),
        left: Figure::of(left),
        leaving_rate: rate(left, active),
    })
}

/// The constellation's return for the period: for its liaison workers and
/// the service's managers.
pub async fn constellation_return(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
    period: Period,
) -> Result<ConstellationReturn, DomainError> {
    let found = standing(ctx, actor, constellation_id).await?;
    if !found.staff() {
        return Err(DomainError::NotFound);
    }
    let activity = activity(ctx, &found, period).await?;
    let during =
        |m: &member::Model| m.joined_on <= period.to && m.left_on.is_none_or(|d| d >= period.from);
    let service = carer_household::Entity::find()
        .filter(carer_household::Column::OrganisationId.eq(found.row.organisation_id))
        .all(&ctx.db)
        .await?;
    let memberships = member::Entity::find()
        .filter(member::Column::CarerHouseholdId.is_in(service.iter().map(|h| h.id)))
        .all(&ctx.db)
        .await?;
    let here: Vec<i32> = memberships
        .iter()
        .filter(|m| m.constellation_id == constellation_id && during(m))
        .map(|m| m.carer_household_id)
        .collect();
    let anywhere: Vec<i32> = memberships
        .iter()
        .filter(|m| during(m))
        .map(|m| m.carer_household_id)
        .collect();
    let (members, others): (Vec<_>, Vec<_>) = service
        .into_iter()
        .filter(|h| here.contains(&h.id) || !anywhere.contains(&h.id))
        .partition(|h| here.contains(&h.id));
    Ok(ConstellationReturn {
        constellation_id,
        name: found.row.name.clone(),
        period,
        activity,
        members: outcome(ctx, &members, period).await?,
        others: outcome(ctx, &others, period).await?,
    })
}

impl ConstellationReturn {
    /// Its lines, as the CSV and the page give them: what, for whom, and
    /// the count (a figure under the rule for outcomes; empty where the
    /// rule hides it).
    pub fn lines(&self) -> Vec<(&'static str, &'static str, String)> {
        let a = &self.activity;
        let mut lines: Vec<(&'static str, &'static str, String)> = [
            ("Planned requests", a.planned_requests),
            ("Emergency requests", a.emergency_requests),
            ("Requests given", a.given),
            ("Requests declined", a.declined),
            ("Emergency requests sent to the liaison worker", a.escalated),
            ("Nights children stayed with the hub", a.nights_stayed),
            ("Meetings, activities and trips", a.meetings),
            ("People who came to them", a.attended),
            ("Check-ins", a.check_ins),
            ("Families joined", a.families_joined),
            ("Families left", a.families_left),
            ("Satellite families at the end", a.families_at_end),
            ("Families due a check-in now", a.overdue_check_ins_now),
            ("Nights the hub was unavailable", a.hub_unavailable_nights),
        ]
        .into_iter()
        .map(|(what, n)| (what, "constellation", n.to_string()))
        .collect();
        for (group, o) in [("members", &self.members), ("others", &self.others)] {
            let shown = |f: Figure| f.shown().map(|n| n.to_string()).unwrap_or_default();
            let rated = |r: Option<f64>| r.map(|r| format!("{r:.1}")).unwrap_or_default();
            lines.push(("Placements open in the period", group, shown(o.placements)));
            lines.push((
                "Unplanned placement endings",
                group,
                shown(o.unplanned_endings),
            ));
            lines.push((
                "Unplanned endings per 100 placements",
                group,
                rated(o.unplanned_rate),
            ));
            lines.push((
                "Carer households active at the start",
                group,
                shown(o.households),
            ));
            lines.push(("Carer households that left", group, shown(o.left)));
            lines.push(("Households leaving per 100", group, rated(o.leaving_rate)));
        }
        lines
    }

    /// The return as CSV: counts only, no free text (the constellation by
    /// its number). Every cell is Hearth's own words or a number, so none
    /// can be read as a formula.
    pub fn csv(&self) -> Result<String, DomainError> {
        let broken = |e: csv::Error| DomainError::Internal(Box::new(e));
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(["constellation", "from", "to", "measure", "group", "value"])
            .map_err(broken)?;
        let (id, from, to) = (
            self.constellation_id.to_string(),
            self.period.from.to_string(),
            self.period.to.to_string(),
        );
        for (what, group, value) in self.lines() {
            out.write_record([id.as_str(), &from, &to, what, group, &value])
                .map_err(broken)?;
        }
        let bytes = out
            .into_inner()
            .map_err(|e| DomainError::Internal(e.to_string().into()))?;
        String::from_utf8(bytes).map_err(|e| DomainError::Internal(Box::new(e)))
    }
}

/// The returns of every constellation the reader supports, for the period:
/// a liaison worker's own, a manager's service's.
pub async fn my_returns(
    ctx: &Ctx,
    actor: &Actor,
    period: Period,
) -> Result<Vec<ConstellationReturn>, DomainError> {
    let mut returns = Vec::new();
    for listed in super::view::constellations(ctx, actor).await? {
        let found = standing(ctx, actor, listed.id).await?;
        if found.staff() {
            returns.push(constellation_return(ctx, actor, listed.id, period).await?);
        }
    }
    Ok(returns)
}
