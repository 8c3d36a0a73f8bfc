//! The work lists: for each role, the households waiting on it, with what
//! is late named.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use domain::work_lists::{Overdue, WorkItem, WorkList as List, work_list};

use crate::connections::{Listed, connection, page_request};
use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::panel::Recommendation;
use crate::recruitment::FunnelState;
use crate::schema::{actor, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "List")]
pub enum WorkList {
    /// Households from their enquiry to the invitation to apply.
    Enquiries,
    /// Applications sent, in Stage 1.
    Applications,
    /// Households in Stage 2.
    Assessments,
    /// Households to book onto a panel date, and those booked.
    Panel,
    /// Recommendations and proposals not to approve, for the decision.
    Decisions,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::work_lists::Part")]
pub enum WorkListPart {
    All,
    /// Given to you: the enquiries you own, the assessments you do.
    Mine,
    Unassigned,
    /// In Stage 2, not yet booked onto a panel date.
    ToBook,
    /// Booked onto a panel date, by date.
    Booked,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum OverdueKind {
    FirstContact,
    NextAction,
    /// A Stage 1 check.
    Check,
    StageTwo,
    TemporaryApproval,
}

/// One thing that is late, named.
#[derive(SimpleObject)]
pub struct OverdueItem {
    pub kind: OverdueKind,
    /// What is late, as the pages say it.
    pub text: String,
    /// When it was due: a moment for first contact, else a day.
    pub due_at: Option<DateTime<Utc>>,
    pub due_on: Option<NaiveDate>,
}

impl From<Overdue> for OverdueItem {
    fn from(late: Overdue) -> Self {
        let text = late.text();
        let (kind, due_at, due_on) = match late {
            Overdue::FirstContact { due } => (OverdueKind::FirstContact, Some(due), None),
            Overdue::NextAction { on } => (OverdueKind::NextAction, None, Some(on)),
            Overdue::Check { due_on, .. } => (OverdueKind::Check, None, Some(due_on)),
            Overdue::StageTwo { due_on } => (OverdueKind::StageTwo, None, Some(due_on)),
            Overdue::TemporaryApproval { until } => {
                (OverdueKind::TemporaryApproval, None, Some(until))
            }
        };
        Self {
            kind,
            text,
            due_at,
            due_on,
        }
    }
}

/// A household on a work list.
#[derive(SimpleObject)]
pub struct WorkListItem {
    pub household_id: ID,
    pub name: String,
    pub state: FunnelState,
    /// A relative or friend temporarily approved for a child they care for.
    pub connected_person: bool,
    pub overdue: Vec<OverdueItem>,
    /// The enquiry's owner, or the assessing social worker.
    pub assigned_to: Option<String>,
    /// Stage 1 checks or Stage 2 report sections done, of `progressOf`.
    pub progress_done: Option<i32>,
    pub progress_of: Option<i32>,
    pub panel_on: Option<NaiveDate>,
    pub recommendation: Option<Recommendation>,
    /// For a proposal not to approve: the last of its 28 days.
    pub respond_by: Option<NaiveDate>,
    pub responded: bool,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl From<WorkItem> for WorkListItem {
    fn from(item: WorkItem) -> Self {
        Self {
            household_id: to_id("Household", item.household_id),
            name: item.name,
            state: item.state.into(),
            connected_person: item.connected_person,
            overdue: item.overdue.into_iter().map(Into::into).collect(),
            assigned_to: item.assigned_to,
            progress_done: item.progress.map(|p| count(p.done)),
            progress_of: item.progress.map(|p| count(p.of)),
            panel_on: item.panel_on,
            recommendation: item.recommendation.map(Into::into),
            respond_by: item.respond_by,
            responded: item.responded,
        }
    }
}

/// A work list you see, and its parts, the first where it opens.
#[derive(SimpleObject)]
pub struct VisibleWorkList {
    pub list: WorkList,
    pub organisation_id: ID,
    pub parts: Vec<WorkListPart>,
}

#[derive(Default)]
pub struct WorkListQuery;

#[Object]
impl WorkListQuery {
    /// The work lists you see, in each organisation where you see them.
    async fn my_work_lists(&self, ctx: &Context<'_>) -> Vec<VisibleWorkList> {
        let actor = actor(ctx);
        List::seen_by(actor)
            .into_iter()
            .flat_map(|list| {
                list.organisations(actor)
                    .into_iter()
                    .map(move |organisation_id| VisibleWorkList {
                        list: list.into(),
                        organisation_id: to_id("Organisation", organisation_id),
                        parts: list
                            .parts(actor, organisation_id)
                            .into_iter()
                            .map(Into::into)
                            .collect(),
                    })
            })
            .collect()
    }

    /// One work list's households, a page at a time: the most urgent first,
    /// booked households by panel date. `part` defaults to where the list
    /// opens for you.
    #[allow(clippy::too_many_arguments)]
    async fn work_list(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        list: WorkList,
        part: Option<WorkListPart>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Listed<WorkListItem>> {
        let organisation_id = from_id("Organisation", &organisation_id, "organisationId")?;
        let page = page_request(first, after, last, before)?;
        let list: List = list.into();
        let actor = actor(ctx);
        let part = match part {
            Some(part) => part.into(),
            None => list
                .parts(actor, organisation_id)
                .first()
                .copied()
                .ok_or_else(|| to_graphql(actor.refusal()))?,
        };
        let listed = work_list(storage(ctx)?, actor, organisation_id, list, part, &page)
            .await
            .map_err(to_graphql)?;
        Ok(connection(listed, WorkListItem::from))
    }
}
