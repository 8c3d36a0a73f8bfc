//! Placing a child with a carer household (`/carers/{id}/placements`),
//! ending a placement (`/placements/{id}/end`), and a manager's exemption
//! from the household's terms (`/carers/{id}/exemption`).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::carers::{
    CarerHouseholdRecord, ChildInput, EndingInput, EndingReason, ExemptionInput, LegalBasis,
    Placed, PlacementEnding, PlacementInput, PlacementKind, carer_household_record, end_placement,
    place_child, record_exemption,
};
use domain::geography::{LocalAuthorityFilter, list_local_authorities};
use domain::pagination::PageRequest;
use domain::{DomainError, Named};

use super::super::date_time::DateBoxes;
use super::super::forms::{FormErrors, Pick, Typed, pairs, picks, see_other, value};
use super::super::{PageError, Section, Shell, actor, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "carers/place_child.html")]
struct PlacePage {
    shell: Shell,
    errors: FormErrors,
    record: CarerHouseholdRecord,
    authorities: Vec<Pick>,
    kinds: Vec<Pick>,
    legal_bases: Vec<Pick>,
    date_of_birth: DateBoxes,
    started_on: DateBoxes,
    typed: Typed,
}

async fn place_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let actor = actor(req);
    let record = carer_household_record(&state.ctx, &actor, id).await?;
    // A household that left takes no children: nothing links here then.
    if !record.may_review {
        return Err(DomainError::NotFound.into());
    }
    let chosen = value(&typed, "placing_authority");
    // Every English authority fits on one page.
    let every = PageRequest::first(500);
    let authorities =
        list_local_authorities(&state.ctx, &actor, &LocalAuthorityFilter::default(), &every)
            .await?
            .items
            .into_iter()
            .map(|(_, a)| Pick {
                selected: a.gss_code == chosen,
                value: a.gss_code,
                label: a.name,
            })
            .collect();
    let (shell, status) = Shell::for_form(state, req, Section::Carers, &errors);
    render(
        status,
        &PlacePage {
            shell,
            errors,
            record,
            authorities,
            kinds: picks(
                PlacementKind::ALL,
                PlacementKind::as_str,
                PlacementKind::label,
                value(&typed, "kind"),
            ),
            legal_bases: picks(
                LegalBasis::ALL,
                LegalBasis::as_str,
                LegalBasis::label,
                value(&typed, "legal_basis"),
            ),
            date_of_birth: DateBoxes::from_form(&typed, "date_of_birth"),
            started_on: DateBoxes::from_form(&typed, "started_on"),
            typed: Typed(typed),
        },
    )
}

#[get("/carers/{id}/placements/new")]
pub async fn place_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    place_page(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/carers/{id}/placements")]
pub async fn place_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let born = DateBoxes::from_form(&form, "date_of_birth").date("date_of_birth", "child's birth");
    let started = DateBoxes::from_form(&form, "started_on").date("started_on", "placement");
    let text = |key: &str| value(&form, key).to_owned();
    let input = PlacementInput {
        child: ChildInput {
            first_name: text("first_name"),
            family_initial: text("family_initial"),
            date_of_birth: born.as_ref().ok().copied(),
            placing_authority: text("placing_authority"),
            placing_reference: text("placing_reference"),
            legal_basis: LegalBasis::parse(value(&form, "legal_basis")),
            social_worker_name: text("social_worker_name"),
            social_worker_email: text("social_worker_email"),
        },
        kind: PlacementKind::parse(value(&form, "kind")),
        started_on: started.as_ref().ok().copied(),
    };
    match place_child(&state.ctx, &actor(&req), id, &input).await {
        Ok(_) => Ok(see_other(&format!("/carers/{id}?done=placed")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?
                .reading(born.err())
                .reading(started.err());
            place_page(&state, &req, id, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "carers/end_placement.html")]
struct EndPage {
    shell: Shell,
    errors: FormErrors,
    record: CarerHouseholdRecord,
    placed: Placed,
    ended_on: DateBoxes,
    endings: Vec<Pick>,
    reasons: Vec<Pick>,
}

async fn end_page(
    state: &AppState,
    req: &HttpRequest,
    (household, placement): (i32, i32),
    typed: &[(String, String)],
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let record = carer_household_record(&state.ctx, &actor(req), household).await?;
    let placed = record
        .placements
        .iter()
        .find(|p| p.placement_id == placement && p.ended_on.is_none())
        .cloned()
        .ok_or(DomainError::NotFound)?;
    let (shell, status) = Shell::for_form(state, req, Section::Carers, &errors);
    render(
        status,
        &EndPage {
            shell,
            errors,
            record,
            placed,
            ended_on: DateBoxes::from_form(typed, "ended_on"),
            endings: picks(
                PlacementEnding::ALL,
                PlacementEnding::as_str,
                PlacementEnding::label,
                value(typed, "ending"),
            ),
            reasons: picks(
                EndingReason::ALL,
                EndingReason::as_str,
                EndingReason::label,
                value(typed, "reason"),
            ),
        },
    )
}

#[get("/carers/{id}/placements/{placement}/end")]
pub async fn end_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
) -> Result<HttpResponse, PageError> {
    end_page(&state, &req, *ids, &[], FormErrors::default()).await
}

#[post("/carers/{id}/placements/{placement}/end")]
pub async fn end_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    ids: web::Path<(i32, i32)>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let (household, placement) = *ids;
    let form = pairs(&body);
    let ended = DateBoxes::from_form(&form, "ended_on").date("ended_on", "ending");
    let input = EndingInput {
        ended_on: ended.as_ref().ok().copied(),
        ending: PlacementEnding::parse(value(&form, "ending")),
        reason: EndingReason::parse(value(&form, "reason")),
    };
    let named = Named::within(household, placement);
    match end_placement(&state.ctx, &actor(&req), named, &input).await {
        Ok(()) => Ok(see_other(&format!("/carers/{household}?done=ended")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?.reading(ended.err());
            end_page(&state, &req, *ids, &form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "carers/exemption.html")]
struct ExemptionPage {
    shell: Shell,
    errors: FormErrors,
    record: CarerHouseholdRecord,
    until: DateBoxes,
    typed: Typed,
}

async fn exemption_page(
    state: &AppState,
    req: &HttpRequest,
    id: i32,
    typed: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let record = carer_household_record(&state.ctx, &actor(req), id).await?;
    if !record.may_record_exemption {
        return Err(DomainError::NotFound.into());
    }
    let (shell, status) = Shell::for_form(state, req, Section::Carers, &errors);
    render(
        status,
        &ExemptionPage {
            shell,
            errors,
            record,
            until: DateBoxes::from_form(&typed, "until"),
            typed: Typed(typed),
        },
    )
}

#[get("/carers/{id}/exemption")]
pub async fn exemption_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, PageError> {
    exemption_page(&state, &req, *id, Vec::new(), FormErrors::default()).await
}

#[post("/carers/{id}/exemption")]
pub async fn exemption_sent(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let id = *id;
    let form = pairs(&body);
    let until = DateBoxes::from_form(&form, "until").date("until", "exemption's end");
    let input = ExemptionInput {
        authorised_by: value(&form, "authorised_by").to_owned(),
        reason: value(&form, "reason").to_owned(),
        until: until.as_ref().ok().copied(),
    };
    match record_exemption(&state.ctx, &actor(&req), id, &input).await {
        Ok(()) => Ok(see_other(&format!("/carers/{id}?done=exempted")).finish()),
        Err(error) => {
            let errors = FormErrors::from_refusal(error)?.reading(until.err());
            exemption_page(&state, &req, id, form, errors).await
        }
    }
}
