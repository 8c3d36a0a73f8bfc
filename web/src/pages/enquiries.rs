//! The enquiry queue and a household's record, for recruitment staff.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::NaiveDate;
use domain::Named;
use domain::accounts::{organisations_by_id, recruiting_organisations};
use domain::applications::assessment::{
    AssessmentView, ReportSection, ReportStatus, assign_assessor, household_assessment,
    log_assessment_visit, set_report_section,
};
use domain::applications::references::{ReferenceEntry, household_references};
use domain::applications::staff_view::household_application;
use domain::applications::stage_one::{
    CheckEntry, CheckOutcome, CheckUpdate, stage_one_checks, update_check,
};
use domain::policy::{Allowed, Permission};
use domain::recruitment::closure_reasons::closure_reasons;
use domain::recruitment::contact::{ContactMethod, ContactOutcome};
use domain::recruitment::funnel::{Event, Stage, State, transition};
use domain::recruitment::household_parts::{HouseholdParts, household_parts};
use domain::recruitment::interest::FosteringKind;
use domain::recruitment::visits::VisitOutcome;
use domain::recruitment::{
    HouseholdRecord, QueueFilter, QueueItem, assign_households, enquiry_queue, household_record,
    london_display, recruitment_officers,
};
use domain::{Actor, DomainError};
use serde::Deserialize;

use super::date_time::DateBoxes;
use super::forms::{FormErrors, Pick, done_or_again, pairs, picks, see_other, typed, value};
use super::pagination::{page_links, page_request};
use super::{PageError, Section, Shell, actor, household_back, household_name, render};
use crate::server::AppState;

/// How a household's state reads in the queue.
pub fn state_label(state: &State) -> String {
    match state {
        State::Open(stage) => stage.label().to_owned(),
        State::OnHold { stage, until } => {
            format!(
                "{} (on hold until {})",
                stage.label(),
                until.format("%-d %B %Y")
            )
        }
        State::Closed { stage, closure } => format!("{}: {}", closure.label(), stage.label()),
    }
}

#[derive(Template)]
#[template(path = "enquiries.html")]
struct QueuePage {
    shell: Shell,
    page_number: u32,
    /// What the reader may do in the organisation: its settings are linked
    /// for those who manage them.
    allowed: Allowed,
    done: Option<&'static str>,
    errors: FormErrors,
    organisation_id: i32,
    organisations: Vec<Pick>,
    items: Vec<QueueItem>,
    stages: Vec<Pick>,
    owners: Vec<Pick>,
    cohorts: Vec<Pick>,
    officers: Vec<Pick>,
    local_authority: String,
    campaign: String,
    overdue_only: bool,
    include_closed: bool,
    /// Households the filters match, on every page: counted up to 10,000.
    total_count: u64,
    more_than_total: bool,
    previous_href: Option<String>,
    next_href: Option<String>,
}

impl QueuePage {
    fn due(&self, item: &QueueItem) -> String {
        match (item.state, item.first_contact_due_at) {
            (State::Open(Stage::Enquiry), Some(due)) => format!("Call by {}", london_display(due)),
            _ => item
                .next_action_on
                .map(|on| format!("Next action {}", on.format("%-d %B %Y")))
                .unwrap_or_default(),
        }
    }

    fn state(&self, item: &QueueItem) -> String {
        state_label(&item.state)
    }
}

/// The organisation whose queue to show: the one asked for, or the first
/// the person recruits for.
fn organisation_of(actor: &Actor, asked: &str) -> Result<i32, DomainError> {
    let mine = actor.organisations_where(Permission::WorkEnquiries);
    match asked.parse::<i32>() {
        Ok(id) => Ok(id),
        Err(_) => mine.first().copied().ok_or_else(|| actor.refusal()),
    }
}

async fn queue_page(
    state: &AppState,
    req: &HttpRequest,
    query: &[(String, String)],
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let organisation_id = organisation_of(&actor, value(query, "organisation"))?;
    let owner = value(query, "owner");
    let filter = QueueFilter {
        stage: Stage::parse(value(query, "stage")),
        owner: match owner {
            "" => None,
            "nobody" => Some(None),
            id => id.parse().ok().map(Some),
        },
        local_authority: Some(value(query, "local_authority").to_uppercase())
            .filter(|v| !v.is_empty()),
        campaign: Some(value(query, "campaign").to_owned()).filter(|v| !v.is_empty()),
        cohort: FosteringKind::parse(value(query, "cohort")),
        overdue_only: value(query, "overdue") == "yes",
        include_closed: value(query, "closed") == "yes",
    };
    let listed = enquiry_queue(
        &state.ctx,
        &actor,
        organisation_id,
        &filter,
        &page_request(query),
    )
    .await?;
    let (previous_href, next_href) = page_links(&listed, "/enquiries", query);
    let total_count = listed.total_count;
    let more_than_total = listed.more_than_total;
    let items: Vec<QueueItem> = listed.items.into_iter().map(|(_, item)| item).collect();
    let officers = recruitment_officers(&state.ctx, &actor, organisation_id).await?;
    let organisations = organisations_by_id(
        &state.ctx,
        &actor.organisations_where(Permission::WorkEnquiries),
    )
    .await?
    .into_iter()
    .map(|organisation| Pick {
        selected: organisation.id == organisation_id,
        value: organisation.id.to_string(),
        label: organisation.name,
    })
    .collect();
    let mut owners = vec![
        Pick {
            value: String::new(),
            label: "Anyone".into(),
            selected: owner.is_empty(),
        },
        Pick {
            value: "nobody".into(),
            label: "Nobody yet".into(),
            selected: owner == "nobody",
        },
    ];
    owners.extend(officers.iter().map(|(id, name)| Pick {
        value: id.to_string(),
        label: name.clone(),
        selected: owner == id.to_string(),
    }));
    let (shell, status) = Shell::for_form(state, req, Section::Work, &errors);
    let page = QueuePage {
        allowed: Allowed::in_organisation(&actor, organisation_id),
        shell,
        done: match value(query, "done") {
            "assigned" => Some("Households assigned"),
            "reassigned" => Some("Household moved to the other organisation's queue"),
            _ => None,
        },
        errors,
        organisation_id,
        organisations,
        items,
        stages: picks(
            Stage::ALL,
            Stage::as_str,
            Stage::label,
            value(query, "stage"),
        ),
        owners,
        cohorts: picks(
            FosteringKind::ALL,
            FosteringKind::as_str,
            FosteringKind::label,
            value(query, "cohort"),
        ),
        officers: officers
            .into_iter()
            .map(|(id, name)| Pick {
                value: id.to_string(),
                label: name,
                selected: false,
            })
            .collect(),
        local_authority: value(query, "local_authority").to_owned(),
        campaign: value(query, "campaign").to_owned(),
        total_count,
        more_than_total,
        page_number: super::pagination::page_number(query),
        previous_href,
        next_href,
        overdue_only: filter.overdue_only,
        include_closed: filter.include_closed,
    };
    render(status, &page)
}

#[get("/enquiries")]
pub async fn queue(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    queue_page(&state, &req, &query, FormErrors::default()).await
}

/// Households given to an officer. The households are ticked boxes, one
/// field each, read apart.
#[derive(Default, Deserialize)]
#[serde(default)]
struct AssignForm {
    organisation: String,
    officer: String,
}

#[post("/enquiries/assign")]
pub async fn assign(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let sent: AssignForm = typed(&form)?;
    let organisation_id = organisation_of(&actor(&req), &sent.organisation)?;
    let households: Vec<i32> = form
        .iter()
        .filter(|(k, _)| k == "household")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let assigned = match sent.officer.parse() {
        Ok(officer) => {
            let actor = actor(&req);
            assign_households(&state.ctx, &actor, organisation_id, &households, officer).await
        }
        Err(_) => Err(DomainError::invalid(
            "officer_id",
            "Choose an officer of this organisation",
        )),
    };
    match assigned {
        Ok(_) => Ok(see_other(&format!(
            "/enquiries?organisation={organisation_id}&done=assigned"
        ))
        .finish()),
        Err(error) => {
            let mut errors = FormErrors::from_domain(error)?;
            for e in &mut errors.0 {
                e.field = if e.field == "officer_id" {
                    "officer".into()
                } else {
                    "household".into()
                };
            }
            let query = vec![("organisation".to_owned(), organisation_id.to_string())];
            queue_page(&state, &req, &query, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "household.html")]
struct HouseholdPage {
    shell: Shell,
    /// What the reader may do with this household's records: the links to
    /// its application, checks, panel and messages are shown by it.
    allowed: Allowed,
    done: Option<&'static str>,
    errors: FormErrors,
    record: HouseholdRecord,
    parts: HouseholdParts,
    methods: Vec<Pick>,
    outcomes: Vec<Pick>,
    reasons: Vec<Pick>,
    next_action: DateBoxes,
    /// The day to resume, as typed into the form to put it on hold.
    hold_until: DateBoxes,
    /// Where a household can be moved: every other fostering service.
    services: Vec<Pick>,
    /// Who can make the initial home visit.
    officers: Vec<Pick>,
    visit_outcomes: Vec<Pick>,
    visit_date: DateBoxes,
    /// The form as sent, shown again with its errors so nothing typed is lost.
    typed: Vec<(String, String)>,
    references: Vec<ReferenceEntry>,
    /// The reader, to offer "Assign to me" when the household is not theirs.
    reader_id: Option<i32>,
}

impl HouseholdPage {
    /// The reader is one of its organisation's officers, the household is
    /// open and someone else's (or nobody's): they may take it.
    fn may_take(&self) -> bool {
        let Some(me) = self.reader_id else {
            return false;
        };
        self.record.state.is_open()
            && self.record.owner_id != Some(me)
            && self
                .officers
                .iter()
                .any(|pick| pick.value == me.to_string())
    }

    /// What was typed into `field` of the form that came back with errors.
    fn typed(&self, field: &str) -> &str {
        value(&self.typed, field)
    }

    fn state(&self) -> String {
        state_label(&self.record.state)
    }

    fn when(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        london_display(*at)
    }

    /// The moves forward the funnel allows from here, as buttons.
    fn forward_moves(&self) -> Vec<(&'static str, &'static str)> {
        [
            (
                Event::AttendedInformationEvent,
                "event-attended",
                "Came to an information event",
            ),
            (Event::InvitedToApply, "invite-to-apply", "Invite to apply"),
            (
                Event::ProceededToStage2,
                "proceed-to-stage-2",
                "Go on to Stage 2",
            ),
        ]
        .into_iter()
        .filter(|(event, ..)| {
            transition(self.record.state, *event).is_ok_and(|next| next != self.record.state)
        })
        .map(|(_, action, label)| (action, label))
        .collect()
    }

    /// Whether `visit` is the one whose outcome is asked for: the earliest
    /// not yet recorded (one form, so its fields' ids stay unique).
    fn is_pending(&self, visit: &i32) -> bool {
        self.parts
            .visits
            .iter()
            .find(|v| v.outcome.is_none())
            .is_some_and(|v| v.id == *visit)
    }

    /// A visit can be booked once they have been contacted, until one has
    /// taken place.
    fn can_book_visit(&self) -> bool {
        transition(self.record.state, Event::VisitCompleted).is_ok()
    }

    /// In Stage 2 or after: the assessment, panel and decision.
    fn assessing(&self) -> bool {
        self.record.state.stage().assessing()
    }

    /// Applied: Stage 1's checks are listed.
    fn checking(&self) -> bool {
        self.record.state.stage().applied()
    }

    /// Invited to apply or applied: there may be an application to read.
    fn applying(&self) -> bool {
        self.record.state.stage().invited_to_apply()
    }

    fn is_on_hold(&self) -> bool {
        matches!(self.record.state, State::OnHold { .. })
    }

    fn is_closed(&self) -> bool {
        matches!(self.record.state, State::Closed { .. })
    }
}

pub(super) async fn household_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    done: Option<&'static str>,
    (errors, typed): (FormErrors, Vec<(String, String)>),
) -> Result<HttpResponse, PageError> {
    let (readable, record) = household_record(&state.ctx, &actor(req), id).await?;
    let parts = household_parts(&state.ctx, readable).await?;
    let services = if record.routing_to_check {
        recruiting_organisations(&state.ctx)
            .await?
            .into_iter()
            .filter(|o| o.id != record.organisation_id)
            .map(|o| Pick {
                value: o.id.to_string(),
                label: o.name,
                selected: false,
            })
            .collect()
    } else {
        Vec::new()
    };
    let officers = recruitment_officers(&state.ctx, &actor(req), record.organisation_id)
        .await?
        .into_iter()
        .map(|(id, name)| Pick {
            selected: value(&typed, "officer_id") == id.to_string(),
            value: id.to_string(),
            label: name,
        })
        .collect();
    let reasons = closure_reasons(&state.ctx, &actor(req), record.organisation_id)
        .await?
        .into_iter()
        .map(|r| Pick {
            selected: value(&typed, "reason") == r.choice.code(),
            value: r.choice.code(),
            label: r.label,
        })
        .collect();
    let references = household_references(&state.ctx, &actor(req), id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Work, &errors);
    let page = HouseholdPage {
        reader_id: actor(req).person_id(),
        allowed: Allowed::in_organisation(&actor(req), record.organisation_id),
        references,
        officers,
        visit_outcomes: picks(
            VisitOutcome::ALL,
            VisitOutcome::as_str,
            VisitOutcome::label,
            "",
        ),
        visit_date: DateBoxes::from_form(&typed, "starts_at"),
        services,
        shell,
        done,
        errors,
        next_action: match (value(&typed, "action"), record.next_action_on) {
            ("next-action", _) | (_, None) => DateBoxes::from_form(&typed, "date"),
            (_, Some(on)) => DateBoxes::of(on),
        },
        hold_until: DateBoxes::from_form(&typed, "until"),
        typed,
        record,
        parts,
        methods: picks(
            ContactMethod::ALL,
            ContactMethod::as_str,
            ContactMethod::label,
            "",
        ),
        outcomes: picks(
            ContactOutcome::ALL,
            ContactOutcome::as_str,
            ContactOutcome::label,
            "",
        ),
        reasons,
    };
    render(status, &page)
}

#[get("/enquiries/{id}")]
pub async fn household(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "contact" => Some("Contact recorded"),
        "note" => Some("Note added"),
        "next-action" => Some("Next action saved"),
        "assigned-to-you" => Some("The household is yours"),
        "visit-booked" => Some("Visit booked: the household has been emailed the time and place"),
        "visit-outcome" => Some("Visit recorded"),
        "moved" => Some("Household updated"),
        _ => None,
    };
    household_page(&state, &req, *id, done, Default::default()).await
}

/// The equality figures moved to Reports, by stage: an old link (or
/// bookmark) finds them there, over every household as it did.
#[get("/enquiries/equality")]
pub async fn equality(req: HttpRequest) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let actor = actor(&req);
    let organisation_id = organisation_of(&actor, value(&query, "organisation"))?;
    Ok(see_other(&format!(
        "/reports/equality?range=all_time&organisation={organisation_id}"
    ))
    .finish())
}

/// A section of a household's application, as staff read it.
pub struct StaffSectionView {
    section: domain::applications::sections::Section,
    status: &'static str,
    /// `None` when withheld from this reader.
    rows: Option<Vec<(String, String)>>,
}

#[derive(Template)]
#[template(path = "staff_application.html")]
struct StaffApplicationPage {
    shell: Shell,
    /// Where "Back" goes for this reader, if anywhere.
    back: Option<(String, &'static str)>,
    household: String,
    submitted: Option<String>,
    sections: Vec<StaffSectionView>,
}

#[get("/enquiries/{id}/application")]
pub async fn application(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    use domain::applications::form::TaskStatus;
    let application = household_application(&state.ctx, &actor(&req), *id).await?;
    let sections = application
        .sections
        .iter()
        .map(|s| StaffSectionView {
            section: s.section,
            status: match s.status {
                TaskStatus::NotStarted => "Not started",
                TaskStatus::InProgress => "In progress",
                TaskStatus::Completed => "Completed",
            },
            rows: s
                .answers
                .as_ref()
                .map(|answers| super::application::answer_rows(s.section, answers)),
        })
        .collect();
    let page = StaffApplicationPage {
        back: household_back(&state, &req, application.household_id).await?,
        shell: Shell::new(&state, &req, Section::Work),
        household: application.household,
        submitted: application.submitted_at.map(london_display),
        sections,
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "stage_one.html")]
struct StageOnePage {
    shell: Shell,
    /// Where "Back" goes for this reader, if anywhere.
    back: Option<(String, &'static str)>,
    errors: FormErrors,
    done: bool,
    household_id: i32,
    household: String,
    checks: Vec<CheckEntry>,
    outcomes: Vec<Pick>,
}

impl StageOnePage {
    /// The message for this check's outcome, when it came back wrong.
    fn outcome_error(&self, check: &CheckEntry) -> Option<&str> {
        self.errors.get(&format!("outcome-{}-clear", check.id))
    }

    fn note_error(&self, check: &CheckEntry) -> Option<&str> {
        self.errors.get(&format!("note-{}", check.id))
    }
}

async fn stage_one_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    done: bool,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let checks = stage_one_checks(&state.ctx, &actor(req), id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Work, &errors);
    let page = StageOnePage {
        back: household_back(state, req, id).await?,
        shell,
        errors,
        done,
        household_id: id,
        household: household_name(state, req, id).await?,
        checks,
        outcomes: picks(
            CheckOutcome::ALL,
            CheckOutcome::as_str,
            CheckOutcome::label,
            "",
        ),
    };
    render(status, &page)
}

#[get("/enquiries/{id}/stage-1")]
pub async fn stage_one(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let done = req.query_string() == "done=check";
    stage_one_page(&state, &req, *id, done, FormErrors::default()).await
}

#[post("/enquiries/{id}/stage-1/checks/{check}/requested")]
pub async fn request_check(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
) -> Result<HttpResponse, PageError> {
    let (id, check) = *ids;
    change_check(&state, &req, (id, check), CheckUpdate::Requested).await
}

#[post("/enquiries/{id}/stage-1/checks/{check}/done")]
pub async fn record_check(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let sent: CheckForm = typed(&pairs(&body))?;
    let update = CheckUpdate::Done {
        outcome: CheckOutcome::parse(&sent.outcome),
        note: sent.note,
    };
    change_check(&state, &req, *ids, update).await
}

/// A Stage 1 check's result.
#[derive(Default, Deserialize)]
#[serde(default)]
struct CheckForm {
    outcome: String,
    note: String,
}

/// Changes a check of the household's, then shows Stage 1 again.
async fn change_check(
    state: &AppState,
    req: &HttpRequest,
    (id, check): (i32, i32),
    update: CheckUpdate,
) -> Result<HttpResponse, PageError> {
    let named = Named::within(id, check);
    let errors = match update_check(&state.ctx, &actor(req), named, &update).await {
        Ok(()) => return Ok(see_other(&format!("/enquiries/{id}/stage-1?done=check")).finish()),
        Err(DomainError::Conflict(message)) => FormErrors::one("", message),
        // Each check has its own form: its fields are named by the check.
        Err(DomainError::InvalidInput(fields)) => FormErrors(
            fields
                .into_iter()
                .map(|f| super::PageFieldError {
                    field: match f.field.as_str() {
                        "outcome" => format!("outcome-{check}-clear"),
                        _ => format!("note-{check}"),
                    },
                    message: f.message,
                })
                .collect(),
        ),
        Err(error) => return Err(error.into()),
    };
    stage_one_page(state, req, id, false, errors).await
}

#[derive(Template)]
#[template(path = "assessment.html")]
struct AssessmentPage {
    shell: Shell,
    /// Where "Back" goes for this reader, if anywhere.
    back: Option<(String, &'static str)>,
    errors: FormErrors,
    done: bool,
    view: AssessmentView,
    statuses: Vec<Pick>,
    visit_date: DateBoxes,
    note: String,
}

async fn assessment_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    done: bool,
    (errors, typed): (FormErrors, Vec<(String, String)>),
) -> Result<HttpResponse, PageError> {
    let view = household_assessment(&state.ctx, &actor(req), id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Work, &errors);
    let page = AssessmentPage {
        back: household_back(state, req, id).await?,
        shell,
        errors,
        done,
        view,
        statuses: picks(
            ReportStatus::ALL,
            ReportStatus::as_str,
            ReportStatus::label,
            "",
        ),
        visit_date: DateBoxes::from_form(&typed, "visited_on"),
        note: value(&typed, "note").to_owned(),
    };
    render(status, &page)
}

#[get("/enquiries/{id}/assessment")]
pub async fn assessment(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let done = req.query_string() == "done=saved";
    assessment_page(&state, &req, *id, done, Default::default()).await
}

#[post("/enquiries/{id}/assessment/assessor")]
pub async fn assign_household_assessor(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let outcome = async {
        let sent: AssessorForm = typed(&form)?;
        let assessor = sent.assessor.parse().ok();
        assign_assessor(&state.ctx, &actor(&req), *id, assessor).await
    }
    .await;
    after_assessment_change(&state, &req, *id, form, outcome).await
}

#[post("/enquiries/{id}/assessment/sections/{section}")]
pub async fn set_assessment_section(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, section) = ids.into_inner();
    let form = pairs(&body);
    let section = ReportSection::parse(&section);
    let outcome = async {
        let sent: ReportForm = typed(&form)?;
        let status = ReportStatus::parse(&sent.status);
        set_report_section(&state.ctx, &actor(&req), id, section, status).await
    }
    .await;
    after_assessment_change(&state, &req, id, form, outcome).await
}

#[post("/enquiries/{id}/assessment/visits")]
pub async fn log_household_assessment_visit(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let outcome = async {
        let sent: AssessmentVisitForm = typed(&form)?;
        let on = sent.on();
        log_assessment_visit(&state.ctx, &actor(&req), *id, on, &sent.note).await
    }
    .await;
    after_assessment_change(&state, &req, *id, form, outcome).await
}

/// The assessor given the household.
#[derive(Default, Deserialize)]
#[serde(default)]
struct AssessorForm {
    assessor: String,
}

/// Where a section of the assessment report has got to.
#[derive(Default, Deserialize)]
#[serde(default)]
struct ReportForm {
    status: String,
}

/// An assessment visit made.
#[derive(Default, Deserialize)]
#[serde(default)]
struct AssessmentVisitForm {
    #[serde(rename = "visited_on")]
    day: String,
    #[serde(rename = "visited_on-month")]
    month: String,
    #[serde(rename = "visited_on-year")]
    year: String,
    note: String,
}

impl AssessmentVisitForm {
    /// The day of the visit, if it can be read: the use case says it is
    /// missing otherwise.
    fn on(&self) -> Option<NaiveDate> {
        let boxes = DateBoxes {
            day: self.day.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
        };
        boxes.date("visited_on", "visit").ok()
    }
}

/// Back to the assessment, or the assessment again with what was wrong.
async fn after_assessment_change(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    form: Vec<(String, String)>,
    outcome: Result<(), DomainError>,
) -> Result<HttpResponse, PageError> {
    let to = format!("/enquiries/{id}/assessment?done=saved");
    done_or_again(outcome, &to, async |errors| {
        assessment_page(state, req, id, false, (errors, form)).await
    })
    .await
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(queue)
        .service(assign)
        .service(equality)
        .service(household)
        .service(application)
        .service(stage_one)
        .service(assessment)
        .service(assign_household_assessor)
        .service(set_assessment_section)
        .service(log_household_assessment_visit)
        .service(request_check)
        .service(record_check);
}
