//! Demo kinship care: an illustrative charity and the two cooperatives run
//! groups across the demo areas (in person and online, weekly and
//! monthly), set up eight weeks ago, so each has sessions past (with who
//! came) and to come. Kinship carers belong, one asks to join and waits, an
//! open workshop is coming, a facilitator has posted an announcement, and
//! a member has raised a worry for the safeguarding lead.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Europe::London;
use domain::accounts::{find_person, load_actor};
use domain::kinship::entities::{group, session};
use domain::kinship::recurrence::Repeats;
use domain::kinship::{
    Arrangement, ForWhom, GroupFormat, GroupInput, MembershipMove, NewKinshipCarer, NewSessions,
    Serves, accept_agreement, ask_to_join, book_session, make_kinship_sessions, move_membership,
    post_announcement, publish_sessions, raise_group_concern, record_session_attendance,
    register_kinship_carer, set_up_group,
};
use domain::recruitment::entities::{event_registration, information_event};
use domain::recruitment::event_registrations::Attendance;
use domain::{Actor, Ctx, DomainError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::demo_constellations::at;

/// A demo kinship carer: signs in by emailed link.
pub struct DemoKinshipCarer {
    /// Their address is `{key}.{area}@example.org`.
    pub key: &'static str,
    pub area: &'static str,
    pub name: &'static str,
    arrangement: Arrangement,
    postcode: &'static str,
    children: i32,
}

pub const KINSHIP_CARERS: [DemoKinshipCarer; 4] = [
    DemoKinshipCarer {
        key: "kinship-carer",
        area: "north-east",
        name: "Maureen Hall",
        arrangement: Arrangement::SpecialGuardianshipOrder,
        postcode: "TS24",
        children: 2,
    },
    DemoKinshipCarer {
        key: "kinship-carer2",
        area: "north-east",
        name: "Dean Foster",
        arrangement: Arrangement::ChildArrangementsOrder,
        postcode: "TS25",
        children: 1,
    },
    DemoKinshipCarer {
        key: "kinship-carer3",
        area: "north-east",
        name: "Chloe Barker",
        arrangement: Arrangement::NoOrder,
        postcode: "TS26",
        children: 3,
    },
    DemoKinshipCarer {
        key: "kinship-carer",
        area: "south-london",
        name: "Ade Okoro",
        arrangement: Arrangement::NotSure,
        postcode: "SE13",
        children: 1,
    },
];

pub fn kinship_carer_email(carer: &DemoKinshipCarer) -> String {
    format!("{}.{}@example.org", carer.key, carer.area)
}

/// One demo group.
struct DemoGroup {
    name: &'static str,
    about: &'static str,
    format: GroupFormat,
    for_whom: ForWhom,
    children_welcome: bool,
    venue: &'static str,
    postcode: &'static str,
    serves: Serves,
    region: &'static str,
    repeats: Repeats,
    starts_at: (u32, u32),
    /// Members, by their place in `KINSHIP_CARERS`; the first raises a
    /// worry.
    members: &'static [usize],
    /// Asking to join, waiting for a facilitator.
    asking: &'static [usize],
}

const NORTH_EAST_GROUPS: &[DemoGroup] = &[DemoGroup {
    name: "Hartlepool kinship carers' group",
    about: "A friendly morning for anyone bringing up a relative's or a friend's child: tea, a chat and people who understand. Bring the little ones if you need to.",
    format: GroupFormat::InPerson,
    for_whom: ForWhom::Anyone,
    children_welcome: true,
    venue: "Community Room, Central Library, York Road, Hartlepool",
    postcode: "TS26 9DE",
    serves: Serves::Nearby,
    region: "",
    repeats: Repeats::Weekly,
    starts_at: (10, 0),
    members: &[0, 1],
    asking: &[2],
}];

const SOUTH_LONDON_GROUPS: &[DemoGroup] = &[DemoGroup {
    name: "Lewisham grandparents' coffee morning",
    about: "Grandparents raising grandchildren meet once a month over coffee, with a guest now and then on schools, money or contact.",
    format: GroupFormat::InPerson,
    for_whom: ForWhom::Grandparents,
    children_welcome: false,
    venue: "Lewisham Library, 199-201 Lewisham High Street, London",
    postcode: "SE13 6LG",
    serves: Serves::Nearby,
    region: "",
    repeats: Repeats::Monthly,
    starts_at: (10, 30),
    members: &[3],
    asking: &[],
}];

const CHARITY_GROUPS: &[DemoGroup] = &[
    DemoGroup {
        name: "Kinship carers online evening",
        about: "An hour online, once the children are in bed, for kinship carers anywhere in England. Cameras optional.",
        format: GroupFormat::Online,
        for_whom: ForWhom::Anyone,
        children_welcome: false,
        venue: "",
        postcode: "",
        serves: Serves::National,
        region: "",
        repeats: Repeats::Weekly,
        starts_at: (19, 30),
        members: &[0, 3],
        asking: &[1],
    },
    DemoGroup {
        name: "Men who care (online)",
        about: "For grandads, uncles, brothers and male friends bringing up a child in the North East.",
        format: GroupFormat::Online,
        for_whom: ForWhom::MaleCarers,
        children_welcome: false,
        venue: "",
        postcode: "",
        serves: Serves::Region,
        region: "E12000001",
        repeats: Repeats::Monthly,
        starts_at: (19, 0),
        members: &[1],
        asking: &[],
    },
    DemoGroup {
        name: "Young kinship carers, Middlesbrough",
        about: "For carers under 35 bringing up a brother, sister, niece or nephew. Children welcome: there is a play corner.",
        format: GroupFormat::Both,
        for_whom: ForWhom::Under35s,
        children_welcome: true,
        venue: "Middlesbrough Central Library, Victoria Square",
        postcode: "TS1 2AY",
        serves: Serves::Nearby,
        region: "",
        repeats: Repeats::Monthly,
        starts_at: (11, 0),
        members: &[2],
        asking: &[],
    },
];

/// Who runs one organisation's demo groups.
pub struct KinshipStaff {
    pub organisation_id: i32,
    pub facilitator: i32,
    /// Which demo area's groups, for a cooperative.
    pub area: &'static str,
    pub charity: bool,
}

/// Adds the organisation's demo groups not there yet; returns how many.
pub async fn load_demo_kinship(ctx: &Ctx, staff: &KinshipStaff) -> Result<usize, DomainError> {
    let groups = match (staff.charity, staff.area) {
        (true, _) => CHARITY_GROUPS,
        (false, "north-east") => NORTH_EAST_GROUPS,
        (false, _) => SOUTH_LONDON_GROUPS,
    };
    let facilitator = load_actor(ctx, staff.facilitator).await?;
    let now = ctx.clock.now();
    let today = now.with_timezone(&London).date_naive();
    let started = today.checked_sub_days(Days::new(56)).unwrap_or(today);
    let mut added = 0;
    for (n, demo) in groups.iter().enumerate() {
        let exists = group::Entity::find()
            .filter(group::Column::OrganisationId.eq(staff.organisation_id))
            .filter(group::Column::Name.eq(demo.name))
            .one(&ctx.db)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let then = at(ctx, london(started, (7, 0)));
        let input = GroupInput {
            organisation_id: staff.organisation_id,
            name: demo.name.into(),
            about: demo.about.into(),
            format: Some(demo.format),
            for_whom: Some(demo.for_whom),
            children_welcome: demo.children_welcome,
            venue: demo.venue.into(),
            postcode: demo.postcode.into(),
            joining_link: if demo.format.meets_online() {
                format!("https://meet.example.org/kinship-{}-{n}", staff.area)
            } else {
                String::new()
            },
            serves: Some(demo.serves),
            region: demo.region.into(),
            authorities: Vec::new(),
            agreement: String::new(),
            facilitators: Vec::new(),
        };
        let group_id = set_up_group(&then, &facilitator, &input).await?;
        let sessions = NewSessions {
            group_id,
            title: demo.name.into(),
            on: Some(started),
            starts_at: NaiveTime::from_hms_opt(demo.starts_at.0, demo.starts_at.1, 0),
            minutes: Some(90),
            capacity: Some(16),
            repeats: Some(demo.repeats),
            ..NewSessions::default()
        };
        publish_sessions(&then, &facilitator, &sessions).await?;
        let joined_at = london(started, (8, 0));
        for &member in demo.members {
            let carer = kinship_carer(ctx, &KINSHIP_CARERS[member]).await?;
            let then = at(ctx, joined_at);
            let membership = ask_to_join(&then, &carer, group_id).await?;
            move_membership(&then, &facilitator, membership, MembershipMove::Accept).await?;
            accept_agreement(&then, &carer, group_id).await?;
        }
        came_to_past_sessions(ctx, (&facilitator, group_id), demo.members, joined_at).await?;
        for &waiting in demo.asking {
            let carer = kinship_carer(ctx, &KINSHIP_CARERS[waiting]).await?;
            ask_to_join(&at(ctx, now - TimeDelta::days(2)), &carer, group_id).await?;
        }
        if n == 0 {
            let message = if staff.charity {
                (
                    "A workshop on money",
                    "We have a workshop on special guardianship allowances coming up: book a place from the group's page. Anyone registered with us may come.",
                )
            } else {
                (
                    "No group next week?",
                    "The library is closed for a training day in three weeks' time: we will meet in the café next door instead. Same time.",
                )
            };
            post_announcement(
                &at(ctx, now - TimeDelta::days(3)),
                &facilitator,
                group_id,
                message.0,
                message.1,
            )
            .await?;
            if let Some(&first) = demo.members.first() {
                let carer = kinship_carer(ctx, &KINSHIP_CARERS[first]).await?;
                raise_group_concern(
                    &at(ctx, now - TimeDelta::days(1)),
                    &carer,
                    group_id,
                    "Another member mentioned their grandson has not been at school for three weeks and seemed frightened to go home. I did not know who else to tell.",
                )
                .await?;
            }
            if staff.charity {
                let workshop = NewSessions {
                    group_id,
                    workshop: true,
                    open_to_all: true,
                    title: "Special guardianship: money and allowances".into(),
                    about: "What a special guardianship allowance is, how councils work it out, and what to ask for. With a welfare rights adviser.".into(),
                    on: today.checked_add_days(Days::new(10)),
                    starts_at: NaiveTime::from_hms_opt(18, 30, 0),
                    minutes: Some(90),
                    capacity: Some(30),
                    joining_link: "https://meet.example.org/kinship-workshop-allowances".into(),
                    ..NewSessions::default()
                };
                publish_sessions(ctx, &facilitator, &workshop).await?;
            }
        }
        added += 1;
    }
    make_kinship_sessions(ctx, &Actor::System).await?;
    book_next_sessions(ctx, groups, staff).await?;
    Ok(added)
}

/// `time` in London on `day`.
fn london(day: NaiveDate, time: (u32, u32)) -> DateTime<Utc> {
    day.and_hms_opt(time.0, time.1, 0)
        .and_then(|t| t.and_local_timezone(London).earliest())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

/// The demo kinship carer's account, registered, as an actor.
async fn kinship_carer(ctx: &Ctx, carer: &DemoKinshipCarer) -> Result<Actor, DomainError> {
    let email = kinship_carer_email(carer);
    let person = find_person(ctx, &Actor::System, &email)
        .await?
        .ok_or(DomainError::NotFound)?;
    let actor = load_actor(ctx, person).await?;
    let registration = NewKinshipCarer {
        arrangement: Some(carer.arrangement),
        postcode: carer.postcode.into(),
        children: Some(carer.children),
        ..NewKinshipCarer::default()
    };
    register_kinship_carer(ctx, &actor, &registration, "demo").await?;
    Ok(actor)
}

/// The group's sessions so far: each member booked the day before, and
/// came, but for the last member's most recent one.
async fn came_to_past_sessions(
    ctx: &Ctx,
    (facilitator, group_id): (&Actor, i32),
    members: &[usize],
    joined_at: DateTime<Utc>,
) -> Result<(), DomainError> {
    let now = ctx.clock.now();
    let held = sessions_of(ctx, group_id).await?;
    let past: Vec<&information_event::Model> = held.iter().filter(|e| e.starts_at < now).collect();
    for (i, event) in past.iter().enumerate() {
        for (m, &member) in members.iter().enumerate() {
            let carer = kinship_carer(ctx, &KINSHIP_CARERS[member]).await?;
            let booked_at = std::cmp::max(
                event.starts_at - TimeDelta::days(1),
                joined_at + TimeDelta::minutes(1),
            );
            book_session(&at(ctx, booked_at), &carer, event.id).await?;
            let email = kinship_carer_email(&KINSHIP_CARERS[member]);
            let place = event_registration::Entity::find()
                .filter(event_registration::Column::EventId.eq(event.id))
                .filter(event_registration::Column::Email.eq(email))
                .one(&ctx.db)
                .await?
                .ok_or(DomainError::NotFound)?;
            let missed = i + 1 == past.len() && m + 1 == members.len() && members.len() > 1;
            let attendance = if missed {
                Attendance::DidNotAttend
            } else {
                Attendance::Attended
            };
            let after = at(ctx, event.ends_at + TimeDelta::hours(1));
            record_session_attendance(&after, facilitator, place.id, Some(attendance)).await?;
        }
    }
    Ok(())
}

async fn sessions_of(
    ctx: &Ctx,
    group_id: i32,
) -> Result<Vec<information_event::Model>, DomainError> {
    let ids: Vec<i32> = session::Entity::find()
        .filter(session::Column::GroupId.eq(group_id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| s.event_id)
        .collect();
    Ok(information_event::Entity::find()
        .filter(information_event::Column::Id.is_in(ids))
        .filter(information_event::Column::CancelledAt.is_null())
        .order_by_asc(information_event::Column::StartsAt)
        .all(&ctx.db)
        .await?)
}

/// Every member has a place at their group's next session.
async fn book_next_sessions(
    ctx: &Ctx,
    groups: &[DemoGroup],
    staff: &KinshipStaff,
) -> Result<(), DomainError> {
    let now = ctx.clock.now();
    for demo in groups {
        let Some(found) = group::Entity::find()
            .filter(group::Column::OrganisationId.eq(staff.organisation_id))
            .filter(group::Column::Name.eq(demo.name))
            .one(&ctx.db)
            .await?
        else {
            continue;
        };
        let next = sessions_of(ctx, found.id)
            .await?
            .into_iter()
            .find(|e| e.starts_at > now);
        let Some(next) = next else { continue };
        for &member in demo.members {
            let carer = kinship_carer(ctx, &KINSHIP_CARERS[member]).await?;
            book_session(ctx, &carer, next.id).await?;
        }
    }
    Ok(())
}
