//! A group's sessions and workshops: publishing them, booking a place,
//! giving it up, and who came.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use domain::kinship::{
    NewSessions, book_session, cancel_booking, cancel_session, publish_sessions,
    record_session_attendance, session_places, stop_series,
};
use domain::recruitment::event_registrations::Attendance;

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::kinship::recurrence::Repeats")]
pub enum KinshipRepeats {
    Weekly,
    /// On the same weekday of the month as the first date (the first to
    /// fourth, or the last).
    Monthly,
}

#[derive(InputObject)]
pub struct KinshipSessionsInput {
    pub group_id: ID,
    #[graphql(default)]
    pub workshop: bool,
    /// A workshop any registered kinship carer may book.
    #[graphql(default)]
    pub open_to_all: bool,
    pub title: String,
    #[graphql(default)]
    pub about: String,
    /// The first (or only) date, in London.
    pub on: NaiveDate,
    /// London time: it holds across the clock changes.
    pub starts_at: NaiveTime,
    pub minutes: i32,
    pub capacity: i32,
    /// None for a one-off.
    pub repeats: Option<KinshipRepeats>,
    /// Monthly on the last such weekday.
    #[graphql(default)]
    pub last_of_month: bool,
    pub until: Option<NaiveDate>,
    /// An open workshop of a group meeting online: its own link (the
    /// group's is for members only).
    #[graphql(default)]
    pub joining_link: String,
}

/// Who has a place at a session, for its group's facilitators.
#[derive(SimpleObject)]
pub struct KinshipSessionPlaces {
    pub group_id: ID,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub capacity: i32,
    pub places: Vec<KinshipPlace>,
}

#[derive(SimpleObject)]
pub struct KinshipPlace {
    /// What `recordKinshipAttendance` takes.
    pub id: ID,
    pub name: String,
    pub came: Option<bool>,
}

#[derive(Default)]
pub struct KinshipSessionsQuery;

#[Object]
impl KinshipSessionsQuery {
    /// Who booked a session, for its group's facilitators.
    async fn kinship_session_places(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<KinshipSessionPlaces> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipSession", &id, "id")?;
        let found = session_places(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(KinshipSessionPlaces {
            group_id: to_id("KinshipGroup", found.group_id),
            title: found.title,
            starts_at: found.starts_at,
            capacity: found.capacity,
            places: found
                .places
                .into_iter()
                .map(|(id, name, attendance)| KinshipPlace {
                    id: to_id("KinshipPlace", id),
                    name,
                    came: attendance.map(|a| a == Attendance::Attended),
                })
                .collect(),
        })
    }
}

#[derive(Default)]
pub struct KinshipSessionsMutation;

#[Object]
impl KinshipSessionsMutation {
    /// Publishes a one-off session or workshop, or weekly or monthly
    /// sessions, for a group the viewer facilitates. Returns the first
    /// session, if one falls in the next 13 weeks.
    async fn publish_kinship_sessions(
        &self,
        ctx: &Context<'_>,
        input: KinshipSessionsInput,
    ) -> async_graphql::Result<Option<ID>> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let group_id = from_id("KinshipGroup", &input.group_id, "input.groupId")?;
        let sessions = NewSessions {
            group_id,
            workshop: input.workshop,
            open_to_all: input.open_to_all,
            title: input.title,
            about: input.about,
            on: Some(input.on),
            starts_at: Some(input.starts_at),
            minutes: Some(input.minutes),
            capacity: Some(input.capacity),
            repeats: input.repeats.map(Into::into),
            last_of_month: input.last_of_month,
            until: input.until,
            joining_link: input.joining_link,
        };
        let first = publish_sessions(storage(ctx)?, actor(ctx), &sessions)
            .await
            .map_err(to_graphql)?;
        Ok(first.map(|id| to_id("KinshipSession", id)))
    }

    /// Books the viewer a place: a full session is refused with CONFLICT.
    async fn book_kinship_session(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipSession", &id, "id")?;
        book_session(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Gives up the viewer's place.
    async fn cancel_kinship_booking(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipSession", &id, "id")?;
        cancel_booking(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Cancels a session; everyone with a place is told.
    async fn cancel_kinship_session(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipSession", &id, "id")?;
        cancel_session(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Stops a series: no more sessions are made from it.
    async fn stop_kinship_series(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipSeries", &id, "id")?;
        stop_series(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Records whether someone with a place came.
    async fn record_kinship_attendance(
        &self,
        ctx: &Context<'_>,
        place_id: ID,
        came: bool,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("KinshipPlace", &place_id, "placeId")?;
        let attendance = if came {
            Attendance::Attended
        } else {
            Attendance::DidNotAttend
        };
        record_session_attendance(storage(ctx)?, actor(ctx), id, Some(attendance))
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
