//! Information events and initial home visits.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{ComplexObject, Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::Named;
use domain::applications::training::{book_training, own_training};
use domain::recruitment::event_registrations::{
    NewRegistration, RegistrationEntry, Registrations, event_registrations,
    first_registrations_of_events, record_attendance, register_for_event,
};
use domain::recruitment::events::{
    EventSummary, NewEvent, cancel_event, event, managed_event_summary, organisation_events,
    publish_event, upcoming_events,
};
use domain::recruitment::visits::{NewVisit, book_visit, record_visit_outcome};
use domain::{Actor, Ctx, DomainError, FieldError};

use crate::connections::{Listed, connection, page_request};
use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::recruitment::{Household, household_of};
use crate::schema::{actor, client_address, storage};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::events::EventFormat")]
pub enum EventFormat {
    /// Joined by a link, which only those registered are sent.
    Online,
    /// At a venue.
    InPerson,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::event_registrations::Attendance")]
pub enum Attendance {
    Attended,
    DidNotAttend,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::visits::VisitOutcome")]
pub enum VisitOutcome {
    Completed,
    DidNotHappen,
}

/// An information event, as anyone may see it. Its joining link is sent
/// only to those registered.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct InformationEvent {
    pub id: ID,
    #[graphql(skip)]
    pub number: i32,
    pub organisation_id: ID,
    pub organisation_name: String,
    pub title: String,
    pub description: String,
    pub purpose: EventPurpose,
    pub format: EventFormat,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// When it starts, as people in England read it.
    pub when_text: String,
    /// In person: the venue's name and address.
    pub venue: Option<String>,
    pub postcode: Option<String>,
    pub capacity: i32,
    pub places_left: i32,
    pub cancelled: bool,
    /// From the postcode searched near, for an in-person event.
    pub miles_away: Option<f64>,
}

impl From<EventSummary> for InformationEvent {
    fn from(event: EventSummary) -> Self {
        Self {
            id: to_id("InformationEvent", event.id),
            number: event.id,
            organisation_id: to_id("Organisation", event.organisation_id),
            when_text: event.when(),
            organisation_name: event.organisation,
            title: event.title,
            description: event.description,
            format: event.format.into(),
            purpose: event.purpose.into(),
            starts_at: event.starts_at,
            ends_at: event.ends_at,
            venue: event.venue,
            postcode: event.postcode,
            capacity: event.capacity,
            places_left: event.places_left,
            cancelled: event.cancelled,
            miles_away: event.miles_away,
        }
    }
}

/// Someone registered for an event, as its organisers see them.
#[derive(SimpleObject)]
pub struct EventRegistration {
    pub id: ID,
    pub name: String,
    pub email: String,
    /// Their enquiry with the organisation, if they have one.
    pub household_id: Option<ID>,
    pub attendance: Option<Attendance>,
    pub registered_at: DateTime<Utc>,
}

impl From<RegistrationEntry> for EventRegistration {
    fn from(entry: RegistrationEntry) -> Self {
        Self {
            id: to_id("EventRegistration", entry.id),
            name: entry.name,
            email: entry.email,
            household_id: entry.household_id.map(|id| to_id("Household", id)),
            attendance: entry.attendance.map(Into::into),
            registered_at: entry.registered_at,
        }
    }
}

#[ComplexObject]
impl InformationEvent {
    /// Who registered, by name, a page at a time: for the organisation's
    /// recruitment staff only.
    async fn registrations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Listed<EventRegistration>> {
        let page = page_request(first, after, last, before)?;
        let found = match page.first_page_size() {
            // In a list of events, every event's first page is read at once.
            Some(size) => ctx
                .data::<Arc<DataLoader<RegistrationsLoader>>>()?
                .load_one(FirstRegistrations {
                    event: self.number,
                    size,
                })
                .await?
                .ok_or_else(|| to_graphql(DomainError::NotFound))?,
            None => event_registrations(storage(ctx)?, actor(ctx), self.number, &page)
                .await
                .map_err(to_graphql)?,
        };
        Ok(connection(found.page, EventRegistration::from))
    }
}

/// The first page of one event's registrations, of a given size.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FirstRegistrations {
    event: i32,
    size: u64,
}

/// Reads the first pages of registrations of every event a response lists
/// together, for the actor of one request.
pub struct RegistrationsLoader {
    ctx: Ctx,
    actor: Actor,
}

impl Loader<FirstRegistrations> for RegistrationsLoader {
    type Value = Registrations;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[FirstRegistrations],
    ) -> Result<HashMap<FirstRegistrations, Registrations>, Self::Error> {
        let sizes: BTreeSet<u64> = keys.iter().map(|key| key.size).collect();
        let mut found = HashMap::new();
        for size in sizes {
            let events: Vec<i32> = keys
                .iter()
                .filter(|key| key.size == size)
                .map(|key| key.event)
                .collect();
            let pages = first_registrations_of_events(&self.ctx, &self.actor, &events, size)
                .await
                .map_err(to_graphql)?;
            found.extend(
                pages
                    .into_iter()
                    .map(|(event, page)| (FirstRegistrations { event, size }, page)),
            );
        }
        Ok(found)
    }
}

/// The loader of event registrations for a request made by `actor`.
pub fn registrations_loader(ctx: Ctx, actor: Actor) -> Arc<DataLoader<RegistrationsLoader>> {
    Arc::new(
        DataLoader::new(RegistrationsLoader { ctx, actor }, tokio::spawn)
            .max_batch_size(crate::household_parts::BATCH),
    )
}

#[derive(Default)]
pub struct EventsQuery;

#[Object]
impl EventsQuery {
    /// Upcoming events, soonest first. Near a postcode (or its first half),
    /// in-person events within 40 miles and the online events of the
    /// services that recruit there. With `words`, only events whose title,
    /// description, place or service match them, spelling mistakes
    /// forgiven.
    async fn events(
        &self,
        ctx: &Context<'_>,
        near: Option<String>,
        words: Option<String>,
    ) -> async_graphql::Result<Vec<InformationEvent>> {
        let matching = crate::search::public_words(
            ctx,
            domain::search::public::Listed::InformationEvent,
            words.as_deref(),
            "words",
        )
        .await?;
        let events = upcoming_events(storage(ctx)?, near.as_deref(), matching.as_deref())
            .await
            .map_err(|error| match error {
                // The domain names the postcode; this argument is `near`.
                DomainError::InvalidInput(fields) => DomainError::InvalidInput(
                    fields
                        .into_iter()
                        .map(|f| FieldError::new("near", f.message))
                        .collect(),
                ),
                other => other,
            })
            .map_err(to_graphql)?;
        Ok(events.into_iter().map(Into::into).collect())
    }

    /// One event, past or cancelled as well.
    async fn event(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<InformationEvent> {
        let id = from_id("InformationEvent", &id, "id")?;
        Ok(event(storage(ctx)?, id).await.map_err(to_graphql)?.into())
    }

    /// The events of the organisations the viewer recruits for, a page at a
    /// time: upcoming soonest first, or with `past` those of the last 90
    /// days, most recent first.
    async fn organisation_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] past: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Listed<InformationEvent>> {
        let page = page_request(first, after, last, before)?;
        let events = organisation_events(storage(ctx)?, actor(ctx), past, &page)
            .await
            .map_err(to_graphql)?;
        Ok(connection(events, InformationEvent::from))
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
#[graphql(remote = "domain::recruitment::events::EventPurpose")]
pub enum EventPurpose {
    /// For anyone thinking about fostering: listed publicly.
    #[default]
    Information,
    /// Preparation training, booked by applicants from their application.
    Training,
    /// A kinship group's session: published through `publishKinshipSessions`.
    KinshipSession,
    /// A kinship group's workshop: published through `publishKinshipSessions`.
    KinshipWorkshop,
}

#[derive(InputObject)]
pub struct PublishEventInput {
    pub organisation_id: ID,
    #[graphql(default)]
    pub purpose: EventPurpose,
    pub title: String,
    pub description: String,
    pub format: EventFormat,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// In person: the venue's name and address.
    #[graphql(default)]
    pub venue: String,
    /// In person: the venue's postcode, which places it on the map.
    #[graphql(default)]
    pub postcode: String,
    /// Online: an https link, sent only to those registered.
    #[graphql(default)]
    pub joining_link: String,
    pub capacity: i32,
}

#[derive(InputObject)]
pub struct RegisterForEventInput {
    pub event_id: ID,
    pub name: String,
    pub email: String,
}

#[derive(InputObject)]
pub struct BookVisitInput {
    pub household_id: ID,
    /// A recruitment officer or manager of the household's organisation.
    pub officer_id: ID,
    pub starts_at: DateTime<Utc>,
    /// Usually the household's home address.
    pub place: String,
}

#[derive(InputObject)]
pub struct RecordVisitOutcomeInput {
    pub visit_id: ID,
    pub outcome: VisitOutcome,
    #[graphql(default)]
    pub note: String,
}

#[derive(Default)]
pub struct EventsMutation;

#[Object]
impl EventsMutation {
    /// Publishes an information event for an organisation whose
    /// recruitment staff the viewer is.
    async fn publish_event(
        &self,
        ctx: &Context<'_>,
        input: PublishEventInput,
    ) -> async_graphql::Result<InformationEvent> {
        let organisation_id = from_id("Organisation", &input.organisation_id, "organisationId")?;
        let new = NewEvent {
            organisation_id,
            purpose: input.purpose.into(),
            title: input.title,
            description: input.description,
            format: Some(input.format.into()),
            starts_at: Some(input.starts_at),
            ends_at: Some(input.ends_at),
            venue: input.venue,
            postcode: input.postcode,
            joining_link: input.joining_link,
            capacity: Some(input.capacity),
        };
        let storage = storage(ctx)?;
        let id = publish_event(storage, actor(ctx), &new)
            .await
            .map_err(to_graphql)?;
        let published = managed_event_summary(storage, actor(ctx), id).await;
        Ok(published.map_err(to_graphql)?.into())
    }

    /// Registers for an event, with or without an enquiry; a confirmation
    /// email with a calendar file follows, and a reminder the day before.
    /// Registering again with the same address changes nothing.
    async fn register_for_event(
        &self,
        ctx: &Context<'_>,
        input: RegisterForEventInput,
    ) -> async_graphql::Result<InformationEvent> {
        let id = from_id("InformationEvent", &input.event_id, "eventId")?;
        let registration = NewRegistration {
            name: input.name,
            email: input.email,
            trap: String::new(),
        };
        let storage = storage(ctx)?;
        register_for_event(storage, actor(ctx), id, &registration, client_address(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(event(storage, id).await.map_err(to_graphql)?.into())
    }

    /// Records whether someone registered came, once the event has started.
    async fn record_attendance(
        &self,
        ctx: &Context<'_>,
        registration_id: ID,
        attendance: Attendance,
    ) -> async_graphql::Result<bool> {
        let id = from_id("EventRegistration", &registration_id, "registrationId")?;
        record_attendance(
            storage(ctx)?,
            actor(ctx),
            Named::alone(id),
            Some(attendance.into()),
        )
        .await
        .map_err(to_graphql)?;
        Ok(true)
    }

    /// Cancels an event that has not started; everyone registered is told.
    async fn cancel_event(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<InformationEvent> {
        let id = from_id("InformationEvent", &id, "id")?;
        let storage = storage(ctx)?;
        cancel_event(storage, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        let cancelled = managed_event_summary(storage, actor(ctx), id).await;
        Ok(cancelled.map_err(to_graphql)?.into())
    }

    /// Books an initial home visit for a household ready for one; the
    /// household is emailed the time and place.
    async fn book_visit(
        &self,
        ctx: &Context<'_>,
        input: BookVisitInput,
    ) -> async_graphql::Result<Household> {
        let id = from_id("Household", &input.household_id, "householdId")?;
        let visit = NewVisit {
            officer_id: Some(from_id("Person", &input.officer_id, "officerId")?),
            starts_at: Some(input.starts_at),
            place: input.place,
        };
        book_visit(storage(ctx)?, actor(ctx), id, &visit)
            .await
            .map_err(to_graphql)?;
        household_of(ctx, id).await
    }

    /// Records how a visit went; one that took place moves the household to
    /// the initial visit stage.
    async fn record_visit_outcome(
        &self,
        ctx: &Context<'_>,
        input: RecordVisitOutcomeInput,
    ) -> async_graphql::Result<bool> {
        let id = from_id("HomeVisit", &input.visit_id, "visitId")?;
        record_visit_outcome(
            storage(ctx)?,
            actor(ctx),
            Named::alone(id),
            Some(input.outcome.into()),
            &input.note,
        )
        .await
        .map_err(to_graphql)?;
        Ok(true)
    }
}

/// A preparation training course, as an applicant sees it.
#[derive(SimpleObject)]
pub struct TrainingCourse {
    pub course: InformationEvent,
    /// Their household has a place.
    pub booked: bool,
}

#[derive(Default)]
pub struct TrainingQuery;

#[Object]
impl TrainingQuery {
    /// The upcoming preparation training of the signed-in applicant's
    /// service, once they have applied.
    async fn my_training(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TrainingCourse>> {
        let courses = own_training(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(courses
            .into_iter()
            .map(|c| TrainingCourse {
                booked: c.booked,
                course: c.event.into(),
            })
            .collect())
    }
}

#[derive(Default)]
pub struct TrainingMutation;

#[Object]
impl TrainingMutation {
    /// Books the applicant's household onto one of its service's courses;
    /// a confirmation with a calendar file follows.
    async fn book_training(&self, ctx: &Context<'_>, course_id: ID) -> async_graphql::Result<bool> {
        let id = from_id("InformationEvent", &course_id, "courseId")?;
        book_training(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}
