//! A constellation's meetings, activities and trips: publishing one, each
//! household's answer for its people, and who came.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::constellations::{
    MeetingInput, answer_meeting, meeting_record, publish_meeting, record_meeting_attendance,
};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::constellations::MeetingKind")]
pub enum MeetingKind {
    MonthlyMeeting,
    Activity,
    Trip,
    Training,
}

/// Whom a meeting is for.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::constellations::ForWhom")]
pub enum MeetingForWhom {
    Carers,
    Children,
    Both,
}

/// A meeting, activity or trip of a constellation.
#[derive(SimpleObject)]
pub struct Meeting {
    pub id: ID,
    pub constellation_id: ID,
    pub kind: MeetingKind,
    pub title: String,
    pub place: String,
    pub about: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub for_whom: MeetingForWhom,
    /// People who said they are coming.
    pub coming: i32,
    /// People recorded as having come.
    pub came: i32,
}

impl From<domain::constellations::MeetingSummary> for Meeting {
    fn from(m: domain::constellations::MeetingSummary) -> Self {
        let count = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
        Self {
            id: to_id("Meeting", m.id),
            constellation_id: to_id("Constellation", m.constellation_id),
            kind: m.kind.into(),
            title: m.title,
            place: m.place,
            about: m.about,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            for_whom: m.for_whom.into(),
            coming: count(m.coming),
            came: count(m.came),
        }
    }
}

/// One person of a household and their answer.
#[derive(SimpleObject)]
pub struct MeetingPerson {
    /// What `answerMeeting` and `recordMeetingAttendance` take.
    pub key: String,
    pub name: String,
    pub coming: Option<bool>,
    pub came: Option<bool>,
}

/// A household's answers.
#[derive(SimpleObject)]
pub struct MeetingHousehold {
    pub carer_household_id: ID,
    pub family: String,
    pub people: Vec<MeetingPerson>,
}

impl From<domain::constellations::HouseholdAnswers> for MeetingHousehold {
    fn from(h: domain::constellations::HouseholdAnswers) -> Self {
        Self {
            carer_household_id: to_id("CarerHousehold", h.carer_household_id),
            family: h.family,
            people: h
                .people
                .into_iter()
                .map(|p| MeetingPerson {
                    key: p.key,
                    name: p.name,
                    coming: p.coming,
                    came: p.came,
                })
                .collect(),
        }
    }
}

/// A meeting with the viewer's household's answers, and every household's
/// for the hub and staff.
#[derive(SimpleObject)]
pub struct MeetingRecord {
    pub meeting: Meeting,
    pub constellation: String,
    pub own: Option<MeetingHousehold>,
    pub households: Vec<MeetingHousehold>,
    pub viewer_may_record_attendance: bool,
}

/// A meeting to publish.
#[derive(InputObject)]
pub struct MeetingPublishInput {
    pub constellation_id: ID,
    pub kind: MeetingKind,
    pub title: String,
    pub place: String,
    #[graphql(default)]
    pub about: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub for_whom: MeetingForWhom,
}

/// Someone who came.
#[derive(InputObject)]
pub struct CameInput {
    pub carer_household_id: ID,
    pub key: String,
}

#[derive(Default)]
pub struct MeetingQuery;

#[Object]
impl MeetingQuery {
    /// A meeting, for those who stand in its constellation.
    async fn meeting(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<MeetingRecord> {
        let id = from_id("Meeting", &id, "id")?;
        let found = meeting_record(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(MeetingRecord {
            meeting: found.summary.into(),
            constellation: found.constellation,
            own: found.own.map(Into::into),
            households: found.households.into_iter().map(Into::into).collect(),
            viewer_may_record_attendance: found.may_record_attendance,
        })
    }
}

#[derive(Default)]
pub struct MeetingMutation;

#[Object]
impl MeetingMutation {
    /// Publishes a meeting, activity or trip: for the hub's carers, the
    /// liaison workers and managers. Each family is told.
    async fn publish_meeting(
        &self,
        ctx: &Context<'_>,
        input: MeetingPublishInput,
    ) -> async_graphql::Result<ID> {
        let id = from_id(
            "Constellation",
            &input.constellation_id,
            "input.constellationId",
        )?;
        let meeting = MeetingInput {
            kind: Some(input.kind.into()),
            title: input.title,
            place: input.place,
            about: input.about,
            starts_at: Some(input.starts_at),
            ends_at: Some(input.ends_at),
            for_whom: Some(input.for_whom.into()),
        };
        let made = publish_meeting(storage(ctx)?, actor(ctx), id, &meeting)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("Meeting", made))
    }

    /// A household answers for each of its people: those listed are
    /// coming, the rest are not.
    async fn answer_meeting(
        &self,
        ctx: &Context<'_>,
        id: ID,
        coming: Vec<String>,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Meeting", &id, "id")?;
        answer_meeting(storage(ctx)?, actor(ctx), id, &coming)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Records who came, once it has started: for the hub and staff.
    async fn record_meeting_attendance(
        &self,
        ctx: &Context<'_>,
        id: ID,
        came: Vec<CameInput>,
    ) -> async_graphql::Result<bool> {
        // Signed out, the answer is to sign in, whatever was sent.
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("Meeting", &id, "id")?;
        let came = came
            .iter()
            .map(|c| {
                Ok((
                    from_id("CarerHousehold", &c.carer_household_id, "came")?,
                    c.key.clone(),
                ))
            })
            .collect::<async_graphql::Result<Vec<_>>>()?;
        record_meeting_attendance(storage(ctx)?, actor(ctx), id, &came)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
