//! What every form page shares: its errors, the cross-site check, and the
//! redirect after a successful post.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;
use domain::DomainError;
use serde::de::DeserializeOwned;
use serde::de::value::MapDeserializer;

use super::{PageError, PageFieldError, Section, Shell, render};
use crate::server::AppState;
use crate::session::csrf_ok;

/// The problems with a form as submitted, each against the field (its HTML
/// id) the error summary links to.
#[derive(Default)]
pub struct FormErrors(pub Vec<PageFieldError>);

impl FormErrors {
    /// A domain refusal of what was entered becomes the form's errors; any
    /// other error stays an error of the page.
    pub fn from_domain(error: DomainError) -> Result<Self, PageError> {
        match error {
            DomainError::InvalidInput(fields) => Ok(Self(
                fields
                    .into_iter()
                    .map(|f| PageFieldError {
                        field: html_id(&f.field),
                        message: f.message,
                    })
                    .collect(),
            )),
            other => Err(other.into()),
        }
    }

    /// A refusal a form shows: a conflict said for the form as a whole,
    /// invalid input against its fields; anything else is the page's error.
    pub fn from_refusal(error: DomainError) -> Result<Self, PageError> {
        match error {
            DomainError::Conflict(message) => Ok(Self::one("", message)),
            other => Self::from_domain(other),
        }
    }

    /// One message against one field, or, with `field` empty, against the
    /// form as a whole.
    pub fn one(field: &str, message: impl Into<String>) -> Self {
        Self(vec![PageFieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// These errors, with what the page found unreadable (a date that is
    /// not a real date) said in place of what the domain said of the same
    /// field, which only knew it had no date.
    pub fn reading(mut self, unreadable: Option<PageFieldError>) -> Self {
        if let Some(error) = unreadable {
            match self.0.iter_mut().find(|e| e.field == error.field) {
                Some(said) => *said = error,
                None => self.0.push(error),
            }
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, PageFieldError> {
        self.0.iter()
    }

    /// The first message for `field`, for the message above it.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }
}

/// The form field a domain path names: `local_authorities.2` is the
/// `local_authorities` group of checkboxes.
fn html_id(path: &str) -> String {
    path.split('.')
        .take_while(|segment| segment.parse::<usize>().is_err())
        .collect::<Vec<_>>()
        .join("-")
}

/// An option in a select or a radio group.
pub struct Pick {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub fn picks<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    chosen: &str,
) -> Vec<Pick> {
    all.iter()
        .map(|item| Pick {
            value: value(*item).to_owned(),
            label: label(*item).to_owned(),
            selected: value(*item) == chosen,
        })
        .collect()
}

/// A form as it was sent, shown again with its errors so nothing typed is
/// lost: templates ask `typed.get("field")`.
#[derive(Default)]
pub struct Typed(pub Vec<(String, String)>);

impl Typed {
    pub fn get(&self, field: &str) -> &str {
        value(&self.0, field)
    }
}

/// Checkboxes of `all` (value, label), ticked where the form sent `key`
/// with that value.
pub fn ticked(all: &[(&str, &str)], form: &[(String, String)], key: &str) -> Vec<Pick> {
    all.iter()
        .map(|(value, label)| Pick {
            value: (*value).to_owned(),
            label: (*label).to_owned(),
            selected: form.iter().any(|(k, v)| k == key && v == value),
        })
        .collect()
}

/// Each value of a query string or form body, repeated keys kept.
pub fn pairs(text: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(text)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The form's fields as the type `F` names them, each trimmed: a field the
/// form lacks is empty (`F` is `#[serde(default)]`), one it adds (the form
/// token) is ignored, and one sent twice, which no Hearth page does, is
/// refused.
pub fn typed<F: DeserializeOwned>(pairs: &[(String, String)]) -> Result<F, DomainError> {
    let fields = pairs.iter().map(|(k, v)| (k.as_str(), v.trim()));
    F::deserialize(MapDeserializer::<_, serde::de::value::Error>::new(fields))
        .map_err(|_| DomainError::invalid("form", "This form could not be read: send it again"))
}

pub fn value<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
        .unwrap_or_default()
}

/// The answer to a form that did not come from Hearth's own page, or whose
/// page is out of date. When the form did come from Hearth (its Origin is
/// Hearth's own), what was typed is shown again, never saved on the
/// person's behalf, with a button to send it again under a fresh token.
pub fn refused(req: &HttpRequest, state: &AppState, sent: &[(String, String)]) -> HttpResponse {
    // Sent again to where it was sent, query and all, when that is a path
    // on Hearth (never `//elsewhere`).
    let to = match req.query_string() {
        "" => req.path().to_owned(),
        query => format!("{}?{query}", req.path()),
    };
    let action = crate::return_path::safe(&to).map(str::to_owned);
    let ours = crate::session::from_our_pages(req, state) && action.is_some();
    let typed: Vec<(String, String)> = if ours {
        sent.iter()
            .filter(|(name, _)| kept_when_refused(name))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let page = FormRefusedPage {
        shell: Shell::new(state, req, Section::None),
        action: action.unwrap_or_default(),
        typed,
    };
    render(StatusCode::FORBIDDEN, &page).unwrap_or_else(|error| error.error_response())
}

/// Whether a refused form's field is shown and sent again: never its old
/// token, nor a password.
fn kept_when_refused(name: &str) -> bool {
    name != crate::csrf::FIELD && !name.contains("password")
}

#[derive(Template)]
#[template(path = "form_refused.html")]
struct FormRefusedPage {
    shell: Shell,
    /// Where the form was sent, to send it again.
    action: String,
    /// What was typed, field by field, when the form came from Hearth.
    typed: Vec<(String, String)>,
}

impl FormRefusedPage {
    /// A field's name as a person reads it: "full_name" is "Full name".
    fn label(&self, name: &str) -> String {
        let words = name.replace(['_', '-'], " ");
        let mut chars = words.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }

    /// Fields with something typed in them, to show.
    fn shown(&self) -> impl Iterator<Item = &(String, String)> {
        self.typed
            .iter()
            .filter(|(_, value)| !value.trim().is_empty())
    }
}

/// The refusal for a post that does not carry this browser's form token or
/// did not come from Hearth's own pages; `None` lets it through. Asked once
/// for every route, by `crate::csrf`, with the form's fields (none for an
/// upload).
pub fn form_refusal(
    req: &HttpRequest,
    state: &AppState,
    token: &str,
    sent: &[(String, String)],
) -> Option<HttpResponse> {
    (!csrf_ok(req, state, token)).then(|| refused(req, state, sent))
}

/// After a form's use case: on to `to` once it is done, else its page
/// `again` with the refusal (see [`FormErrors::from_refusal`]).
pub async fn done_or_again(
    outcome: Result<(), DomainError>,
    to: &str,
    again: impl AsyncFnOnce(FormErrors) -> Result<HttpResponse, PageError>,
) -> Result<HttpResponse, PageError> {
    match outcome {
        Ok(()) => Ok(see_other(to).finish()),
        Err(error) => again(FormErrors::from_refusal(error)?).await,
    }
}

/// After a successful post: go to `to`, so reloading does not post again.
pub fn see_other(to: &str) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::SeeOther();
    response.insert_header((LOCATION, to.to_owned()));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    #[serde(default)]
    struct Note {
        text: String,
        date: String,
    }

    fn form(fields: &[(&str, &str)]) -> Vec<(String, String)> {
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_typed_form_is_trimmed_lacks_nothing_and_ignores_the_token() {
        let read: Note =
            typed(&form(&[("text", "  Rang twice \n"), ("csrf_token", "t")])).expect("read");
        assert_eq!(
            read,
            Note {
                text: "Rang twice".to_owned(),
                date: String::new(),
            }
        );
    }

    #[test]
    fn a_typed_form_with_a_field_sent_twice_is_refused() {
        let twice = typed::<Note>(&form(&[("text", "one"), ("text", "two")]));
        assert!(
            matches!(twice, Err(DomainError::InvalidInput(_))),
            "{twice:?}"
        );
    }

    #[test]
    fn a_refused_form_never_shows_its_old_token_or_a_password_again() {
        assert!(kept_when_refused("full_name"));
        assert!(!kept_when_refused("csrf_token"));
        assert!(!kept_when_refused("password"));
        assert!(!kept_when_refused("new_password"));
    }

    #[test]
    fn a_listed_fields_errors_link_to_the_whole_list() {
        assert_eq!(html_id("local_authorities.2"), "local_authorities");
        assert_eq!(html_id("email"), "email");
    }
}
