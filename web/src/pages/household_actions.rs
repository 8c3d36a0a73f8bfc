//! The household record's forms, one route each: contact, notes, the next
//! action, visits, moves through the funnel and to another service. Each
//! reads its form, calls one use case, and goes back to the record or shows
//! it again with what was wrong.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::NaiveDate;
use domain::Named;
use domain::recruitment::closure_reasons::ReasonChoice;
use domain::recruitment::contact::{ContactMethod, ContactOutcome};
use domain::recruitment::visits::{NewVisit, VisitOutcome, book_visit, record_visit_outcome};
use domain::recruitment::{
    HouseholdMove, add_note, assign_to_me, confirm_routing, move_household, reassign_household,
    record_contact, set_next_action,
};
use domain::{Actor, DomainError, FieldError};
use serde::Deserialize;

use super::date_time::{DateBoxes, in_london, parse_date, time_field};
use super::enquiries::household_page;
use super::forms::{FormErrors, pairs, see_other, typed};
use super::{PageError, actor};
use crate::server::AppState;

/// What one of the household page's forms does: each is its own route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HouseholdAction {
    Contact,
    Note,
    NextAction,
    AssignToMe,
    Reassign,
    ConfirmRouting,
    BookVisit,
    VisitOutcome { visit: i32 },
    Close,
    Hold,
    Resume,
    Reopen,
    EventAttended,
    InviteToApply,
    ProceedToStage2,
}

impl HouseholdAction {
    /// The form's name, by which the page, sent back with an error, knows
    /// which of its forms to fill in again.
    fn form(self) -> &'static str {
        match self {
            Self::Contact => "contact",
            Self::Note => "note",
            Self::NextAction => "next-action",
            Self::AssignToMe => "assign-to-me",
            Self::Reassign => "reassign",
            Self::ConfirmRouting => "confirm-routing",
            Self::BookVisit => "book-visit",
            Self::VisitOutcome { .. } => "visit-outcome",
            Self::Close => "close",
            Self::Hold => "hold",
            Self::Resume => "resume",
            Self::Reopen => "reopen",
            Self::EventAttended => "event-attended",
            Self::InviteToApply => "invite-to-apply",
            Self::ProceedToStage2 => "proceed-to-stage-2",
        }
    }
}

// Each form's fields, as its page names them, and what they become.

#[derive(Default, Deserialize)]
#[serde(default)]
struct ContactForm {
    method: String,
    outcome: String,
    note: String,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct NoteForm {
    text: String,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ReassignForm {
    organisation: String,
    reason: String,
}

impl ReassignForm {
    fn to(&self) -> Result<i32, DomainError> {
        self.organisation.parse().map_err(|_| {
            DomainError::invalid(
                "organisation",
                "Choose the fostering service to move the household to",
            )
        })
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct VisitForm {
    #[serde(rename = "starts_at")]
    day: String,
    #[serde(rename = "starts_at-month")]
    month: String,
    #[serde(rename = "starts_at-year")]
    year: String,
    #[serde(rename = "starts_at-time")]
    time: String,
    officer_id: String,
    place: String,
}

impl VisitForm {
    /// The visit, and what of its date and time could not be read: said as
    /// such, rather than that they are missing.
    fn visit(self) -> (NewVisit, Vec<FieldError>) {
        let date = DateBoxes {
            day: self.day,
            month: self.month,
            year: self.year,
        }
        .date("starts_at", "visit");
        let time = time_field(&self.time, "starts_at-time", "of the visit");
        let starts_at = match (&date, &time) {
            (Ok(date), Ok(time)) => in_london(*date, *time),
            _ => None,
        };
        let unreadable = [date.err(), time.err()]
            .into_iter()
            .flatten()
            .map(|e| FieldError::new(e.field, e.message))
            .collect();
        let visit = NewVisit {
            officer_id: self.officer_id.parse().ok(),
            starts_at,
            place: self.place,
        };
        (visit, unreadable)
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct VisitOutcomeForm {
    visit_outcome: String,
    visit_note: String,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct CloseForm {
    closure: String,
    reason: String,
    detail: String,
}

impl CloseForm {
    fn change(self) -> Result<HouseholdMove, DomainError> {
        let reason = ReasonChoice::parse(&self.reason);
        let detail = self.detail;
        match self.closure.as_str() {
            "withdraw" => Ok(HouseholdMove::Withdraw { reason, detail }),
            "advise-not-to-proceed" => Ok(HouseholdMove::AdviseNotToProceed { reason, detail }),
            _ => Err(DomainError::invalid(
                "closure",
                "Choose whether they withdrew or were advised not to proceed",
            )),
        }
    }
}

async fn act(
    state: &AppState,
    actor: &Actor,
    id: i32,
    action: HouseholdAction,
    form: &[(String, String)],
) -> Result<&'static str, DomainError> {
    let ctx = &state.ctx;
    let change = match action {
        HouseholdAction::Contact => {
            let form: ContactForm = typed(form)?;
            let (method, outcome) = (
                ContactMethod::parse(&form.method),
                ContactOutcome::parse(&form.outcome),
            );
            record_contact(ctx, actor, id, method, outcome, &form.note).await?;
            return Ok("contact");
        }
        HouseholdAction::Note => {
            let form: NoteForm = typed(form)?;
            add_note(ctx, actor, id, &form.text).await?;
            return Ok("note");
        }
        HouseholdAction::NextAction => {
            set_next_action(ctx, actor, id, date_boxes(form, "date")?).await?;
            return Ok("next-action");
        }
        HouseholdAction::AssignToMe => {
            assign_to_me(ctx, actor, id).await?;
            return Ok("assigned-to-you");
        }
        HouseholdAction::Reassign => {
            let form: ReassignForm = typed(form)?;
            reassign_household(ctx, actor, id, form.to()?, &form.reason).await?;
            return Ok("reassigned");
        }
        HouseholdAction::ConfirmRouting => {
            confirm_routing(ctx, actor, id).await?;
            return Ok("moved");
        }
        HouseholdAction::BookVisit => return book(ctx, actor, id, typed(form)?).await,
        HouseholdAction::VisitOutcome { visit } => {
            let form: VisitOutcomeForm = typed(form)?;
            let outcome = VisitOutcome::parse(&form.visit_outcome);
            let visit = Named::within(id, visit);
            return record_visit_outcome(ctx, actor, visit, outcome, &form.visit_note)
                .await
                .map(|()| "visit-outcome")
                .map_err(|error| match error {
                    // The visit's form names its fields apart from the
                    // contact form's on the same page.
                    DomainError::InvalidInput(fields) => DomainError::InvalidInput(
                        fields
                            .into_iter()
                            .map(|f| FieldError::new(format!("visit_{}", f.field), f.message))
                            .collect(),
                    ),
                    other => other,
                });
        }
        HouseholdAction::Close => typed::<CloseForm>(form)?.change()?,
        HouseholdAction::Hold => HouseholdMove::PutOnHold {
            until: date_boxes(form, "until")?,
        },
        HouseholdAction::Resume => HouseholdMove::Resume,
        HouseholdAction::Reopen => HouseholdMove::Reopen,
        HouseholdAction::EventAttended => HouseholdMove::RecordEventAttended,
        HouseholdAction::InviteToApply => HouseholdMove::InviteToApply,
        HouseholdAction::ProceedToStage2 => HouseholdMove::ProceedToStage2,
    };
    move_household(ctx, actor, id, &change).await?;
    Ok("moved")
}

/// Books a visit, saying which of the date and time could not be read
/// rather than that they are missing.
async fn book(
    ctx: &domain::Ctx,
    actor: &Actor,
    id: i32,
    form: VisitForm,
) -> Result<&'static str, DomainError> {
    let (visit, unreadable) = form.visit();
    match book_visit(ctx, actor, id, &visit).await {
        Err(DomainError::InvalidInput(fields)) if !unreadable.is_empty() => {
            let others = fields.into_iter().filter(|f| f.field != "starts_at");
            Err(DomainError::InvalidInput(
                unreadable.into_iter().chain(others).collect(),
            ))
        }
        outcome => outcome.map(|_| "visit-booked"),
    }
}

/// Does `action` to the household and goes back to its record, or shows
/// the record again with what was wrong.
async fn answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: i32,
    body: web::Bytes,
    action: HouseholdAction,
) -> Result<HttpResponse, PageError> {
    let mut form = pairs(&body);
    let result = act(&state, &actor(&req), id, action, &form).await;
    form.push(("action".to_owned(), action.form().to_owned()));
    match result {
        Ok("reassigned") => Ok(see_other("/enquiries?done=reassigned").finish()),
        Ok(done) => Ok(see_other(&format!("/enquiries/{id}?done={done}")).finish()),
        Err(DomainError::Conflict(message)) => {
            let errors = FormErrors::one("moves", message);
            let page = household_page(&state, &req, id, None, (errors, form));
            let mut response = page.await?;
            *response.status_mut() = StatusCode::CONFLICT;
            Ok(response)
        }
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            household_page(&state, &req, id, None, (errors, form)).await
        }
    }
}

/// The date in the form's boxes for `id` (day, month, year), none when all
/// three are empty.
fn date_boxes(form: &[(String, String)], id: &str) -> Result<Option<NaiveDate>, DomainError> {
    let boxes = DateBoxes::from_form(form, id);
    if boxes.day.is_empty() && boxes.month.is_empty() && boxes.year.is_empty() {
        return Ok(None);
    }
    parse_date(&boxes.day, &boxes.month, &boxes.year)
        .map(Some)
        .ok_or_else(|| DomainError::invalid(id, "Enter a real date, like 15 1 2027"))
}

/// A route for each action that needs only the household's id; the route
/// attribute stays on the line, where the form token test finds it.
macro_rules! household_routes {
    ($(#[post($path:literal)] $name:ident => $action:expr;)+) => {
        $(
            #[post($path)]
            async fn $name(
                req: HttpRequest,
                state: web::Data<AppState>,
                id: web::Path<i32>,
                body: web::Bytes,
            ) -> Result<HttpResponse, PageError> {
                answer(req, state, *id, body, $action).await
            }
        )+

        /// Registers the household record's routes.
        pub fn configure(config: &mut web::ServiceConfig) {
            $(config.service($name);)+
            config.service(record_visit_outcome_route);
        }
    };
}

household_routes! {
    #[post("/enquiries/{id}/contacts")] record_contact_route => HouseholdAction::Contact;
    #[post("/enquiries/{id}/notes")] add_note_route => HouseholdAction::Note;
    #[post("/enquiries/{id}/next-action")] set_next_action_route => HouseholdAction::NextAction;
    #[post("/enquiries/{id}/assign-to-me")] assign_to_me_route => HouseholdAction::AssignToMe;
    #[post("/enquiries/{id}/reassign")] reassign_route => HouseholdAction::Reassign;
    #[post("/enquiries/{id}/routing")] confirm_routing_route => HouseholdAction::ConfirmRouting;
    #[post("/enquiries/{id}/visits")] book_visit_route => HouseholdAction::BookVisit;
    #[post("/enquiries/{id}/close")] close_route => HouseholdAction::Close;
    #[post("/enquiries/{id}/hold")] hold_route => HouseholdAction::Hold;
    #[post("/enquiries/{id}/resume")] resume_route => HouseholdAction::Resume;
    #[post("/enquiries/{id}/reopen")] reopen_route => HouseholdAction::Reopen;
    #[post("/enquiries/{id}/event-attended")] event_attended_route => HouseholdAction::EventAttended;
    #[post("/enquiries/{id}/invite-to-apply")] invite_route => HouseholdAction::InviteToApply;
    #[post("/enquiries/{id}/proceed-to-stage-2")] stage_two_route => HouseholdAction::ProceedToStage2;
}

#[post("/enquiries/{id}/visits/{visit}/outcome")]
async fn record_visit_outcome_route(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, visit) = *ids;
    answer(
        req,
        state,
        id,
        body,
        HouseholdAction::VisitOutcome { visit },
    )
    .await
}
