//! A child's delegated authority: the staff's view with its exceptions
//! (`/children/{id}/delegated-authority`, one decision's form at
//! `/children/{id}/delegated-authority/{decision}`), the parent's agreement
//! under section 20 (`/children/{id}/parent-agreement`), and the carers'
//! "Can I say yes?" (`/children/{id}/can-i-say-yes`), its young person's
//! version, and the decisions they log (`/children/{id}/decisions`).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::carers::{
    Answer, Area, ChildDecision, DecisionInput, DelegatedAuthority, ExceptionInput, Holder,
    LegalBasis, LoggedDecision, delegated_authority, log_decision, logged_decisions,
    record_exception, record_parent_agreement,
};

use super::super::date_time::DateBoxes;
use super::super::forms::{FormErrors, Pick, Typed, pairs, picks, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

/// The decisions of one area, in the list's order.
pub struct AreaDecisions {
    pub area: Area,
    pub decisions: Vec<ChildDecision>,
}

fn by_area(decisions: &[ChildDecision], search: &str) -> Vec<AreaDecisions> {
    let search = search.trim().to_lowercase();
    Area::ALL
        .iter()
        .map(|area| AreaDecisions {
            area: *area,
            decisions: decisions
                .iter()
                .filter(|d| d.area == *area)
                .filter(|d| search.is_empty() || d.decision.to_lowercase().contains(&search))
                .cloned()
                .collect(),
        })
        .filter(|a| !a.decisions.is_empty())
        .collect()
}

/// Who to ask, as the carer's page says it.
fn ask(holder: Holder) -> &'static str {
    match holder {
        Holder::Carers => "You can say yes",
        Holder::ChildsSocialWorker | Holder::NotDelegable => "Ask the child's social worker",
        Holder::Parent => "Ask the child's parent",
        Holder::YoungPerson => "The young person decides",
        Holder::Clinician => "Ask the doctor or nurse",
    }
}

/// Who to ask, as the young person's page says it.
fn ask_young_person(holder: Holder) -> &'static str {
    match holder {
        Holder::Carers => "Your carers can say yes",
        Holder::ChildsSocialWorker | Holder::NotDelegable => "Ask your social worker",
        Holder::Parent => "Ask your parent",
        Holder::YoungPerson => "You decide",
        Holder::Clinician => "Ask your doctor or nurse",
    }
}

#[derive(Template)]
#[template(path = "children/delegated_authority.html")]
struct StaffPage {
    shell: Shell,
    done: Option<&'static str>,
    authority: DelegatedAuthority,
    areas: Vec<AreaDecisions>,
}

impl StaffPage {
    fn holds(&self, decision: &ChildDecision) -> String {
        match &decision.answer {
            Answer::Yes => "The carers".to_owned(),
            Answer::YesWithConditions {
                conditions,
                tell_social_worker,
            } => {
                let tell = if *tell_social_worker {
                    " Tell the social worker."
                } else {
                    ""
                };
                format!("The carers, on conditions: {conditions}{tell}")
            }
            Answer::Ask(holder) => holder.label().to_owned(),
        }
    }

    fn section_20_waiting(&self) -> bool {
        self.authority.legal_basis == LegalBasis::Section20
            && self.authority.parent_agreement.is_none()
    }
}

#[get("/children/{id}/delegated-authority")]
pub async fn staff_view(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let authority = delegated_authority(&state.ctx, &actor(&req), *id).await?;
    let query = pairs(req.query_string().as_bytes());
    let done = match value(&query, "done") {
        "exception" => Some("The change to the delegated authority is recorded."),
        "agreed" => Some("The parent's agreement is recorded."),
        _ => None,
    };
    render(
        actix_web::http::StatusCode::OK,
        &StaffPage {
            shell: Shell::new(&state, &req, Section::Children),
            done,
            areas: by_area(&authority.decisions, ""),
            authority,
        },
    )
}

#[derive(Template)]
#[template(path = "children/exception.html")]
struct ExceptionPage {
    shell: Shell,
    errors: FormErrors,
    authority: DelegatedAuthority,
    decision: ChildDecision,
    holders: Vec<Pick>,
    typed: Typed,
}

async fn exception_page(
    state: &AppState,
    req: &HttpRequest,
    (id, key): (i32, &str),
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let authority = delegated_authority(&state.ctx, &actor(req), id).await?;
    if !authority.may_change {
        return Err(DomainError::Forbidden.into());
    }
    let decision = authority
        .decisions
        .iter()
        .find(|d| d.key == key)
        .cloned()
        .ok_or(DomainError::NotFound)?;
    let (shell, status) = Shell::for_form(state, req, Section::Children, &errors);
    render(
        status,
        &ExceptionPage {
            shell,
            errors,
            holders: picks(
                Holder::ALL,
                Holder::as_str,
                Holder::label,
                value(&typed, "holder"),
            ),
            authority,
            decision,
            typed: Typed(typed),
        },
    )
}

#[get("/children/{id}/delegated-authority/{decision}")]
pub async fn exception_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, key) = path.into_inner();
    exception_page(&state, &req, (id, &key), Vec::new(), FormErrors::default()).await
}

#[post("/children/{id}/delegated-authority/{decision}")]
pub async fn exception_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (id, key) = path.into_inner();
    let form = pairs(&body);
    let input = ExceptionInput {
        decision: key.clone(),
        holder: Holder::parse(value(&form, "holder")),
        conditions: value(&form, "conditions").to_owned(),
        tell_social_worker: value(&form, "tell_social_worker") == "yes",
        reason: value(&form, "reason").to_owned(),
    };
    match record_exception(&state.ctx, &actor(&req), id, &input).await {
        Ok(()) => Ok(see_other(&format!(
            "/children/{id}/delegated-authority?done=exception"
        ))
        .finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?;
            exception_page(&state, &req, (id, &key), form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "children/parent_agreement.html")]
struct AgreementPage {
    shell: Shell,
    errors: FormErrors,
    authority: DelegatedAuthority,
    agreed_on: DateBoxes,
    typed: Typed,
}

async fn agreement_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let authority = delegated_authority(&state.ctx, &actor(req), id).await?;
    if !authority.may_change {
        return Err(DomainError::Forbidden.into());
    }
    let (shell, status) = Shell::for_form(state, req, Section::Children, &errors);
    render(
        status,
        &AgreementPage {
            shell,
            errors,
            authority,
            agreed_on: DateBoxes::from_form(&typed, "agreed_on"),
            typed: Typed(typed),
        },
    )
}

#[get("/children/{id}/parent-agreement")]
pub async fn agreement_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    agreement_page(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/children/{id}/parent-agreement")]
pub async fn agreement_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let on = DateBoxes::from_form(&form, "agreed_on").date("agreed_on", "agreement");
    let by = value(&form, "agreed_by").to_owned();
    match record_parent_agreement(&state.ctx, &actor(&req), id, &by, on.as_ref().ok().copied())
        .await
    {
        Ok(()) => {
            Ok(see_other(&format!("/children/{id}/delegated-authority?done=agreed")).finish())
        }
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?.reading(on.err());
            agreement_page(&state, &req, id, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "children/can_i_say_yes.html")]
struct CanISayYesPage {
    shell: Shell,
    authority: DelegatedAuthority,
    areas: Vec<AreaDecisions>,
    search: String,
}

impl CanISayYesPage {
    fn ask(&self, holder: &Holder) -> &'static str {
        ask(*holder)
    }
}

#[get("/children/{id}/can-i-say-yes")]
pub async fn can_i_say_yes(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let authority = delegated_authority(&state.ctx, &actor(&req), *id).await?;
    let query = pairs(req.query_string().as_bytes());
    let search: String = value(&query, "q").chars().take(100).collect();
    render(
        actix_web::http::StatusCode::OK,
        &CanISayYesPage {
            shell: Shell::new(&state, &req, Section::Children),
            areas: by_area(&authority.decisions, &search),
            authority,
            search,
        },
    )
}

#[derive(Template)]
#[template(path = "children/young_person.html")]
struct YoungPersonPage {
    shell: Shell,
    authority: DelegatedAuthority,
    yes: Vec<ChildDecision>,
    ask_first: Vec<ChildDecision>,
}

impl YoungPersonPage {
    fn ask(&self, holder: &Holder) -> &'static str {
        ask_young_person(*holder)
    }
}

#[get("/children/{id}/can-i-say-yes/young-person")]
pub async fn young_person(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    let authority = delegated_authority(&state.ctx, &actor(&req), *id).await?;
    let (ask_first, yes) = authority
        .decisions
        .iter()
        .cloned()
        .partition(|d| matches!(d.answer, Answer::Ask(_)));
    render(
        actix_web::http::StatusCode::OK,
        &YoungPersonPage {
            shell: Shell::new(&state, &req, Section::Children),
            authority,
            yes,
            ask_first,
        },
    )
}

#[derive(Template)]
#[template(path = "children/decisions.html")]
struct DecisionsPage {
    shell: Shell,
    errors: FormErrors,
    done: bool,
    authority: DelegatedAuthority,
    logged: Vec<LoggedDecision>,
    choices: Vec<Pick>,
    decided_on: DateBoxes,
    typed: Typed,
}

async fn decisions_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let authority = delegated_authority(&state.ctx, &actor, id).await?;
    let logged = logged_decisions(&state.ctx, &actor, id).await?;
    let chosen = value(&typed, "decision");
    let choices = authority
        .decisions
        .iter()
        .filter(|d| !matches!(d.answer, Answer::Ask(_)))
        .map(|d| Pick {
            value: d.key.clone(),
            label: d.decision.clone(),
            selected: d.key == chosen,
        })
        .collect();
    let (shell, status) = Shell::for_form(state, req, Section::Children, &errors);
    render(
        status,
        &DecisionsPage {
            shell,
            done: errors.is_empty() && req.query_string() == "done=logged",
            errors,
            authority,
            logged,
            choices,
            decided_on: DateBoxes::from_form(&typed, "decided_on"),
            typed: Typed(typed),
        },
    )
}

#[get("/children/{id}/decisions")]
pub async fn decisions_log(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    decisions_page(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/children/{id}/decisions")]
pub async fn decision_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let on = DateBoxes::from_form(&form, "decided_on").date("decided_on", "decision");
    let input = DecisionInput {
        decision: value(&form, "decision").to_owned(),
        decided_on: on.as_ref().ok().copied(),
        note: value(&form, "note").to_owned(),
    };
    match log_decision(&state.ctx, &actor(&req), id, &input).await {
        Ok(()) => Ok(see_other(&format!("/children/{id}/decisions?done=logged")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?.reading(on.err());
            decisions_page(&state, &req, id, form, errors).await
        }
    }
}
