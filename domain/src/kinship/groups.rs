//! A kinship carer group: who runs it, what it is, where or how it meets,
//! who it is for and which of the organisation's facilitators run it. A
//! facilitator sets one up; its facilitators change it.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::entities::{group, group_area, group_facilitator, series, session};
use super::sessions::coming_sessions;
use crate::accounts::{organisation_names, organisations_with_holders, people_holding};
use crate::geography::Postcode;
use crate::geography::entities::{local_authority, postcode_district, region};
use crate::names::stored_names;
use crate::notifications::{EmailAddress, tell};
use crate::policy::Permission;
use crate::recruitment::entities::{event_registration, information_event};
use crate::recruitment::events::{EventFormat, cancel_held_event};
use crate::text::{bounded, is_https_link};
use crate::{Actor, Ctx, DomainError, FieldError};
use sea_orm::sea_query::Expr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupFormat {
    InPerson,
    Online,
    Both,
}

stored_names!(GroupFormat {
    InPerson => "in_person", "In person",
    Online => "online", "Online",
    Both => "both", "In person and online",
});

impl GroupFormat {
    pub fn meets_in_person(self) -> bool {
        self != Self::Online
    }

    pub fn meets_online(self) -> bool {
        self != Self::InPerson
    }
}

/// Who a group is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ForWhom {
    Anyone,
    Grandparents,
    MaleCarers,
    Under35s,
}

stored_names!(ForWhom {
    Anyone => "anyone", "Any kinship carer",
    Grandparents => "grandparents", "Grandparents",
    MaleCarers => "male_carers", "Male carers",
    Under35s => "under_35s", "Carers under 35",
});

/// The area an online group serves; a group that meets in person serves
/// those near it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Serves {
    Nearby,
    National,
    Region,
    Authorities,
}

stored_names!(Serves {
    Nearby => "nearby", "People near where it meets",
    National => "national", "Anywhere in England",
    Region => "region", "A region",
    Authorities => "authorities", "Some local authorities",
});

const MAX_NAME: usize = 120;
const MAX_ABOUT: usize = 2_000;
const MAX_VENUE: usize = 300;
const MAX_AGREEMENT: usize = 3_000;
/// The most authorities an online group names; more is a region.
const MOST_AUTHORITIES: usize = 40;

/// What the group agreement says unless the facilitators write their own.
pub const STANDARD_AGREEMENT: &str = "What is said in the group stays in the group: we do not repeat anyone's story outside it. We listen to each other and treat each other with respect, whatever our family's story. We do not share photographs or details of each other's children. If someone is worried about a child's safety, they tell a facilitator, who will pass it to our safeguarding lead.";

/// What setting up or changing a group asks.
#[derive(Clone, Debug, Default)]
pub struct GroupInput {
    pub organisation_id: i32,
    pub name: String,
    pub about: String,
    pub format: Option<GroupFormat>,
    pub for_whom: Option<ForWhom>,
    pub children_welcome: bool,
    pub venue: String,
    pub postcode: String,
    pub joining_link: String,
    pub serves: Option<Serves>,
    /// A region's GSS code, for a group serving a region.
    pub region: String,
    /// Local authorities' GSS codes, for a group serving some.
    pub authorities: Vec<String>,
    pub agreement: String,
    /// The organisation's facilitators who run it.
    pub facilitators: Vec<i32>,
}

/// The group, if the actor facilitates it: a facilitator of its
/// organisation named on it. To anyone else it does not exist.
pub(crate) async fn facilitated_group(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    group_id: i32,
) -> Result<group::Model, DomainError> {
    actor.require_signed_in()?;
    let row = group::Entity::find_by_id(group_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if facilitates(conn, actor, &row).await? {
        Ok(row)
    } else {
        Err(DomainError::NotFound)
    }
}

/// Whether the actor is one of the group's facilitators.
pub(crate) async fn facilitates(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    row: &group::Model,
) -> Result<bool, DomainError> {
    let Some(person_id) = actor.person_id() else {
        return Ok(false);
    };
    if !actor.may(Permission::FacilitateKinshipGroups, row.organisation_id) {
        return Ok(false);
    }
    Ok(group_facilitator::Entity::find_by_id((row.id, person_id))
        .one(conn)
        .await?
        .is_some())
}

/// Where a group meets or whom it serves, as checked.
struct Checked {
    place: (Option<String>, Option<String>, Option<f64>, Option<f64>),
    joining_link: Option<String>,
    serves: Serves,
    region_code: Option<String>,
    authorities: Vec<i32>,
    facilitators: Vec<i32>,
}

async fn check(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    input: &GroupInput,
) -> Result<Checked, DomainError> {
    let mut errors: Vec<FieldError> = Vec::new();
    bounded(
        &mut errors,
        "name",
        &input.name,
        MAX_NAME,
        Some("Enter the group's name"),
    );
    bounded(
        &mut errors,
        "about",
        &input.about,
        MAX_ABOUT,
        Some("Say what the group is like and what happens at it"),
    );
    bounded(
        &mut errors,
        "agreement",
        &input.agreement,
        MAX_AGREEMENT,
        None,
    );
    if input.for_whom.is_none() {
        errors.push(FieldError::new("for_whom", "Select who the group is for"));
    }
    let mut checked = Checked {
        place: (None, None, None, None),
        joining_link: None,
        serves: Serves::Nearby,
        region_code: None,
        authorities: Vec::new(),
        facilitators: Vec::new(),
    };
    let Some(format) = input.format else {
        errors.push(FieldError::new("format", "Select how the group meets"));
        return Err(DomainError::InvalidInput(errors));
    };
    if format.meets_in_person() {
        let venue = bounded(
            &mut errors,
            "venue",
            &input.venue,
            MAX_VENUE,
            Some("Enter where the group meets: the building and street"),
        );
        match Postcode::parse(&input.postcode) {
            Err(message) => errors.push(FieldError::new("postcode", message)),
            Ok(postcode) => {
                match postcode_district::Entity::find_by_id(postcode.outcode().as_str())
                    .one(conn)
                    .await?
                {
                    Some(district) => {
                        checked.place = (
                            Some(venue),
                            Some(postcode.to_string()),
                            Some(district.latitude),
                            Some(district.longitude),
                        );
                    }
                    None => errors.push(FieldError::new(
                        "postcode",
                        "We do not know that postcode: check it and try again",
                    )),
                }
            }
        }
    }
    if format.meets_online() {
        let link = input.joining_link.trim();
        if !is_https_link(link) {
            errors.push(FieldError::new(
                "joining_link",
                "Enter the link members join online with, starting https://",
            ));
        }
        checked.joining_link = Some(link.to_owned());
    }
    if format == GroupFormat::Online {
        match input.serves {
            None | Some(Serves::Nearby) => errors.push(FieldError::new(
                "serves",
                "Select the area the group is for",
            )),
            Some(Serves::National) => checked.serves = Serves::National,
            Some(Serves::Region) => {
                checked.serves = Serves::Region;
                let found = region::Entity::find()
                    .filter(region::Column::GssCode.eq(input.region.trim()))
                    .one(conn)
                    .await?;
                match found {
                    Some(found) => checked.region_code = Some(found.gss_code),
                    None => errors.push(FieldError::new("region", "Select the region")),
                }
            }
            Some(Serves::Authorities) => {
                checked.serves = Serves::Authorities;
                let codes: Vec<&str> = input.authorities.iter().map(|c| c.trim()).collect();
                let found = local_authority::Entity::find()
                    .filter(local_authority::Column::GssCode.is_in(codes.iter().copied()))
                    .all(conn)
                    .await?;
                if found.len() != codes.len() {
                    errors.push(FieldError::new(
                        "authorities",
                        "Select local authorities from the list",
                    ));
                } else if found.is_empty() || found.len() > MOST_AUTHORITIES {
                    errors.push(FieldError::new(
                        "authorities",
                        format!("Select from 1 to {MOST_AUTHORITIES} local authorities"),
                    ));
                }
                checked.authorities = found.into_iter().map(|a| a.id).collect();
            }
        }
    }
    let may_facilitate: Vec<i32> = people_holding(
        conn,
        input.organisation_id,
        Permission::FacilitateKinshipGroups,
    )
    .await?
    .into_iter()
    .map(|p| p.id)
    .collect();
    let mut facilitators = input.facilitators.clone();
    if let Some(me) = actor.person_id()
        && facilitators.is_empty()
    {
        facilitators.push(me);
    }
    facilitators.sort_unstable();
    facilitators.dedup();
    if facilitators.is_empty() || facilitators.iter().any(|id| !may_facilitate.contains(id)) {
        errors.push(FieldError::new(
            "facilitators",
            "Select who facilitates the group, from the organisation's kinship group facilitators",
        ));
    }
    checked.facilitators = facilitators;
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(DomainError::InvalidInput(errors))
    }
}

/// Sets up a group for the actor's organisation. Returns its id.
pub async fn set_up_group(
    ctx: &Ctx,
    actor: &Actor,
    input: &GroupInput,
) -> Result<i32, DomainError> {
    actor.require(Permission::FacilitateKinshipGroups, input.organisation_id)?;
    let checked = check(&ctx.db, actor, input).await?;
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    let row = group::ActiveModel {
        id: NotSet,
        organisation_id: Set(input.organisation_id),
        created_by_id: Set(actor.person_id()),
        created_at: Set(now),
        closed_at: Set(None),
        ..filled(input, &checked)
    }
    .insert(&*txn)
    .await?;
    keep_people_and_areas(&*txn, row.id, &checked).await?;
    crate::search::public::note_group(&*txn, row.id, now).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Changes a group the actor facilitates.
pub async fn change_group(
    ctx: &Ctx,
    actor: &Actor,
    group_id: i32,
    input: &GroupInput,
) -> Result<(), DomainError> {
    let row = facilitated_group(&ctx.db, actor, group_id).await?;
    let input = GroupInput {
        organisation_id: row.organisation_id,
        ..input.clone()
    };
    let checked = check(&ctx.db, actor, &input).await?;
    let txn = ctx.write().await?;
    group::ActiveModel {
        id: Set(row.id),
        organisation_id: Set(row.organisation_id),
        created_by_id: Set(row.created_by_id),
        created_at: Set(row.created_at),
        closed_at: Set(row.closed_at),
        ..filled(&input, &checked)
    }
    .update(&*txn)
    .await?;
    group_area::Entity::delete_many()
        .filter(group_area::Column::GroupId.eq(row.id))
        .exec(&*txn)
        .await?;
    group_facilitator::Entity::delete_many()
        .filter(group_facilitator::Column::GroupId.eq(row.id))
        .exec(&*txn)
        .await?;
    keep_people_and_areas(&*txn, row.id, &checked).await?;
    move_coming_sessions(&*txn, &row, &checked, ctx.clock.now()).await?;
    crate::search::public::note_group(&*txn, row.id, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}

/// The columns the form fills.
fn filled(input: &GroupInput, checked: &Checked) -> group::ActiveModel {
    let (venue, postcode, latitude, longitude) = checked.place.clone();
    let agreement = input.agreement.trim();
    group::ActiveModel {
        name: Set(input.name.trim().to_owned()),
        about: Set(input.about.trim().to_owned()),
        format: Set(input
            .format
            .unwrap_or(GroupFormat::InPerson)
            .as_str()
            .to_owned()),
        for_whom: Set(input
            .for_whom
            .unwrap_or(ForWhom::Anyone)
            .as_str()
            .to_owned()),
        children_welcome: Set(input.children_welcome),
        venue: Set(venue),
        postcode: Set(postcode),
        latitude: Set(latitude),
        longitude: Set(longitude),
        joining_link: Set(checked.joining_link.clone()),
        serves: Set(checked.serves.as_str().to_owned()),
        region_code: Set(checked.region_code.clone()),
        agreement: Set(if agreement.is_empty() {
            STANDARD_AGREEMENT.to_owned()
        } else {
            agreement.to_owned()
        }),
        ..Default::default()
    }
}

async fn keep_people_and_areas(
    conn: &impl ConnectionTrait,
    group_id: i32,
    checked: &Checked,
) -> Result<(), DomainError> {
    for person_id in &checked.facilitators {
        group_facilitator::ActiveModel {
            group_id: Set(group_id),
            person_id: Set(*person_id),
        }
        .insert(conn)
        .await?;
    }
    for local_authority_id in &checked.authorities {
        group_area::ActiveModel {
            group_id: Set(group_id),
            local_authority_id: Set(*local_authority_id),
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// Closes a group: it is no longer listed or booked, its series stop and
/// its sessions still to come are cancelled (each booked person is told);
/// its members and history are kept.
pub async fn close_group(ctx: &Ctx, actor: &Actor, group_id: i32) -> Result<(), DomainError> {
    let row = facilitated_group(&ctx.db, actor, group_id).await?;
    if row.closed_at.is_some() {
        return Err(DomainError::Conflict("This group is already closed".into()));
    }
    let now = ctx.clock.now();
    let txn = ctx.write().await?;
    group::ActiveModel {
        id: Set(row.id),
        closed_at: Set(Some(now)),
        ..Default::default()
    }
    .update(&*txn)
    .await?;
    series::Entity::update_many()
        .col_expr(series::Column::StoppedAt, Expr::value(now))
        .filter(series::Column::GroupId.eq(row.id))
        .filter(series::Column::StoppedAt.is_null())
        .exec(&*txn)
        .await?;
    crate::search::public::note_group(&*txn, row.id, now).await?;
    txn.commit().await?;
    for session in coming_sessions(&ctx.db, row.id, now).await? {
        cancel_held_event(ctx, session).await?;
    }
    Ok(())
}

/// Where a group meets, copied onto its sessions to come when it changes:
/// their reminders and calendar files say where to go.
async fn move_coming_sessions(
    conn: &impl ConnectionTrait,
    row: &group::Model,
    checked: &Checked,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DomainError> {
    let coming = coming_sessions(conn, row.id, now).await?;
    let (venue, postcode, latitude, longitude) = checked.place.clone();
    let meets_in_person = venue.is_some();
    // Those with places are told there is something to see: where to go,
    // or how to join, is not what their calendar says any more.
    let moved =
        row.venue != venue || row.postcode != postcode || row.joining_link != checked.joining_link;
    if moved {
        let booked: Vec<(String, EmailAddress)> = event_registration::Entity::find()
            .filter(event_registration::Column::EventId.is_in(coming.clone()))
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|r| EmailAddress::parse(&r.email).ok().map(|a| (r.name, a)))
            .fold(Vec::new(), |mut people, (name, address)| {
                if !people
                    .iter()
                    .any(|(_, a): &(String, EmailAddress)| a == &address)
                {
                    people.push((name, address));
                }
                people
            });
        tell(conn, booked, "/kinship/my-groups", now, now).await?;
    }
    information_event::Entity::update_many()
        .col_expr(information_event::Column::Venue, Expr::value(venue))
        .col_expr(information_event::Column::Postcode, Expr::value(postcode))
        .col_expr(information_event::Column::Latitude, Expr::value(latitude))
        .col_expr(information_event::Column::Longitude, Expr::value(longitude))
        .col_expr(
            information_event::Column::Format,
            Expr::value(
                if meets_in_person {
                    EventFormat::InPerson
                } else {
                    EventFormat::Online
                }
                .as_str(),
            ),
        )
        .filter(information_event::Column::Id.is_in(coming.clone()))
        .exec(conn)
        .await?;
    // An open workshop keeps its own link: the group's is for members.
    let for_members = session::Entity::find()
        .filter(session::Column::EventId.is_in(coming))
        .filter(session::Column::OpenToAll.eq(false))
        .all(conn)
        .await?;
    information_event::Entity::update_many()
        .col_expr(
            information_event::Column::JoiningLink,
            Expr::value(checked.joining_link.clone()),
        )
        .filter(information_event::Column::Id.is_in(for_members.iter().map(|s| s.event_id)))
        .exec(conn)
        .await?;
    Ok(())
}

/// The names of these groups.
pub async fn group_names(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, DomainError> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(group::Entity::find()
        .filter(group::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect())
}

/// The groups an organisation runs, by name: for its facilitators (those
/// they facilitate are marked) and administrators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunGroup {
    pub id: i32,
    pub name: String,
    pub organisation: String,
    pub format: GroupFormat,
    pub closed: bool,
    /// The actor is one of its facilitators.
    pub mine: bool,
    /// Exact for its facilitators; for those who oversee it, through the
    /// one suppression rule (none when 1 to 4).
    pub members: Option<u64>,
    pub asking: Option<u64>,
}

/// The groups of the organisations where the actor facilitates or
/// oversees kinship groups.
pub async fn groups_run(ctx: &Ctx, actor: &Actor) -> Result<Vec<RunGroup>, DomainError> {
    actor.require_signed_in()?;
    let mut organisations = actor.organisations_where(Permission::FacilitateKinshipGroups);
    organisations.extend(actor.organisations_where(Permission::OverseeKinshipGroups));
    if organisations.is_empty() {
        return Err(DomainError::Forbidden);
    }
    let rows = group::Entity::find()
        .filter(group::Column::OrganisationId.is_in(organisations))
        .order_by_asc(group::Column::Name)
        .order_by_asc(group::Column::Id)
        .all(&ctx.db)
        .await?;
    let mine: Vec<i32> = match actor.person_id() {
        Some(person_id) => group_facilitator::Entity::find()
            .filter(group_facilitator::Column::PersonId.eq(person_id))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|f| f.group_id)
            .collect(),
        None => Vec::new(),
    };
    let counts = super::membership::counts(&ctx.db, rows.iter().map(|r| r.id)).await?;
    let names = organisation_names(&ctx.db, rows.iter().map(|r| r.organisation_id)).await?;
    rows.into_iter()
        .map(|row| {
            let (members, asking) = counts.get(&row.id).copied().unwrap_or_default();
            let mine = mine.contains(&row.id)
                && actor.may(Permission::FacilitateKinshipGroups, row.organisation_id);
            let shown = |n: u64| {
                if mine {
                    Some(n)
                } else {
                    crate::figures::Figure::of(n).shown()
                }
            };
            Ok(RunGroup {
                mine,
                members: shown(members),
                asking: shown(asking),
                organisation: names.get(&row.organisation_id).cloned().unwrap_or_default(),
                format: GroupFormat::from_stored(&row.format)?,
                closed: row.closed_at.is_some(),
                id: row.id,
                name: row.name,
            })
        })
        .collect()
}

/// The organisation's kinship group facilitators, to choose a group's
/// from: id and name.
pub async fn facilitators_to_choose(
    ctx: &Ctx,
    actor: &Actor,
    organisation_id: i32,
) -> Result<Vec<(i32, String)>, DomainError> {
    actor.require(Permission::FacilitateKinshipGroups, organisation_id)?;
    Ok(people_holding(
        &ctx.db,
        organisation_id,
        Permission::FacilitateKinshipGroups,
    )
    .await?
    .into_iter()
    .map(|p| (p.id, p.name))
    .collect())
}

/// Those of `organisations` with a safeguarding lead: their groups are
/// listed only when they have one.
pub(crate) async fn organisations_with_safeguarding_lead(
    conn: &impl ConnectionTrait,
    organisations: impl IntoIterator<Item = i32>,
) -> Result<Vec<i32>, DomainError> {
    let ids: Vec<i32> = organisations.into_iter().collect();
    organisations_with_holders(conn, &ids, Permission::LeadSafeguarding).await
}

/// A group as its form was filled in, for its facilitators to change.
pub async fn group_as_entered(
    ctx: &Ctx,
    actor: &Actor,
    group_id: i32,
) -> Result<GroupInput, DomainError> {
    let row = facilitated_group(&ctx.db, actor, group_id).await?;
    let areas: Vec<i32> = group_area::Entity::find()
        .filter(group_area::Column::GroupId.eq(row.id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|a| a.local_authority_id)
        .collect();
    let authorities = local_authority::Entity::find()
        .filter(local_authority::Column::Id.is_in(areas))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|a| a.gss_code)
        .collect();
    let facilitators = group_facilitator::Entity::find()
        .filter(group_facilitator::Column::GroupId.eq(row.id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|f| f.person_id)
        .collect();
    Ok(GroupInput {
        organisation_id: row.organisation_id,
        name: row.name,
        about: row.about,
        format: GroupFormat::parse(&row.format),
        for_whom: ForWhom::parse(&row.for_whom),
        children_welcome: row.children_welcome,
        venue: row.venue.unwrap_or_default(),
        postcode: row.postcode.unwrap_or_default(),
        joining_link: row.joining_link.unwrap_or_default(),
        serves: Serves::parse(&row.serves).filter(|s| *s != Serves::Nearby),
        region: row.region_code.unwrap_or_default(),
        authorities,
        agreement: row.agreement,
        facilitators,
    })
}
