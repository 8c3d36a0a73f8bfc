//! Peer support for its coordinators: the relationships they oversee
//! (quiet ones and those ending soon), each supporter's hours and mileage
//! in a month, and the feedback in aggregate.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::NaiveDate;
use domain::peer_support::{feedback_figures, relationships_to_oversee, supporter_hours};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::peer_meetings::MentoringSide;
use crate::schema::{actor, storage};

/// A relationship as its coordinator oversees it.
#[derive(SimpleObject)]
pub struct OverseenRelationship {
    pub id: ID,
    pub supporter: String,
    pub mentee: String,
    pub started_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub last_met: Option<NaiveDate>,
    /// No meeting logged in the interval the service expects.
    pub quiet: bool,
    pub ending_soon: bool,
}

/// A supporter's logged meetings in a month, for paying them.
#[derive(SimpleObject)]
pub struct PeerSupporterHours {
    pub supporter: String,
    pub meetings: i32,
    pub minutes: i64,
    pub miles: i64,
}

/// One side's feedback in aggregate: a count under five is not shown.
#[derive(SimpleObject)]
pub struct PeerSupportFeedbackFigures {
    pub side: MentoringSide,
    pub answers: Option<u64>,
    pub helped_a_lot: Option<u64>,
    pub would_recommend: Option<u64>,
}

#[derive(Default)]
pub struct PeerOversightQuery;

#[Object]
impl PeerOversightQuery {
    /// The organisation's active mentoring relationships, ending soonest
    /// first: for its coordinators.
    async fn mentoring_relationships(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<Vec<OverseenRelationship>> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let found = relationships_to_oversee(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(found
            .into_iter()
            .map(|r| OverseenRelationship {
                id: to_id("MentoringRelationship", r.id),
                supporter: r.supporter,
                mentee: r.mentee,
                started_on: r.started_on,
                ends_on: r.ends_on,
                last_met: r.last_met,
                quiet: r.quiet,
                ending_soon: r.ending_soon,
            })
            .collect())
    }

    /// Each supporter's meetings, minutes and miles in the month that
    /// contains `month`.
    async fn peer_supporter_hours(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        month: NaiveDate,
    ) -> async_graphql::Result<Vec<PeerSupporterHours>> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let found = supporter_hours(storage(ctx)?, actor(ctx), id, month)
            .await
            .map_err(to_graphql)?;
        Ok(found
            .into_iter()
            .map(|h| PeerSupporterHours {
                supporter: h.supporter,
                meetings: i32::try_from(h.meetings).unwrap_or(i32::MAX),
                minutes: h.minutes,
                miles: h.miles,
            })
            .collect())
    }

    /// The feedback given at the end of relationships, in aggregate.
    async fn peer_support_feedback(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<Vec<PeerSupportFeedbackFigures>> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let found = feedback_figures(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(found
            .into_iter()
            .map(|f| PeerSupportFeedbackFigures {
                side: f.side.into(),
                answers: f.answers.shown(),
                helped_a_lot: f.helped_a_lot.shown(),
                would_recommend: f.would_recommend.shown(),
            })
            .collect())
    }
}
