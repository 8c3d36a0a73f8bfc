//! Asking for a peer supporter, and the coordinator matching one. An
//! applicant invited to apply presses "Ask for a peer supporter"; the
//! request waits, with how long, for the coordinator, who sees suggested
//! supporters in the stated order (`matching`) and confirms one. That
//! starts a mentoring relationship, which ends on a date the service sets
//! (six months on). Someone matched can be matched again: the earlier
//! relationship ends with the reason, and both stay in the history.

use chrono::{DateTime, Datelike, Days, Months, Utc};
use chrono_tz::Europe::London;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::bookings::BookingState;
use super::entities::{booking, relationship, request, supporter};
use super::matching::{Candidate, Suggestion, Waiting, suggest};
use super::settings::settings_of;
use crate::accounts::entities::person;
use crate::accounts::people_holding;
use crate::carers::entities::carer_household;
use crate::geography::Postcode;
use crate::geography::entities::postcode_district;
use crate::names::stored_names;
use crate::notifications::{people_to_tell, tell};
use crate::policy::Permission;
use crate::recruitment::entities::household;
use crate::recruitment::funnel::State;
use crate::recruitment::interest::FosteringKind;
use crate::recruitment::own_enquiries;
use crate::text::bounded;
use crate::workflow::{self, Step, Workflow};
use crate::{Actor, Ctx, DomainError};

/// How long a relationship lasts unless ended sooner.
pub const MENTORING_MONTHS: u32 = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestState {
    Waiting,
    Matched,
    Withdrawn,
}

stored_names!(RequestState {
    Waiting => "waiting", "Waiting",
    Matched => "matched", "Matched",
    Withdrawn => "withdrawn", "Withdrawn",
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RelationshipState {
    Active,
    Ended,
}

stored_names!(RelationshipState {
    Active => "active", "Active",
    Ended => "ended", "Ended",
});

const MAX_LANGUAGES: usize = 200;
const MAX_REASON: usize = 1_000;

/// How long after approval a carer may still ask.
const FIRST_YEAR_DAYS: u64 = 365;

/// The actor's household invited to apply, applying, or approved within
/// the last year, if any: who may ask.
async fn applying(ctx: &Ctx, actor: &Actor) -> Result<Option<household::Model>, DomainError> {
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    for enquiry in own_enquiries(ctx, actor).await? {
        if !matches!(enquiry.state, State::Open(stage) if stage.invited_to_apply()) {
            continue;
        }
        let approved_long_ago = carer_household::Entity::find()
            .filter(carer_household::Column::HouseholdId.eq(enquiry.household_id))
            .one(&ctx.db)
            .await?
            .is_some_and(|c| c.approved_on + Days::new(FIRST_YEAR_DAYS) < today);
        if !approved_long_ago {
            return Ok(household::Entity::find_by_id(enquiry.household_id)
                .one(&ctx.db)
                .await?);
        }
    }
    Ok(None)
}

fn split(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Asks for a peer supporter, for an applicant invited to apply or a
/// carer in their first year. Asking
/// again while one request waits, or a relationship stands, changes
/// nothing. The coordinators are told there is someone waiting.
pub async fn ask_for_supporter(
    ctx: &Ctx,
    actor: &Actor,
    languages: &str,
) -> Result<i32, DomainError> {
    let person_id = actor.person_id().ok_or_else(|| actor.refusal())?;
    let Some(home) = applying(ctx, actor).await? else {
        return Err(DomainError::Conflict(
            "You can ask for a peer supporter once you are invited to apply".into(),
        ));
    };
    let mut errors = Vec::new();
    let languages = bounded(&mut errors, "languages", languages, MAX_LANGUAGES, None);
    if !errors.is_empty() {
        return Err(DomainError::InvalidInput(errors));
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let id = request_in(&*txn, actor, (&home, person_id), &languages, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// Everyone invited to apply is offered a supporter where the service
/// says so (Kent's model): a request waits for them as if they had asked.
/// Called in the transaction that invites them.
pub(crate) async fn offer_at_invitation(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    home: &household::Model,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let Some(person_id) = home.person_id else {
        return Ok(());
    };
    if settings_of(conn, home.organisation_id)
        .await?
        .mentor_at_invitation
    {
        request_in(conn, actor, (home, person_id), "", now).await?;
    }
    Ok(())
}

/// The person's standing request at the household's service, made if
/// there is none; the coordinators are told someone is waiting.
async fn request_in(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    (home, person_id): (&household::Model, i32),
    languages: &str,
    now: DateTime<Utc>,
) -> Result<i32, DomainError> {
    let standing = request::Entity::find()
        .filter(request::Column::OrganisationId.eq(home.organisation_id))
        .filter(request::Column::PersonId.eq(person_id))
        .filter(request::Column::State.is_in([
            RequestState::Waiting.as_str(),
            RequestState::Matched.as_str(),
        ]))
        .order_by_desc(request::Column::AskedAt)
        .one(conn)
        .await?;
    if let Some(standing) = standing {
        return Ok(standing.id);
    }
    let outcode = Postcode::parse(&home.postcode)
        .map(|p| p.outcode().as_str().to_owned())
        .unwrap_or_default();
    let row = request::ActiveModel {
        id: NotSet,
        organisation_id: Set(home.organisation_id),
        person_id: Set(person_id),
        household_id: Set(Some(home.id)),
        kinds: Set(home.interests.clone()),
        languages: Set(languages.to_owned()),
        outcode: Set(outcode),
        state: Set(RequestState::Waiting.as_str().to_owned()),
        asked_at: Set(now),
    }
    .insert(conn)
    .await?;
    record(
        conn,
        (Workflow::PeerSupportRequest, row.id),
        actor,
        ("ask", "waiting", "waiting"),
        None,
        now,
    )
    .await?;
    let coordinators: Vec<i32> = people_holding(
        conn,
        home.organisation_id,
        Permission::CoordinatePeerSupport,
    )
    .await?
    .into_iter()
    .map(|p| p.id)
    .collect();
    tell(
        conn,
        people_to_tell(conn, &coordinators).await?,
        "/peer-support/waiting",
        now,
        now,
    )
    .await?;
    Ok(row.id)
}

async fn record(
    conn: &impl ConnectionTrait,
    (workflow, record_id): (Workflow, i32),
    actor: &Actor,
    (event, from, to): (&'static str, &'static str, &'static str),
    reason: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), DomainError> {
    workflow::record(
        conn,
        Step {
            workflow,
            record_id,
            household_id: None,
            at,
            actor_id: actor.person_id(),
            event,
            from,
            to,
            reason,
        },
    )
    .await
}

/// Someone waiting, or matched, as the coordinator sees them.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonToMatch {
    pub request_id: i32,
    pub name: String,
    pub asked_at: DateTime<Utc>,
    pub days_waiting: i64,
    pub kinds: Vec<FosteringKind>,
    pub languages: Vec<String>,
    pub outcode: String,
    /// Their supporter now, for someone matched: relationship id and name.
    pub matched_with: Option<(i32, String)>,
    pub suggestions: Vec<Suggestion>,
}

/// The organisation's people waiting (longest first), then those matched,
/// each with suggested supporters: for its coordinators.
pub async fn people_to_match(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<PersonToMatch>, DomainError> {
    actor.require(Permission::CoordinatePeerSupport, organisation_id)?;
    let now = ctx.clock.now();
    let requests = request::Entity::find()
        .filter(request::Column::OrganisationId.eq(organisation_id))
        .filter(request::Column::State.is_in([
            RequestState::Waiting.as_str(),
            RequestState::Matched.as_str(),
        ]))
        .order_by_asc(request::Column::AskedAt)
        .all(&ctx.db)
        .await?;
    let supporters = supporter::Entity::find()
        .filter(supporter::Column::OrganisationId.eq(organisation_id))
        .all(&ctx.db)
        .await?;
    let active = relationship::Entity::find()
        .filter(relationship::Column::OrganisationId.eq(organisation_id))
        .filter(relationship::Column::State.eq(RelationshipState::Active.as_str()))
        .all(&ctx.db)
        .await?;
    let people = person::Entity::find()
        .filter(
            person::Column::Id.is_in(
                requests
                    .iter()
                    .map(|r| r.person_id)
                    .chain(supporters.iter().map(|s| s.person_id)),
            ),
        )
        .all(&ctx.db)
        .await?;
    let name = |id: i32| {
        people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let outcodes: Vec<String> = requests
        .iter()
        .map(|r| r.outcode.clone())
        .chain(supporters.iter().map(|s| s.outcode.clone()))
        .collect();
    let places: Vec<(String, (f64, f64))> = postcode_district::Entity::find()
        .filter(postcode_district::Column::Outcode.is_in(outcodes))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|d| (d.outcode, (d.latitude, d.longitude)))
        .collect();
    let place = |outcode: &str| places.iter().find(|(o, _)| o == outcode).map(|(_, p)| *p);
    let candidates: Vec<Candidate> = supporters
        .iter()
        .map(|s| Candidate {
            supporter_id: s.id,
            name: name(s.person_id),
            kinds: split(&s.kinds)
                .iter()
                .filter_map(|k| FosteringKind::parse(k))
                .collect(),
            languages: split(&s.languages),
            place: place(&s.outcode),
            capacity: s.capacity,
            supporting: i32::try_from(active.iter().filter(|r| r.supporter_id == s.id).count())
                .unwrap_or(i32::MAX),
        })
        .collect();
    let mut found: Vec<PersonToMatch> = requests
        .into_iter()
        .map(|r| {
            let kinds: Vec<FosteringKind> = split(&r.kinds)
                .iter()
                .filter_map(|k| FosteringKind::parse(k))
                .collect();
            let waiting = Waiting {
                kinds: kinds.clone(),
                languages: split(&r.languages),
                place: place(&r.outcode),
            };
            let matched_with = active.iter().find(|rel| rel.request_id == r.id).map(|rel| {
                let supporter_name = candidates
                    .iter()
                    .find(|c| c.supporter_id == rel.supporter_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                (rel.id, supporter_name)
            });
            PersonToMatch {
                request_id: r.id,
                name: name(r.person_id),
                asked_at: r.asked_at,
                days_waiting: (now - r.asked_at).num_days(),
                kinds,
                languages: waiting.languages.clone(),
                outcode: r.outcode,
                suggestions: suggest(&waiting, &candidates),
                matched_with,
            }
        })
        .collect();
    // Those waiting first, longest first; then those matched.
    found.sort_by(|a, b| {
        a.matched_with
            .is_some()
            .cmp(&b.matched_with.is_some())
            .then(a.asked_at.cmp(&b.asked_at))
    });
    Ok(found)
}

/// Confirms a supporter for someone: the relationship starts now and ends
/// six months on. For someone already matched, the earlier relationship
/// ends with `reason` (which must be given) and stays in the history.
pub async fn confirm_match(
    ctx: &Ctx,
    actor: &Actor,
    request_id: i32,
    supporter_id: i32,
    reason: &str,
) -> Result<i32, DomainError> {
    actor.require_signed_in()?;
    let asked = request::Entity::find_by_id(request_id)
        .one(&ctx.db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !actor.may(Permission::CoordinatePeerSupport, asked.organisation_id) {
        return Err(DomainError::NotFound);
    }
    let chosen = supporter::Entity::find_by_id(supporter_id)
        .one(&ctx.db)
        .await?
        .filter(|s| s.organisation_id == asked.organisation_id)
        .ok_or_else(|| {
            DomainError::invalid("supporter", "Choose one of the service's peer supporters")
        })?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let state = RequestState::from_stored(&asked.state)?;
    if state == RequestState::Withdrawn {
        return Err(DomainError::Conflict(
            "They no longer want a peer supporter".into(),
        ));
    }
    let supporting = relationship::Entity::find()
        .filter(relationship::Column::SupporterId.eq(chosen.id))
        .filter(relationship::Column::State.eq(RelationshipState::Active.as_str()))
        .all(&*txn)
        .await?;
    if supporting.iter().any(|r| r.request_id == asked.id) {
        return Err(DomainError::Conflict(
            "They are already matched with this supporter".into(),
        ));
    }
    if i32::try_from(supporting.len()).unwrap_or(i32::MAX) >= chosen.capacity {
        return Err(DomainError::Conflict(
            "This supporter has no room for anyone else: choose another".into(),
        ));
    }
    let earlier = relationship::Entity::find()
        .filter(relationship::Column::RequestId.eq(asked.id))
        .filter(relationship::Column::State.eq(RelationshipState::Active.as_str()))
        .one(&*txn)
        .await?;
    if let Some(earlier) = earlier {
        let mut errors = Vec::new();
        let reason = bounded(
            &mut errors,
            "reason",
            reason,
            MAX_REASON,
            Some("Say why they are being matched again"),
        );
        if !errors.is_empty() {
            return Err(DomainError::InvalidInput(errors));
        }
        relationship::ActiveModel {
            id: Set(earlier.id),
            state: Set(RelationshipState::Ended.as_str().to_owned()),
            ended_at: Set(Some(now)),
            end_reason: Set(Some(reason.clone())),
            ..Default::default()
        }
        .update(&*txn)
        .await?;
        record(
            &*txn,
            (Workflow::MentoringRelationship, earlier.id),
            actor,
            ("rematch", "active", "ended"),
            Some(&reason),
            now,
        )
        .await?;
    }
    let today = now.with_timezone(&London).date_naive();
    let ends_on = today
        .checked_add_months(Months::new(MENTORING_MONTHS))
        .unwrap_or(today.with_day(28).unwrap_or(today));
    let row = relationship::ActiveModel {
        id: NotSet,
        organisation_id: Set(asked.organisation_id),
        request_id: Set(asked.id),
        supporter_id: Set(chosen.id),
        mentee_id: Set(asked.person_id),
        state: Set(RelationshipState::Active.as_str().to_owned()),
        started_at: Set(now),
        ends_on: Set(ends_on),
        ended_at: Set(None),
        end_reason: Set(None),
        confirmed_by_id: Set(actor.person_id()),
        mentee_agreed_at: Set(None),
        supporter_agreed_at: Set(None),
        end_reminded_at: Set(None),
    }
    .insert(&*txn)
    .await?;
    record(
        &*txn,
        (Workflow::MentoringRelationship, row.id),
        actor,
        ("confirm", "active", "active"),
        None,
        now,
    )
    .await?;
    if state == RequestState::Waiting {
        request::ActiveModel {
            id: Set(asked.id),
            state: Set(RequestState::Matched.as_str().to_owned()),
            ..Default::default()
        }
        .update(&*txn)
        .await?;
        record(
            &*txn,
            (Workflow::PeerSupportRequest, asked.id),
            actor,
            ("match", "waiting", "matched"),
            None,
            now,
        )
        .await?;
    }
    let told = people_to_tell(&*txn, &[asked.person_id, chosen.person_id]).await?;
    tell(&*txn, told, "/account", now, now).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// The actor's peer supporter, for their account page: name, how they
/// meet, and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MySupporter {
    pub relationship_id: i32,
    pub name: String,
    pub organisation_id: i32,
    pub ways: Vec<super::Way>,
    pub ends_on: chrono::NaiveDate,
    /// Their next meeting booked, if any.
    pub next_meeting: Option<DateTime<Utc>>,
}

/// The actor's supporters now, one per service; and whether they are
/// waiting for one.
pub async fn my_supporters(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<(Vec<MySupporter>, bool), DomainError> {
    let Some(person_id) = actor.person_id() else {
        return Ok((Vec::new(), false));
    };
    let active = relationship::Entity::find()
        .filter(relationship::Column::MenteeId.eq(person_id))
        .filter(relationship::Column::State.eq(RelationshipState::Active.as_str()))
        .all(&ctx.db)
        .await?;
    let waiting = request::Entity::find()
        .filter(request::Column::PersonId.eq(person_id))
        .filter(request::Column::State.eq(RequestState::Waiting.as_str()))
        .one(&ctx.db)
        .await?
        .is_some();
    let supporters = supporter::Entity::find()
        .filter(supporter::Column::Id.is_in(active.iter().map(|r| r.supporter_id)))
        .all(&ctx.db)
        .await?;
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(supporters.iter().map(|s| s.person_id)))
        .all(&ctx.db)
        .await?;
    let coming = booking::Entity::find()
        .filter(booking::Column::RelationshipId.is_in(active.iter().map(|r| r.id)))
        .filter(booking::Column::State.eq(BookingState::Booked.as_str()))
        .filter(booking::Column::EndsAt.gt(ctx.clock.now()))
        .order_by_asc(booking::Column::StartsAt)
        .all(&ctx.db)
        .await?;
    let mine = active
        .iter()
        .filter_map(|r| {
            let s = supporters.iter().find(|s| s.id == r.supporter_id)?;
            let name = people.iter().find(|p| p.id == s.person_id)?.name.clone();
            Some(MySupporter {
                relationship_id: r.id,
                next_meeting: coming
                    .iter()
                    .find(|b| b.relationship_id == r.id)
                    .map(|b| b.starts_at),
                name,
                organisation_id: r.organisation_id,
                ways: split(&s.ways)
                    .iter()
                    .filter_map(|w| super::Way::parse(w))
                    .collect(),
                ends_on: r.ends_on,
            })
        })
        .collect();
    Ok((mine, waiting))
}

/// Whether the actor may press "Ask for a peer supporter": an applicant
/// invited to apply, not waiting and not matched.
pub async fn may_ask(ctx: &Ctx, actor: &Actor) -> Result<bool, DomainError> {
    let (mine, waiting) = my_supporters(ctx, actor).await?;
    Ok(mine.is_empty() && !waiting && applying(ctx, actor).await?.is_some())
}
