//! Demo peer support: each cooperative's demo peer supporter has a
//! profile, weekly times (Tuesday evenings and Saturday mornings, London
//! time) and a few days away, so their page and their coordinator's show
//! free times straight away. Each supports the cooperative's sixth demo
//! household, invited to apply: both have accepted the agreement, with a
//! meeting booked next week and one after the clocks next change. In South
//! London the seventh household is waiting to be matched, and the sixth
//! has raised a worry. Each supporter has logged a first call.

use chrono::{Days, NaiveDate, NaiveTime, Offset, Weekday};
use chrono_tz::Europe::London;
use domain::accounts::load_actor;
use domain::peer_support::slots::Window;
use domain::peer_support::{
    MeetingLogInput, ProfileInput, Topic, Way, accept_mentoring_agreement, add_time_away,
    add_window, ask_for_supporter, book_meeting, confirm_match, log_meeting,
    mentoring_relationship, my_profiles, raise_peer_support_concern, save_profile,
};
use domain::recruitment::interest::FosteringKind;
use domain::{Actor, Ctx, DomainError};

/// Who the demo's peer support is between, in one cooperative.
pub struct PeerSupportPeople {
    pub organisation_id: i32,
    pub supporter: i32,
    pub coordinator: i32,
    /// The household matched with the supporter, and one waiting.
    pub mentee: Option<i32>,
    pub waiting: Option<i32>,
}

/// Adds the supporter's profile and time if they have none, and their
/// match; returns how many profiles it added.
pub async fn load_demo_peer_support(
    ctx: &Ctx,
    people: &PeerSupportPeople,
) -> Result<usize, DomainError> {
    let organisation_id = people.organisation_id;
    let actor = load_actor(ctx, people.supporter).await?;
    if my_profiles(ctx, &actor)
        .await?
        .iter()
        .any(|p| p.organisation_id == organisation_id)
    {
        return Ok(0);
    }
    let profile = ProfileInput {
        years_fostering: Some(9),
        kinds: vec![
            FosteringKind::LongTerm,
            FosteringKind::Teenagers,
            FosteringKind::SiblingGroups,
        ],
        languages: "English, Urdu".into(),
        outcode: "TS24".into(),
        ways: vec![Way::Phone, Way::Video],
        capacity: Some(3),
        meeting_minutes: Some(60),
        video_link: "https://meet.example.org/peer-support-demo".into(),
    };
    let id = save_profile(ctx, &actor, organisation_id, &profile).await?;
    let at = |h| NaiveTime::from_hms_opt(h, 0, 0);
    for (weekday, from, to) in [
        (Weekday::Tue, at(18), at(20)),
        (Weekday::Sat, at(10), at(12)),
    ] {
        let window = from.zip(to).map(|(starts_at, ends_at)| Window {
            weekday,
            starts_at,
            ends_at,
        });
        add_window(ctx, &actor, id, window).await?;
    }
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let away = today
        .checked_add_days(Days::new(20))
        .zip(today.checked_add_days(Days::new(23)));
    add_time_away(ctx, &actor, id, away).await?;
    if let Some(mentee) = people.mentee {
        let mentee = load_actor(ctx, mentee).await?;
        let coordinator = load_actor(ctx, people.coordinator).await?;
        let asked = ask_for_supporter(ctx, &mentee, "English").await?;
        let relationship = confirm_match(ctx, &coordinator, asked, id, "").await?;
        accept_mentoring_agreement(ctx, &mentee, relationship).await?;
        accept_mentoring_agreement(ctx, &actor, relationship).await?;
        book_demo_meetings(ctx, &mentee, relationship).await?;
        let today = ctx.clock.now().with_timezone(&London).date_naive();
        let first_chat = MeetingLogInput {
            held_on: Some(today),
            way: Some(Way::Phone),
            minutes: Some(45),
            topics: vec![Topic::GettingStarted, Topic::TheAssessment],
            miles: None,
        };
        log_meeting(ctx, &actor, relationship, &first_chat).await?;
        if people.waiting.is_some() {
            raise_peer_support_concern(
                ctx,
                &mentee,
                relationship,
                "Demo: my supporter seemed very low on our last call and said they were struggling.",
                false,
            )
            .await?;
        }
    }
    if let Some(waiting) = people.waiting {
        ask_for_supporter(ctx, &load_actor(ctx, waiting).await?, "English, Polish").await?;
    }
    Ok(1)
}

/// The first free time, and the first after the clocks next change.
async fn book_demo_meetings(
    ctx: &Ctx,
    mentee: &Actor,
    relationship: i32,
) -> Result<(), DomainError> {
    let today = ctx.clock.now().with_timezone(&London).date_naive();
    let offset = |day: NaiveDate| {
        day.and_hms_opt(12, 0, 0)
            .and_then(|noon| noon.and_local_timezone(London).single())
            .map(|at| at.offset().fix())
    };
    let change = today.iter_days().take(366).find(|day| {
        day.pred_opt()
            .is_some_and(|before| offset(before) != offset(*day))
    });
    for from in [Some(today), change] {
        let Some(from) = from else { continue };
        let view = mentoring_relationship(ctx, mentee, relationship, Some(from)).await?;
        let (Some(slot), Some(way)) = (view.free.first(), view.ways.first()) else {
            continue;
        };
        book_meeting(ctx, mentee, relationship, Some(slot.starts_at), Some(*way)).await?;
    }
    Ok(())
}
