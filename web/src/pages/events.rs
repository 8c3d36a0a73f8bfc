//! Information events: finding one near you and registering (`/events`),
//! and, for recruitment staff, publishing them and recording who came
//! (`/manage/events`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::Named;
use domain::accounts::organisations_by_id;
use domain::policy::Permission;
use domain::recruitment::event_registrations::{
    Attendance, NewRegistration, RegistrationEntry, event_registrations, record_attendance,
    register_for_event,
};
use domain::recruitment::events::{
    EventFormat, EventPurpose, EventSummary, NewEvent, cancel_event, event, event_problems,
    managed_event_summary, organisation_events, publish_event, upcoming_events,
};
use domain::search::public::{Listed, public_matches};
use serde::Deserialize;

use super::PageFieldError;
use super::date_time::{DateBoxes, in_london, time_field};
use super::forms::{FormErrors, Pick, pairs, see_other, typed, value};
use super::pagination::{page_links, page_request};
use super::{PageError, Section, Shell, actor, render};
use crate::client_address::client_address;
use crate::server::AppState;

#[derive(Template)]
#[template(path = "events/list.html")]
struct ListPage {
    shell: Shell,
    errors: FormErrors,
    postcode: String,
    words: String,
    events: Vec<EventSummary>,
}

impl ListPage {
    fn miles(&self, event: &EventSummary) -> Option<String> {
        event.miles_away.map(|miles| match miles.round() as i64 {
            0 | 1 => "about a mile away".to_owned(),
            n => format!("about {n} miles away"),
        })
    }
}

#[get("/events")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let postcode = value(&query, "postcode").to_owned();
    let words = value(&query, "q").trim().to_owned();
    let near = (!postcode.is_empty()).then_some(postcode.as_str());
    let found = async {
        // Words narrow the list to the events they find; the postcode
        // still decides which of those are near.
        let matching = match words.as_str() {
            "" => None,
            words => Some(
                public_matches(state.search.as_ref(), Listed::InformationEvent, words, "q").await?,
            ),
        };
        upcoming_events(&state.ctx, near, matching.as_deref()).await
    };
    let (events, errors) = match found.await {
        Ok(events) => (events, FormErrors::default()),
        Err(error @ DomainError::InvalidInput(_)) => (Vec::new(), FormErrors::from_domain(error)?),
        Err(error) => return Err(error.into()),
    };
    let (shell, status) = Shell::for_form(&state, &req, Section::Events, &errors);
    render(
        status,
        &ListPage {
            shell,
            errors,
            postcode,
            words,
            events,
        },
    )
}

#[derive(Template)]
#[template(path = "events/event.html")]
struct EventPage {
    shell: Shell,
    errors: FormErrors,
    event: EventSummary,
    open: bool,
    name: String,
    email: String,
}

async fn event_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    errors: FormErrors,
    (name, email): (String, String),
) -> Result<HttpResponse, PageError> {
    let event = event(&state.ctx, id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Events, &errors);
    let open = !event.cancelled && event.places_left > 0 && event.starts_at > state.ctx.clock.now();
    render(
        status,
        &EventPage {
            shell,
            errors,
            open,
            event,
            name,
            email,
        },
    )
}

#[get("/events/{id}")]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    event_page(&state, &req, *id, FormErrors::default(), Default::default()).await
}

/// A place asked for at an event. `website` is the trap a person never
/// sees and a robot fills.
#[derive(Default, Deserialize)]
#[serde(default)]
struct RegistrationForm {
    name: String,
    email: String,
    website: String,
}

/// Whether someone came to an event.
#[derive(Default, Deserialize)]
#[serde(default)]
struct AttendanceForm {
    attendance: String,
}

#[post("/events/{id}")]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let sent: RegistrationForm = typed(&pairs(&body))?;
    let registration = NewRegistration {
        name: sent.name,
        email: sent.email,
        trap: sent.website,
    };
    let typed = (registration.name.clone(), registration.email.clone());
    let client = client_address(&req, &state.trusted_proxies);
    let errors = match register_for_event(&state.ctx, &actor(&req), *id, &registration, &client)
        .await
    {
        Ok(()) => return Ok(see_other(&format!("/events/{id}/registered")).finish()),
        Err(DomainError::RateLimited) => FormErrors::one(
            "",
            "We have had a lot of registrations from your connection. Wait an hour and try again.",
        ),
        Err(error) => FormErrors::from_refusal(error)?,
    };
    event_page(&state, &req, *id, errors, typed).await
}

#[derive(Template)]
#[template(path = "events/registered.html")]
struct RegisteredPage {
    shell: Shell,
    event: EventSummary,
}

#[get("/events/{id}/registered")]
pub async fn registered(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let event = event(&state.ctx, *id).await?;
    let shell = Shell::new(&state, &req, Section::Events);
    render(StatusCode::OK, &RegisteredPage { shell, event })
}

#[derive(Template)]
#[template(path = "events/manage.html")]
struct ManagePage {
    shell: Shell,
    done: Option<&'static str>,
    /// Showing the last 90 days rather than what is to come.
    past: bool,
    events: Vec<EventSummary>,
    total_count: u64,
    previous_href: Option<String>,
    next_href: Option<String>,
}

#[get("/manage/events")]
pub async fn manage(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let past = value(&query, "show") == "past";
    let listed = organisation_events(&state.ctx, &actor(&req), past, &page_request(&query)).await?;
    let (previous_href, next_href) = page_links(&listed, "/manage/events", &query);
    let done = match value(&query, "done") {
        "published" => Some("Event published"),
        "cancelled" => Some("Event cancelled: everyone registered has been told"),
        _ => None,
    };
    let shell = Shell::new(&state, &req, Section::Events);
    render(
        StatusCode::OK,
        &ManagePage {
            shell,
            done,
            past,
            total_count: listed.total_count,
            events: listed.items.into_iter().map(|(_, e)| e).collect(),
            previous_href,
            next_href,
        },
    )
}

/// The publish form, as typed.
#[derive(Default)]
pub struct EventForm {
    organisation: String,
    purpose: String,
    title: String,
    description: String,
    format: String,
    date: DateBoxes,
    starts_at: String,
    ends_at: String,
    venue: String,
    postcode: String,
    joining_link: String,
    capacity: String,
}

impl EventForm {
    fn parse(form: &[(String, String)]) -> Self {
        let get = |key: &str| value(form, key).to_owned();
        Self {
            organisation: get("organisation"),
            purpose: get("purpose"),
            title: get("title"),
            description: get("description"),
            format: get("format"),
            date: DateBoxes::from_form(form, "date"),
            starts_at: get("starts_at"),
            ends_at: get("ends_at"),
            venue: get("venue"),
            postcode: get("postcode"),
            joining_link: get("joining_link"),
            capacity: get("capacity"),
        }
    }

    /// The event it asks for, and what the page itself could not read (the
    /// date and times).
    fn event(&self, organisation_id: i32) -> (NewEvent, Vec<PageFieldError>) {
        let mut unreadable = Vec::new();
        let date = self
            .date
            .date("date", "event")
            .map_err(|e| unreadable.push(e))
            .ok();
        let starts = time_field(&self.starts_at, "starts_at", "it starts")
            .map_err(|e| unreadable.push(e))
            .ok();
        let ends = time_field(&self.ends_at, "ends_at", "it ends")
            .map_err(|e| unreadable.push(e))
            .ok();
        let at = |time| date.zip(time).and_then(|(d, t)| in_london(d, t));
        let event = NewEvent {
            organisation_id,
            purpose: EventPurpose::parse(&self.purpose).unwrap_or_default(),
            title: self.title.clone(),
            description: self.description.clone(),
            format: EventFormat::parse(&self.format),
            starts_at: at(starts),
            ends_at: at(ends),
            venue: self.venue.clone(),
            postcode: self.postcode.clone(),
            joining_link: self.joining_link.clone(),
            capacity: self.capacity.trim().parse().ok(),
        };
        (event, unreadable)
    }
}

#[derive(Template)]
#[template(path = "events/publish.html")]
struct PublishPage {
    shell: Shell,
    errors: FormErrors,
    form: EventForm,
    organisations: Vec<Pick>,
    formats: Vec<Pick>,
}

async fn publish_page(
    state: &AppState,
    req: &HttpRequest,
    form: EventForm,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let mine = actor.organisations_where(Permission::WorkEnquiries);
    if mine.is_empty() {
        return Err(actor.refusal().into());
    }
    let organisations = organisations_by_id(&state.ctx, &mine)
        .await?
        .into_iter()
        .map(|organisation| Pick {
            selected: form.organisation == organisation.id.to_string(),
            value: organisation.id.to_string(),
            label: organisation.name,
        })
        .collect();
    let formats = EventFormat::ALL
        .iter()
        .map(|f| Pick {
            value: f.as_str().to_owned(),
            label: f.label().to_owned(),
            selected: form.format == f.as_str(),
        })
        .collect();
    let (shell, status) = Shell::for_form(state, req, Section::Events, &errors);
    render(
        status,
        &PublishPage {
            shell,
            errors,
            form,
            organisations,
            formats,
        },
    )
}

#[get("/manage/events/new")]
pub async fn new_event(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    publish_page(&state, &req, EventForm::default(), FormErrors::default()).await
}

#[post("/manage/events/new")]
pub async fn publish(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let pairs = pairs(&body);
    let actor = actor(&req);
    let form = EventForm::parse(&pairs);
    let organisation_id = match form.organisation.parse() {
        Ok(id) => id,
        Err(_) => match actor
            .organisations_where(Permission::WorkEnquiries)
            .as_slice()
        {
            [only] => *only,
            _ => {
                let errors = FormErrors::one("organisation", "Choose which organisation holds it");
                return publish_page(&state, &req, form, errors).await;
            }
        },
    };
    let (new, unreadable) = form.event(organisation_id);
    if !unreadable.is_empty() {
        // The times could not be read: say so, with every other problem.
        let mut errors = unreadable;
        errors.extend(
            event_problems(&new, state.ctx.clock.now())
                .into_iter()
                .filter(|e| e.field != "starts_at" && e.field != "ends_at")
                .map(|e| PageFieldError {
                    field: e.field,
                    message: e.message,
                }),
        );
        return publish_page(&state, &req, form, FormErrors(errors)).await;
    }
    match publish_event(&state.ctx, &actor, &new).await {
        Ok(_) => Ok(see_other("/manage/events?done=published").finish()),
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            publish_page(&state, &req, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "events/managed.html")]
struct ManagedPage {
    shell: Shell,
    errors: FormErrors,
    done: Option<&'static str>,
    event: EventSummary,
    /// This page of them, by name.
    registrations: Vec<RegistrationEntry>,
    /// How many registered, and came, of all.
    registered: u64,
    attended: u64,
    previous_href: Option<String>,
    next_href: Option<String>,
    started: bool,
}

async fn managed_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    done: Option<&'static str>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let found = event_registrations(&state.ctx, &actor(req), id, &page_request(&query)).await?;
    let (previous_href, next_href) =
        page_links(&found.page, &format!("/manage/events/{id}"), &query);
    let registered_count = found.page.total_count;
    let attended = found.attended;
    let registrations = found.page.items.into_iter().map(|(_, r)| r).collect();
    let event = managed_event_summary(&state.ctx, &actor(req), id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Events, &errors);
    let started = event.starts_at <= state.ctx.clock.now();
    render(
        status,
        &ManagedPage {
            shell,
            errors,
            done,
            event,
            registrations,
            registered: registered_count,
            attended,
            previous_href,
            next_href,
            started,
        },
    )
}

#[get("/manage/events/{id}")]
pub async fn managed(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let done = (value(&query, "done") == "attendance").then_some("Attendance saved");
    managed_page(&state, &req, *id, done, FormErrors::default()).await
}

#[post("/manage/events/{id}/cancel")]
pub async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let outcome = cancel_event(&state.ctx, &actor(&req), *id).await;
    after_event_change(&state, &req, *id, outcome, "/manage/events?done=cancelled").await
}

#[post("/manage/events/{id}/registrations/{registration}/attendance")]
pub async fn record_registration_attendance(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, registration) = *ids;
    let sent: AttendanceForm = typed(&pairs(&body))?;
    let attendance = Attendance::parse(&sent.attendance);
    let registration = Named::within(id, registration);
    let outcome = record_attendance(&state.ctx, &actor(&req), registration, attendance).await;
    let to = format!("/manage/events/{id}?done=attendance");
    after_event_change(&state, &req, id, outcome, &to).await
}

/// On to `to`, or the event's page again saying what was wrong.
async fn after_event_change(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    outcome: Result<(), DomainError>,
    to: &str,
) -> Result<HttpResponse, PageError> {
    let errors = match outcome {
        Ok(()) => return Ok(see_other(to).finish()),
        Err(DomainError::Conflict(message)) => FormErrors::one("", message),
        // Attendance is a pair of buttons: no field to link to.
        Err(DomainError::InvalidInput(fields)) => FormErrors(
            fields
                .into_iter()
                .map(|f| PageFieldError {
                    field: String::new(),
                    message: f.message,
                })
                .collect(),
        ),
        Err(error) => return Err(error.into()),
    };
    managed_page(state, req, id, None, errors).await
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(list)
        .service(show)
        .service(register)
        .service(registered)
        .service(manage)
        .service(new_event)
        .service(publish)
        .service(managed)
        .service(cancel)
        .service(record_registration_attendance);
}
