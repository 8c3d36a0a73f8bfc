//! What each person sees of a group: the public its listing and coming
//! sessions; a member also the other members' first names, the
//! announcements, the agreement and how to join online; a facilitator its
//! members with their details (each read in the access log), requests and
//! who booked each session.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::carers::my_registration;
use super::entities::{announcement, group, kinship_carer, membership, series, session};
use super::finder::{GroupListing, listings};
use super::groups::{facilitated_group, facilitates, organisations_with_safeguarding_lead};
use super::membership::MembershipState;
use super::sessions::{LISTED_WITHIN, rule_of, session_of, upcoming_of};
use super::support::Arrangement;
use crate::accounts::entities::person;
use crate::audit::{Subject, record_access};
use crate::recruitment::entities::{event_registration, information_event};
use crate::recruitment::event_registrations::Attendance;
use crate::recruitment::events::EventPurpose;
use crate::{Actor, Ctx, DomainError};

/// The most sessions a group's page lists.
const SESSIONS_SHOWN: usize = 12;

/// The group, if it is open and its organisation has a safeguarding lead:
/// what may be joined.
pub(crate) async fn listable_group(
    conn: &impl ConnectionTrait,
    group_id: i32,
) -> Result<group::Model, DomainError> {
    let row = group::Entity::find_by_id(group_id)
        .one(conn)
        .await?
        .filter(|g| g.closed_at.is_none())
        .ok_or(DomainError::NotFound)?;
    if organisations_with_safeguarding_lead(conn, [row.organisation_id])
        .await?
        .is_empty()
    {
        return Err(DomainError::NotFound);
    }
    Ok(row)
}

/// Where the reader stands with a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Signed out, or signed in without registering.
    Public,
    /// A registered kinship carer who has not asked (or whose request or
    /// membership has ended).
    Registered,
    Asked {
        membership_id: i32,
    },
    Member {
        membership_id: i32,
        agreed: bool,
    },
    Facilitator,
}

/// A session on a group's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionEntry {
    pub id: i32,
    pub title: String,
    pub about: String,
    pub workshop: bool,
    pub open_to_all: bool,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub places_left: i32,
    /// The reader has a place.
    pub booked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Announcement {
    pub title: String,
    pub body: String,
    pub posted_at: DateTime<Utc>,
}

/// A group's page.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupPage {
    pub listing: GroupListing,
    pub standing: Standing,
    pub sessions: Vec<SessionEntry>,
    /// Members' first names: for members who have accepted the agreement
    /// and facilitators.
    pub members: Vec<String>,
    pub announcements: Vec<Announcement>,
    pub agreement: String,
    /// For members and facilitators of a group that meets online.
    pub joining_link: Option<String>,
    /// For its facilitators: the regular sessions still being made.
    pub regular: Vec<(i32, String)>,
    pub closed: bool,
}

/// The group's page as the actor may see it. A group that is not listed
/// (closed, no session in 90 days, or no safeguarding lead) is found only
/// by its facilitators and members.
pub async fn kinship_group(
    ctx: &Ctx,
    actor: &Actor,
    group_id: i32,
) -> Result<GroupPage, DomainError> {
    let now = ctx.clock.now();
    let row = group::Entity::find_by_id(group_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let standing = standing(&ctx.db, actor, &row).await?;
    let listed = listings(&ctx.db, vec![row.clone()], now, None).await?.pop();
    let listing = match (listed, &standing) {
        (Some(listing), _) => listing,
        (None, Standing::Public | Standing::Registered) => return Err(DomainError::NotFound),
        (None, _) => unlisted(&ctx.db, &row).await?,
    };
    let inside = matches!(
        standing,
        Standing::Member { agreed: true, .. } | Standing::Facilitator
    );
    let sessions = sessions_for(ctx, actor, &row, &standing).await?;
    let members = if inside {
        first_names(&ctx.db, row.id).await?
    } else {
        Vec::new()
    };
    let announcements = if inside {
        announcement::Entity::find()
            .filter(announcement::Column::GroupId.eq(row.id))
            .order_by_desc(announcement::Column::PostedAt)
            .limit(20)
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|a| Announcement {
                title: a.title,
                body: a.body,
                posted_at: a.posted_at,
            })
            .collect()
    } else {
        Vec::new()
    };
    let regular = if standing == Standing::Facilitator {
        series::Entity::find()
            .filter(series::Column::GroupId.eq(row.id))
            .filter(series::Column::StoppedAt.is_null())
            .all(&ctx.db)
            .await?
            .iter()
            .map(|s| Ok((s.id, format!("{}: {}", s.title, rule_of(s)?.describe()))))
            .collect::<Result<_, DomainError>>()?
    } else {
        Vec::new()
    };
    Ok(GroupPage {
        listing,
        sessions,
        members,
        announcements,
        agreement: row.agreement.clone(),
        joining_link: if inside {
            row.joining_link.clone()
        } else {
            None
        },
        regular,
        closed: row.closed_at.is_some(),
        standing,
    })
}

/// A group not listed, as its own people see it.
async fn unlisted(
    conn: &impl ConnectionTrait,
    row: &group::Model,
) -> Result<GroupListing, DomainError> {
    use super::finder::Meets;
    use super::groups::{ForWhom, GroupFormat};
    let organisation = crate::accounts::organisation_names(conn, [row.organisation_id])
        .await?
        .remove(&row.organisation_id)
        .unwrap_or_default();
    Ok(GroupListing {
        id: row.id,
        name: row.name.clone(),
        organisation,
        about: row.about.clone(),
        format: GroupFormat::from_stored(&row.format)?,
        for_whom: ForWhom::from_stored(&row.for_whom)?,
        children_welcome: row.children_welcome,
        meets: Meets::NowAndThen,
        meets_when: "No sessions in the next 90 days".to_owned(),
        next_session: None,
        place: match (&row.venue, &row.postcode) {
            (Some(venue), Some(postcode)) => format!("{venue}, {postcode}"),
            _ => GroupFormat::Online.label().to_owned(),
        },
        serves: None,
        miles_away: None,
    })
}

pub(crate) async fn standing(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    row: &group::Model,
) -> Result<Standing, DomainError> {
    if facilitates(conn, actor, row).await? {
        return Ok(Standing::Facilitator);
    }
    let Some(person_id) = actor.person_id() else {
        return Ok(Standing::Public);
    };
    if kinship_carer::Entity::find_by_id(person_id)
        .one(conn)
        .await?
        .is_none()
    {
        return Ok(Standing::Public);
    }
    Ok(
        match super::membership::current(conn, row.id, person_id).await? {
            Some(m) if m.state == MembershipState::Member.as_str() => Standing::Member {
                membership_id: m.id,
                agreed: m.agreement_accepted_at.is_some(),
            },
            Some(m) => Standing::Asked {
                membership_id: m.id,
            },
            None => Standing::Registered,
        },
    )
}

async fn sessions_for(
    ctx: &Ctx,
    actor: &Actor,
    row: &group::Model,
    standing: &Standing,
) -> Result<Vec<SessionEntry>, DomainError> {
    let upcoming = upcoming_of(&ctx.db, &[row.id], ctx.clock.now(), Some(LISTED_WITHIN)).await?;
    let ids: Vec<i32> = upcoming.iter().map(|(_, e)| e.id).collect();
    let registrations = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.is_in(ids))
        .all(&ctx.db)
        .await?;
    let mine = match (actor.person_id(), standing) {
        (Some(id), Standing::Member { .. } | Standing::Registered) => {
            person::Entity::find_by_id(id)
                .one(&ctx.db)
                .await?
                .map(|p| p.email.to_lowercase())
        }
        _ => None,
    };
    Ok(upcoming
        .into_iter()
        .take(SESSIONS_SHOWN)
        .map(|(kinship, event)| {
            let taken = registrations.iter().filter(|r| r.event_id == event.id);
            let booked = mine
                .as_ref()
                .is_some_and(|me| taken.clone().any(|r| &r.email == me));
            let count = i32::try_from(taken.count()).unwrap_or(i32::MAX);
            SessionEntry {
                id: event.id,
                workshop: event.purpose == EventPurpose::KinshipWorkshop.as_str(),
                open_to_all: kinship.open_to_all,
                title: event.title,
                about: event.description,
                starts_at: event.starts_at,
                ends_at: event.ends_at,
                places_left: std::cmp::max(event.capacity - count, 0),
                booked,
            }
        })
        .collect())
}

/// The first names of a group's members: all the members see of each
/// other.
async fn first_names(
    conn: &impl ConnectionTrait,
    group_id: i32,
) -> Result<Vec<String>, DomainError> {
    let ids: Vec<i32> = membership::Entity::find()
        .filter(membership::Column::GroupId.eq(group_id))
        .filter(membership::Column::State.eq(MembershipState::Member.as_str()))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.person_id)
        .collect();
    let mut names: Vec<String> = person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| first_name(&p.name))
        .collect();
    names.sort();
    Ok(names)
}

pub fn first_name(name: &str) -> String {
    name.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// A member or request, as the group's facilitators see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberEntry {
    pub membership_id: i32,
    pub name: String,
    pub email: String,
    pub arrangement: Option<Arrangement>,
    pub children: i32,
    pub state: MembershipState,
    pub since: DateTime<Utc>,
    pub agreed_at: Option<DateTime<Utc>>,
}

/// The group's members and those asking to join, with their details, for
/// its facilitators: each read is in the access log.
pub async fn group_members(
    ctx: &Ctx,
    actor: &Actor,
    group_id: i32,
) -> Result<Vec<MemberEntry>, DomainError> {
    let row = facilitated_group(&ctx.db, actor, group_id).await?;
    record_access(
        ctx,
        actor,
        row.organisation_id,
        Subject::KinshipMembers,
        Some(row.id),
    )
    .await?;
    let rows = membership::Entity::find()
        .filter(membership::Column::GroupId.eq(row.id))
        .filter(membership::Column::State.is_in([
            MembershipState::Asked.as_str(),
            MembershipState::Member.as_str(),
        ]))
        .order_by_asc(membership::Column::AskedAt)
        .all(&ctx.db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|m| m.person_id).collect();
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(ids.clone()))
        .all(&ctx.db)
        .await?;
    let carers = kinship_carer::Entity::find()
        .filter(kinship_carer::Column::PersonId.is_in(ids))
        .all(&ctx.db)
        .await?;
    rows.into_iter()
        .map(|m| {
            let who = people.iter().find(|p| p.id == m.person_id);
            let carer = carers.iter().find(|c| c.person_id == m.person_id);
            Ok(MemberEntry {
                membership_id: m.id,
                name: who.map(|p| p.name.clone()).unwrap_or_default(),
                email: who.map(|p| p.email.clone()).unwrap_or_default(),
                arrangement: carer.and_then(|c| Arrangement::parse(&c.arrangement)),
                children: carer.map_or(0, |c| c.children),
                state: MembershipState::from_stored(&m.state)?,
                since: m.decided_at.unwrap_or(m.asked_at),
                agreed_at: m.agreement_accepted_at,
            })
        })
        .collect()
}

/// A session's places, for its group's facilitators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionPlaces {
    pub group_id: i32,
    pub group: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub started: bool,
    pub cancelled: bool,
    pub capacity: i32,
    /// Registration id, name, attendance.
    pub places: Vec<(i32, String, Option<Attendance>)>,
}

pub async fn session_places(
    ctx: &Ctx,
    actor: &Actor,
    event_id: i32,
) -> Result<SessionPlaces, DomainError> {
    actor.require_signed_in()?;
    let (kinship, event) = session_of(&ctx.db, event_id).await?;
    let row = facilitated_group(&ctx.db, actor, kinship.group_id).await?;
    record_access(
        ctx,
        actor,
        row.organisation_id,
        Subject::KinshipMembers,
        Some(row.id),
    )
    .await?;
    let places = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(event.id))
        .order_by_asc(event_registration::Column::Name)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| {
            let attendance = r.attendance.as_deref().and_then(Attendance::parse);
            (r.id, r.name, attendance)
        })
        .collect();
    Ok(SessionPlaces {
        group_id: row.id,
        group: row.name,
        title: event.title,
        started: event.starts_at <= ctx.clock.now(),
        starts_at: event.starts_at,
        cancelled: event.cancelled_at.is_some(),
        capacity: event.capacity,
        places,
    })
}

/// The sessions of the last 90 days of a group, for recording who came.
pub async fn past_sessions(
    ctx: &Ctx,
    actor: &Actor,
    group_id: i32,
) -> Result<Vec<(i32, String, DateTime<Utc>)>, DomainError> {
    let row = facilitated_group(&ctx.db, actor, group_id).await?;
    let now = ctx.clock.now();
    let ids: Vec<i32> = session::Entity::find()
        .filter(session::Column::GroupId.eq(row.id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| s.event_id)
        .collect();
    Ok(information_event::Entity::find()
        .filter(information_event::Column::Id.is_in(ids))
        .filter(information_event::Column::StartsAt.lte(now))
        .filter(information_event::Column::StartsAt.gt(now - chrono::TimeDelta::days(90)))
        .filter(information_event::Column::CancelledAt.is_null())
        .order_by_desc(information_event::Column::StartsAt)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.title, e.starts_at))
        .collect())
}

/// A kinship carer's own page: their registration, groups and requests,
/// their places at sessions, and open workshops they may book.
#[derive(Clone, Debug, PartialEq)]
pub struct MyGroups {
    pub registration: super::carers::KinshipCarer,
    /// Group id, name, state.
    pub groups: Vec<(i32, String, MembershipState)>,
    /// Group name and session, for the places they have.
    pub booked: Vec<(String, SessionEntry)>,
}

pub async fn my_groups(ctx: &Ctx, actor: &Actor) -> Result<Option<MyGroups>, DomainError> {
    let Some(registration) = my_registration(ctx, actor).await? else {
        return Ok(None);
    };
    let rows = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(registration.person_id))
        .filter(membership::Column::State.is_in([
            MembershipState::Asked.as_str(),
            MembershipState::Member.as_str(),
        ]))
        .all(&ctx.db)
        .await?;
    let names = super::groups::group_names(&ctx.db, rows.iter().map(|m| m.group_id)).await?;
    let groups = rows
        .iter()
        .map(|m| {
            Ok((
                m.group_id,
                names.get(&m.group_id).cloned().unwrap_or_default(),
                MembershipState::from_stored(&m.state)?,
            ))
        })
        .collect::<Result<Vec<_>, DomainError>>()?;
    let now = ctx.clock.now();
    let mine: Vec<i32> = event_registration::Entity::find()
        .filter(event_registration::Column::Email.eq(registration.email.to_lowercase()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| r.event_id)
        .collect();
    let sessions = session::Entity::find()
        .filter(session::Column::EventId.is_in(mine.clone()))
        .all(&ctx.db)
        .await?;
    let booked_groups =
        super::groups::group_names(&ctx.db, sessions.iter().map(|s| s.group_id)).await?;
    let events = information_event::Entity::find()
        .filter(information_event::Column::Id.is_in(sessions.iter().map(|s| s.event_id)))
        .filter(information_event::Column::StartsAt.gt(now))
        .filter(information_event::Column::CancelledAt.is_null())
        .order_by_asc(information_event::Column::StartsAt)
        .all(&ctx.db)
        .await?;
    let booked = events
        .into_iter()
        .filter_map(|event| {
            let kinship = sessions.iter().find(|s| s.event_id == event.id)?;
            let group = booked_groups
                .get(&kinship.group_id)
                .cloned()
                .unwrap_or_default();
            Some((
                group,
                SessionEntry {
                    id: event.id,
                    workshop: event.purpose == EventPurpose::KinshipWorkshop.as_str(),
                    open_to_all: kinship.open_to_all,
                    title: event.title,
                    about: event.description,
                    starts_at: event.starts_at,
                    ends_at: event.ends_at,
                    places_left: 0,
                    booked: true,
                },
            ))
        })
        .collect();
    Ok(Some(MyGroups {
        registration,
        groups,
        booked,
    }))
}
