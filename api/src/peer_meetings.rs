//! Peer support between a matched pair: their relationship as each sees
//! it, the mentoring agreement, and the meetings the mentee books, moves
//! and cancels; and the service's peer support settings, for its
//! coordinators.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use domain::peer_support::{
    MeetingLogInput, PeerSupportSettings, accept_mentoring_agreement, book_meeting, cancel_meeting,
    give_feedback, log_meeting, mentoring_relationship, move_meeting, my_relationships,
    peer_support_settings, raise_peer_support_concern, save_peer_support_settings,
};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::peer_support::{FreeSlot, PeerSupportWay};
use crate::schema::{actor, storage};

/// Which of the two the viewer is.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::peer_support::Side")]
pub enum MentoringSide {
    Mentee,
    Supporter,
}

/// What a meeting was about.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::peer_support::Topic")]
pub enum PeerSupportTopic {
    GettingStarted,
    SkillsToFoster,
    TheAssessment,
    Panel,
    FirstChildPlaced,
    FamilyTime,
    School,
    Allowances,
    LookingAfterYourself,
    OwnChildren,
    Endings,
}

/// A meeting the pair had, as the supporter logged it.
#[derive(SimpleObject)]
pub struct LoggedPeerSupportMeeting {
    pub id: ID,
    pub held_on: NaiveDate,
    pub way: PeerSupportWay,
    pub minutes: i32,
    pub topics: Vec<PeerSupportTopic>,
    pub miles: Option<i32>,
}

/// A meeting to log: nothing in words, so nothing about a child.
#[derive(InputObject)]
#[graphql(name = "PeerSupportMeetingLogInput")]
pub struct MeetingLog {
    pub held_on: Option<NaiveDate>,
    pub way: Option<PeerSupportWay>,
    pub minutes: Option<i32>,
    #[graphql(default)]
    pub topics: Vec<PeerSupportTopic>,
    /// Only where the scheme pays mileage.
    pub miles: Option<i32>,
}

/// A meeting booked, as one of the two sees it.
#[derive(SimpleObject)]
pub struct PeerSupportMeeting {
    pub id: ID,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub way: PeerSupportWay,
    /// The supporter's link, for a video meeting.
    pub video_link: Option<String>,
    /// Whether it may still be moved or cancelled.
    pub may_change: bool,
}

/// A mentoring relationship, for one of its two people.
#[derive(SimpleObject)]
pub struct MentoringRelationship {
    pub id: ID,
    pub side: MentoringSide,
    /// The other person's name.
    pub with: String,
    pub organisation: String,
    pub ways: Vec<PeerSupportWay>,
    /// The supporter's video link: only the two of them see it.
    pub video_link: Option<String>,
    /// The service's mentoring agreement.
    pub agreement: String,
    pub you_agreed: bool,
    pub other_agreed: bool,
    pub active: bool,
    pub ends_on: NaiveDate,
    /// How many hours before a meeting it may still be changed.
    pub notice_hours: i32,
    pub meetings: Vec<PeerSupportMeeting>,
    /// For the mentee, once both have agreed: four weeks of the times
    /// they can book, from `slotsFrom`.
    pub free_slots: Vec<FreeSlot>,
    pub slots_from: NaiveDate,
    /// Where the four weeks before and after start, if there are any.
    pub earlier_slots_from: Option<NaiveDate>,
    pub later_slots_from: Option<NaiveDate>,
    /// The meetings logged, latest first.
    pub logged: Vec<LoggedPeerSupportMeeting>,
    /// Whether feedback may be given now, and whether the viewer gave it.
    pub feedback_open: bool,
    pub feedback_given: bool,
}

/// One of the viewer's relationships.
#[derive(SimpleObject)]
pub struct MyMentoringRelationship {
    pub id: ID,
    pub side: MentoringSide,
    pub with: String,
    pub ends_on: NaiveDate,
    pub next_meeting: Option<DateTime<Utc>>,
}

/// A service's peer support settings.
#[derive(SimpleObject, InputObject)]
#[graphql(input_name = "PeerSupportSettingsInput")]
pub struct PeerSupportServiceSettings {
    /// Offer everyone invited to apply a peer supporter.
    pub mentor_at_invitation: bool,
    /// How many hours before a meeting either side may move or cancel it.
    pub change_notice_hours: i32,
    /// How many meetings a month a pair is expected to have.
    pub meetings_a_month: i32,
    pub pays_mileage: bool,
    /// The service's own mentoring agreement; empty for the standard one.
    pub own_agreement: String,
}

impl From<PeerSupportSettings> for PeerSupportServiceSettings {
    fn from(s: PeerSupportSettings) -> Self {
        Self {
            mentor_at_invitation: s.mentor_at_invitation,
            change_notice_hours: s.change_notice_hours,
            meetings_a_month: s.meetings_a_month,
            pays_mileage: s.pays_mileage,
            own_agreement: s.own_agreement,
        }
    }
}

#[derive(Default)]
pub struct PeerMeetingsQuery;

#[Object]
impl PeerMeetingsQuery {
    /// A mentoring relationship, for its mentee or supporter; its free
    /// times from `slotsFrom` (today if not given).
    async fn mentoring_relationship(
        &self,
        ctx: &Context<'_>,
        id: ID,
        slots_from: Option<NaiveDate>,
    ) -> async_graphql::Result<MentoringRelationship> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("MentoringRelationship", &id, "id")?;
        let v = mentoring_relationship(storage(ctx)?, actor(ctx), id, slots_from)
            .await
            .map_err(to_graphql)?;
        Ok(MentoringRelationship {
            id: to_id("MentoringRelationship", v.id),
            side: v.side.into(),
            with: v.other_name,
            organisation: v.organisation,
            ways: v.ways.into_iter().map(Into::into).collect(),
            video_link: v.video_link,
            agreement: v.agreement,
            you_agreed: v.you_agreed,
            other_agreed: v.other_agreed,
            active: v.active,
            ends_on: v.ends_on,
            notice_hours: v.notice_hours,
            meetings: v
                .booked
                .into_iter()
                .map(|b| PeerSupportMeeting {
                    id: to_id("PeerSupportMeeting", b.id),
                    starts_at: b.starts_at,
                    ends_at: b.ends_at,
                    way: b.way.into(),
                    video_link: b.video_link,
                    may_change: b.may_change,
                })
                .collect(),
            free_slots: v
                .free
                .into_iter()
                .map(|s| FreeSlot {
                    starts_at: s.starts_at,
                    ends_at: s.ends_at,
                })
                .collect(),
            slots_from: v.free_from,
            earlier_slots_from: v.earlier,
            later_slots_from: v.later,
            logged: v
                .logged
                .into_iter()
                .map(|l| LoggedPeerSupportMeeting {
                    id: to_id("LoggedPeerSupportMeeting", l.id),
                    held_on: l.held_on,
                    way: l.way.into(),
                    minutes: l.minutes,
                    topics: l.topics.into_iter().map(Into::into).collect(),
                    miles: l.miles,
                })
                .collect(),
            feedback_open: v.feedback_open,
            feedback_given: v.feedback_given,
        })
    }

    /// The viewer's active relationships, as mentee and as supporter.
    async fn my_mentoring_relationships(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<MyMentoringRelationship>> {
        let found = my_relationships(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(found
            .into_iter()
            .map(|r| MyMentoringRelationship {
                id: to_id("MentoringRelationship", r.id),
                side: r.side.into(),
                with: r.other_name,
                ends_on: r.ends_on,
                next_meeting: r.next_meeting,
            })
            .collect())
    }

    /// The organisation's peer support settings, for its coordinators.
    async fn peer_support_settings(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<PeerSupportServiceSettings> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let found = peer_support_settings(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(found.into())
    }
}

#[derive(Default)]
pub struct PeerMeetingsMutation;

#[Object]
impl PeerMeetingsMutation {
    /// The viewer accepts the service's mentoring agreement.
    async fn accept_mentoring_agreement(
        &self,
        ctx: &Context<'_>,
        relationship_id: ID,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("MentoringRelationship", &relationship_id, "relationshipId")?;
        accept_mentoring_agreement(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Books one of the supporter's free slots, for their mentee. A time
    /// someone else has just taken answers CONFLICT.
    async fn book_peer_support_meeting(
        &self,
        ctx: &Context<'_>,
        relationship_id: ID,
        starts_at: Option<DateTime<Utc>>,
        way: Option<PeerSupportWay>,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("MentoringRelationship", &relationship_id, "relationshipId")?;
        let booked = book_meeting(
            storage(ctx)?,
            actor(ctx),
            id,
            starts_at,
            way.map(Into::into),
        )
        .await
        .map_err(to_graphql)?;
        Ok(to_id("PeerSupportMeeting", booked))
    }

    /// Moves a meeting to another free slot, until the service's notice.
    /// Returns the meeting's new id.
    async fn move_peer_support_meeting(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        starts_at: Option<DateTime<Utc>>,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("PeerSupportMeeting", &meeting_id, "meetingId")?;
        let moved = move_meeting(storage(ctx)?, actor(ctx), id, starts_at)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("PeerSupportMeeting", moved))
    }

    /// Cancels a meeting, until the service's notice.
    async fn cancel_peer_support_meeting(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("PeerSupportMeeting", &meeting_id, "meetingId")?;
        cancel_meeting(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// The supporter logs a meeting they had with the person they support.
    async fn log_peer_support_meeting(
        &self,
        ctx: &Context<'_>,
        relationship_id: ID,
        input: MeetingLog,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("MentoringRelationship", &relationship_id, "relationshipId")?;
        let input = MeetingLogInput {
            held_on: input.held_on,
            way: input.way.map(Into::into),
            minutes: input.minutes,
            topics: input.topics.into_iter().map(Into::into).collect(),
            miles: input.miles,
        };
        let logged = log_meeting(storage(ctx)?, actor(ctx), id, &input)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("LoggedPeerSupportMeeting", logged))
    }

    /// "I'm worried", from either side: to the coordinators and the
    /// mentee's social worker, and the safeguarding leads when it is about
    /// a child's safety. The other side never sees it.
    async fn raise_peer_support_concern(
        &self,
        ctx: &Context<'_>,
        relationship_id: ID,
        what: String,
        #[graphql(default)] about_a_childs_safety: bool,
    ) -> async_graphql::Result<ID> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("MentoringRelationship", &relationship_id, "relationshipId")?;
        let raised =
            raise_peer_support_concern(storage(ctx)?, actor(ctx), id, &what, about_a_childs_safety)
                .await
                .map_err(to_graphql)?;
        Ok(to_id("Concern", raised))
    }

    /// One side's feedback at the end: how much it helped (1 to 5) and
    /// whether they would recommend it. Once a side.
    async fn give_peer_support_feedback(
        &self,
        ctx: &Context<'_>,
        relationship_id: ID,
        helped: Option<i32>,
        would_recommend: Option<bool>,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("MentoringRelationship", &relationship_id, "relationshipId")?;
        give_feedback(storage(ctx)?, actor(ctx), id, helped, would_recommend)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Saves the organisation's peer support settings.
    async fn save_peer_support_settings(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        input: PeerSupportServiceSettings,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let settings = PeerSupportSettings {
            mentor_at_invitation: input.mentor_at_invitation,
            change_notice_hours: input.change_notice_hours,
            meetings_a_month: input.meetings_a_month,
            pays_mileage: input.pays_mileage,
            own_agreement: input.own_agreement,
        };
        save_peer_support_settings(storage(ctx)?, actor(ctx), id, &settings)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
