//! `/kinship/support`: "What support can I get?" A kinship carer says their
//! arrangement in plain words and where the child lives; the page says what
//! it can bring, what the council must and may do, and links to the
//! council's kinship local offer. No account, and a GET form: nothing is
//! kept.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::kinship::{Arrangement, Duty, SupportAnswer, kinship_support};

use super::forms::{FormErrors, Pick, pairs, picks, value};
use super::{PageError, Section, Shell, render};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "kinship/support.html")]
struct SupportPage {
    shell: Shell,
    errors: FormErrors,
    arrangements: Vec<Pick>,
    postcode: String,
    answer: Option<SupportAnswer>,
}

impl SupportPage {
    fn must(&self, duty: &Duty) -> bool {
        *duty == Duty::Must
    }

    fn may(&self, duty: &Duty) -> bool {
        *duty == Duty::May
    }
}

#[get("/kinship/support")]
pub async fn support_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let chosen = value(&query, "arrangement");
    let postcode = value(&query, "postcode").trim().to_owned();
    let asked = !chosen.is_empty() || !postcode.is_empty();
    let (answer, errors) = if asked {
        match kinship_support(&state.ctx, Arrangement::parse(chosen), &postcode).await {
            Ok(answer) => (Some(answer), FormErrors::default()),
            Err(error) => (None, FormErrors::from_domain(error)?),
        }
    } else {
        (None, FormErrors::default())
    };
    let (shell, status) = Shell::for_form(&state, &req, Section::Kinship, &errors);
    render(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            status
        },
        &SupportPage {
            shell,
            errors,
            arrangements: picks(
                Arrangement::ALL,
                Arrangement::as_str,
                Arrangement::label,
                chosen,
            ),
            postcode,
            answer,
        },
    )
}
