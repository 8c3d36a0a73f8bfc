//! Where to go back to after signing in: a person who follows a link to a
//! staff page while signed out is sent to sign in, and then to that page.
//! Only a path on Hearth itself is ever followed, so a link cannot use the
//! sign-in page to send someone elsewhere (an open redirect).

use actix_web::dev::ServiceResponse;
use actix_web::http::Method;
use actix_web::http::header::{HeaderValue, LOCATION};
use actix_web::middleware::ErrorHandlerResponse;

/// The query parameter and form field that carry the path.
pub const FIELD: &str = "next";

/// The longest path kept: a bookmarked page with its filters, no more.
const LONGEST: usize = 1_000;

/// `asked`, when it is a path on this site: it starts with one slash (not
/// two, nor a backslash, which browsers read as another host), holds no
/// control characters or spaces and is not too long.
pub(crate) fn safe(asked: &str) -> Option<&str> {
    let mut chars = asked.chars();
    let on_this_site = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
    let clean = !asked
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    (on_this_site && clean && asked.len() <= LONGEST).then_some(asked)
}

/// The sign-in page's address, remembering `path`.
fn sign_in_remembering(path: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair(FIELD, path)
        .finish();
    format!("/sign-in?{query}")
}

/// A page a signed-out person may not see sends them to sign in (a 303 to
/// `/sign-in`); for a page they asked for by address (a GET), the sign-in
/// page is told where they were going.
pub fn remember_where<B>(
    mut response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let to_sign_in = response
        .headers()
        .get(LOCATION)
        .is_some_and(|location| location == "/sign-in");
    let request = response.request();
    let path = match request.query_string() {
        "" => request.path().to_owned(),
        query => format!("{}?{query}", request.path()),
    };
    if to_sign_in
        && request.method() == Method::GET
        && let Some(path) = safe(&path)
        && let Ok(location) = HeaderValue::from_str(&sign_in_remembering(path))
    {
        response.headers_mut().insert(LOCATION, location);
    }
    Ok(ErrorHandlerResponse::Response(
        response.map_into_left_body(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_on_this_site_is_kept_with_its_query() {
        assert_eq!(
            safe("/enquiries/4?tab=notes"),
            Some("/enquiries/4?tab=notes")
        );
    }

    #[test]
    fn another_site_is_never_a_return_path() {
        for asked in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "evil.example",
            "",
            "/enquiries\n/4",
            "/a b",
        ] {
            assert_eq!(safe(asked), None, "{asked:?}");
        }
    }

    #[test]
    fn a_path_longer_than_a_page_with_its_filters_is_dropped() {
        assert_eq!(safe(&format!("/{}", "a".repeat(LONGEST))), None);
    }
}
