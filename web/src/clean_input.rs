//! Every form field and query parameter passes through
//! [`domain::text::clean`] before a handler sees it: line endings become
//! `\n`, and a control character is refused with a page that names the
//! field, before anything is read or stored. This is the one place that
//! looks, so every page gets it without asking.

use std::borrow::Cow;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::http::{Method, Uri};
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest, web};
use askama::Template;
use domain::text::{CONTROL_CHARACTER_MESSAGE, clean};

use crate::pages::{PageFieldError, Section, Shell, render};
use crate::server::AppState;

/// What cleaning a form-encoded text gave.
#[derive(Debug, PartialEq, Eq)]
enum Cleaned {
    Unchanged,
    /// Re-encoded with its line endings made `\n`.
    Changed(String),
    /// The names of the fields holding a control character.
    Refused(Vec<String>),
}

fn clean_pairs(encoded: &[u8]) -> Cleaned {
    let mut changed = false;
    let mut refused = Vec::new();
    let mut pairs = Vec::new();
    for (key, value) in url::form_urlencoded::parse(encoded) {
        let mut keep = |text: Cow<'_, str>| match clean(&text) {
            Ok(Cow::Borrowed(_)) => text.into_owned(),
            Ok(Cow::Owned(cleaned)) => {
                changed = true;
                cleaned
            }
            Err(_) => {
                if !refused.contains(&key.to_string()) {
                    refused.push(key.to_string());
                }
                String::new()
            }
        };
        let value = keep(value);
        let key = keep(key.clone());
        pairs.push((key, value));
    }
    if !refused.is_empty() {
        return Cleaned::Refused(refused);
    }
    if !changed {
        return Cleaned::Unchanged;
    }
    Cleaned::Changed(
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish(),
    )
}

pub(crate) fn is_form(req: &ServiceRequest) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"))
}

pub async fn clean_input(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, Error> {
    match clean_pairs(req.query_string().as_bytes()) {
        Cleaned::Unchanged => {}
        Cleaned::Changed(query) => {
            let path_and_query = format!("{}?{query}", req.path());
            if let Ok(uri) = path_and_query.parse::<Uri>() {
                req.head_mut().uri = uri;
            }
        }
        Cleaned::Refused(fields) => return refuse(req, fields, false),
    }
    if req.method() == Method::POST && is_form(&req) {
        // Read here within the same limit as the handler would; a body over
        // it is left for the handler to refuse as it always has.
        let body = req.extract::<web::Bytes>().await;
        if let Ok(body) = body {
            match clean_pairs(&body) {
                Cleaned::Unchanged => req.set_payload(body.into()),
                Cleaned::Changed(form) => req.set_payload(web::Bytes::from(form).into()),
                Cleaned::Refused(fields) => return refuse(req, fields, true),
            }
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

#[derive(Template)]
#[template(path = "unusable_text.html")]
struct UnusableTextPage {
    shell: Shell,
    errors: Vec<PageFieldError>,
    /// The page the form came from, for a form; none for an address.
    back: Option<String>,
}

/// "Full name" for `full_name`: how the summary names a field.
fn field_label(name: &str) -> String {
    let words = name.replace(['_', '-'], " ");
    let mut chars = words.trim().chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_else(|| "A field".to_owned())
}

fn refuse<B>(
    req: ServiceRequest,
    fields: Vec<String>,
    form: bool,
) -> Result<ServiceResponse<EitherBody<B, BoxBody>>, Error> {
    let (request, _) = req.into_parts();
    let response = page(&request, &fields, form).map_err(Error::from)?;
    Ok(ServiceResponse::new(request, response).map_into_right_body())
}

fn page(
    req: &HttpRequest,
    fields: &[String],
    form: bool,
) -> Result<actix_web::HttpResponse, crate::pages::PageError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| domain::DomainError::Internal("the app has no state".into()))?;
    let page = UnusableTextPage {
        shell: Shell::new(state, req, Section::None).with_errors(),
        errors: fields
            .iter()
            .map(|field| PageFieldError {
                // Not a link: the field is on the page the form came from.
                field: String::new(),
                message: format!("{}: {CONTROL_CHARACTER_MESSAGE}", field_label(field)),
            })
            .collect(),
        back: form.then(|| req.path().to_owned()),
    };
    render(StatusCode::BAD_REQUEST, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_holding_nul_is_named() {
        assert_eq!(
            clean_pairs(b"csrf_token=x&full_name=Sam%00&note=fine"),
            Cleaned::Refused(vec!["full_name".into()])
        );
    }

    #[test]
    fn line_endings_are_made_line_feeds_and_the_rest_kept() {
        assert_eq!(
            clean_pairs(b"note=one%0D%0Atwo&keep=a+b"),
            Cleaned::Changed("note=one%0Atwo&keep=a+b".into())
        );
    }

    #[test]
    fn plain_fields_pass_untouched() {
        assert_eq!(clean_pairs(b"a=1&b=%C3%A9"), Cleaned::Unchanged);
    }

    #[test]
    fn fields_are_named_as_people_read_them() {
        assert_eq!(field_label("full_name"), "Full name");
    }
}
