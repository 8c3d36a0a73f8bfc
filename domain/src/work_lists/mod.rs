//! The work lists: for each role, the households waiting on it, a page at a
//! time, each with what is late named. An officer sees the enquiries, an
//! assessing social worker the assessments given to them and those nobody
//! has yet, a panel administrator the households to book, a decision maker
//! the recommendations and proposals waiting. Who sees which list comes
//! from the permission table; what each holds from the funnel's stages.

mod overdue;

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};

pub use overdue::Overdue;
pub(crate) use overdue::overdue_of;

use crate::accounts::entities::person;
use crate::applications::assessment::{ReportSection, ReportStatus};
use crate::applications::entities::{
    assessment, assessment_section, decision, panel, panel_booking, stage_one_check,
    temporary_approval,
};
use crate::applications::panel::Recommendation;
use crate::applications::stage_one::CheckStatus;
use crate::names::stored_names;
use crate::pagination::{Cursor, Page, PageRequest, count_up_to_cap, fetch_window};
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::recruitment::funnel::{Stage, State};
use crate::recruitment::queue_position::CLOSED_RANK;
use crate::recruitment::state_of;
use crate::{Actor, Ctx, DomainError};

/// A list of households waiting on one kind of work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WorkList {
    /// Households from their enquiry to the invitation to apply.
    Enquiries,
    /// Applications sent, in Stage 1: the statutory checks.
    Applications,
    /// Households in Stage 2, with the report's progress.
    Assessments,
    /// Households to book onto a panel, and those booked.
    Panel,
    /// Recommendations and proposals not to approve, for the decision.
    Decisions,
}

stored_names!(WorkList {
    Enquiries => "enquiries", "Enquiries",
    Applications => "applications", "Applications and Stage 1",
    Assessments => "assessments", "Assessments",
    Panel => "panel", "Panel",
    Decisions => "decisions", "Decisions",
});

/// Which of a list's households: a list is shown in parts, the first of
/// those a reader may see being where the list opens for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// Every household on the list.
    All,
    /// Given to the reader: owned, or to assess.
    Mine,
    /// Given to nobody yet.
    Unassigned,
    /// In Stage 2, not yet booked onto a panel date.
    ToBook,
    /// Booked onto a panel date, by date.
    Booked,
}

stored_names!(Part {
    All => "all", "All",
    Mine => "mine", "Assigned to me",
    Unassigned => "unassigned", "Not assigned yet",
    ToBook => "to_book", "To book",
    Booked => "booked", "Booked",
});

impl WorkList {
    /// What the list holds, as its page says under the heading.
    pub const fn what(self) -> &'static str {
        match self {
            Self::Enquiries => "Households from their enquiry to the invitation to apply",
            Self::Applications => "Applications sent and in Stage 1, each late check named",
            Self::Assessments => "Households in Stage 2, with how far the report has got",
            Self::Panel => "Households to book onto a panel date (weeks ahead), and those booked",
            Self::Decisions => {
                "Recommendations waiting for a decision, and proposals not to approve with the day each 28 days ends"
            }
        }
    }

    /// The stages of the households it holds, in the part given.
    fn stages(self, part: Part) -> &'static [Stage] {
        match (self, part) {
            (Self::Enquiries, _) => &[
                Stage::Enquiry,
                Stage::Contacted,
                Stage::InformationEvent,
                Stage::InitialVisit,
                Stage::ApplicationInvited,
            ],
            (Self::Applications, _) => &[Stage::ApplicationSubmitted],
            (Self::Assessments, _) | (Self::Panel, Part::ToBook) => &[Stage::Assessment],
            (Self::Panel, _) => &[Stage::Panel],
            (Self::Decisions, _) => &[Stage::Recommended, Stage::ProposedNotToApprove],
        }
    }

    /// The permission that shows the list's households.
    fn permission(self) -> Permission {
        match self {
            Self::Enquiries => Permission::WorkEnquiries,
            Self::Applications => Permission::WorkStageOne,
            Self::Assessments => Permission::Assess,
            Self::Panel => Permission::SchedulePanel,
            Self::Decisions => Permission::Decide,
        }
    }

    /// The parts of the list the actor may see in the organisation, where
    /// it opens first; none when the list is not theirs. Assessing social
    /// workers see the households given to them and those given to nobody;
    /// those who oversee assessments see them all.
    pub fn parts(self, actor: &Actor, organisation_id: i32) -> Vec<Part> {
        let may = |permission| actor.may(permission, organisation_id);
        match self {
            Self::Assessments => {
                let mut parts = Vec::new();
                if may(Permission::OverseeAssessments) {
                    parts.push(Part::All);
                }
                if may(Permission::Assess) {
                    parts.extend([Part::Mine, Part::Unassigned]);
                } else if may(Permission::OverseeAssessments) {
                    parts.push(Part::Unassigned);
                }
                parts
            }
            _ if !may(self.permission()) => Vec::new(),
            Self::Enquiries => vec![Part::All, Part::Mine, Part::Unassigned],
            Self::Panel => vec![Part::ToBook, Part::Booked],
            Self::Applications | Self::Decisions => vec![Part::All],
        }
    }

    /// The organisations where the actor sees the list.
    pub fn organisations(self, actor: &Actor) -> Vec<i32> {
        let mut ids = actor.organisations_where(self.permission());
        if self == Self::Assessments {
            ids.extend(actor.organisations_where(Permission::OverseeAssessments));
            ids.sort_unstable();
            ids.dedup();
        }
        ids
    }

    /// The lists the actor sees somewhere, in the order of the funnel.
    pub fn seen_by(actor: &Actor) -> Vec<Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(|list| !list.organisations(actor).is_empty())
            .collect()
    }
}

/// How far a household's work has got: done of how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub of: usize,
}

/// One household on a work list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkItem {
    pub household_id: i32,
    pub name: String,
    pub state: State,
    /// A relative or friend already caring for a child, temporarily
    /// approved: a connected person.
    pub connected_person: bool,
    /// What is late, named; empty when nothing is.
    pub overdue: Vec<Overdue>,
    /// The officer who owns the household until Stage 2, the assessing
    /// social worker from then.
    pub assigned_to: Option<String>,
    /// Stage 1 checks done, or Stage 2 report sections done.
    pub progress: Option<Progress>,
    /// The panel date it is booked onto.
    pub panel_on: Option<NaiveDate>,
    pub recommendation: Option<Recommendation>,
    /// For a proposal not to approve: the last of its 28 days.
    pub respond_by: Option<NaiveDate>,
    /// The household has responded to the proposal.
    pub responded: bool,
}

/// The households waiting on one list's work in the organisation, a page
/// at a time: the most urgent first (known and trusted adults, then the
/// earliest due, then the oldest), booked households by their panel date.
pub async fn work_list(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    list: WorkList,
    part: Part,
    page: &PageRequest,
) -> Result<Page<WorkItem>, DomainError> {
    if !list.parts(actor, organisation_id).contains(&part) {
        return Err(actor.refusal());
    }
    let query = households_of(actor, organisation_id, list, part);
    let total_count = count_up_to_cap(&ctx.db, query.clone()).await?;
    let (rows, has_more) = if part == Part::Booked {
        booked_window(ctx, query, page).await?
    } else {
        let cursor = query.cursor_by((household::Column::QueueKey, household::Column::Id));
        let (rows, has_more) = fetch_window(&ctx.db, cursor, page).await?;
        let keyed = rows
            .into_iter()
            .map(|row| {
                let cursor = Cursor {
                    key: row.queue_key.clone(),
                    id: row.id,
                };
                (cursor, row)
            })
            .collect();
        (keyed, has_more)
    };
    let items = items_of(ctx, list, rows).await?;
    Ok(Page::new(items, has_more, page, total_count))
}

/// How many households wait in a part of a list, counted up to the cap:
/// what the landing page shows beside each list.
pub async fn work_count(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
    list: WorkList,
    part: Part,
) -> Result<(u64, bool), DomainError> {
    if !list.parts(actor, organisation_id).contains(&part) {
        return Err(actor.refusal());
    }
    count_up_to_cap(&ctx.db, households_of(actor, organisation_id, list, part)).await
}

/// The list's households, the part's filter applied, all in the database.
fn households_of(
    actor: &Actor,
    organisation_id: i32,
    list: WorkList,
    part: Part,
) -> Select<household::Entity> {
    let stages = list.stages(part).iter().map(|stage| stage.as_str());
    let query = household::Entity::find()
        .filter(household::Column::OrganisationId.eq(organisation_id))
        .filter(household::Column::QueueKey.lt(CLOSED_RANK))
        .filter(household::Column::Stage.is_in(stages));
    let me = actor.person_id().unwrap_or_default();
    if part == Part::Booked {
        // Booked households with their panel date, counted and paged alike.
        return with_panel_dates(query);
    }
    match (list, part) {
        (WorkList::Enquiries, Part::Mine) => query.filter(household::Column::OwnerId.eq(me)),
        (WorkList::Enquiries, Part::Unassigned) => {
            query.filter(household::Column::OwnerId.is_null())
        }
        (WorkList::Assessments, Part::Mine) => query.filter(household::Column::Id.in_subquery(
            assessed_by(Expr::col(assessment::Column::AssessorId).eq(me)),
        )),
        (WorkList::Assessments, Part::Unassigned) => {
            query.filter(household::Column::Id.not_in_subquery(assessed_by(
                Expr::col(assessment::Column::AssessorId).is_not_null(),
            )))
        }
        _ => query,
    }
}

/// The households joined to their booking and its panel date.
fn with_panel_dates(query: Select<household::Entity>) -> Select<household::Entity> {
    let booking_of = panel_booking::Entity::belongs_to(household::Entity)
        .from(panel_booking::Column::HouseholdId)
        .to(household::Column::Id)
        .into();
    let booked_on = panel_booking::Entity::belongs_to(panel::Entity)
        .from(panel_booking::Column::PanelId)
        .to(panel::Column::Id)
        .into();
    query
        .join_rev(sea_orm::JoinType::InnerJoin, booking_of)
        .join(sea_orm::JoinType::InnerJoin, booked_on)
}

/// The households whose assessment matches `condition`.
fn assessed_by(condition: sea_orm::sea_query::SimpleExpr) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(assessment::Column::HouseholdId)
        .from(assessment::Entity)
        .and_where(condition)
        .to_owned()
}

/// Booked households by their panel date, then id: a page after or before
/// a cursor whose key is the date.
async fn booked_window(
    ctx: &Ctx,
    query: Select<household::Entity>,
    page: &PageRequest,
) -> Result<(Vec<(Cursor, household::Model)>, bool), DomainError> {
    use crate::pagination::Direction;
    let sits_on = (panel::Entity, panel::Column::SitsOn);
    let id = (household::Entity, household::Column::Id);
    // `query` is already joined to the panel dates (`with_panel_dates`).
    let mut query = query;
    let cursor_date = |field: &str, cursor: &Cursor| {
        NaiveDate::parse_from_str(&cursor.key, "%Y-%m-%d")
            .map_err(|_| DomainError::invalid(field, "Is not a cursor from this list"))
    };
    let beyond = |date: NaiveDate, id_value: i32, later: bool| {
        let (after_date, after_id) = if later {
            (Expr::col(sits_on).gt(date), Expr::col(id).gt(id_value))
        } else {
            (Expr::col(sits_on).lt(date), Expr::col(id).lt(id_value))
        };
        after_date.or(Expr::col(sits_on).eq(date).and(after_id))
    };
    if let Some(after) = &page.after {
        query = query.filter(beyond(cursor_date("after", after)?, after.id, true));
    }
    if let Some(before) = &page.before {
        query = query.filter(beyond(cursor_date("before", before)?, before.id, false));
    }
    let forward = page.direction == Direction::Forward;
    let order = if forward {
        sea_orm::Order::Asc
    } else {
        sea_orm::Order::Desc
    };
    let found: Vec<(household::Model, Option<panel::Model>)> = query
        .order_by(Expr::col(sits_on), order.clone())
        .order_by(Expr::col(id), order)
        .limit(page.size + 1)
        .select_also(panel::Entity)
        .all(&ctx.db)
        .await?;
    let has_more = found.len() as u64 > page.size;
    let mut rows: Vec<(Cursor, household::Model)> = found
        .into_iter()
        .take(page.size as usize)
        .filter_map(|(row, panel)| {
            let cursor = Cursor {
                key: panel?.sits_on.format("%Y-%m-%d").to_string(),
                id: row.id,
            };
            Some((cursor, row))
        })
        .collect();
    if !forward {
        rows.reverse();
    }
    Ok((rows, has_more))
}

/// The page's households as the list shows them: what is late, who has
/// them, how far they have got. A few reads for the page, whatever its
/// length, and only those the list shows.
async fn items_of(
    ctx: &Ctx,
    list: WorkList,
    rows: Vec<(Cursor, household::Model)>,
) -> Result<Vec<(Cursor, WorkItem)>, DomainError> {
    let models: Vec<household::Model> = rows.iter().map(|(_, row)| row.clone()).collect();
    let ids: Vec<i32> = models.iter().map(|row| row.id).collect();
    let mut late = overdue_of(ctx, &models).await?;
    let connected = connected_persons(ctx, &ids).await?;
    let staged = Staged::read(ctx, list, &ids).await?;
    let person_ids: Vec<i32> = models
        .iter()
        .filter_map(|row| row.owner_id)
        .chain(staged.assessors.values().copied())
        .collect();
    let people: HashMap<i32, String> = if person_ids.is_empty() {
        HashMap::new()
    } else {
        person::Entity::find()
            .filter(person::Column::Id.is_in(person_ids))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect()
    };
    let mut items = Vec::with_capacity(rows.len());
    for (cursor, row) in rows {
        let assigned = match list {
            WorkList::Enquiries | WorkList::Applications => row.owner_id,
            _ => staged.assessors.get(&row.id).copied(),
        };
        let decision = staged.decisions.get(&row.id);
        let booking = staged.bookings.get(&row.id);
        items.push((
            cursor,
            WorkItem {
                household_id: row.id,
                state: state_of(&row)?,
                connected_person: connected.contains(&row.id),
                overdue: late.remove(&row.id).unwrap_or_default(),
                assigned_to: assigned.and_then(|id| people.get(&id).cloned()),
                progress: staged.progress.get(&row.id).copied(),
                panel_on: booking.map(|(on, _)| *on),
                recommendation: booking.and_then(|(_, recommendation)| *recommendation),
                respond_by: decision.and_then(|d| d.respond_by),
                responded: decision.is_some_and(|d| d.response.is_some()),
                name: row.name,
            },
        ));
    }
    Ok(items)
}

/// Which of these households are connected persons (temporarily approved
/// for a child they already care for): one read, none for no households.
pub(crate) async fn connected_persons(ctx: &Ctx, ids: &[i32]) -> Result<Vec<i32>, DomainError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(temporary_approval::Entity::find()
        .select_only()
        .column(temporary_approval::Column::HouseholdId)
        .filter(temporary_approval::Column::HouseholdId.is_in(ids.to_vec()))
        .into_tuple()
        .all(&ctx.db)
        .await?)
}

/// What a list past the application shows of its households' later work.
#[derive(Default)]
struct Staged {
    assessors: HashMap<i32, i32>,
    progress: HashMap<i32, Progress>,
    bookings: HashMap<i32, (NaiveDate, Option<Recommendation>)>,
    decisions: HashMap<i32, decision::Model>,
}

impl Staged {
    async fn read(ctx: &Ctx, list: WorkList, ids: &[i32]) -> Result<Self, DomainError> {
        let mut staged = Self::default();
        if ids.is_empty() || list == WorkList::Enquiries {
            return Ok(staged);
        }
        if list != WorkList::Applications {
            staged.assessors = assessment::Entity::find()
                .filter(assessment::Column::HouseholdId.is_in(ids.to_vec()))
                .all(&ctx.db)
                .await?
                .into_iter()
                .filter_map(|a| Some((a.household_id, a.assessor_id?)))
                .collect();
        }
        match list {
            WorkList::Applications => {
                for check in stage_one_check::Entity::find()
                    .filter(stage_one_check::Column::HouseholdId.is_in(ids.to_vec()))
                    .all(&ctx.db)
                    .await?
                {
                    let progress = staged
                        .progress
                        .entry(check.household_id)
                        .or_insert(Progress { done: 0, of: 0 });
                    progress.of += 1;
                    if check.status == CheckStatus::Done.as_str() {
                        progress.done += 1;
                    }
                }
            }
            WorkList::Assessments | WorkList::Panel => {
                for id in ids {
                    staged.progress.insert(
                        *id,
                        Progress {
                            done: 0,
                            of: ReportSection::ALL.len(),
                        },
                    );
                }
                for section in assessment_section::Entity::find()
                    .filter(assessment_section::Column::HouseholdId.is_in(ids.to_vec()))
                    .filter(assessment_section::Column::Status.eq(ReportStatus::Complete.as_str()))
                    .all(&ctx.db)
                    .await?
                {
                    if let Some(progress) = staged.progress.get_mut(&section.household_id) {
                        progress.done += 1;
                    }
                }
            }
            WorkList::Decisions | WorkList::Enquiries => {}
        }
        if matches!(list, WorkList::Panel | WorkList::Decisions) {
            let bookings = panel_booking::Entity::find()
                .filter(panel_booking::Column::HouseholdId.is_in(ids.to_vec()))
                .all(&ctx.db)
                .await?;
            let panels = panel::Entity::find()
                .filter(panel::Column::Id.is_in(bookings.iter().map(|b| b.panel_id)))
                .all(&ctx.db)
                .await?;
            for booking in bookings {
                let recommendation = booking
                    .recommendation
                    .as_deref()
                    .map(Recommendation::from_stored)
                    .transpose()?;
                if let Some(panel) = panels.iter().find(|p| p.id == booking.panel_id) {
                    staged
                        .bookings
                        .insert(booking.household_id, (panel.sits_on, recommendation));
                }
            }
        }
        if list == WorkList::Decisions {
            staged.decisions = decision::Entity::find()
                .filter(decision::Column::HouseholdId.is_in(ids.to_vec()))
                .all(&ctx.db)
                .await?
                .into_iter()
                .map(|d| (d.household_id, d))
                .collect();
        }
        Ok(staged)
    }
}
