//! A browser for the end-to-end tests: it keeps cookies, does not follow
//! redirects, and fills in forms with the token the page gave it.

use serde_json::{Value, json};

use crate::harness::TestApp;

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // The server closes a connection idle for 5 s; one reused just as
        // it does fails the request, so the browser lets them go sooner.
        .pool_idle_timeout(std::time::Duration::from_secs(2))
        .build()
        .expect("a client")
}

/// The CSRF token in a page's form.
pub fn csrf_token(html: &str) -> String {
    let (_, rest) = html
        .split_once(r#"name="csrf_token" value=""#)
        .expect("a form with a token");
    rest.split('"').next().expect("a token").to_owned()
}

pub async fn page(app: &TestApp, browser: &reqwest::Client, path: &str) -> (u16, String) {
    let response = browser.get(app.url(path)).send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a page"))
}

/// The page a 303 answer sends the browser to, as (status, body): what a
/// browser shows after a form that redirects.
pub async fn followed(
    app: &TestApp,
    browser: &reqwest::Client,
    answer: reqwest::Response,
) -> (u16, String) {
    assert_eq!(answer.status().as_u16(), 303, "the form redirects");
    let to = answer.headers()["location"]
        .to_str()
        .expect("a location")
        .to_owned();
    page(app, browser, &to).await
}

/// Opens `form_page` and posts `fields` to `action` with its form token.
pub async fn submit(
    app: &TestApp,
    browser: &reqwest::Client,
    form_page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = page(app, browser, form_page).await;
    let token = csrf_token(&html);
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf_token", &token));
    browser
        .post(app.url(action))
        .form(&form)
        .send()
        .await
        .expect("answered")
}

pub async fn sign_in(
    app: &TestApp,
    browser: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    submit(
        app,
        browser,
        "/sign-in/password",
        "/sign-in/password",
        &[("email", email), ("password", password)],
    )
    .await
}

/// A GraphQL request from this browser's pages, with its session cookie.
pub async fn graphql(
    app: &TestApp,
    browser: &reqwest::Client,
    query: &str,
    variables: Value,
) -> Value {
    browser
        .post(app.url("/graphql"))
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .expect("answered")
        .json::<Value>()
        .await
        .expect("JSON")
}

/// The path of the link in an email that starts with `prefix`, such as
/// `/sign-in/link/`: the emails link to https://hearth.example.org.
pub fn link_in(email: &str, prefix: &str) -> String {
    // Quoted-printable breaks long lines with "=" at the end.
    let unfolded = email.replace("=\r\n", "").replace("=\n", "");
    let (_, rest) = unfolded
        .split_once(&format!("https://hearth.example.org{prefix}"))
        .unwrap_or_else(|| panic!("a {prefix} link in {email}"));
    let token: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    format!("{prefix}{token}")
}

/// Signs `browser` in as `email` with a link emailed to them, as a member of
/// the public does (the newest link: earlier ones may have been used).
pub async fn sign_in_by_link(app: &TestApp, browser: &reqwest::Client, email: &str) {
    submit(app, browser, "/sign-in", "/sign-in", &[("email", email)]).await;
    app.run_pending_jobs().await;
    let to = format!("To: {email}");
    for sent in app
        .emails()
        .into_iter()
        .filter(|e| e.contains(&to) && e.contains("Subject: Sign in to Hearth"))
    {
        let link = link_in(&sent, "/sign-in/link/");
        let (status, html) = page(app, browser, &link).await;
        if status != 200 {
            continue;
        }
        let used = browser
            .post(app.url(&link))
            .form(&[("csrf_token", csrf_token(&html))])
            .send()
            .await
            .expect("answered");
        assert_eq!(used.status().as_u16(), 303, "signed in");
        return;
    }
    panic!("an unused sign-in link for {email}");
}
