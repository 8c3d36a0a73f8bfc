//! Every form field and query parameter of every page, found by walking the
//! demo as each kind of person: a control character in any of them is
//! refused with a page naming the field, and nothing is kept.

use std::collections::HashSet;

use domain::recruitment::entities::{household, household_note};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::browser::{browser, sign_in, sign_in_by_link};
use crate::crawl::{FoundForm, forms, links, shape, walk};
use crate::harness::{TestApp, db_test};

/// Who walks the demo: the signed out, each role in one RCC, the national
/// administrator, and applicants part way through.
const STAFF: &[&str] = &[
    "administrator.national@example.org",
    "administrator.north-east@example.org",
    "recruitment-officer.north-east@example.org",
    "recruitment-manager.north-east@example.org",
    "assessing-social-worker.north-east@example.org",
    "childs-social-worker.north-east@example.org",
    "panel-administrator.north-east@example.org",
    "agency-decision-maker.north-east@example.org",
];
pub(crate) const APPLICANTS: &[&str] = &[
    "household7.north-east@example.org",
    "household6.north-east@example.org",
    "applicant6.north-east@example.org",
];
const START: &[&str] = &[
    "/",
    "/account",
    "/enquiries",
    "/panels",
    "/admin",
    "/known-adults",
    "/application",
];

const REFUSED: &str = "A character cannot be used";

/// What `browser` sends with `target` holding a NUL: the form's own values
/// elsewhere.
async fn send(
    app: &TestApp,
    browser: &reqwest::Client,
    form: &FoundForm,
    target: &str,
) -> (u16, String) {
    let fields: Vec<(String, String)> = form
        .fields
        .iter()
        .map(|(name, value)| {
            let value = if name == target {
                "a\u{0}b".to_owned()
            } else {
                value.clone()
            };
            (name.clone(), value)
        })
        .collect();
    let request = if form.method == "post" {
        browser.post(app.url(&form.action)).form(&fields)
    } else {
        browser.get(app.url(&with_query(&form.action, &fields)))
    };
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// `path` with `pairs` as its query string.
fn with_query(path: &str, pairs: &[(String, String)]) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{}?{query}", path.split('?').next().unwrap_or_default())
}

async fn stored_counts(app: &TestApp) -> (u64, u64) {
    (
        household::Entity::find()
            .count(&app.ctx.db)
            .await
            .expect("households"),
        household_note::Entity::find()
            .count(&app.ctx.db)
            .await
            .expect("notes"),
    )
}

#[db_test(demo)]
async fn a_control_character_in_any_form_field_or_query_parameter_is_refused_and_nothing_kept(
    app: TestApp,
) {
    let before = stored_counts(&app).await;
    let mut people: Vec<(String, reqwest::Client)> = vec![("signed out".into(), browser())];
    for email in STAFF {
        let client = browser();
        sign_in(&app, &client, email, seed::DEMO_PASSWORD).await;
        people.push(((*email).to_owned(), client));
    }
    for email in APPLICANTS {
        let client = browser();
        sign_in_by_link(&app, &client, email).await;
        people.push(((*email).to_owned(), client));
    }
    let mut tried: HashSet<String> = HashSet::new();
    let mut fields = 0;
    let mut parameters = 0;
    for (who, client) in &people {
        for (path, html) in walk(&app, client, START, 80).await {
            for form in forms(&path, &html) {
                // Files are read by the upload's own reader, which keeps
                // only a clean name.
                if form.multipart {
                    continue;
                }
                for (name, _) in &form.fields {
                    if !tried.insert(format!("{} {} {name}", form.method, shape(&form.action))) {
                        continue;
                    }
                    let (status, body) = send(&app, client, &form, name).await;
                    assert_eq!(
                        status, 400,
                        "{who}: {} {} field {name}: {body}",
                        form.method, form.action
                    );
                    assert!(body.contains(REFUSED), "{who}: {} {name}", form.action);
                    fields += 1;
                }
            }
            for link in links(&html).into_iter().filter(|l| l.contains('?')) {
                let (base, query) = link.split_once('?').expect("a query");
                for pair in query.split('&') {
                    let key = pair.split('=').next().unwrap_or_default();
                    if !tried.insert(format!("link {} {key}", shape(base))) {
                        continue;
                    }
                    let response = client
                        .get(app.url(&with_query(base, &[(key.to_owned(), "a\u{0}b".to_owned())])))
                        .send()
                        .await
                        .expect("answered");
                    assert_eq!(response.status().as_u16(), 400, "{who}: {base}?{key}");
                    parameters += 1;
                }
            }
        }
    }
    assert!(fields > 60, "only {fields} form fields were found");
    assert!(
        parameters > 3,
        "only {parameters} query parameters were found"
    );
    assert_eq!(stored_counts(&app).await, before, "nothing was kept");
}
