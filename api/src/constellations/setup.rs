//! Setting up a constellation and keeping it: its settings and liaison
//! workers, families joining and leaving, the hub's availability, and the
//! hub's check-ins with each family.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::NaiveDate;
use domain::constellations::{
    Availability, CheckInInput, ConstellationSettings, FamilyJoining, FamilyLeaving,
    NewConstellation, add_family, change_constellation, family_leaves, record_check_in,
    set_hub_availability, set_up_constellation,
};

use super::CheckInContact;
use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

/// A constellation's settings. Left out, a number takes its standard
/// value (2 beds, 15 minutes, 14 days).
#[derive(InputObject)]
pub struct ConstellationSettingsInput {
    pub name: String,
    pub liaison_worker_ids: Vec<ID>,
    pub beds: Option<i32>,
    /// London time, "HH:MM".
    #[graphql(default = "21:00")]
    pub quiet_from: String,
    #[graphql(default = "07:00")]
    pub quiet_until: String,
    pub escalate_after_minutes: Option<i32>,
    pub check_in_days: Option<i32>,
}

impl ConstellationSettingsInput {
    fn settings(self, path: &str) -> async_graphql::Result<ConstellationSettings> {
        let liaison_worker_ids = self
            .liaison_worker_ids
            .iter()
            .map(|id| from_id("Person", id, &format!("{path}.liaisonWorkerIds")))
            .collect::<async_graphql::Result<_>>()?;
        Ok(ConstellationSettings {
            name: self.name,
            liaison_worker_ids,
            beds: self.beds,
            quiet_from: self.quiet_from,
            quiet_until: self.quiet_until,
            escalate_after_minutes: self.escalate_after_minutes,
            check_in_days: self.check_in_days,
        })
    }
}

/// A new constellation around its hub home.
#[derive(InputObject)]
pub struct ConstellationSetUpInput {
    pub organisation_id: ID,
    pub hub_carer_household_id: ID,
    pub settings: ConstellationSettingsInput,
}

/// A family joining a constellation.
#[derive(InputObject)]
pub struct FamilyJoiningInput {
    pub constellation_id: ID,
    pub carer_household_id: ID,
    pub joined_on: NaiveDate,
    pub reason: String,
    /// As the hub home, when the constellation has none now.
    #[graphql(default = false)]
    pub as_hub: bool,
}

/// A family leaving a constellation.
#[derive(InputObject)]
pub struct FamilyLeavingInput {
    pub constellation_id: ID,
    /// The family's membership (`ConstellationFamily.id`).
    pub family_id: ID,
    pub left_on: NaiveDate,
    pub reason: String,
}

/// Nights the hub is unavailable, or available again.
#[derive(InputObject)]
pub struct HubAvailabilityInput {
    pub constellation_id: ID,
    pub first_night: NaiveDate,
    /// The same as the first when left out.
    pub last_night: Option<NaiveDate>,
    pub available: bool,
}

/// The hub's contact with a family: a few words, no child's details.
#[derive(InputObject)]
pub struct CheckInRecordInput {
    pub constellation_id: ID,
    pub carer_household_id: ID,
    pub contact: CheckInContact,
    pub contacted_on: NaiveDate,
    #[graphql(default)]
    pub note: String,
}

#[derive(Default)]
pub struct SetUpMutation;

#[Object]
impl SetUpMutation {
    /// Sets up a constellation around its hub home: for the service's
    /// fostering team managers.
    async fn set_up_constellation(
        &self,
        ctx: &Context<'_>,
        input: ConstellationSetUpInput,
    ) -> async_graphql::Result<ID> {
        let new = NewConstellation {
            organisation_id: from_id(
                "Organisation",
                &input.organisation_id,
                "input.organisationId",
            )?,
            hub_carer_household_id: Some(from_id(
                "CarerHousehold",
                &input.hub_carer_household_id,
                "input.hubCarerHouseholdId",
            )?),
            settings: input.settings.settings("input.settings")?,
        };
        let id = set_up_constellation(storage(ctx)?, actor(ctx), &new)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("Constellation", id))
    }

    /// Changes a constellation's settings and liaison workers: for its
    /// service's fostering team managers.
    async fn change_constellation(
        &self,
        ctx: &Context<'_>,
        id: ID,
        settings: ConstellationSettingsInput,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Constellation", &id, "id")?;
        let settings = settings.settings("settings")?;
        change_constellation(storage(ctx)?, actor(ctx), id, &settings)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// A carer household of the service joins the constellation.
    async fn add_constellation_family(
        &self,
        ctx: &Context<'_>,
        input: FamilyJoiningInput,
    ) -> async_graphql::Result<bool> {
        let id = from_id(
            "Constellation",
            &input.constellation_id,
            "input.constellationId",
        )?;
        let joining = FamilyJoining {
            carer_household_id: Some(from_id(
                "CarerHousehold",
                &input.carer_household_id,
                "input.carerHouseholdId",
            )?),
            joined_on: Some(input.joined_on),
            reason: input.reason,
            as_hub: input.as_hub,
        };
        add_family(storage(ctx)?, actor(ctx), id, &joining)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// A family leaves the constellation; what it did stays.
    async fn record_family_leaving(
        &self,
        ctx: &Context<'_>,
        input: FamilyLeavingInput,
    ) -> async_graphql::Result<bool> {
        let id = from_id(
            "Constellation",
            &input.constellation_id,
            "input.constellationId",
        )?;
        let member = from_id("ConstellationFamily", &input.family_id, "input.familyId")?;
        let leaving = FamilyLeaving {
            left_on: Some(input.left_on),
            reason: input.reason,
        };
        family_leaves(storage(ctx)?, actor(ctx), id, member, &leaving)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Marks nights the hub is unavailable, or available again: for the
    /// hub's carers and the service's managers.
    async fn set_hub_availability(
        &self,
        ctx: &Context<'_>,
        input: HubAvailabilityInput,
    ) -> async_graphql::Result<bool> {
        let id = from_id(
            "Constellation",
            &input.constellation_id,
            "input.constellationId",
        )?;
        let availability = Availability {
            first_night: Some(input.first_night),
            last_night: input.last_night,
            available: input.available,
        };
        set_hub_availability(storage(ctx)?, actor(ctx), id, &availability)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Records the hub's contact with a satellite family.
    async fn record_check_in(
        &self,
        ctx: &Context<'_>,
        input: CheckInRecordInput,
    ) -> async_graphql::Result<bool> {
        let id = from_id(
            "Constellation",
            &input.constellation_id,
            "input.constellationId",
        )?;
        let check_in = CheckInInput {
            carer_household_id: Some(from_id(
                "CarerHousehold",
                &input.carer_household_id,
                "input.carerHouseholdId",
            )?),
            contact: Some(input.contact.into()),
            contacted_on: Some(input.contacted_on),
            note: input.note,
        };
        record_check_in(storage(ctx)?, actor(ctx), id, &check_in)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
