//! "I'm worried about a child": one model of concerns for every part of
//! Hearth where the public and volunteers meet (kinship groups now, peer
//! support next). A concern says who raised it, what it is about, and who
//! it goes to: everyone holding a permission in an organisation (its
//! safeguarding leads) and any named people. Nobody else sees it, the
//! person who raised it included once it is sent; every staff read is in
//! the access log. It is raised, then closed with what was done, each
//! move in the workflow history.

pub mod entities;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::accounts::entities::person;
use crate::accounts::people_holding;
use crate::audit::{Subject, record_access};
use crate::names::stored_names;
use crate::notifications::{people_to_tell, tell};
use crate::policy::Permission;
use crate::text::bounded;
use crate::workflow::{self, Step, Workflow};
use crate::{Actor, Ctx, DomainError};
use entities::{concern, route};

/// What the person raising a concern is shown, whoever they are.
pub const IN_DANGER: &str = "If a child is in immediate danger, call 999. Otherwise, contact the child's local council's children's services.";

/// The most a concern may say.
pub const MAX_WHAT: usize = 4_000;
const MAX_OUTCOME: usize = 4_000;

/// What a concern is about: the record it was raised from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConcernAbout {
    KinshipGroup,
    MentoringRelationship,
}

stored_names!(ConcernAbout {
    KinshipGroup => "kinship_group", "A kinship group",
    MentoringRelationship => "mentoring_relationship", "Peer support",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConcernState {
    Raised,
    Closed,
}

stored_names!(ConcernState {
    Raised => "raised", "Raised",
    Closed => "closed", "Closed",
});

/// Who a concern goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Everyone holding the permission in the concern's organisation.
    Holding(Permission),
    /// One person.
    Person(i32),
}

/// The permissions a concern may be routed by, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum RoutedPermission {
    LeadSafeguarding,
    AdministerOrganisation,
    CoordinatePeerSupport,
}

impl RoutedPermission {
    fn as_str(self) -> &'static str {
        match self {
            Self::LeadSafeguarding => "lead_safeguarding",
            Self::AdministerOrganisation => "administer_organisation",
            Self::CoordinatePeerSupport => "coordinate_peer_support",
        }
    }

    fn parse(stored: &str) -> Option<Self> {
        [
            Self::LeadSafeguarding,
            Self::AdministerOrganisation,
            Self::CoordinatePeerSupport,
        ]
        .into_iter()
        .find(|p| p.as_str() == stored)
    }

    fn of(permission: Permission) -> Option<Self> {
        match permission {
            Permission::LeadSafeguarding => Some(Self::LeadSafeguarding),
            Permission::AdministerOrganisation => Some(Self::AdministerOrganisation),
            Permission::CoordinatePeerSupport => Some(Self::CoordinatePeerSupport),
            _ => None,
        }
    }

    fn permission(self) -> Permission {
        match self {
            Self::LeadSafeguarding => Permission::LeadSafeguarding,
            Self::AdministerOrganisation => Permission::AdministerOrganisation,
            Self::CoordinatePeerSupport => Permission::CoordinatePeerSupport,
        }
    }
}

/// A concern being raised, by a use case that has checked the actor may
/// raise it about `about_id`.
pub(crate) struct NewConcern<'a> {
    pub organisation_id: i32,
    pub about: ConcernAbout,
    pub about_id: i32,
    pub what: &'a str,
    pub routes: &'a [Route],
}

/// Records the concern and tells each person it goes to that there is
/// something to see (never what). Returns its id.
pub(crate) async fn raise(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    input: NewConcern<'_>,
    now: DateTime<Utc>,
) -> Result<i32, DomainError> {
    let mut errors = Vec::new();
    bounded(
        &mut errors,
        "what",
        input.what,
        MAX_WHAT,
        Some("Say what is worrying you"),
    );
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let row = concern::ActiveModel {
        id: NotSet,
        organisation_id: Set(input.organisation_id),
        raised_by_id: Set(actor.person_id()),
        about_kind: Set(input.about.as_str().to_owned()),
        about_id: Set(input.about_id),
        what: Set(input.what.trim().to_owned()),
        state: Set(ConcernState::Raised.as_str().to_owned()),
        raised_at: Set(now),
        closed_at: Set(None),
        closed_by_id: Set(None),
        outcome: Set(None),
    }
    .insert(conn)
    .await?;
    // Nobody holding a routed permission (a safeguarding lead who left):
    // the organisation's administrators hear of it instead, and if there
    // are none, the concern is refused rather than kept unread.
    let mut routes = input.routes.to_vec();
    let mut anyone = false;
    for route in &routes {
        anyone |= match route {
            Route::Holding(permission) => !people_holding(conn, input.organisation_id, *permission)
                .await?
                .is_empty(),
            Route::Person(_) => true,
        };
    }
    if !anyone {
        routes.push(Route::Holding(Permission::AdministerOrganisation));
        if people_holding(
            conn,
            input.organisation_id,
            Permission::AdministerOrganisation,
        )
        .await?
        .is_empty()
        {
            return Err(DomainError::Conflict(format!(
                "Nobody can receive this at the moment. {IN_DANGER}"
            )));
        }
    }
    let mut recipients = Vec::new();
    for route in &routes {
        let (permission, person_id) = match route {
            Route::Holding(permission) => {
                let stored = RoutedPermission::of(*permission).ok_or_else(|| {
                    DomainError::Internal("a concern routed by an unknown permission".into())
                })?;
                for person in people_holding(conn, input.organisation_id, *permission).await? {
                    recipients.push(person.id);
                }
                (Some(stored.as_str().to_owned()), None)
            }
            Route::Person(id) => {
                recipients.push(*id);
                (None, Some(*id))
            }
        };
        route::ActiveModel {
            id: NotSet,
            concern_id: Set(row.id),
            role: Set(permission),
            person_id: Set(person_id),
        }
        .insert(conn)
        .await?;
    }
    workflow::record(
        conn,
        Step {
            workflow: Workflow::Concern,
            record_id: row.id,
            household_id: None,
            at: now,
            actor_id: actor.person_id(),
            event: "raise",
            from: ConcernState::Raised.as_str(),
            to: ConcernState::Raised.as_str(),
            reason: None,
        },
    )
    .await?;
    recipients.sort_unstable();
    recipients.dedup();
    let path = concern_path(row.id);
    tell(
        conn,
        people_to_tell(conn, &recipients).await?,
        &path,
        now,
        now,
    )
    .await?;
    Ok(row.id)
}

pub fn concern_path(id: i32) -> String {
    format!("/concerns/{id}")
}

/// A concern as a list shows it: never what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConcernSummary {
    pub id: i32,
    pub organisation: String,
    pub about: String,
    pub state: ConcernState,
    pub raised_at: DateTime<Utc>,
}

/// A concern, as the people it went to read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConcernRecord {
    pub summary: ConcernSummary,
    pub what: String,
    /// Who raised it, and how to reach them.
    pub raised_by: Option<(String, String)>,
    pub outcome: Option<String>,
    pub closed: Option<(DateTime<Utc>, String)>,
}

/// Whether the concern goes to the actor.
fn routed_to(actor: &Actor, row: &concern::Model, routes: &[route::Model]) -> bool {
    routes.iter().any(|route| {
        let by_permission = route
            .role
            .as_deref()
            .and_then(RoutedPermission::parse)
            .is_some_and(|p| actor.may(p.permission(), row.organisation_id));
        let by_person = route.person_id.is_some() && route.person_id == actor.person_id();
        by_permission || by_person
    })
}

/// The concerns that go to the actor, newest first: the open ones, and the
/// last 100 closed.
pub async fn my_concerns(ctx: &Ctx, actor: &Actor) -> Result<Vec<ConcernSummary>, DomainError> {
    actor.require_signed_in()?;
    let mut organisations = actor.organisations_where(Permission::LeadSafeguarding);
    organisations.extend(actor.organisations_where(Permission::AdministerOrganisation));
    organisations.extend(actor.organisations_where(Permission::CoordinatePeerSupport));
    let mut candidates = Vec::new();
    if !organisations.is_empty() {
        candidates.extend(
            concern::Entity::find()
                .filter(concern::Column::OrganisationId.is_in(organisations))
                .order_by_desc(concern::Column::RaisedAt)
                .all(&ctx.db)
                .await?,
        );
    }
    if let Some(person_id) = actor.person_id() {
        let mine: Vec<i32> = route::Entity::find()
            .filter(route::Column::PersonId.eq(person_id))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|r| r.concern_id)
            .collect();
        candidates.extend(
            concern::Entity::find()
                .filter(concern::Column::Id.is_in(mine))
                .all(&ctx.db)
                .await?,
        );
    }
    candidates.sort_by(|a, b| b.raised_at.cmp(&a.raised_at).then(b.id.cmp(&a.id)));
    candidates.dedup_by_key(|c| c.id);
    let routes = route::Entity::find()
        .filter(route::Column::ConcernId.is_in(candidates.iter().map(|c| c.id)))
        .all(&ctx.db)
        .await?;
    let mut closed = 0;
    let mut shown = Vec::new();
    for row in candidates {
        let own: Vec<route::Model> = routes
            .iter()
            .filter(|r| r.concern_id == row.id)
            .cloned()
            .collect();
        if !routed_to(actor, &row, &own) {
            continue;
        }
        if row.state == ConcernState::Closed.as_str() {
            closed += 1;
            if closed > 100 {
                continue;
            }
        }
        shown.push(row);
    }
    summaries(&ctx.db, shown).await
}

async fn summaries(
    conn: &impl ConnectionTrait,
    rows: Vec<concern::Model>,
) -> Result<Vec<ConcernSummary>, DomainError> {
    let organisations =
        crate::accounts::organisation_names(conn, rows.iter().map(|r| r.organisation_id)).await?;
    let groups = crate::kinship::group_names(
        conn,
        rows.iter()
            .filter(|r| r.about_kind == ConcernAbout::KinshipGroup.as_str())
            .map(|r| r.about_id),
    )
    .await?;
    rows.into_iter()
        .map(|row| {
            let about = match ConcernAbout::from_stored(&row.about_kind)? {
                ConcernAbout::KinshipGroup => groups
                    .get(&row.about_id)
                    .map(|name| format!("The kinship group {name}"))
                    .unwrap_or_else(|| "A kinship group".to_owned()),
                // Never the people's names: the record says who raised it.
                ConcernAbout::MentoringRelationship => "A peer support match".to_owned(),
            };
            Ok(ConcernSummary {
                id: row.id,
                organisation: organisations
                    .get(&row.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                about,
                state: ConcernState::from_stored(&row.state)?,
                raised_at: row.raised_at,
            })
        })
        .collect()
}

/// The concern, for someone it went to; to anyone else it does not exist.
/// Each read is in the access log.
async fn routed_concern(
    ctx: &Ctx,
    actor: &Actor,
    concern_id: i32,
) -> Result<concern::Model, DomainError> {
    actor.require_signed_in()?;
    let row = concern::Entity::find_by_id(concern_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let routes = route::Entity::find()
        .filter(route::Column::ConcernId.eq(row.id))
        .all(&ctx.db)
        .await?;
    if !routed_to(actor, &row, &routes) {
        return Err(DomainError::NotFound);
    }
    Ok(row)
}

/// One concern, whole, for someone it went to.
pub async fn concern_record(
    ctx: &Ctx,
    actor: &Actor,
    concern_id: i32,
) -> Result<ConcernRecord, DomainError> {
    let row = routed_concern(ctx, actor, concern_id).await?;
    record_access(
        ctx,
        actor,
        row.organisation_id,
        Subject::Concern,
        Some(row.id),
    )
    .await?;
    let people: Vec<i32> = [row.raised_by_id, row.closed_by_id]
        .into_iter()
        .flatten()
        .collect();
    let named = person::Entity::find()
        .filter(person::Column::Id.is_in(people))
        .all(&ctx.db)
        .await?;
    let who = |id: Option<i32>| named.iter().find(|p| Some(p.id) == id);
    let raised_by = who(row.raised_by_id).map(|p| (p.name.clone(), p.email.clone()));
    let closed = row.closed_at.map(|at| {
        (
            at,
            who(row.closed_by_id)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
        )
    });
    let what = row.what.clone();
    let outcome = row.outcome.clone();
    let summary = summaries(&ctx.db, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::NotFound)?;
    Ok(ConcernRecord {
        summary,
        what,
        raised_by,
        outcome,
        closed,
    })
}

/// Closes a concern with what was done about it.
pub async fn close_concern(
    ctx: &Ctx,
    actor: &Actor,
    concern_id: i32,
    outcome: &str,
) -> Result<(), DomainError> {
    let row = routed_concern(ctx, actor, concern_id).await?;
    let mut errors = Vec::new();
    bounded(
        &mut errors,
        "outcome",
        outcome,
        MAX_OUTCOME,
        Some("Say what was done"),
    );
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let closed = concern::Entity::update_many()
        .col_expr(concern::Column::State, ConcernState::Closed.as_str().into())
        .col_expr(concern::Column::ClosedAt, now.into())
        .col_expr(concern::Column::ClosedById, actor.person_id().into())
        .col_expr(
            concern::Column::Outcome,
            Some(outcome.trim().to_owned()).into(),
        )
        .filter(concern::Column::Id.eq(row.id))
        .filter(concern::Column::State.eq(ConcernState::Raised.as_str()))
        .exec(&*txn)
        .await?;
    if closed.rows_affected == 0 {
        return Err(DomainError::Conflict(
            "This concern has already been closed".into(),
        ));
    }
    workflow::record(
        &*txn,
        Step {
            workflow: Workflow::Concern,
            record_id: row.id,
            household_id: None,
            at: now,
            actor_id: actor.person_id(),
            event: "close",
            from: ConcernState::Raised.as_str(),
            to: ConcernState::Closed.as_str(),
            reason: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
