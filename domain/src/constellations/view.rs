//! What a constellation's pages show: the list of constellations a reader
//! has, one constellation with its families, settings, warnings and
//! sleepovers, its calendar of beds, and what setting one up chooses from.
//! Satellite families see the hub and the other families by name, and
//! their own requests; check-ins, past families and warnings are for the
//! hub and staff.

use chrono::{Days, NaiveDate};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::access::{Part, Standing, current_members, household_names, standing, standing_in};
use super::beds::{Night, calendar_nights};
use super::check_ins::Contact;
use super::entities::{check_in, constellation, liaison_worker, member};
use super::meetings::{MeetingSummary, meetings_of};
use super::quiet_hours::QuietHours;
use super::setup::{FEWEST_FAMILIES, MOST_FAMILIES};
use super::sleepovers::{SleepoverSummary, sleepovers_for};
use super::states::SleepoverState;
use crate::accounts::entities::{organisation, person};
use crate::carers::entities::carer_household;
use crate::carers::{Worker, carer_households_of, children_living_with, people_who_may, terms_of};
use crate::clock::london_day;
use crate::policy::Permission;
use crate::{Actor, Ctx, DomainError};

/// Children a hub is taken to be approved for when its terms give none.
const CHILDREN_WITHOUT_TERMS: i32 = 3;

/// A constellation in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstellationListed {
    pub id: i32,
    pub name: String,
    pub organisation: String,
    pub hub: Option<String>,
    pub families: usize,
    /// Requests the hub or a social worker has yet to answer.
    pub waiting: usize,
}

/// The constellations the reader has: a manager's service's, a liaison
/// worker's own, a carer's own.
pub async fn constellations(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<ConstellationListed>, DomainError> {
    actor.require_signed_in()?;
    let managed = actor.organisations_where(Permission::RunConstellations);
    let mut ids: Vec<i32> = constellation::Entity::find()
        .select_only()
        .column(constellation::Column::Id)
        .filter(constellation::Column::OrganisationId.is_in(managed))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    if let Some(me) = actor.person_id() {
        let liaison: Vec<i32> = liaison_worker::Entity::find()
            .select_only()
            .column(liaison_worker::Column::ConstellationId)
            .filter(liaison_worker::Column::PersonId.eq(me))
            .into_tuple()
            .all(&ctx.db)
            .await?;
        ids.extend(liaison);
        let mine = carer_households_of(&ctx.db, me).await?;
        let memberships: Vec<i32> = member::Entity::find()
            .select_only()
            .column(member::Column::ConstellationId)
            .filter(member::Column::CarerHouseholdId.is_in(mine.iter().map(|c| c.id)))
            .filter(member::Column::LeftOn.is_null())
            .into_tuple()
            .all(&ctx.db)
            .await?;
        ids.extend(memberships);
    }
    ids.sort_unstable();
    ids.dedup();
    let rows = constellation::Entity::find()
        .filter(constellation::Column::Id.is_in(ids))
        .order_by_asc(constellation::Column::Name)
        .all(&ctx.db)
        .await?;
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(rows.iter().map(|r| r.organisation_id)))
        .all(&ctx.db)
        .await?;
    let mut listed = Vec::with_capacity(rows.len());
    for row in rows {
        // Each is shown only where the reader stands in it now.
        let Some(standing) = standing_in(ctx, actor, row.clone()).await? else {
            continue;
        };
        let members = current_members(&ctx.db, row.id).await?;
        let hub = members.iter().find(|m| m.role == Part::Hub.as_str());
        let hub_name = match hub {
            Some(h) => {
                let rows = carer_household::Entity::find_by_id(h.carer_household_id)
                    .all(&ctx.db)
                    .await?;
                household_names(&ctx.db, &rows).await?.pop().map(|(_, n)| n)
            }
            None => None,
        };
        let waiting = sleepovers_for(ctx, &standing, london_day(ctx.clock.now()))
            .await?
            .iter()
            .filter(|s| s.state.unanswered())
            .count();
        listed.push(ConstellationListed {
            id: row.id,
            organisation: organisations
                .iter()
                .find(|o| o.id == row.organisation_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            name: row.name,
            hub: hub_name,
            families: members.len() - usize::from(hub.is_some()),
            waiting,
        });
    }
    Ok(listed)
}

/// A household's time in the constellation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Family {
    pub member_id: i32,
    pub carer_household_id: i32,
    pub name: String,
    pub part: Part,
    pub joined_on: NaiveDate,
    pub join_reason: String,
    pub left_on: Option<NaiveDate>,
    pub leaving_reason: Option<String>,
    /// For the hub and staff: the last contact the hub recorded.
    pub last_contact: Option<NaiveDate>,
    pub days_since_contact: Option<i64>,
    /// No contact for the constellation's days.
    pub check_in_overdue: bool,
}

/// A check-in, as the hub and staff read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInLine {
    pub family: String,
    pub contact: Contact,
    pub contacted_on: NaiveDate,
    pub note: Option<String>,
}

/// A constellation, as its page shows it to the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstellationRecord {
    pub id: i32,
    pub name: String,
    pub organisation_id: i32,
    pub organisation: String,
    pub hub: Option<Family>,
    /// The satellite families now.
    pub families: Vec<Family>,
    /// Families that left, for the hub and staff.
    pub former: Vec<Family>,
    pub liaison_workers: Vec<Worker>,
    pub beds: i32,
    pub quiet: QuietHours,
    pub escalate_after_minutes: i32,
    pub check_in_days: i32,
    /// Things its manager should look at, for the hub and staff.
    pub warnings: Vec<String>,
    /// Sleepovers whose nights are not all past: the family's own, or every
    /// one for the hub and staff.
    pub sleepovers: Vec<SleepoverSummary>,
    /// Nights ahead the hub is unavailable.
    pub unavailable: Vec<NaiveDate>,
    /// Meetings, activities and trips of the last month and to come,
    /// soonest first.
    pub meetings: Vec<MeetingSummary>,
    /// The latest check-ins, for the hub and staff.
    pub check_ins: Vec<CheckInLine>,
    pub reader_manages: bool,
    pub reader_is_liaison: bool,
    pub reader_is_hub: bool,
    /// The reader's own satellite family.
    pub reader_family: Option<i32>,
}

impl ConstellationRecord {
    /// Whether the reader sees its check-ins, warnings and past families.
    pub fn reader_supports(&self) -> bool {
        self.reader_manages || self.reader_is_liaison || self.reader_is_hub
    }

    pub fn overdue_check_ins(&self) -> usize {
        self.families.iter().filter(|f| f.check_in_overdue).count()
    }
}

/// The days since each family's last contact, by carer household.
async fn last_contacts(
    ctx: &Ctx,
    constellation_id: i32,
) -> Result<Vec<(i32, NaiveDate)>, DomainError> {
    Ok(check_in::Entity::find()
        .select_only()
        .column(check_in::Column::CarerHouseholdId)
        .column_as(Expr::col(check_in::Column::ContactedOn).max(), "last")
        .filter(check_in::Column::ConstellationId.eq(constellation_id))
        .group_by(check_in::Column::CarerHouseholdId)
        .into_tuple()
        .all(&ctx.db)
        .await?)
}

async fn families_of(
    ctx: &Ctx,
    row: &constellation::Model,
    supports: bool,
) -> Result<Vec<Family>, DomainError> {
    let mut query = member::Entity::find().filter(member::Column::ConstellationId.eq(row.id));
    if !supports {
        query = query.filter(member::Column::LeftOn.is_null());
    }
    let members = query
        .order_by_asc(member::Column::JoinedOn)
        .order_by_asc(member::Column::Id)
        .all(&ctx.db)
        .await?;
    let households = carer_household::Entity::find()
        .filter(carer_household::Column::Id.is_in(members.iter().map(|m| m.carer_household_id)))
        .all(&ctx.db)
        .await?;
    let names = household_names(&ctx.db, &households).await?;
    let contacts = if supports {
        last_contacts(ctx, row.id).await?
    } else {
        Vec::new()
    };
    let today = london_day(ctx.clock.now());
    members
        .into_iter()
        .map(|m| {
            let part = Part::from_stored(&m.role)?;
            let last_contact = contacts
                .iter()
                .find(|(id, _)| *id == m.carer_household_id)
                .map(|(_, on)| *on);
            // Contact from an earlier time in the constellation does not count.
            let since = (today - std::cmp::max(last_contact.unwrap_or(m.joined_on), m.joined_on))
                .num_days();
            Ok(Family {
                member_id: m.id,
                carer_household_id: m.carer_household_id,
                name: names
                    .iter()
                    .find(|(id, _)| *id == m.carer_household_id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default(),
                part,
                joined_on: m.joined_on,
                // The manager's words, for those who support it only.
                join_reason: if supports {
                    m.join_reason
                } else {
                    String::new()
                },
                check_in_overdue: supports
                    && part == Part::Satellite
                    && m.left_on.is_none()
                    && since > i64::from(row.check_in_days),
                days_since_contact: last_contact.map(|on| (today - on).num_days()),
                last_contact,
                left_on: m.left_on,
                leaving_reason: m.leaving_reason,
            })
        })
        .collect()
}

/// What the manager should look at: too few or too many families, a hub
/// whose beds and own children are more than it is approved for.
async fn warnings_for(
    ctx: &Ctx,
    row: &constellation::Model,
    hub: Option<&Family>,
    satellites: usize,
) -> Result<Vec<String>, DomainError> {
    let mut warnings = Vec::new();
    if !(FEWEST_FAMILIES..=MOST_FAMILIES).contains(&satellites) {
        warnings.push(format!(
            "The constellation has {satellites} satellite {}: Mockingbird constellations have {FEWEST_FAMILIES} to {MOST_FAMILIES}",
            if satellites == 1 { "family" } else { "families" }
        ));
    }
    let Some(hub) = hub else {
        warnings.push("The constellation has no hub home".to_owned());
        return Ok(warnings);
    };
    let Some(home) = carer_household::Entity::find_by_id(hub.carer_household_id)
        .one(&ctx.db)
        .await?
    else {
        return Ok(warnings);
    };
    let approved_for = terms_of(&home).map_or(CHILDREN_WITHOUT_TERMS, |t| t.children);
    let living_there =
        i32::try_from(children_living_with(&ctx.db, home.id).await?.len()).unwrap_or(i32::MAX);
    if living_there + row.beds > approved_for {
        warnings.push(format!(
            "The hub keeps {} {} and has {living_there} {} living there: together more than the {approved_for} it is approved for",
            row.beds,
            if row.beds == 1 { "bed" } else { "beds" },
            if living_there == 1 { "child" } else { "children" },
        ));
    }
    Ok(warnings)
}

/// The constellation, for those who stand in it.
pub async fn constellation_record(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
) -> Result<ConstellationRecord, DomainError> {
    let found = standing(ctx, actor, constellation_id).await?;
    constellation_record_for(ctx, &found).await
}

/// The record of a constellation the reader stands in.
pub(crate) async fn constellation_record_for(
    ctx: &Ctx,
    found: &Standing,
) -> Result<ConstellationRecord, DomainError> {
    let row = &found.row;
    let supports = found.staff() || found.is_hub();
    let today = london_day(ctx.clock.now());
    let all = families_of(ctx, row, supports).await?;
    let hub = all
        .iter()
        .find(|f| f.part == Part::Hub && f.left_on.is_none())
        .cloned();
    let (families, former): (Vec<Family>, Vec<Family>) = all
        .into_iter()
        .filter(|f| !(f.part == Part::Hub && f.left_on.is_none()))
        .partition(|f| f.left_on.is_none());
    let warnings = if supports {
        warnings_for(ctx, row, hub.as_ref(), families.len()).await?
    } else {
        Vec::new()
    };
    let worker_ids: Vec<i32> = liaison_worker::Entity::find()
        .filter(liaison_worker::Column::ConstellationId.eq(row.id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|l| l.person_id)
        .collect();
    let liaison_workers = person::Entity::find()
        .filter(person::Column::Id.is_in(worker_ids))
        .order_by_asc(person::Column::Name)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|p| Worker {
            person_id: p.id,
            name: p.name,
        })
        .collect();
    let organisation = organisation::Entity::find_by_id(row.organisation_id)
        .one(&ctx.db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let unavailable = super::beds::unavailable_nights(
        &ctx.db,
        row.id,
        (
            today,
            today.checked_add_days(Days::new(366)).unwrap_or(today),
        ),
    )
    .await?;
    let check_ins = if supports {
        let rows = check_in::Entity::find()
            .filter(check_in::Column::ConstellationId.eq(row.id))
            .order_by_desc(check_in::Column::ContactedOn)
            .order_by_desc(check_in::Column::Id)
            .limit(20)
            .all(&ctx.db)
            .await?;
        rows.into_iter()
            .map(|c| {
                Ok(CheckInLine {
                    family: families
                        .iter()
                        .chain(&former)
                        .find(|f| f.carer_household_id == c.carer_household_id)
                        .map(|f| f.name.clone())
                        .unwrap_or_default(),
                    contact: Contact::from_stored(&c.contact)?,
                    contacted_on: c.contacted_on,
                    note: c.note,
                })
            })
            .collect::<Result<_, DomainError>>()?
    } else {
        Vec::new()
    };
    let sleepovers = sleepovers_for(ctx, found, today).await?;
    // The last month's stay listed, so the hub can record who came.
    let meetings = meetings_of(ctx, row.id, ctx.clock.now() - chrono::TimeDelta::days(31)).await?;
    Ok(ConstellationRecord {
        meetings,
        id: row.id,
        name: row.name.clone(),
        organisation_id: row.organisation_id,
        organisation,
        hub,
        families,
        former,
        liaison_workers,
        beds: row.beds,
        quiet: QuietHours::stored(&row.quiet_from, &row.quiet_until),
        escalate_after_minutes: row.escalate_after_minutes,
        check_in_days: row.check_in_days,
        warnings,
        sleepovers,
        unavailable,
        check_ins,
        reader_manages: found.manages,
        reader_is_liaison: found.liaison,
        reader_is_hub: found.is_hub(),
        reader_family: found.satellite().map(|f| f.id),
    })
}

/// A constellation's next eight weeks of beds, and each family's requests
/// in them (a satellite family sees its own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstellationCalendar {
    pub id: i32,
    pub name: String,
    pub nights: Vec<Night>,
    /// By family: the sleepovers asked for or kept in the eight weeks.
    pub families: Vec<(String, Vec<SleepoverSummary>)>,
}

pub async fn constellation_calendar(
    ctx: &Ctx,
    actor: &Actor,
    constellation_id: i32,
) -> Result<ConstellationCalendar, DomainError> {
    let found = standing(ctx, actor, constellation_id).await?;
    let today = london_day(ctx.clock.now());
    let nights = calendar_nights(&ctx.db, found.row.id, found.row.beds, today).await?;
    let last = nights.last().map_or(today, |n| n.night);
    let mut families: Vec<(String, Vec<SleepoverSummary>)> = Vec::new();
    let shown = sleepovers_for(ctx, &found, today).await?;
    for summary in shown.into_iter().filter(|s| {
        s.first_night <= last
            && !matches!(
                s.state,
                SleepoverState::Withdrawn | SleepoverState::NotAgreed
            )
    }) {
        match families
            .iter_mut()
            .find(|(name, _)| *name == summary.family)
        {
            Some((_, list)) => list.push(summary),
            None => families.push((summary.family.clone(), vec![summary])),
        }
    }
    families.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(ConstellationCalendar {
        id: found.row.id,
        name: found.row.name,
        nights,
        families,
    })
}

/// What setting up a constellation, or adding a family, chooses from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstellationChoices {
    pub organisation_id: i32,
    /// Approved carer households of the service in no constellation now.
    pub households: Vec<(i32, String)>,
    pub liaison_workers: Vec<Worker>,
}

/// The choices in the service: for its fostering team managers.
pub async fn constellation_choices(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<ConstellationChoices, DomainError> {
    actor.require(Permission::RunConstellations, organisation_id)?;
    let taken: Vec<i32> = member::Entity::find()
        .select_only()
        .column(member::Column::CarerHouseholdId)
        .filter(member::Column::LeftOn.is_null())
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let free = carer_household::Entity::find()
        .filter(carer_household::Column::OrganisationId.eq(organisation_id))
        .filter(carer_household::Column::LeftOn.is_null())
        .filter(carer_household::Column::Id.is_not_in(taken))
        .all(&ctx.db)
        .await?;
    let mut households = household_names(&ctx.db, &free).await?;
    households.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(ConstellationChoices {
        organisation_id,
        households,
        liaison_workers: people_who_may(ctx, organisation_id, Permission::LiaiseWithConstellations)
            .await?,
    })
}
