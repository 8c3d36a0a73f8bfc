//! Mockingbird constellations: the hub home and its satellite families,
//! their liaison workers and settings, the calendar of the hub's beds,
//! sleepovers and short breaks, and the hub's check-ins. The same use cases
//! as the pages, for hub carers, satellite families, liaison workers and
//! fostering team managers.

mod meetings;
mod returns;
mod setup;
mod sleepovers;

use async_graphql::{Context, Enum, ID, MergedObject, Object, SimpleObject};
use chrono::NaiveDate;
use domain::constellations::{
    constellation_calendar, constellation_choices, constellation_record, constellations,
};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

pub use sleepovers::Sleepover;

#[derive(MergedObject, Default)]
pub struct ConstellationsQuery(
    ConstellationQuery,
    sleepovers::SleepoverQuery,
    meetings::MeetingQuery,
    returns::ReturnQuery,
);

#[derive(MergedObject, Default)]
pub struct ConstellationsMutation(
    setup::SetUpMutation,
    sleepovers::SleepoverMutation,
    meetings::MeetingMutation,
);

/// A household's part in a constellation.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::constellations::Part")]
pub enum ConstellationPart {
    Hub,
    Satellite,
}

/// How the hub was in touch with a family.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::constellations::Contact")]
pub enum CheckInContact {
    Call,
    Visit,
    Message,
    Meeting,
}

/// A constellation in a list.
#[derive(SimpleObject)]
pub struct ConstellationListed {
    pub id: ID,
    pub name: String,
    pub organisation: String,
    pub hub: Option<String>,
    /// Satellite families now.
    pub families: i32,
    /// Requests waiting for the hub's or a social worker's answer.
    pub waiting: i32,
}

/// A household's time in a constellation.
#[derive(SimpleObject)]
pub struct ConstellationFamily {
    /// The membership: give it to `recordFamilyLeaving`.
    pub id: ID,
    pub carer_household_id: ID,
    pub name: String,
    pub part: ConstellationPart,
    pub joined_on: NaiveDate,
    pub join_reason: String,
    pub left_on: Option<NaiveDate>,
    pub leaving_reason: Option<String>,
    /// For the hub and staff: the hub's last recorded contact.
    pub last_contact: Option<NaiveDate>,
    pub days_since_contact: Option<i64>,
    pub check_in_overdue: bool,
}

impl From<domain::constellations::Family> for ConstellationFamily {
    fn from(f: domain::constellations::Family) -> Self {
        Self {
            id: to_id("ConstellationFamily", f.member_id),
            carer_household_id: to_id("CarerHousehold", f.carer_household_id),
            name: f.name,
            part: f.part.into(),
            joined_on: f.joined_on,
            join_reason: f.join_reason,
            left_on: f.left_on,
            leaving_reason: f.leaving_reason,
            last_contact: f.last_contact,
            days_since_contact: f.days_since_contact,
            check_in_overdue: f.check_in_overdue,
        }
    }
}

/// Someone on a constellation's staff.
#[derive(SimpleObject)]
pub struct LiaisonWorker {
    pub person_id: ID,
    pub name: String,
}

/// A check-in, as the hub and staff read it.
#[derive(SimpleObject)]
pub struct CheckIn {
    pub family: String,
    pub contact: CheckInContact,
    pub contacted_on: NaiveDate,
    pub note: Option<String>,
}

/// A Mockingbird constellation, as the reader may see it.
#[derive(SimpleObject)]
pub struct Constellation {
    pub id: ID,
    pub name: String,
    pub organisation_id: ID,
    pub organisation: String,
    pub hub: Option<ConstellationFamily>,
    pub families: Vec<ConstellationFamily>,
    /// Families that left, for the hub and staff.
    pub former_families: Vec<ConstellationFamily>,
    pub liaison_workers: Vec<LiaisonWorker>,
    pub beds: i32,
    /// London time, "HH:MM".
    pub quiet_from: String,
    pub quiet_until: String,
    pub escalate_after_minutes: i32,
    pub check_in_days: i32,
    /// For the hub and staff.
    pub warnings: Vec<String>,
    pub sleepovers: Vec<Sleepover>,
    pub unavailable_nights: Vec<NaiveDate>,
    /// Meetings, activities and trips not yet over.
    pub meetings: Vec<meetings::Meeting>,
    pub check_ins: Vec<CheckIn>,
    pub viewer_manages: bool,
    pub viewer_is_liaison_worker: bool,
    pub viewer_is_hub: bool,
    /// The viewer's own satellite family.
    pub viewer_family_id: Option<ID>,
}

impl From<domain::constellations::ConstellationRecord> for Constellation {
    fn from(r: domain::constellations::ConstellationRecord) -> Self {
        Self {
            id: to_id("Constellation", r.id),
            name: r.name,
            organisation_id: to_id("Organisation", r.organisation_id),
            organisation: r.organisation,
            hub: r.hub.map(Into::into),
            families: r.families.into_iter().map(Into::into).collect(),
            former_families: r.former.into_iter().map(Into::into).collect(),
            liaison_workers: r
                .liaison_workers
                .into_iter()
                .map(|w| LiaisonWorker {
                    person_id: to_id("Person", w.person_id),
                    name: w.name,
                })
                .collect(),
            beds: r.beds,
            quiet_from: r.quiet.from.format("%H:%M").to_string(),
            quiet_until: r.quiet.until.format("%H:%M").to_string(),
            escalate_after_minutes: r.escalate_after_minutes,
            check_in_days: r.check_in_days,
            warnings: r.warnings,
            sleepovers: r.sleepovers.into_iter().map(Into::into).collect(),
            unavailable_nights: r.unavailable,
            meetings: r.meetings.into_iter().map(Into::into).collect(),
            check_ins: r
                .check_ins
                .into_iter()
                .map(|c| CheckIn {
                    family: c.family,
                    contact: c.contact.into(),
                    contacted_on: c.contacted_on,
                    note: c.note,
                })
                .collect(),
            viewer_manages: r.reader_manages,
            viewer_is_liaison_worker: r.reader_is_liaison,
            viewer_is_hub: r.reader_is_hub,
            viewer_family_id: r.reader_family.map(|id| to_id("CarerHousehold", id)),
        }
    }
}

/// One night of the hub's calendar.
#[derive(SimpleObject)]
pub struct HubNight {
    pub night: NaiveDate,
    pub beds: i32,
    pub taken: i32,
    pub free: i32,
    pub unavailable: bool,
}

/// A family's sleepovers in the calendar's weeks.
#[derive(SimpleObject)]
pub struct FamilySleepovers {
    pub family: String,
    pub sleepovers: Vec<Sleepover>,
}

/// The hub's next eight weeks.
#[derive(SimpleObject)]
pub struct ConstellationCalendar {
    pub id: ID,
    pub name: String,
    pub nights: Vec<HubNight>,
    pub families: Vec<FamilySleepovers>,
}

/// A carer household a manager may choose.
#[derive(SimpleObject)]
pub struct HouseholdChoice {
    pub carer_household_id: ID,
    pub name: String,
}

/// What setting up a constellation chooses from.
#[derive(SimpleObject)]
pub struct ConstellationChoices {
    /// Approved carer households in no constellation now.
    pub households: Vec<HouseholdChoice>,
    pub liaison_workers: Vec<LiaisonWorker>,
}

#[derive(Default)]
pub struct ConstellationQuery;

#[Object]
impl ConstellationQuery {
    /// The constellations the reader has: a fostering team manager's
    /// service's, a liaison worker's own, a carer's own.
    async fn constellations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ConstellationListed>> {
        let found = constellations(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(found
            .into_iter()
            .map(|c| ConstellationListed {
                id: to_id("Constellation", c.id),
                name: c.name,
                organisation: c.organisation,
                hub: c.hub,
                families: i32::try_from(c.families).unwrap_or(i32::MAX),
                waiting: i32::try_from(c.waiting).unwrap_or(i32::MAX),
            })
            .collect())
    }

    /// A constellation, for its managers, liaison workers, hub and
    /// families; to anyone else it does not exist.
    async fn constellation(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Constellation> {
        let id = from_id("Constellation", &id, "id")?;
        Ok(constellation_record(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?
            .into())
    }

    /// The hub's beds, taken and free, each night of the next eight weeks,
    /// and each family's sleepovers in them.
    async fn constellation_calendar(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ConstellationCalendar> {
        let id = from_id("Constellation", &id, "id")?;
        let found = constellation_calendar(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(ConstellationCalendar {
            id: to_id("Constellation", found.id),
            name: found.name,
            nights: found
                .nights
                .iter()
                .map(|n| HubNight {
                    night: n.night,
                    beds: n.beds,
                    taken: n.taken,
                    free: n.free(),
                    unavailable: n.unavailable,
                })
                .collect(),
            families: found
                .families
                .into_iter()
                .map(|(family, list)| FamilySleepovers {
                    family,
                    sleepovers: list.into_iter().map(Into::into).collect(),
                })
                .collect(),
        })
    }

    /// The service's carer households free to join a constellation, and
    /// its liaison workers: for its fostering team managers.
    async fn constellation_choices(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<ConstellationChoices> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let found = constellation_choices(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(ConstellationChoices {
            households: found
                .households
                .into_iter()
                .map(|(id, name)| HouseholdChoice {
                    carer_household_id: to_id("CarerHousehold", id),
                    name,
                })
                .collect(),
            liaison_workers: found
                .liaison_workers
                .into_iter()
                .map(|w| LiaisonWorker {
                    person_id: to_id("Person", w.person_id),
                    name: w.name,
                })
                .collect(),
        })
    }
}
