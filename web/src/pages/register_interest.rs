//! `/register-interest`: one page, a minute to fill in, then a page (and an
//! email) saying what happens next.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use domain::recruitment::equality::{
    Disability, EqualityAnswers, Ethnicity, Religion, SexualOrientation, answer_equality_questions,
};
use domain::recruitment::interest::{CallTime, FosteringKind, HeardAbout};
use domain::recruitment::{Campaign, NewEnquiry, london_display, register_interest};

use super::forms::{FormErrors, pairs, see_other, value};
use super::{PageError, Section, Shell, actor, render};
use crate::client_address::client_address;
use crate::server::AppState;

/// The campaign parameters carried from the link into the form.
const CAMPAIGN_KEYS: [&str; 5] = [
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
];

/// The form as sent, or as it is shown again with its errors.
#[derive(Default)]
pub struct InterestForm {
    name: String,
    email: String,
    phone: String,
    postcode: String,
    best_time_to_call: String,
    interests: Vec<String>,
    heard_about: String,
    consent_to_contact: bool,
    campaign: Vec<(&'static str, String)>,
    website: String,
}

impl InterestForm {
    /// From a urlencoded body or query string, where the checkboxes repeat
    /// `interests`.
    fn parse(text: &[u8]) -> Self {
        let mut form = Self::default();
        for (key, value) in url::form_urlencoded::parse(text) {
            let value = value.into_owned();
            match key.as_ref() {
                "name" => form.name = value,
                "email" => form.email = value,
                "phone" => form.phone = value,
                "postcode" => form.postcode = value,
                "best_time_to_call" => form.best_time_to_call = value,
                "interests" => form.interests.push(value),
                "heard_about" => form.heard_about = value,
                "consent_to_contact" => form.consent_to_contact = value == "yes",
                "website" => form.website = value,
                other => {
                    if let Some(key) = CAMPAIGN_KEYS.iter().find(|k| **k == other) {
                        form.campaign.push((key, value.chars().take(200).collect()));
                    }
                }
            }
        }
        form
    }

    fn campaign(&self, key: &str) -> Option<String> {
        self.campaign
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }

    fn enquiry(&self) -> NewEnquiry {
        NewEnquiry {
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            postcode: self.postcode.clone(),
            best_time_to_call: CallTime::parse(&self.best_time_to_call),
            interests: self
                .interests
                .iter()
                .filter_map(|k| FosteringKind::parse(k))
                .collect(),
            heard_about: HeardAbout::parse(&self.heard_about),
            consent_to_contact: self.consent_to_contact,
            campaign: Campaign {
                source: self.campaign("utm_source"),
                medium: self.campaign("utm_medium"),
                campaign: self.campaign("utm_campaign"),
                term: self.campaign("utm_term"),
                content: self.campaign("utm_content"),
            },
            trap: self.website.clone(),
        }
    }
}

/// A radio button or checkbox.
pub struct Choice {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

fn choices<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    checked: impl Fn(&str) -> bool,
) -> Vec<Choice> {
    all.iter()
        .map(|item| Choice {
            value: value(*item),
            label: label(*item),
            checked: checked(value(*item)),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "register_interest.html")]
struct InterestPage {
    shell: Shell,
    errors: FormErrors,
    form: InterestForm,
    call_times: Vec<Choice>,
    kinds: Vec<Choice>,
    heard: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "interest_received.html")]
struct ReceivedPage {
    shell: Shell,
    organisation: String,
    call_by: String,
    /// For the optional equality questions, when they can be asked.
    equality_token: Option<String>,
    questions: Vec<Question>,
}

/// One equality question, as radios.
pub struct Question {
    name: &'static str,
    legend: &'static str,
    choices: Vec<Choice>,
}

fn equality_questions() -> Vec<Question> {
    let none = |_: &str| false;
    vec![
        Question {
            name: "ethnicity",
            legend: "What is your ethnic group?",
            choices: choices(Ethnicity::ALL, Ethnicity::as_str, Ethnicity::label, none),
        },
        Question {
            name: "religion",
            legend: "What is your religion?",
            choices: choices(Religion::ALL, Religion::as_str, Religion::label, none),
        },
        Question {
            name: "disability",
            legend: "Do you consider yourself to have a disability?",
            choices: choices(Disability::ALL, Disability::as_str, Disability::label, none),
        },
        Question {
            name: "sexual_orientation",
            legend: "Which of these best describes your sexual orientation?",
            choices: choices(
                SexualOrientation::ALL,
                SexualOrientation::as_str,
                SexualOrientation::label,
                none,
            ),
        },
    ]
}

#[derive(Template)]
#[template(path = "equality_thanks.html")]
struct ThanksPage {
    shell: Shell,
}

fn interest_page(
    state: &AppState,
    req: &HttpRequest,
    form: InterestForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let (shell, _) = Shell::for_form(state, req, Section::Home, &errors);
    let page = InterestPage {
        call_times: choices(CallTime::ALL, CallTime::as_str, CallTime::label, |v| {
            form.best_time_to_call == v
        }),
        kinds: choices(
            FosteringKind::ALL,
            FosteringKind::as_str,
            FosteringKind::label,
            |v| form.interests.iter().any(|k| k == v),
        ),
        heard: choices(
            HeardAbout::ALL,
            HeardAbout::as_str,
            HeardAbout::label,
            |v| form.heard_about == v,
        ),
        shell,
        errors,
        form,
    };
    render(status, &page)
}

#[get("/register-interest")]
pub async fn register_interest_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    // Only the campaign comes from the link; nothing else is prefilled.
    let from_link = InterestForm::parse(req.query_string().as_bytes());
    let form = InterestForm {
        campaign: from_link.campaign,
        ..InterestForm::default()
    };
    interest_page(&state, &req, form, FormErrors::default(), StatusCode::OK)
}

#[post("/register-interest")]
pub async fn submit_interest(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = InterestForm::parse(&body);
    let client = client_address(&req, &state.trusted_proxies);
    match register_interest(&state.ctx, &actor(&req), &form.enquiry(), &client).await {
        // On to a page of its own, so Back or a reload never sends the
        // enquiry again.
        Ok(received) => {
            let told = Received {
                organisation: received.organisation,
                call_by: london_display(received.call_by),
                equality_token: received.equality_token.unwrap_or_default(),
            };
            Ok(see_other(&told.address(&state.csrf_key)).finish())
        }
        Err(DomainError::RateLimited) => {
            // No field is at fault: the summary says so without a link.
            let errors = FormErrors::one(
                "",
                "We have had a lot of enquiries from your connection or for this email address. Wait an hour and try again, or call your local fostering service.",
            );
            interest_page(&state, &req, form, errors, StatusCode::TOO_MANY_REQUESTS)
        }
        Err(error) => {
            let errors = FormErrors::from_domain(error)?;
            interest_page(&state, &req, form, errors, StatusCode::BAD_REQUEST)
        }
    }
}

/// What the enquirer is told, carried to the page that tells them, signed
/// so that nobody can make Hearth's page say another service will call.
struct Received {
    organisation: String,
    call_by: String,
    /// Empty when the questions cannot be asked.
    equality_token: String,
}

impl Received {
    fn signature(&self, key: &[u8]) -> String {
        let text = format!(
            "received\n{}\n{}\n{}",
            self.organisation, self.call_by, self.equality_token
        );
        crate::session::form_token(key, &text)
    }

    fn address(&self, key: &[u8]) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("organisation", &self.organisation)
            .append_pair("call_by", &self.call_by)
            .append_pair("token", &self.equality_token)
            .append_pair("signature", &self.signature(key))
            .finish();
        format!("/register-interest/received?{query}")
    }

    /// What the address says, if Hearth signed it.
    fn read(query: &[(String, String)], key: &[u8]) -> Option<Self> {
        let told = Self {
            organisation: value(query, "organisation").to_owned(),
            call_by: value(query, "call_by").to_owned(),
            equality_token: value(query, "token").to_owned(),
        };
        let signed = crate::session::same_token(&told.signature(key), value(query, "signature"));
        signed.then_some(told)
    }
}

#[get("/register-interest/received")]
pub async fn interest_received(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let query = pairs(req.query_string().as_bytes());
    let Some(told) = Received::read(&query, &state.csrf_key) else {
        return Ok(see_other("/register-interest").finish());
    };
    let page = ReceivedPage {
        shell: Shell::new(&state, &req, Section::Home),
        organisation: told.organisation,
        call_by: told.call_by,
        equality_token: Some(told.equality_token).filter(|t| !t.is_empty()),
        questions: equality_questions(),
    };
    render(StatusCode::OK, &page)
}

#[post("/register-interest/equality")]
pub async fn submit_equality(
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = pairs(&body);
    let answer = |key: &str| value(&form, key);
    let answers = EqualityAnswers {
        ethnicity: Ethnicity::parse(answer("ethnicity")),
        religion: Religion::parse(answer("religion")),
        disability: Disability::parse(answer("disability")),
        sexual_orientation: SexualOrientation::parse(answer("sexual_orientation")),
    };
    answer_equality_questions(&state.ctx, answer("token"), &answers).await?;
    Ok(see_other("/register-interest/equality/thanks").finish())
}

#[get("/register-interest/equality/thanks")]
pub async fn equality_thanks(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let page = ThanksPage {
        shell: Shell::new(&state, &req, Section::Home),
    };
    render(StatusCode::OK, &page)
}

/// Registers this module's routes, in the order they are matched.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(register_interest_page)
        .service(submit_interest)
        .service(interest_received)
        .service(submit_equality)
        .service(equality_thanks);
}
