//! Walking Hearth's pages as a person would: the links each page offers
//! and the forms on it, read from the HTML Hearth's own templates write.

use std::collections::{HashSet, VecDeque};

use crate::browser::page;
use crate::harness::TestApp;

/// A form as a page offers it.
#[derive(Clone, Debug)]
pub struct FoundForm {
    pub method: String,
    pub action: String,
    pub multipart: bool,
    /// Each field's name and the value the page gave it.
    pub fields: Vec<(String, String)>,
}

/// The value of `name="…"` in a tag's text, unescaped.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(
        tag[start..end]
            .replace("&amp;", "&")
            .replace("&#38;", "&")
            .replace("&#x2F;", "/")
            .replace("&#39;", "'")
            .replace("&quot;", "\""),
    )
}

/// Every tag in `html` starting with `<{name}`, as its text up to `>`.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let opening = format!("<{name}");
    html.match_indices(&opening)
        .filter_map(|(at, _)| {
            let rest = &html[at..];
            let next = rest.as_bytes().get(opening.len()).copied();
            if !matches!(next, Some(b' ' | b'>' | b'\n')) {
                return None;
            }
            rest.find('>').map(|end| &rest[..end])
        })
        .collect()
}

/// The same-site paths `html` links to.
pub fn links(html: &str) -> Vec<String> {
    tags(html, "a")
        .into_iter()
        .filter_map(|tag| attribute(tag, "href"))
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .filter(|href| !href.is_empty())
        .collect()
}

/// The forms in `html`, found on the page at `on`.
pub fn forms(on: &str, html: &str) -> Vec<FoundForm> {
    html.split("<form")
        .skip(1)
        .filter_map(|rest| {
            let body = rest.split("</form>").next()?;
            let head = format!("<form{}", &body[..body.find('>')?]);
            let mut fields = Vec::new();
            for kind in ["input", "textarea", "select"] {
                for tag in tags(body, kind) {
                    if let Some(name) = attribute(tag, "name") {
                        let value = attribute(tag, "value").unwrap_or_default();
                        if !fields.iter().any(|(n, _)| *n == name) {
                            fields.push((name, value));
                        }
                    }
                }
            }
            Some(FoundForm {
                method: attribute(&head, "method")
                    .unwrap_or_else(|| "get".into())
                    .to_lowercase(),
                action: attribute(&head, "action").unwrap_or_else(|| on.to_owned()),
                multipart: head.contains("multipart/form-data"),
                fields,
            })
        })
        .collect()
}

/// A path with its numbers as `N`: pages of one kind are walked once.
pub fn shape(path: &str) -> String {
    let mut shape = String::new();
    let mut in_number = false;
    for c in path.split('?').next().unwrap_or_default().chars() {
        if c.is_ascii_digit() {
            if !in_number {
                shape.push('N');
            }
            in_number = true;
        } else {
            shape.push(c);
            in_number = false;
        }
    }
    shape
}

/// Paths a walk does not open: files, and links that act when opened.
fn not_walked(path: &str) -> bool {
    [
        "/assets/",
        "/documents/",
        "/sign-in/link/",
        "/invitations/",
        "/graphql",
    ]
    .iter()
    .any(|prefix| path.starts_with(prefix))
        || path.ends_with(".ics")
}

/// What a walk found: each page opened with its HTML, and each link that
/// answered 403, 404 or 5xx, with the page that offered it.
pub struct Walked {
    pub pages: Vec<(String, String)>,
    pub broken: Vec<String>,
}

/// Every page `browser` reaches from `start` by following links, one of
/// each shape, at most `limit` pages and `depth` links from the start.
pub async fn explore(
    app: &TestApp,
    browser: &reqwest::Client,
    start: &[&str],
    depth: usize,
    limit: usize,
) -> Walked {
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue: VecDeque<(String, String, usize)> = start
        .iter()
        .map(|s| ((*s).to_owned(), "the start".to_owned(), 0))
        .collect();
    let mut walked = Walked {
        pages: Vec::new(),
        broken: Vec::new(),
    };
    while let Some((path, from, level)) = queue.pop_front() {
        if walked.pages.len() >= limit || not_walked(&path) || !seen.insert(shape(&path)) {
            continue;
        }
        let (status, html) = page(app, browser, &path).await;
        if status == 403 || status == 404 || status >= 500 {
            walked
                .broken
                .push(format!("{path} answered {status}, linked from {from}"));
        }
        if status != 200 {
            continue;
        }
        if level < depth {
            queue.extend(
                links(&html)
                    .into_iter()
                    .map(|link| (link, path.clone(), level + 1)),
            );
        }
        walked.pages.push((path, html));
    }
    walked
}

/// Every page `browser` reaches from `start`, one of each shape, at most
/// `limit`: each path with its HTML.
pub async fn walk(
    app: &TestApp,
    browser: &reqwest::Client,
    start: &[&str],
    limit: usize,
) -> Vec<(String, String)> {
    explore(app, browser, start, usize::MAX, limit).await.pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_read_with_its_fields() {
        let html = r#"<form method="post" action="/enquiries/4/notes" novalidate>
            <input type="hidden" name="csrf_token" value="abc">
            <textarea class="govuk-textarea" name="text" rows="3"></textarea>
            <select name="reason"><option value="x">X</option></select>
        </form>"#;
        let found = forms("/enquiries/4", html);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].action, "/enquiries/4/notes");
        let names: Vec<&str> = found[0].fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["csrf_token", "text", "reason"]);
    }

    #[test]
    fn pages_of_one_kind_share_a_shape() {
        assert_eq!(shape("/enquiries/12/panel?x=1"), "/enquiries/N/panel");
    }
}
