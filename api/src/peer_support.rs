//! Peer support: a supporter's profile and their time (weekly windows in
//! London time, days away, the free slots they give), for the supporter and
//! their service's coordinator.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use domain::peer_support::slots::Window;
use domain::peer_support::{
    ProfileInput, add_time_away, add_window, ask_for_supporter, confirm_match, free_slots,
    my_profiles, my_supporters, people_to_match, remove_window, save_profile, supporters,
};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::recruitment::FosteringKind;
use crate::schema::{actor, storage};

/// How a supporter meets.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::peer_support::Way")]
pub enum PeerSupportWay {
    Phone,
    Video,
    InPerson,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum DayOfWeek {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<DayOfWeek> for Weekday {
    fn from(day: DayOfWeek) -> Self {
        match day {
            DayOfWeek::Monday => Weekday::Mon,
            DayOfWeek::Tuesday => Weekday::Tue,
            DayOfWeek::Wednesday => Weekday::Wed,
            DayOfWeek::Thursday => Weekday::Thu,
            DayOfWeek::Friday => Weekday::Fri,
            DayOfWeek::Saturday => Weekday::Sat,
            DayOfWeek::Sunday => Weekday::Sun,
        }
    }
}

impl From<Weekday> for DayOfWeek {
    fn from(day: Weekday) -> Self {
        match day {
            Weekday::Mon => DayOfWeek::Monday,
            Weekday::Tue => DayOfWeek::Tuesday,
            Weekday::Wed => DayOfWeek::Wednesday,
            Weekday::Thu => DayOfWeek::Thursday,
            Weekday::Fri => DayOfWeek::Friday,
            Weekday::Sat => DayOfWeek::Saturday,
            Weekday::Sun => DayOfWeek::Sunday,
        }
    }
}

/// A weekly window, in London time.
#[derive(SimpleObject)]
pub struct AvailabilityWindow {
    pub id: ID,
    pub weekday: DayOfWeek,
    pub starts_at: NaiveTime,
    pub ends_at: NaiveTime,
}

#[derive(SimpleObject)]
pub struct TimeAway {
    pub id: ID,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// A supporter's profile: never public.
#[derive(SimpleObject)]
pub struct PeerSupporter {
    pub id: ID,
    pub organisation_id: ID,
    pub organisation: String,
    pub name: String,
    pub years_fostering: i32,
    pub kinds: Vec<FosteringKind>,
    pub languages: Vec<String>,
    /// The postcode district they cover.
    pub area: String,
    pub ways: Vec<PeerSupportWay>,
    /// How many people they support at once.
    pub capacity: i32,
    pub meeting_minutes: i32,
    pub video_link: Option<String>,
    pub windows: Vec<AvailabilityWindow>,
    pub away: Vec<TimeAway>,
}

impl From<domain::peer_support::SupporterProfile> for PeerSupporter {
    fn from(p: domain::peer_support::SupporterProfile) -> Self {
        Self {
            id: to_id("PeerSupporter", p.id),
            organisation_id: to_id("Organisation", p.organisation_id),
            organisation: p.organisation,
            name: p.name,
            years_fostering: p.years_fostering,
            kinds: p.kinds.into_iter().map(Into::into).collect(),
            languages: p.languages,
            area: p.outcode,
            ways: p.ways.into_iter().map(Into::into).collect(),
            capacity: p.capacity,
            meeting_minutes: p.meeting_minutes,
            video_link: p.video_link,
            windows: p
                .windows
                .into_iter()
                .map(|(id, w)| AvailabilityWindow {
                    id: to_id("AvailabilityWindow", id),
                    weekday: w.weekday.into(),
                    starts_at: w.starts_at,
                    ends_at: w.ends_at,
                })
                .collect(),
            away: p
                .away
                .into_iter()
                .map(|(id, first_day, last_day)| TimeAway {
                    id: to_id("TimeAway", id),
                    first_day,
                    last_day,
                })
                .collect(),
        }
    }
}

#[derive(SimpleObject)]
pub struct FreeSlot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

#[derive(InputObject)]
pub struct PeerSupportProfileInput {
    pub years_fostering: i32,
    pub kinds: Vec<FosteringKind>,
    /// Comma-separated, like "English, Polish".
    pub languages: String,
    /// The postcode district they cover, like TS24.
    pub area: String,
    pub ways: Vec<PeerSupportWay>,
    pub capacity: i32,
    /// 30, 45, 60 or 90.
    pub meeting_minutes: i32,
    /// For video calls: shown only to the supporter and their mentee.
    #[graphql(default)]
    pub video_link: String,
}

/// A supporter suggested for someone, and why.
#[derive(SimpleObject)]
pub struct SuggestedSupporter {
    pub supporter_id: ID,
    pub name: String,
    pub shared_kinds: Vec<FosteringKind>,
    pub shared_language: Option<String>,
    pub miles: Option<f64>,
    /// How many more people they can support.
    pub room: i32,
    pub why: Vec<String>,
}

/// Someone waiting for a peer supporter, or matched with one.
#[derive(SimpleObject)]
pub struct PersonToMatch {
    /// What `confirmPeerSupportMatch` takes.
    pub request_id: ID,
    pub name: String,
    pub asked_at: DateTime<Utc>,
    pub days_waiting: i64,
    pub kinds: Vec<FosteringKind>,
    pub languages: Vec<String>,
    pub area: String,
    /// Their supporter now, for someone matched.
    pub matched_with: Option<String>,
    /// Best first: room, then kinds known, then a shared language, then
    /// distance.
    pub suggestions: Vec<SuggestedSupporter>,
}

/// The viewer's peer supporter.
#[derive(SimpleObject)]
pub struct MyPeerSupporter {
    pub name: String,
    pub ways: Vec<PeerSupportWay>,
    pub ends_on: NaiveDate,
}

#[derive(SimpleObject)]
pub struct MyPeerSupport {
    pub supporters: Vec<MyPeerSupporter>,
    /// They asked and are waiting to be matched.
    pub waiting: bool,
}

#[derive(Default)]
pub struct PeerSupportQuery;

#[Object]
impl PeerSupportQuery {
    /// The viewer's own peer supporter profiles.
    async fn my_peer_support_profiles(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<PeerSupporter>> {
        let found = my_profiles(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(found.into_iter().map(Into::into).collect())
    }

    /// An organisation's peer supporters, for its coordinators.
    async fn peer_supporters(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<Vec<PeerSupporter>> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let found = supporters(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(found.into_iter().map(Into::into).collect())
    }

    /// The people waiting for a peer supporter (longest first), then those
    /// matched, each with suggested supporters: for the coordinators.
    async fn people_to_match(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<Vec<PersonToMatch>> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let found = people_to_match(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(found
            .into_iter()
            .map(|p| PersonToMatch {
                request_id: to_id("PeerSupportRequest", p.request_id),
                name: p.name,
                asked_at: p.asked_at,
                days_waiting: p.days_waiting,
                kinds: p.kinds.into_iter().map(Into::into).collect(),
                languages: p.languages,
                area: p.outcode,
                matched_with: p.matched_with.map(|(_, name)| name),
                suggestions: p
                    .suggestions
                    .into_iter()
                    .map(|s| SuggestedSupporter {
                        supporter_id: to_id("PeerSupporter", s.supporter_id),
                        name: s.name,
                        shared_kinds: s.shared_kinds.into_iter().map(Into::into).collect(),
                        shared_language: s.shared_language,
                        miles: s.miles.map(|m| (m * 10.0).round() / 10.0),
                        room: s.room,
                        why: s.why,
                    })
                    .collect(),
            })
            .collect())
    }

    /// The viewer's peer supporters, and whether they are waiting for one.
    async fn my_peer_support(&self, ctx: &Context<'_>) -> async_graphql::Result<MyPeerSupport> {
        let (mine, waiting) = my_supporters(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(MyPeerSupport {
            supporters: mine
                .into_iter()
                .map(|s| MyPeerSupporter {
                    name: s.name,
                    ways: s.ways.into_iter().map(Into::into).collect(),
                    ends_on: s.ends_on,
                })
                .collect(),
            waiting,
        })
    }

    /// A supporter's free slots for the next four weeks: for them and
    /// their coordinator.
    async fn peer_support_slots(
        &self,
        ctx: &Context<'_>,
        supporter_id: ID,
    ) -> async_graphql::Result<Vec<FreeSlot>> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("PeerSupporter", &supporter_id, "supporterId")?;
        let found = free_slots(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(found
            .into_iter()
            .map(|s| FreeSlot {
                starts_at: s.starts_at,
                ends_at: s.ends_at,
            })
            .collect())
    }
}

#[derive(Default)]
pub struct PeerSupportMutation;

#[Object]
impl PeerSupportMutation {
    /// Saves the viewer's profile as a peer supporter of the organisation.
    async fn save_peer_support_profile(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        input: PeerSupportProfileInput,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let organisation = from_id("Organisation", &organisation_id, "organisationId")?;
        let profile = ProfileInput {
            years_fostering: Some(input.years_fostering),
            kinds: input.kinds.into_iter().map(Into::into).collect(),
            languages: input.languages,
            outcode: input.area,
            ways: input.ways.into_iter().map(Into::into).collect(),
            capacity: Some(input.capacity),
            meeting_minutes: Some(input.meeting_minutes),
            video_link: input.video_link,
        };
        let id = save_profile(storage(ctx)?, actor(ctx), organisation, &profile)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("PeerSupporter", id))
    }

    /// Adds a weekly window in London time, like Tuesdays 18:00 to 20:00.
    async fn add_availability_window(
        &self,
        ctx: &Context<'_>,
        supporter_id: ID,
        weekday: DayOfWeek,
        starts_at: NaiveTime,
        ends_at: NaiveTime,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("PeerSupporter", &supporter_id, "supporterId")?;
        let window = Window {
            weekday: weekday.into(),
            starts_at,
            ends_at,
        };
        let added = add_window(storage(ctx)?, actor(ctx), id, Some(window))
            .await
            .map_err(to_graphql)?;
        Ok(to_id("AvailabilityWindow", added))
    }

    async fn remove_availability_window(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("AvailabilityWindow", &id, "id")?;
        remove_window(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Asks for a peer supporter, for an applicant invited to apply.
    async fn ask_for_peer_supporter(
        &self,
        ctx: &Context<'_>,
        languages: Option<String>,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let languages = languages.unwrap_or_default();
        let id = ask_for_supporter(storage(ctx)?, actor(ctx), &languages)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("PeerSupportRequest", id))
    }

    /// Matches someone with a supporter: the relationship starts now and
    /// ends six months on. Matching someone again needs a reason; the
    /// earlier relationship stays in the history.
    async fn confirm_peer_support_match(
        &self,
        ctx: &Context<'_>,
        request_id: ID,
        supporter_id: ID,
        reason: Option<String>,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let request = from_id("PeerSupportRequest", &request_id, "requestId")?;
        let supporter = from_id("PeerSupporter", &supporter_id, "supporterId")?;
        let reason = reason.unwrap_or_default();
        let id = confirm_match(storage(ctx)?, actor(ctx), request, supporter, &reason)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("MentoringRelationship", id))
    }

    /// Adds days away: no slot is offered on them.
    async fn add_time_away(
        &self,
        ctx: &Context<'_>,
        supporter_id: ID,
        first_day: NaiveDate,
        last_day: NaiveDate,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("PeerSupporter", &supporter_id, "supporterId")?;
        let added = add_time_away(storage(ctx)?, actor(ctx), id, Some((first_day, last_day)))
            .await
            .map_err(to_graphql)?;
        Ok(to_id("TimeAway", added))
    }
}
