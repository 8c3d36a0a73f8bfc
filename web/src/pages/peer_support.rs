//! Peer support, for the people who give it: `/peer-support`, where a
//! peer supporter keeps their profile and their time (weekly windows in
//! London time, days away) and sees the slots those give; and
//! `/peer-support/supporters`, where their service's coordinator sees them.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::{NaiveDate, Weekday};
use domain::accounts::organisations_by_id;
use domain::peer_support::slots::{Slot, Window};
use domain::peer_support::{
    MyRelationship, ProfileInput, Side, SupporterProfile, Way, add_time_away, add_window,
    my_profiles, my_relationships, remove_window, save_profile, supporters,
};
use domain::policy::Permission;
use domain::recruitment::interest::FosteringKind;

use super::date_time::{DateBoxes, parse_time};
use super::forms::{FormErrors, Pick, Typed, pairs, picks, see_other, ticked, value};
use super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(supporters_page)
        .service(profile_form)
        .service(profile_sent)
        .service(window_removed)
        .service(mine_page)
        .service(window_sent)
        .service(away_sent);
}

const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "Monday"),
    (Weekday::Tue, "Tuesday"),
    (Weekday::Wed, "Wednesday"),
    (Weekday::Thu, "Thursday"),
    (Weekday::Fri, "Friday"),
    (Weekday::Sat, "Saturday"),
    (Weekday::Sun, "Sunday"),
];

fn day_name(day: Weekday) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|(d, _)| *d == day)
        .map_or("", |(_, name)| name)
}

/// What a profile, its windows and its slots look like on a page.
struct Shown {
    profile: SupporterProfile,
    slots: Vec<Slot>,
}

impl Shown {
    fn window(&self, window: &Window) -> String {
        format!(
            "{}s, {} to {}",
            day_name(window.weekday),
            window.starts_at.format("%H:%M"),
            window.ends_at.format("%H:%M")
        )
    }

    fn slot(&self, slot: &Slot) -> String {
        domain::recruitment::london_display(slot.starts_at)
    }

    fn kinds(&self) -> String {
        self.profile
            .kinds
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn ways(&self) -> String {
        self.profile
            .ways
            .iter()
            .map(|w| w.label())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn day(&self, day: &NaiveDate) -> String {
        day.format("%-d %B %Y").to_string()
    }
}

impl MinePage {
    fn next(&self, mentee: &MyRelationship) -> String {
        mentee.next_meeting.map_or_else(
            || "No meeting booked".to_owned(),
            |at| format!("Next meeting {}", domain::recruitment::london_display(at)),
        )
    }
}

#[derive(Template)]
#[template(path = "peer_support/mine.html")]
struct MinePage {
    shell: Shell,
    errors: FormErrors,
    done: Option<&'static str>,
    mine: Vec<Shown>,
    /// Organisations where they are a supporter with no profile yet.
    to_set_up: Vec<(i32, String)>,
    /// The people they support now.
    mentees: Vec<MyRelationship>,
    weekdays: Vec<Pick>,
    first_day: DateBoxes,
    last_day: DateBoxes,
    typed: Typed,
}

async fn mine_view(
    state: &AppState,
    req: &HttpRequest,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let reader = actor(req);
    let profiles = my_profiles(&state.ctx, &reader).await?;
    // The profiles are the reader's own: their slots need no more reads.
    let now = state.ctx.clock.now();
    let mine: Vec<Shown> = profiles
        .into_iter()
        .map(|profile| Shown {
            slots: profile.slots_ahead(now),
            profile,
        })
        .collect();
    let mentees = my_relationships(&state.ctx, &reader)
        .await?
        .into_iter()
        .filter(|r| r.side == Side::Supporter)
        .collect();
    let own = reader.organisations_where(Permission::OfferPeerSupport);
    let to_set_up = organisations_by_id(&state.ctx, &own)
        .await?
        .into_iter()
        .filter(|o| !mine.iter().any(|m| m.profile.organisation_id == o.id))
        .map(|o| (o.id, o.name))
        .collect();
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "profile" => Some("Your profile is saved."),
        "window" => Some("The window is added: mentees can book its slots."),
        "removed" => Some("The window is taken away."),
        "away" => Some("Your days away are saved: no slot is offered on them."),
        _ => None,
    };
    let (shell, status) = Shell::for_form(state, req, Section::PeerSupport, &errors);
    render(
        status,
        &MinePage {
            shell,
            errors,
            done,
            mine,
            to_set_up,
            mentees,
            weekdays: WEEKDAYS
                .iter()
                .map(|(day, name)| Pick {
                    value: day.number_from_monday().to_string(),
                    label: (*name).into(),
                    selected: value(&typed, "weekday") == day.number_from_monday().to_string(),
                })
                .collect(),
            first_day: DateBoxes::from_form(&typed, "first_day"),
            last_day: DateBoxes::from_form(&typed, "last_day"),
            typed: Typed(typed),
        },
    )
}

#[get("/peer-support")]
pub async fn mine_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    actor(&req).require_anywhere(Permission::OfferPeerSupport)?;
    mine_view(&state, &req, Vec::new(), FormErrors::default()).await
}

#[post("/peer-support/{supporter}/windows")]
pub async fn window_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    supporter: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let weekday = value(&form, "weekday")
        .parse::<u8>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|n| Weekday::try_from(n).ok());
    let window = weekday
        .zip(parse_time(value(&form, "starts_at")))
        .zip(parse_time(value(&form, "ends_at")))
        .map(|((weekday, starts_at), ends_at)| Window {
            weekday,
            starts_at,
            ends_at,
        });
    match add_window(&state.ctx, &actor(&req), *supporter, window).await {
        Ok(_) => Ok(see_other("/peer-support?done=window").finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            mine_view(&state, &req, form, errors).await
        }
    }
}

#[post("/peer-support/windows/{id}/remove")]
pub async fn window_removed(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    remove_window(&state.ctx, &actor(&req), *id).await?;
    Ok(see_other("/peer-support?done=removed").finish())
}

#[post("/peer-support/{supporter}/away")]
pub async fn away_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    supporter: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let first = DateBoxes::from_form(&form, "first_day").date("first_day", "first day");
    let last = DateBoxes::from_form(&form, "last_day").date("last_day", "last day");
    let days = first
        .as_ref()
        .ok()
        .copied()
        .zip(last.as_ref().ok().copied());
    match add_time_away(&state.ctx, &actor(&req), *supporter, days).await {
        Ok(_) => Ok(see_other("/peer-support?done=away").finish()),
        Err(error) => {
            let mut errors = FormErrors::from_refusal(error)?;
            for problem in [first.err(), last.err()] {
                errors = errors.reading(problem);
            }
            mine_view(&state, &req, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "peer_support/profile.html")]
struct ProfilePage {
    shell: Shell,
    errors: FormErrors,
    organisation_id: i32,
    organisation: String,
    kinds: Vec<Pick>,
    ways: Vec<Pick>,
    minutes: Vec<Pick>,
    typed: Typed,
}

async fn profile_view(
    state: &AppState,
    req: &HttpRequest,
    organisation_id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let reader = actor(req);
    reader.require(Permission::OfferPeerSupport, organisation_id)?;
    let organisation = organisations_by_id(&state.ctx, &[organisation_id])
        .await?
        .pop()
        .map(|o| o.name)
        .unwrap_or_default();
    let kinds: Vec<(&str, &str)> = FosteringKind::ALL
        .iter()
        .filter(|k| **k != FosteringKind::NotSure)
        .map(|k| (k.as_str(), k.label()))
        .collect();
    let ways: Vec<(&str, &str)> = Way::ALL.iter().map(|w| (w.as_str(), w.label())).collect();
    let (shell, status) = Shell::for_form(state, req, Section::PeerSupport, &errors);
    let minutes: &'static [(&str, &str)] = &[
        ("30", "30 minutes"),
        ("45", "45 minutes"),
        ("60", "An hour"),
        ("90", "An hour and a half"),
    ];
    render(
        status,
        &ProfilePage {
            shell,
            errors,
            organisation_id,
            organisation,
            kinds: ticked(&kinds, &typed, "kinds"),
            ways: ticked(&ways, &typed, "ways"),
            minutes: picks(minutes, |m| m.0, |m| m.1, value(&typed, "meeting_minutes")),
            typed: Typed(typed),
        },
    )
}

/// The saved profile as the form's values.
fn as_typed(profile: &SupporterProfile) -> Vec<(String, String)> {
    let mut typed = vec![
        (
            "years_fostering".to_owned(),
            profile.years_fostering.to_string(),
        ),
        ("languages".to_owned(), profile.languages.join(", ")),
        ("area".to_owned(), profile.outcode.clone()),
        ("capacity".to_owned(), profile.capacity.to_string()),
        (
            "meeting_minutes".to_owned(),
            profile.meeting_minutes.to_string(),
        ),
        (
            "video_link".to_owned(),
            profile.video_link.clone().unwrap_or_default(),
        ),
    ];
    typed.extend(
        profile
            .kinds
            .iter()
            .map(|k| ("kinds".to_owned(), k.as_str().to_owned())),
    );
    typed.extend(
        profile
            .ways
            .iter()
            .map(|w| ("ways".to_owned(), w.as_str().to_owned())),
    );
    typed
}

#[get("/peer-support/profile/{organisation}")]
pub async fn profile_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    organisation: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let saved = my_profiles(&state.ctx, &actor(&req)).await?;
    let typed = saved
        .iter()
        .find(|p| p.organisation_id == *organisation)
        .map(as_typed)
        .unwrap_or_default();
    profile_view(&state, &req, *organisation, typed, FormErrors::default()).await
}

#[post("/peer-support/profile/{organisation}")]
pub async fn profile_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    organisation: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    fn all<'a>(form: &'a [(String, String)], key: &'a str) -> impl Iterator<Item = &'a str> {
        form.iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    let input = ProfileInput {
        years_fostering: value(&form, "years_fostering").trim().parse().ok(),
        kinds: all(&form, "kinds")
            .filter_map(FosteringKind::parse)
            .collect(),
        languages: value(&form, "languages").to_owned(),
        outcode: value(&form, "area").to_owned(),
        ways: all(&form, "ways").filter_map(Way::parse).collect(),
        capacity: value(&form, "capacity").trim().parse().ok(),
        meeting_minutes: value(&form, "meeting_minutes").trim().parse().ok(),
        video_link: value(&form, "video_link").to_owned(),
    };
    match save_profile(&state.ctx, &actor(&req), *organisation, &input).await {
        Ok(_) => Ok(see_other("/peer-support?done=profile").finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            profile_view(&state, &req, *organisation, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "peer_support/supporters.html")]
struct SupportersPage {
    shell: Shell,
    /// Each organisation the reader coordinates, with its supporters.
    organisations: Vec<(String, Vec<Shown>)>,
}

#[get("/peer-support/supporters")]
pub async fn supporters_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let reader = actor(&req);
    reader.require_anywhere(Permission::CoordinatePeerSupport)?;
    let own = reader.organisations_where(Permission::CoordinatePeerSupport);
    let mut organisations = Vec::new();
    for organisation in organisations_by_id(&state.ctx, &own).await? {
        let now = state.ctx.clock.now();
        let shown = supporters(&state.ctx, &reader, organisation.id)
            .await?
            .into_iter()
            .map(|profile| Shown {
                slots: profile.slots_ahead(now),
                profile,
            })
            .collect();
        organisations.push((organisation.name, shown));
    }
    render(
        actix_web::http::StatusCode::OK,
        &SupportersPage {
            shell: Shell::new(&state, &req, Section::PeerSupport),
            organisations,
        },
    )
}
