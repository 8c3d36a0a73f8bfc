//! Concerns about children, for the people they went to.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::concerns::{close_concern, concern_record, my_concerns};

use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::concerns::ConcernState")]
pub enum ConcernState {
    Raised,
    Closed,
}

/// A concern as a list shows it: never what it says.
#[derive(SimpleObject)]
pub struct ConcernSummary {
    pub id: ID,
    pub organisation: String,
    pub about: String,
    pub state: ConcernState,
    pub raised_at: DateTime<Utc>,
}

impl From<domain::concerns::ConcernSummary> for ConcernSummary {
    fn from(c: domain::concerns::ConcernSummary) -> Self {
        Self {
            id: to_id("Concern", c.id),
            organisation: c.organisation,
            about: c.about,
            state: c.state.into(),
            raised_at: c.raised_at,
        }
    }
}

/// A concern, whole: each read is in the access log.
#[derive(SimpleObject)]
pub struct Concern {
    pub summary: ConcernSummary,
    pub what: String,
    pub raised_by: Option<String>,
    pub raised_by_email: Option<String>,
    pub outcome: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
}

#[derive(Default)]
pub struct ConcernsQuery;

#[Object]
impl ConcernsQuery {
    /// The concerns that went to the viewer, newest first.
    async fn concerns(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ConcernSummary>> {
        let found = my_concerns(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(found.into_iter().map(Into::into).collect())
    }

    /// A concern, for someone it went to.
    async fn concern(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Concern> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("Concern", &id, "id")?;
        let found = concern_record(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        let (raised_by, raised_by_email) = found.raised_by.unzip();
        let (closed_at, closed_by) = found.closed.unzip();
        Ok(Concern {
            summary: found.summary.into(),
            what: found.what,
            raised_by,
            raised_by_email,
            outcome: found.outcome,
            closed_at,
            closed_by,
        })
    }
}

#[derive(Default)]
pub struct ConcernsMutation;

#[Object]
impl ConcernsMutation {
    /// Closes a concern with what was done.
    async fn close_concern(
        &self,
        ctx: &Context<'_>,
        id: ID,
        outcome: String,
    ) -> async_graphql::Result<bool> {
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        let id = from_id("Concern", &id, "id")?;
        close_concern(storage(ctx)?, actor(ctx), id, &outcome)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
