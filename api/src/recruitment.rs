//! Registering interest in fostering.

use async_graphql::{ComplexObject, Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use domain::recruitment::closure_reasons::ReasonChoice;
use domain::recruitment::equality::{EqualityAnswers, answer_equality_questions, equality_report};
use domain::recruitment::funnel::State;
use domain::recruitment::household_parts::Readable;
use domain::recruitment::{
    Campaign, HouseholdMove, HouseholdRecord, NewEnquiry, QueueFilter, QueueItem, add_note,
    assign_households, confirm_routing, enquiry_queue, household_record, london_display,
    move_household, own_enquiries, reassign_household, record_contact, register_interest,
    set_next_action,
};

use crate::connections::{Listed, connection, page_request};
use crate::errors::to_graphql;
use crate::household_parts::{
    ContactsOf, DuplicatesOf, EventsOf, HistoryOf, NotesOf, RecordLoader, VisitsOf, load,
};
use crate::ids::{from_id, to_id};
use crate::schema::{actor, client_address, storage};
use crate::work_lists::OverdueItem;
use async_graphql::dataloader::DataLoader;
use std::sync::Arc;

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::interest::FosteringKind")]
pub enum FosteringKind {
    ShortTerm,
    LongTerm,
    ShortBreaks,
    Emergency,
    Teenagers,
    /// Brothers and sisters together.
    SiblingGroups,
    ParentAndChild,
    /// Children seeking asylum on their own.
    UnaccompaniedChildren,
    /// Children on remand.
    Remand,
    NotSure,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::interest::CallTime")]
pub enum CallTime {
    /// 9am to 12pm.
    Morning,
    /// 12pm to 5pm.
    Afternoon,
    /// 5pm to 7pm.
    Evening,
    Anytime,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::interest::HeardAbout")]
pub enum HeardAbout {
    Search,
    SocialMedia,
    TelevisionOrRadio,
    FriendOrFamily,
    FosterCarer,
    Event,
    Advert,
    Other,
}

/// Where the enquirer came from: the `utm_*` parameters of the link they
/// followed.
#[derive(InputObject, Default)]
pub struct CampaignInput {
    pub source: Option<String>,
    pub medium: Option<String>,
    pub campaign: Option<String>,
    pub term: Option<String>,
    pub content: Option<String>,
}

#[derive(InputObject)]
pub struct RegisterInterestInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    /// A full UK postcode: it decides which fostering service calls back.
    pub postcode: String,
    pub best_time_to_call: CallTime,
    #[graphql(default)]
    pub interests: Vec<FosteringKind>,
    pub heard_about: Option<HeardAbout>,
    /// They agree to be contacted about fostering; required.
    pub consent_to_contact: bool,
    pub campaign: Option<CampaignInput>,
}

/// What the enquirer is told.
#[derive(SimpleObject)]
pub struct EnquiryReceipt {
    /// The fostering service that will call.
    pub organisation_name: String,
    /// They will be called by then at the latest.
    pub call_by: DateTime<Utc>,
    /// The same, as people in England read it: "5pm on Tuesday 24 November 2026".
    pub call_by_text: String,
    /// For `answerEqualityQuestions`: lets them, and only them, answer the
    /// optional equality questions. Null for a repeat enquiry.
    pub equality_token: Option<String>,
}

#[derive(Default)]
pub struct RecruitmentMutation;

#[Object]
impl RecruitmentMutation {
    /// Registers interest in fostering: anyone may, signed in or not. The
    /// enquiry goes to the service that recruits where the postcode is, a
    /// confirmation email says what happens next, and a repeat from the same
    /// email address within 90 days joins the earlier enquiry.
    async fn register_interest(
        &self,
        ctx: &Context<'_>,
        input: RegisterInterestInput,
    ) -> async_graphql::Result<EnquiryReceipt> {
        let campaign = input.campaign.unwrap_or_default();
        let enquiry = NewEnquiry {
            name: input.name,
            email: input.email,
            phone: input.phone,
            postcode: input.postcode,
            best_time_to_call: Some(input.best_time_to_call.into()),
            interests: input.interests.into_iter().map(Into::into).collect(),
            heard_about: input.heard_about.map(Into::into),
            consent_to_contact: input.consent_to_contact,
            campaign: Campaign {
                source: campaign.source,
                medium: campaign.medium,
                campaign: campaign.campaign,
                term: campaign.term,
                content: campaign.content,
            },
            trap: String::new(),
        };
        let received = register_interest(storage(ctx)?, actor(ctx), &enquiry, client_address(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(EnquiryReceipt {
            equality_token: received.equality_token,
            call_by_text: london_display(received.call_by),
            organisation_name: received.organisation,
            call_by: received.call_by,
        })
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::funnel::Stage")]
pub enum Stage {
    Enquiry,
    Contacted,
    InformationEvent,
    InitialVisit,
    ApplicationInvited,
    /// The household has sent its application: Stage 1, the checks.
    ApplicationSubmitted,
    /// Stage 2, the assessment.
    Assessment,
    /// Booked to be heard by a fostering panel.
    Panel,
    /// The panel has recommended; the agency decision maker decides.
    Recommended,
    /// A proposal not to approve: 28 days to respond.
    ProposedNotToApprove,
    /// Approved as foster carers.
    Approved,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::funnel::Closure")]
pub enum Closure {
    Withdrawn,
    AdvisedNotToProceed,
    /// The decision maker's final decision not to approve.
    NotApproved,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::contact::ContactMethod")]
pub enum ContactMethod {
    Call,
    Email,
    Text,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::contact::ContactOutcome")]
pub enum ContactOutcome {
    Reached,
    NoAnswer,
    LeftMessage,
    WrongNumber,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::contact::ClosureReason")]
pub enum ClosureReason {
    TimingNotRight,
    HousingOrSpace,
    WorkCommitments,
    FamilyCircumstances,
    HealthReasons,
    ChoseAnotherService,
    NoResponse,
    NotSuitable,
    Other,
}

/// Where a household is: its stage, whether it is on hold (until when) or
/// closed (and how).
#[derive(SimpleObject)]
pub struct FunnelState {
    pub stage: Stage,
    pub on_hold_until: Option<NaiveDate>,
    pub closure: Option<Closure>,
}

impl From<State> for FunnelState {
    fn from(state: State) -> Self {
        match state {
            State::Open(stage) => Self {
                stage: stage.into(),
                on_hold_until: None,
                closure: None,
            },
            State::OnHold { stage, until } => Self {
                stage: stage.into(),
                on_hold_until: Some(until),
                closure: None,
            },
            State::Closed { stage, closure } => Self {
                stage: stage.into(),
                on_hold_until: None,
                closure: Some(closure.into()),
            },
        }
    }
}

/// A household in an organisation's enquiry queue.
#[derive(SimpleObject)]
pub struct Enquiry {
    pub id: ID,
    pub name: String,
    pub postcode: String,
    pub local_authority: Option<String>,
    pub state: FunnelState,
    pub first_contact_due_at: Option<DateTime<Utc>>,
    pub next_action_on: Option<NaiveDate>,
    /// Something is late: `overdueItems` says what.
    pub overdue: bool,
    /// What is late, each named: first contact, next action, a Stage 1
    /// check, Stage 2, a temporary approval.
    pub overdue_items: Vec<OverdueItem>,
    pub owner: Option<String>,
    pub campaign: Option<String>,
    pub interests: Vec<FosteringKind>,
    /// Its postcode district is split between authorities.
    pub routing_to_check: bool,
    /// Another household here gave the same telephone number.
    pub possible_duplicate: bool,
    pub enquired_at: DateTime<Utc>,
    /// A known and trusted adult for the child with these initials: worked
    /// first.
    pub known_adult_for: Option<String>,
}

impl From<QueueItem> for Enquiry {
    fn from(item: QueueItem) -> Self {
        Self {
            id: to_id("Household", item.household_id),
            name: item.name,
            postcode: item.postcode,
            local_authority: item.local_authority,
            state: item.state.into(),
            first_contact_due_at: item.first_contact_due_at,
            next_action_on: item.next_action_on,
            overdue: !item.overdue.is_empty(),
            overdue_items: item.overdue.into_iter().map(Into::into).collect(),
            owner: item.owner,
            campaign: item.campaign,
            interests: item.interests.into_iter().map(Into::into).collect(),
            routing_to_check: item.routing_to_check,
            possible_duplicate: item.possible_duplicate,
            enquired_at: item.enquired_at,
            known_adult_for: item.known_adult_for,
        }
    }
}

#[derive(SimpleObject)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub by: Option<String>,
    pub event: String,
    pub from: Option<String>,
    pub to: String,
    pub reason: Option<String>,
}

#[derive(SimpleObject)]
pub struct ContactAttempt {
    pub at: DateTime<Utc>,
    pub by: Option<String>,
    pub method: ContactMethod,
    pub outcome: ContactOutcome,
    pub note: String,
}

#[derive(SimpleObject)]
pub struct Note {
    pub at: DateTime<Utc>,
    pub by: Option<String>,
    pub text: String,
}

/// A household's whole record, for staff of its organisation. Its lists
/// are read only when asked for, for every household in the request at
/// once.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Household {
    pub id: ID,
    pub organisation_name: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub local_authority: Option<String>,
    pub routing_to_check: bool,
    pub state: FunnelState,
    /// Something is late: `overdueItems` says what.
    pub overdue: bool,
    /// What is late, each named: first contact, next action, a Stage 1
    /// check, Stage 2, a temporary approval.
    pub overdue_items: Vec<OverdueItem>,
    pub first_contact_due_at: Option<DateTime<Utc>>,
    pub first_contact_at: Option<DateTime<Utc>>,
    pub next_action_on: Option<NaiveDate>,
    pub owner: Option<String>,
    pub best_time_to_call: Option<CallTime>,
    pub interests: Vec<FosteringKind>,
    pub heard_about: Option<HeardAbout>,
    pub campaign: Option<String>,
    /// For a known and trusted adult: the child they may foster.
    pub known_adult: Option<KnownAdultFor>,
    #[graphql(skip)]
    pub readable: Readable,
}

#[ComplexObject]
impl Household {
    /// Other households here with the same telephone number.
    async fn possible_duplicates(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ID>> {
        let found = load(ctx, DuplicatesOf(self.readable)).await?;
        Ok(found
            .into_iter()
            .map(|(id, _)| to_id("Household", id))
            .collect())
    }

    /// Every move, oldest first.
    async fn history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<HistoryEntry>> {
        let found = load(ctx, HistoryOf(self.readable)).await?;
        Ok(found
            .into_iter()
            .map(|h| HistoryEntry {
                at: h.at,
                by: h.by,
                event: h.event.as_str().to_owned(),
                from: h.from,
                to: h.to,
                reason: h.reason,
            })
            .collect())
    }

    /// Newest first.
    async fn contacts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ContactAttempt>> {
        let found = load(ctx, ContactsOf(self.readable)).await?;
        Ok(found
            .into_iter()
            .map(|c| ContactAttempt {
                at: c.at,
                by: c.by,
                method: c.method.into(),
                outcome: c.outcome.into(),
                note: c.note,
            })
            .collect())
    }

    /// Newest first.
    async fn notes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Note>> {
        let found = load(ctx, NotesOf(self.readable)).await?;
        Ok(found
            .into_iter()
            .map(|n| Note {
                at: n.at,
                by: n.by,
                text: n.text,
            })
            .collect())
    }

    /// The information events they registered for.
    async fn events(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<HouseholdEvent>> {
        let found = load(ctx, EventsOf(self.readable)).await?;
        Ok(found
            .into_iter()
            .map(|(title, starts_at, attendance)| HouseholdEvent {
                title,
                starts_at,
                attendance: attendance.map(Into::into),
            })
            .collect())
    }

    /// Initial home visits, soonest first.
    async fn visits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<HomeVisit>> {
        let found = load(ctx, VisitsOf(self.readable)).await?;
        Ok(found
            .into_iter()
            .map(|v| HomeVisit {
                id: to_id("HomeVisit", v.id),
                officer: v.officer,
                starts_at: v.starts_at,
                place: v.place,
                outcome: v.outcome.map(Into::into),
                outcome_note: v.outcome_note,
            })
            .collect())
    }
}

/// The child a known and trusted adult may foster, by initials and the
/// local authority's reference only.
#[derive(SimpleObject)]
pub struct KnownAdultFor {
    pub child_initials: String,
    pub child_reference: String,
    /// Who the adult is to the child.
    pub relationship: String,
    /// The child's social worker who recorded them.
    pub recorded_by: Option<String>,
}

/// An information event a household registered for.
#[derive(SimpleObject)]
pub struct HouseholdEvent {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub attendance: Option<crate::events::Attendance>,
}

#[derive(SimpleObject)]
pub struct HomeVisit {
    pub id: ID,
    pub officer: String,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub outcome: Option<crate::events::VisitOutcome>,
    pub outcome_note: Option<String>,
}

impl From<(Readable, HouseholdRecord)> for Household {
    fn from((readable, record): (Readable, HouseholdRecord)) -> Self {
        Self {
            id: to_id("Household", record.id),
            organisation_name: record.organisation,
            name: record.name,
            email: record.email,
            phone: record.phone,
            postcode: record.postcode,
            local_authority: record.local_authority,
            routing_to_check: record.routing_to_check,
            state: record.state.into(),
            overdue: !record.overdue.is_empty(),
            overdue_items: record.overdue.into_iter().map(Into::into).collect(),
            first_contact_due_at: record.first_contact_due_at,
            first_contact_at: record.first_contact_at,
            next_action_on: record.next_action_on,
            owner: record.owner,
            best_time_to_call: record.best_time_to_call.map(Into::into),
            interests: record.interests.into_iter().map(Into::into).collect(),
            heard_about: record.heard_about.map(Into::into),
            campaign: record.campaign,
            known_adult: record.known_adult.map(|k| KnownAdultFor {
                child_initials: k.child_initials,
                child_reference: k.child_reference,
                relationship: k.relationship,
                recorded_by: k.recorded_by,
            }),
            readable,
        }
    }
}

/// Narrows the queue.
#[derive(InputObject, Default)]
pub struct EnquiryFilter {
    pub stage: Option<Stage>,
    /// Households this officer owns.
    pub owner_id: Option<ID>,
    /// Households nobody owns yet.
    #[graphql(default)]
    pub unassigned: bool,
    /// A local authority's GSS code.
    pub local_authority: Option<String>,
    pub campaign: Option<String>,
    /// Households curious about this kind of fostering.
    pub cohort: Option<FosteringKind>,
    #[graphql(default)]
    pub overdue_only: bool,
    #[graphql(default)]
    pub include_closed: bool,
}

/// One of the signed-in person's own enquiries, as they see it.
#[derive(SimpleObject)]
pub struct OwnEnquiry {
    pub id: ID,
    pub organisation_name: String,
    pub state: FunnelState,
    /// Their officer, once someone is assigned.
    pub contact: Option<String>,
    pub enquired_at: DateTime<Utc>,
    /// What happens next, in a sentence.
    pub next_step: String,
    /// Everyone applying: the person who enquired, then a joint applicant.
    pub applicants: Vec<String>,
    /// Their assessing social worker, at Stage 2.
    pub assessor: Option<String>,
    /// The panel date booked, and where it sits.
    pub panel_date: Option<NaiveDate>,
    pub panel_place: Option<String>,
    pub decision: Option<crate::panel::DecisionOutcome>,
    /// For a proposal not to approve: the last day to respond.
    pub respond_by: Option<NaiveDate>,
    pub responded: bool,
    /// Preparation training booked and still to come.
    pub training: Vec<BookedTraining>,
    /// Information events and training booked, still to come.
    pub events: Vec<BookedEvent>,
    /// Their officer's email address, once someone is assigned.
    pub contact_email: Option<String>,
    /// Their officer's work telephone number, if they have given one.
    pub contact_phone: Option<String>,
    /// How to reach the service: telephone, email and website, those given.
    pub service_contact: String,
    /// For a connected person: the last day of their temporary approval.
    pub temporary_approval_until: Option<NaiveDate>,
    pub temporary_approval_extended: bool,
}

#[derive(SimpleObject)]
pub struct BookedTraining {
    pub title: String,
    /// When, as people read it in London time.
    pub when: String,
}

/// An event booked, as its confirmation email gave it.
#[derive(SimpleObject)]
pub struct BookedEvent {
    pub title: String,
    /// When, as people read it in London time.
    pub when: String,
    pub training: bool,
    /// The venue and postcode, in person.
    pub place: Option<String>,
    /// The link to join, online.
    pub joining_link: Option<String>,
}

#[derive(Default)]
pub struct RecruitmentQuery;

#[Object]
impl RecruitmentQuery {
    /// The signed-in person's own enquiries about fostering, newest first.
    async fn my_enquiries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OwnEnquiry>> {
        let found = own_enquiries(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(found
            .into_iter()
            .map(|e| OwnEnquiry {
                id: to_id("Household", e.household_id),
                organisation_name: e.organisation,
                state: e.state.into(),
                contact: e.contact,
                enquired_at: e.enquired_at,
                next_step: e.next_step,
                applicants: e.applicants,
                assessor: e.assessor,
                panel_date: e.panel.as_ref().map(|(on, _)| *on),
                panel_place: e.panel.map(|(_, place)| place),
                respond_by: e.decision.as_ref().and_then(|d| d.respond_by),
                responded: e.decision.as_ref().is_some_and(|d| d.response.is_some()),
                decision: e.decision.map(|d| d.outcome.into()),
                training: e
                    .training
                    .into_iter()
                    .map(|(title, when)| BookedTraining { title, when })
                    .collect(),
                events: e
                    .events
                    .into_iter()
                    .map(|b| BookedEvent {
                        title: b.title,
                        when: b.when,
                        training: b.training,
                        place: b.place,
                        joining_link: b.joining_link,
                    })
                    .collect(),
                contact_email: e.contact_email,
                contact_phone: e.contact_phone,
                service_contact: e.service_contact,
                temporary_approval_until: e.temporary_approval.map(|(until, _)| until),
                temporary_approval_extended: e.temporary_approval.is_some_and(|(_, x)| x),
            })
            .collect())
    }

    /// An organisation's enquiry queue, a page at a time: known and trusted
    /// adults first, then the earliest due (so the overdue lead), then the
    /// oldest; on hold after those, closed last. For its recruitment
    /// officers and managers.
    #[allow(clippy::too_many_arguments)]
    async fn enquiries(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        filter: Option<EnquiryFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Listed<Enquiry>> {
        let organisation_id = from_id("Organisation", &organisation_id, "organisationId")?;
        let page = page_request(first, after, last, before)?;
        let filter = filter.unwrap_or_default();
        let owner = match (&filter.owner_id, filter.unassigned) {
            (_, true) => Some(None),
            (Some(id), false) => Some(Some(from_id("Person", id, "filter.ownerId")?)),
            (None, false) => None,
        };
        let filter = QueueFilter {
            stage: filter.stage.map(Into::into),
            owner,
            local_authority: filter.local_authority,
            campaign: filter.campaign,
            cohort: filter.cohort.map(Into::into),
            overdue_only: filter.overdue_only,
            include_closed: filter.include_closed,
        };
        let listed = enquiry_queue(storage(ctx)?, actor(ctx), organisation_id, &filter, &page)
            .await
            .map_err(to_graphql)?;
        Ok(connection(listed, Enquiry::from))
    }

    /// A household's record, for staff of its organisation (null for
    /// anyone else).
    async fn household(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<Household>> {
        let id = from_id("Household", &id, "id")?;
        actor(ctx).require_signed_in().map_err(to_graphql)?;
        // Every household(id) in the request is read in one batch.
        let loader = ctx.data::<Arc<DataLoader<RecordLoader>>>()?;
        Ok(loader.load_one(id).await?.map(Household::from))
    }
}

/// A move through the funnel.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum HouseholdMoveKind {
    Withdraw,
    AdviseNotToProceed,
    PutOnHold,
    Resume,
    Reopen,
    RecordEventAttended,
    InviteToApply,
    /// At Stage 1: go on to the assessment.
    ProceedToStage2,
}

#[derive(InputObject)]
pub struct MoveHouseholdInput {
    pub household_id: ID,
    #[graphql(name = "move")]
    pub kind: HouseholdMoveKind,
    /// For a withdrawal or advice not to proceed.
    pub reason: Option<ClosureReason>,
    /// Instead of `reason`, one the organisation's managers added
    /// (`closureReasons` lists them).
    pub added_reason_id: Option<ID>,
    /// In their words, or yours; needed for `OTHER`.
    #[graphql(default)]
    pub detail: String,
    /// For putting on hold: the date to resume.
    pub until: Option<NaiveDate>,
}

#[derive(InputObject)]
pub struct RecordContactInput {
    pub household_id: ID,
    pub method: ContactMethod,
    pub outcome: ContactOutcome,
    #[graphql(default)]
    pub note: String,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::equality::Ethnicity")]
pub enum Ethnicity {
    Asian,
    Black,
    Mixed,
    White,
    Other,
    PreferNotToSay,
}

// "No religion" is the census's own answer, and NO_RELIGION the clearest name.
#[allow(clippy::enum_variant_names)]
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::equality::Religion")]
pub enum Religion {
    NoReligion,
    Buddhist,
    Christian,
    Hindu,
    Jewish,
    Muslim,
    Sikh,
    Other,
    PreferNotToSay,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::equality::Disability")]
pub enum Disability {
    Yes,
    No,
    PreferNotToSay,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::recruitment::equality::SexualOrientation")]
pub enum SexualOrientation {
    Straight,
    GayOrLesbian,
    Bisexual,
    Other,
    PreferNotToSay,
}

/// The optional equality questions; leave out any not answered.
#[derive(InputObject)]
pub struct EqualityAnswersInput {
    /// The `equalityToken` from `registerInterest`.
    pub token: String,
    pub ethnicity: Option<Ethnicity>,
    pub religion: Option<Religion>,
    pub disability: Option<Disability>,
    pub sexual_orientation: Option<SexualOrientation>,
}

/// A count as staff may see it: rounded to the nearest 5, and null when
/// under 5, so nobody can be picked out.
#[derive(SimpleObject)]
pub struct AnswerCount {
    pub answer: String,
    pub households: Option<u64>,
}

#[derive(SimpleObject)]
pub struct QuestionCounts {
    pub question: String,
    pub answers: Vec<AnswerCount>,
    pub not_answered: Option<u64>,
}

#[derive(SimpleObject)]
pub struct EqualityReport {
    /// Households that enquired, rounded (null when under 5).
    pub households: Option<u64>,
    pub questions: Vec<QuestionCounts>,
}

#[derive(Default)]
pub struct EqualityQuery;

#[Object]
impl EqualityQuery {
    /// An organisation's equality figures over every household that enquired:
    /// counts only. For its recruitment officers and managers.
    async fn equality_report(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<EqualityReport> {
        let id = from_id("Organisation", &organisation_id, "organisationId")?;
        let report = equality_report(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        Ok(EqualityReport {
            households: report.households.shown(),
            questions: report
                .questions
                .into_iter()
                .map(|q| QuestionCounts {
                    question: q.question.to_owned(),
                    answers: q
                        .answers
                        .into_iter()
                        .map(|(answer, count)| AnswerCount {
                            answer: answer.to_owned(),
                            households: count.shown(),
                        })
                        .collect(),
                    not_answered: q.not_answered.shown(),
                })
                .collect(),
        })
    }
}

#[derive(Default)]
pub struct EqualityMutation;

#[Object]
impl EqualityMutation {
    /// Answers the optional equality questions, once, with the token from
    /// `registerInterest`. Returns true.
    async fn answer_equality_questions(
        &self,
        ctx: &Context<'_>,
        input: EqualityAnswersInput,
    ) -> async_graphql::Result<bool> {
        let answers = EqualityAnswers {
            ethnicity: input.ethnicity.map(Into::into),
            religion: input.religion.map(Into::into),
            disability: input.disability.map(Into::into),
            sexual_orientation: input.sexual_orientation.map(Into::into),
        };
        answer_equality_questions(storage(ctx)?, &input.token, &answers)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }
}

#[derive(Default)]
pub struct HouseholdsMutation;

pub(crate) async fn household_of(ctx: &Context<'_>, id: i32) -> async_graphql::Result<Household> {
    let record = household_record(storage(ctx)?, actor(ctx), id)
        .await
        .map_err(to_graphql)?;
    Ok(record.into())
}

#[Object]
impl HouseholdsMutation {
    /// Assigns households to an officer of their organisation; returns how
    /// many. All are the organisation's, or none is changed.
    async fn assign_households(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        household_ids: Vec<ID>,
        officer_id: ID,
    ) -> async_graphql::Result<u64> {
        let organisation_id = from_id("Organisation", &organisation_id, "organisationId")?;
        let officer_id = from_id("Person", &officer_id, "officerId")?;
        let households = household_ids
            .iter()
            .map(|id| from_id("Household", id, "householdIds"))
            .collect::<async_graphql::Result<Vec<i32>>>()?;
        assign_households(
            storage(ctx)?,
            actor(ctx),
            organisation_id,
            &households,
            officer_id,
        )
        .await
        .map_err(to_graphql)
    }

    /// Records an attempt to contact a household; the first that reaches
    /// them moves an enquiry on to contacted.
    async fn record_contact(
        &self,
        ctx: &Context<'_>,
        input: RecordContactInput,
    ) -> async_graphql::Result<Household> {
        let id = from_id("Household", &input.household_id, "householdId")?;
        record_contact(
            storage(ctx)?,
            actor(ctx),
            id,
            Some(input.method.into()),
            Some(input.outcome.into()),
            &input.note,
        )
        .await
        .map_err(to_graphql)?;
        household_of(ctx, id).await
    }

    /// Keeps a note on a household's record.
    async fn add_household_note(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        text: String,
    ) -> async_graphql::Result<Household> {
        let id = from_id("Household", &household_id, "householdId")?;
        add_note(storage(ctx)?, actor(ctx), id, &text)
            .await
            .map_err(to_graphql)?;
        household_of(ctx, id).await
    }

    /// Moves a household to another fostering service that serves its local
    /// authority (when its postcode district is split and it went to the
    /// wrong one). Before the household is invited to apply, its officers
    /// may; after, only a recruitment manager of its service, with a
    /// reason. Both services' managers and the household are told. Returns
    /// true.
    async fn reassign_household(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        organisation_id: ID,
        #[graphql(default)] reason: String,
    ) -> async_graphql::Result<bool> {
        let id = from_id("Household", &household_id, "householdId")?;
        let to = from_id("Organisation", &organisation_id, "organisationId")?;
        reassign_household(storage(ctx)?, actor(ctx), id, to, &reason)
            .await
            .map_err(to_graphql)?;
        Ok(true)
    }

    /// Says a household flagged for its split district is in the right queue.
    async fn confirm_routing(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
    ) -> async_graphql::Result<Household> {
        let id = from_id("Household", &household_id, "householdId")?;
        confirm_routing(storage(ctx)?, actor(ctx), id)
            .await
            .map_err(to_graphql)?;
        household_of(ctx, id).await
    }

    /// Sets (or, with null, clears) the date of a household's next action.
    async fn set_next_action(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        on: Option<NaiveDate>,
    ) -> async_graphql::Result<Household> {
        let id = from_id("Household", &household_id, "householdId")?;
        set_next_action(storage(ctx)?, actor(ctx), id, on)
            .await
            .map_err(to_graphql)?;
        household_of(ctx, id).await
    }

    /// Moves a household through the funnel. A move the funnel does not
    /// allow is refused with CONFLICT, saying why.
    async fn move_household(
        &self,
        ctx: &Context<'_>,
        input: MoveHouseholdInput,
    ) -> async_graphql::Result<Household> {
        let id = from_id("Household", &input.household_id, "householdId")?;
        let reason = match (&input.added_reason_id, input.reason) {
            (Some(id), _) => Some(ReasonChoice::Added(from_id(
                "ClosureReason",
                id,
                "addedReasonId",
            )?)),
            (None, Some(reason)) => Some(ReasonChoice::Standard(reason.into())),
            (None, None) => None,
        };
        let change = match input.kind {
            HouseholdMoveKind::Withdraw => HouseholdMove::Withdraw {
                reason,
                detail: input.detail,
            },
            HouseholdMoveKind::AdviseNotToProceed => HouseholdMove::AdviseNotToProceed {
                reason,
                detail: input.detail,
            },
            HouseholdMoveKind::PutOnHold => HouseholdMove::PutOnHold { until: input.until },
            HouseholdMoveKind::Resume => HouseholdMove::Resume,
            HouseholdMoveKind::Reopen => HouseholdMove::Reopen,
            HouseholdMoveKind::RecordEventAttended => HouseholdMove::RecordEventAttended,
            HouseholdMoveKind::InviteToApply => HouseholdMove::InviteToApply,
            HouseholdMoveKind::ProceedToStage2 => HouseholdMove::ProceedToStage2,
        };
        move_household(storage(ctx)?, actor(ctx), id, &change)
            .await
            .map_err(to_graphql)?;
        household_of(ctx, id).await
    }
}
