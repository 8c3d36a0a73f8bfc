//! Demo peer support: each cooperative's demo peer supporter has a
//! profile, weekly times (Tuesday evenings and Saturday mornings, London
//! time) and a few days away, so their page and their coordinator's show
//! free times straight away.

use chrono::{Days, NaiveTime, Weekday};
use chrono_tz::Europe::London;
use domain::accounts::load_actor;
use domain::peer_support::slots::Window;
use domain::peer_support::{
    ProfileInput, Way, add_time_away, add_window, my_profiles, save_profile,
};
use domain::recruitment::interest::FosteringKind;
use domain::{Ctx, DomainError};

/// Adds the supporter's profile and time if they have none; returns how
/// many profiles it added.
pub async fn load_demo_peer_support(
    ctx: &Ctx,
    organisation_id: i32,
    supporter: i32,
) -> Result<usize, DomainError> {
    let actor = load_actor(ctx, supporter).await?;
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
    Ok(1)
}
