//! Fostering services as the public meet them (profile, contact details,
//! the homes they need most) and as their managers run them (settings,
//! closure reasons); the bank holidays working days skip; and known and
//! trusted adults recorded by children's social workers.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use domain::DomainError;
use domain::Named;
use domain::audit::{LogSearch, Subject, access_log};
use domain::recruitment::closure_reasons::{
    ReasonChoice, add_closure_reason, closure_reasons, retire_closure_reason,
};
use domain::recruitment::known_adults::{KnownAdult, record_known_adult};
use domain::recruitment::service_profile::{
    Clocks, ProfileChange, ServiceProfile, service_near, service_profile, update_service_profile,
};
use domain::recruitment::{list_bank_holidays, remove_bank_holiday, set_bank_holiday};

use crate::connections::{Listed, connection, page_request};
use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::recruitment::FosteringKind;
use crate::schema::{actor, storage};

/// A fostering service, as people thinking about fostering see it.
#[derive(SimpleObject)]
pub struct FosteringService {
    pub organisation_id: ID,
    pub name: String,
    pub about: String,
    pub phone: String,
    /// Where its carers ring out of hours, such as for an emergency
    /// sleepover at night.
    pub out_of_hours_phone: String,
    /// A council's kinship local offer.
    pub kinship_local_offer: String,
    pub email: String,
    pub website: String,
    pub address: String,
    /// The homes it needs most, most needed first.
    pub homes_needed: Vec<FosteringKind>,
    /// How many working days it takes at most to call someone who enquired.
    pub first_contact_working_days: u32,
    /// Months from the application by which Stage 1, Stage 2 and the panel
    /// are due.
    pub clocks: ClocksInput,
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<ServiceProfile> for FosteringService {
    fn from(profile: ServiceProfile) -> Self {
        Self {
            organisation_id: to_id("Organisation", profile.organisation_id),
            name: profile.name,
            about: profile.about,
            phone: profile.phone,
            out_of_hours_phone: profile.out_of_hours_phone,
            kinship_local_offer: profile.kinship_local_offer,
            email: profile.email,
            website: profile.website,
            address: profile.address,
            homes_needed: profile.homes_needed.into_iter().map(Into::into).collect(),
            first_contact_working_days: profile.first_contact_working_days,
            clocks: ClocksInput {
                stage_one_months: profile.clocks.stage_one_months,
                stage_two_months: profile.clocks.stage_two_months,
                panel_months: profile.clocks.panel_months,
            },
            updated_at: profile.updated_at,
        }
    }
}

/// A reason an enquiry closes, on an organisation's list.
#[derive(SimpleObject)]
pub struct ClosureReasonEntry {
    /// One of the standard list (give it as `reason`), or null.
    pub standard: Option<crate::recruitment::ClosureReason>,
    /// An added one's id (give it as `addedReasonId`), or null.
    pub added_id: Option<ID>,
    pub label: String,
}

#[derive(SimpleObject)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub name: String,
}

#[derive(Default)]
pub struct ServicesQuery;

#[Object]
impl ServicesQuery {
    /// A fostering service's public profile.
    async fn fostering_service(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<FosteringService> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        Ok(service_profile(storage(ctx)?, id)
            .await
            .map_err(to_graphql)?
            .into())
    }

    /// The fostering service that recruits where a postcode (or its first
    /// half) is: the national programme's, outside England.
    async fn fostering_service_near(
        &self,
        ctx: &Context<'_>,
        postcode: String,
    ) -> async_graphql::Result<FosteringService> {
        Ok(service_near(storage(ctx)?, &postcode)
            .await
            .map_err(to_graphql)?
            .into())
    }

    /// The reasons an organisation's staff choose from when an enquiry closes.
    async fn closure_reasons(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<Vec<ClosureReasonEntry>> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let reasons = closure_reasons(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(reasons
            .into_iter()
            .map(|r| match r.choice {
                ReasonChoice::Standard(reason) => ClosureReasonEntry {
                    standard: Some(reason.into()),
                    added_id: None,
                    label: r.label,
                },
                ReasonChoice::Added(id) => ClosureReasonEntry {
                    standard: None,
                    added_id: Some(to_id("ClosureReason", id)),
                    label: r.label,
                },
            })
            .collect())
    }

    /// The bank holidays of England and Wales that working days skip.
    async fn bank_holidays(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<BankHoliday>> {
        let holidays = list_bank_holidays(storage(ctx)?)
            .await
            .map_err(to_graphql)?;
        Ok(holidays
            .into_iter()
            .map(|(date, name)| BankHoliday { date, name })
            .collect())
    }
}

#[derive(InputObject)]
pub struct FosteringServiceInput {
    pub organisation_id: ID,
    #[graphql(default)]
    pub about: String,
    #[graphql(default)]
    pub phone: String,
    /// Where its carers ring out of hours.
    #[graphql(default)]
    pub out_of_hours_phone: String,
    /// A council's kinship local offer, starting https://.
    #[graphql(default)]
    pub kinship_local_offer: String,
    #[graphql(default)]
    pub email: String,
    /// Starting https://.
    #[graphql(default)]
    pub website: String,
    #[graphql(default)]
    pub address: String,
    /// Most needed first.
    #[graphql(default)]
    pub homes_needed: Vec<FosteringKind>,
    /// From 1 to 5.
    pub first_contact_working_days: u32,
    /// Unchanged when left out.
    pub clocks: Option<ClocksInput>,
}

/// Months from the application by which each is due (1 to 24; the panel
/// after both stages).
#[derive(InputObject, SimpleObject)]
#[graphql(name = "Clocks", input_name = "ClocksInput")]
pub struct ClocksInput {
    pub stage_one_months: u32,
    pub stage_two_months: u32,
    pub panel_months: u32,
}

#[derive(InputObject)]
pub struct KnownAdultInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    /// Who they are to the child: "Her form tutor".
    pub relationship: String,
    pub child_initials: String,
    /// The local authority's reference for the child.
    pub child_reference: String,
    /// The adult has agreed to be contacted about fostering the child.
    pub consent_to_contact: bool,
}

#[derive(Default)]
pub struct ServicesMutation;

#[Object]
impl ServicesMutation {
    /// Changes a fostering service's profile and settings: for its
    /// recruitment managers and administrators.
    async fn update_fostering_service(
        &self,
        ctx: &Context<'_>,
        input: FosteringServiceInput,
    ) -> async_graphql::Result<FosteringService> {
        let id = from_id("Organisation", &input.organisation_id, "organisationId")?;
        let change = ProfileChange {
            about: input.about,
            phone: input.phone,
            out_of_hours_phone: input.out_of_hours_phone,
            kinship_local_offer: input.kinship_local_offer,
            email: input.email,
            website: input.website,
            address: input.address,
            homes_needed: input.homes_needed.into_iter().map(Into::into).collect(),
            first_contact_working_days: Some(input.first_contact_working_days),
            clocks: input.clocks.map(|c| Clocks {
                stage_one_months: c.stage_one_months,
                stage_two_months: c.stage_two_months,
                panel_months: c.panel_months,
            }),
        };
        let storage = storage(ctx)?;
        update_service_profile(storage, actor(ctx), id, &change)
            .await
            .map_err(to_graphql)?;
        Ok(service_profile(storage, id)
            .await
            .map_err(to_graphql)?
            .into())
    }

    /// Adds a closure reason to an organisation's list: for its managers.
    async fn add_closure_reason(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        label: String,
    ) -> async_graphql::Result<ID> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let added = add_closure_reason(storage(ctx)?, actor(ctx), id, &label)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("ClosureReason", added))
    }

    /// Takes an added closure reason off its organisation's list.
    async fn retire_closure_reason(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<bool> {
        let id = from_id("ClosureReason", &id, "id")?;
        retire_closure_reason(storage(ctx)?, actor(ctx), Named::alone(id))
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Adds or renames a bank holiday: for national administrators.
    async fn set_bank_holiday(
        &self,
        ctx: &Context<'_>,
        date: NaiveDate,
        name: String,
    ) -> async_graphql::Result<bool> {
        set_bank_holiday(storage(ctx)?, actor(ctx), Some(date), &name)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Removes a bank holiday: for national administrators.
    async fn remove_bank_holiday(
        &self,
        ctx: &Context<'_>,
        date: NaiveDate,
    ) -> async_graphql::Result<bool> {
        remove_bank_holiday(storage(ctx)?, actor(ctx), date)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Records a known and trusted adult for a child: for children's social
    /// workers. The adult's enquiry goes to the service that recruits for the
    /// child's local authority, first in its queue.
    async fn record_known_adult(
        &self,
        ctx: &Context<'_>,
        input: KnownAdultInput,
    ) -> async_graphql::Result<ID> {
        let adult = KnownAdult {
            name: input.name,
            email: input.email,
            phone: input.phone,
            postcode: input.postcode,
            relationship: input.relationship,
            child_initials: input.child_initials,
            child_reference: input.child_reference,
            consent_to_contact: input.consent_to_contact,
        };
        let id = record_known_adult(storage(ctx)?, actor(ctx), &adult)
            .await
            .map_err(to_graphql)?;
        Ok(to_id("Household", id))
    }
}

/// One look by staff at an organisation's records about people.
#[derive(SimpleObject)]
pub struct AccessLogEntry {
    /// The first read: reads of the same record by the same reader within
    /// five minutes are one entry.
    pub at: DateTime<Utc>,
    /// The last read of the entry, and how many there were.
    pub last_at: DateTime<Utc>,
    pub reads: u32,
    /// The person's name, or "API token" and the token's name.
    pub who: String,
    /// `household`, `event_registrations`, `equality_report`, `references`,
    /// `application`, `application_health`, `messages` or `stage_one_checks`.
    pub subject: String,
    /// The household's, the event's or (for the equality figures) the
    /// organisation's id, in `Kind:number` form.
    pub subject_id: Option<ID>,
}

#[derive(Default)]
pub struct AccessLogQuery;

#[Object]
impl AccessLogQuery {
    /// Who among staff (or which API token) looked at the organisation's
    /// records about people, newest first, a page at a time: for its
    /// administrators. `householdId` narrows it to one household's records,
    /// `subject` to one kind of record, `personId` to one member of staff.
    #[allow(clippy::too_many_arguments)]
    async fn access_log(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        household_id: Option<ID>,
        subject: Option<String>,
        person_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Listed<AccessLogEntry>> {
        let page = page_request(first, after, last, before)?;
        let organisation = from_id("Organisation", &organisation_id, "organisationId")?;
        let household_id = household_id
            .map(|id| from_id("Household", &id, "householdId"))
            .transpose()?;
        let person_id = person_id
            .map(|id| from_id("Person", &id, "personId"))
            .transpose()?;
        let subject = match subject {
            Some(name) => Some(Subject::parse(&name).ok_or_else(|| {
                to_graphql(DomainError::invalid(
                    "subject",
                    "Give one of household, event_registrations, equality_report, references, application, application_health, messages, stage_one_checks",
                ))
            })?),
            None => None,
        };
        let search = LogSearch {
            household_id,
            subject,
            person_id,
        };
        let entries = access_log(storage(ctx)?, actor(ctx), organisation, &search, &page)
            .await
            .map_err(to_graphql)?;
        Ok(connection(entries, |e| AccessLogEntry {
            at: e.at,
            last_at: e.last_at,
            reads: e.reads,
            who: e.who,
            subject: e.subject.as_str().to_owned(),
            subject_id: e.subject_id.map(|id| match e.subject {
                Subject::EventRegistrations => to_id("InformationEvent", id),
                // A search names no record: it has no id to show.
                Subject::EqualityReport | Subject::HouseholdSearch => to_id("Organisation", id),
                Subject::Child => to_id("Child", id),
                Subject::SleepoverNote => to_id("Sleepover", id),
                Subject::Concern => to_id("Concern", id),
                Subject::KinshipMembers => to_id("KinshipGroup", id),
                Subject::Household
                | Subject::References
                | Subject::Application
                | Subject::ApplicationHealth
                | Subject::Messages
                | Subject::StageOneChecks
                | Subject::PanelAndDecision
                | Subject::Documents => to_id("Household", id),
            }),
        }))
    }
}
