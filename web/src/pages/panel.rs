//! The fostering panel's dates, a household's panel and decision, and
//! connected persons' temporary approvals: for panel administrators,
//! decision makers, assessing social workers and recruitment managers.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::NaiveDate;
use domain::applications::decision::{
    DecisionInput, DecisionOutcome, PanelAndDecision, Terms, panel_and_decision, record_decision,
};
use domain::applications::panel::{
    PanelDate, PanelInput, Recommendation, book_panel, panel_dates, record_recommendation,
    schedule_panel,
};
use domain::applications::sections::CARE;
use domain::policy::Permission;
use domain::recruitment::connected_persons::{
    ConnectedPerson, extend_temporary_approval, may_record_connected_person,
    record_connected_person,
};
use domain::recruitment::funnel::{Stage, State};
use domain::{Actor, DomainError};
use serde::Deserialize;

use super::date_time::DateBoxes;
use super::enquiries::state_label;
use super::forms::{
    FormErrors, Pick, done_or_again, pairs, picks, see_other, ticked, typed, value,
};
use super::{PageError, PageFieldError, Section, Shell, actor, render};
use crate::server::AppState;

/// The organisation asked for, or the first of the person's.
fn organisation_of(actor: &Actor, asked: &str) -> Result<i32, DomainError> {
    match asked.parse::<i32>() {
        Ok(id) => Ok(id),
        Err(_) => actor
            .organisations_where(Permission::SeePanel)
            .first()
            .copied()
            .ok_or_else(|| actor.refusal()),
    }
}

#[derive(Template)]
#[template(path = "panels.html")]
struct PanelsPage {
    shell: Shell,
    errors: FormErrors,
    done: bool,
    organisation_id: i32,
    /// Whether the reader adds panel dates: the form is theirs alone.
    may_schedule: bool,
    may_record_connected_person: bool,
    dates: Vec<PanelDate>,
    sits_on: DateBoxes,
    place: String,
    capacity: String,
}

async fn panels_page(
    state: &AppState,
    req: &HttpRequest,
    organisation_id: i32,
    done: bool,
    (errors, typed): (FormErrors, Vec<(String, String)>),
) -> Result<HttpResponse, PageError> {
    let dates = panel_dates(&state.ctx, &actor(req), organisation_id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Panel, &errors);
    let page = PanelsPage {
        shell,
        errors,
        done,
        organisation_id,
        may_schedule: actor(req).may(Permission::SchedulePanel, organisation_id),
        may_record_connected_person: actor(req)
            .may(Permission::RecordConnectedPerson, organisation_id),
        dates,
        sits_on: DateBoxes::from_form(&typed, "sits_on"),
        place: value(&typed, "place").to_owned(),
        capacity: value(&typed, "capacity").to_owned(),
    };
    render(status, &page)
}

#[get("/panels")]
pub async fn panels(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let organisation_id = organisation_of(&actor(&req), value(&query, "organisation"))?;
    let done = value(&query, "done") == "scheduled";
    panels_page(&state, &req, organisation_id, done, Default::default()).await
}

#[post("/panels")]
pub async fn schedule(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let actor = actor(&req);
    let sent: PanelForm = typed(&form)?;
    let organisation_id = organisation_of(&actor, &sent.organisation)?;
    let (input, sits_on) = sent.input();
    let errors = match schedule_panel(&state.ctx, &actor, organisation_id, &input).await {
        Ok(_) => {
            return Ok(see_other(&format!(
                "/panels?organisation={organisation_id}&done=scheduled"
            ))
            .finish());
        }
        Err(error) => FormErrors::from_refusal(error)?.reading(sits_on.err()),
    };
    panels_page(&state, &req, organisation_id, false, (errors, form)).await
}

/// A panel date, as its form is sent.
#[derive(Default, Deserialize)]
#[serde(default)]
struct PanelForm {
    organisation: String,
    #[serde(rename = "sits_on")]
    day: String,
    #[serde(rename = "sits_on-month")]
    month: String,
    #[serde(rename = "sits_on-year")]
    year: String,
    place: String,
    capacity: String,
}

impl PanelForm {
    /// The panel, and whether its date could be read.
    fn input(self) -> (PanelInput, Result<NaiveDate, PageFieldError>) {
        let sits_on = DateBoxes {
            day: self.day,
            month: self.month,
            year: self.year,
        }
        .date("sits_on", "panel");
        let input = PanelInput {
            sits_on: sits_on.as_ref().ok().copied(),
            place: self.place,
            capacity: self.capacity.parse().ok(),
        };
        (input, sits_on)
    }
}

#[derive(Template)]
#[template(path = "household_panel.html")]
struct HouseholdPanelPage {
    shell: Shell,
    errors: FormErrors,
    done: bool,
    view: PanelAndDecision,
    state: String,
    recommendations: Vec<Pick>,
    kinds: Vec<Pick>,
    typed: Vec<(String, String)>,
}

impl HouseholdPanelPage {
    fn typed(&self, field: &str) -> &str {
        value(&self.typed, field)
    }

    /// A proposal is waiting on the household: the final decision comes
    /// after their response or the 28 days.
    fn proposed(&self) -> bool {
        self.view.state == State::Open(Stage::ProposedNotToApprove)
    }
}

async fn household_panel_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    done: bool,
    (errors, typed): (FormErrors, Vec<(String, String)>),
) -> Result<HttpResponse, PageError> {
    let view = panel_and_decision(&state.ctx, &actor(req), id).await?;
    let (shell, status) = Shell::for_form(state, req, Section::Panel, &errors);
    let page = HouseholdPanelPage {
        shell,
        errors,
        done,
        state: state_label(&view.state),
        recommendations: picks(
            Recommendation::ALL,
            Recommendation::as_str,
            Recommendation::label,
            value(&typed, "recommendation"),
        ),
        kinds: ticked(CARE, &typed, "kinds"),
        view,
        typed,
    };
    render(status, &page)
}

#[get("/enquiries/{id}/panel")]
pub async fn household_panel(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let done = req.query_string() == "done=saved";
    household_panel_page(&state, &req, *id, done, Default::default()).await
}

/// The decision, as its form is sent. The kinds of fostering approved are
/// ticked boxes, one field each, read apart.
#[derive(Default, Deserialize)]
#[serde(default)]
struct DecisionForm {
    outcome: String,
    reasons: String,
    children: String,
    age_from: String,
    age_to: String,
}

impl DecisionForm {
    fn input(self, kinds: Vec<String>) -> Result<DecisionInput, DomainError> {
        let reasons = self.reasons;
        let number = |text: &str| text.parse::<i64>().ok();
        match DecisionOutcome::parse(&self.outcome) {
            Some(DecisionOutcome::Approved) => Ok(DecisionInput::Approve {
                terms: Terms {
                    children: number(&self.children),
                    age_from: number(&self.age_from),
                    age_to: number(&self.age_to),
                    kinds,
                },
                reasons,
            }),
            Some(DecisionOutcome::ProposedNotToApprove) => {
                Ok(DecisionInput::ProposeNotToApprove { reasons })
            }
            Some(DecisionOutcome::NotApproved) => Ok(DecisionInput::NotApprove { reasons }),
            None => Err(DomainError::invalid("outcome", "Select the decision")),
        }
    }
}

/// The panel booked, as its form is sent.
#[derive(Default, Deserialize)]
#[serde(default)]
struct BookingForm {
    panel: String,
}

/// The panel's recommendation, as its form is sent.
#[derive(Default, Deserialize)]
#[serde(default)]
struct RecommendationForm {
    recommendation: String,
    reasons: String,
}

/// Why a temporary approval is extended.
#[derive(Default, Deserialize)]
#[serde(default)]
struct ExtensionForm {
    reason: String,
}

#[post("/enquiries/{id}/panel/booking")]
pub async fn book_household_panel(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let outcome = async {
        let sent: BookingForm = typed(&form)?;
        book_panel(&state.ctx, &actor(&req), *id, sent.panel.parse().ok()).await
    }
    .await;
    after_panel_change(&state, &req, *id, form, outcome).await
}

#[post("/enquiries/{id}/panel/recommendation")]
pub async fn recommend(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let outcome = async {
        let sent: RecommendationForm = typed(&form)?;
        let recommendation = Recommendation::parse(&sent.recommendation);
        record_recommendation(&state.ctx, &actor(&req), *id, recommendation, &sent.reasons).await
    }
    .await;
    after_panel_change(&state, &req, *id, form, outcome).await
}

#[post("/enquiries/{id}/panel/decision")]
pub async fn decide(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let kinds = form
        .iter()
        .filter(|(k, _)| k == "kinds")
        .map(|(_, v)| v.clone())
        .collect();
    let outcome = async {
        let input = typed::<DecisionForm>(&form)?.input(kinds)?;
        record_decision(&state.ctx, &actor(&req), *id, &input).await
    }
    .await;
    after_panel_change(&state, &req, *id, form, outcome).await
}

#[post("/enquiries/{id}/panel/temporary-approval")]
pub async fn extend_approval(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let outcome = async {
        let sent: ExtensionForm = typed(&form)?;
        extend_temporary_approval(&state.ctx, &actor(&req), *id, &sent.reason).await
    }
    .await;
    after_panel_change(&state, &req, *id, form, outcome).await
}

/// Back to the panel page, or the page again with what was wrong.
async fn after_panel_change(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    form: Vec<(String, String)>,
    outcome: Result<(), DomainError>,
) -> Result<HttpResponse, PageError> {
    let to = format!("/enquiries/{id}/panel?done=saved");
    done_or_again(outcome, &to, async |errors| {
        household_panel_page(state, req, id, false, (errors, form)).await
    })
    .await
}

/// A connected person, as their form is sent.
#[derive(Default, Deserialize)]
#[serde(default)]
struct ConnectedPersonForm {
    organisation: String,
    name: String,
    email: String,
    phone: String,
    postcode: String,
    child_initials: String,
    child_reference: String,
    relationship: String,
    #[serde(rename = "approved_on")]
    day: String,
    #[serde(rename = "approved_on-month")]
    month: String,
    #[serde(rename = "approved_on-year")]
    year: String,
}

impl ConnectedPersonForm {
    /// The connected person, and whether the approval's date could be read.
    fn input(self) -> (ConnectedPerson, Result<NaiveDate, PageFieldError>) {
        let approved_on = DateBoxes {
            day: self.day,
            month: self.month,
            year: self.year,
        }
        .date("approved_on", "temporary approval");
        let input = ConnectedPerson {
            name: self.name,
            email: self.email,
            phone: self.phone,
            postcode: self.postcode,
            child_initials: self.child_initials,
            child_reference: self.child_reference,
            relationship: self.relationship,
            approved_on: approved_on.as_ref().ok().copied(),
        };
        (input, approved_on)
    }
}

#[derive(Template)]
#[template(path = "connected_person.html")]
struct ConnectedPersonPage {
    shell: Shell,
    errors: FormErrors,
    organisation_id: i32,
    approved_on: DateBoxes,
    typed: Vec<(String, String)>,
}

impl ConnectedPersonPage {
    fn typed(&self, field: &str) -> &str {
        value(&self.typed, field)
    }
}

fn connected_person_page(
    state: &AppState,
    req: &HttpRequest,
    organisation_id: i32,
    (errors, typed): (FormErrors, Vec<(String, String)>),
) -> Result<HttpResponse, PageError> {
    let (shell, status) = Shell::for_form(state, req, Section::Panel, &errors);
    let page = ConnectedPersonPage {
        shell,
        errors,
        organisation_id,
        approved_on: DateBoxes::from_form(&typed, "approved_on"),
        typed,
    };
    render(status, &page)
}

#[get("/connected-persons/new")]
pub async fn new_connected_person(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let actor = actor(&req);
    let organisation_id = organisation_of(&actor, value(&query, "organisation"))?;
    may_record_connected_person(&actor, organisation_id)?;
    connected_person_page(&state, &req, organisation_id, Default::default())
}

#[post("/connected-persons/new")]
pub async fn record_connected(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let actor = actor(&req);
    let sent: ConnectedPersonForm = typed(&form)?;
    let organisation_id = organisation_of(&actor, &sent.organisation)?;
    let (input, approved_on) = sent.input();
    let errors = match record_connected_person(&state.ctx, &actor, organisation_id, &input).await {
        Ok(id) => return Ok(see_other(&format!("/enquiries/{id}/panel?done=saved")).finish()),
        Err(error) => FormErrors::from_refusal(error)?.reading(approved_on.err()),
    };
    connected_person_page(&state, &req, organisation_id, (errors, form))
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(panels)
        .service(schedule)
        .service(household_panel)
        .service(book_household_panel)
        .service(recommend)
        .service(decide)
        .service(extend_approval)
        .service(new_connected_person)
        .service(record_connected);
}
