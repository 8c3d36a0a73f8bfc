//! Signing in with a link emailed to you: the link read from the outbox,
//! used once, expiring, and the same answer for addresses nobody has.

use std::sync::Arc;

use chrono::TimeDelta;
use domain::accounts::{
    SIGN_IN_LINK_LIFETIME, lock_account, request_sign_in_link, sign_in_with_link,
};
use domain::clock::FrozenClock;
use domain::{Actor, DomainError};
use serde_json::{Value, json};

use crate::browser::{browser, csrf_token, graphql, link_in, page, submit};
use crate::factories::{member_of_the_public, national_administrator};
use crate::harness::{TestApp, db_test};

/// Asks for a link for `email` on the sign-in page; returns the page.
async fn ask_for_link(app: &TestApp, browser: &reqwest::Client, email: &str) -> (u16, String) {
    let response = submit(app, browser, "/sign-in", "/sign-in", &[("email", email)]).await;
    let status = response.status().as_u16();
    (status, response.text().await.expect("a page"))
}

/// The sign-in link in the one email sent to `email`.
async fn emailed_link(app: &TestApp, email: &str) -> String {
    app.run_pending_jobs().await;
    let to = format!("To: {email}");
    let emails: Vec<String> = app
        .emails()
        .into_iter()
        .filter(|e| e.contains(&to))
        .collect();
    assert_eq!(emails.len(), 1, "one email to {email}");
    link_in(&emails[0], "/sign-in/link/")
}

/// Opens the link and presses "Sign in" (or, where the page has no button,
/// sends what the button would).
async fn use_link(app: &TestApp, browser: &reqwest::Client, link: &str) -> reqwest::Response {
    let (status, mut html) = page(app, browser, link).await;
    if status != 200 {
        html = page(app, browser, "/sign-in").await.1;
    }
    browser
        .post(app.url(link))
        .form(&[("csrf_token", csrf_token(&html))])
        .send()
        .await
        .expect("answered")
}

async fn viewer(app: &TestApp, browser: &reqwest::Client) -> Value {
    graphql(
        app,
        browser,
        "{ viewer { id email roles { role } } }",
        json!({}),
    )
    .await["data"]["viewer"]
        .clone()
}

#[db_test]
async fn a_member_of_the_public_signs_in_with_the_emailed_link_and_the_viewer_is_them(
    app: TestApp,
) {
    let id = member_of_the_public(&app, "sam@example.org").await;
    let browser = browser();
    let (status, html) = ask_for_link(&app, &browser, "Sam@Example.org").await;
    assert_eq!(status, 200);
    assert!(html.contains("Check your email"));
    let link = emailed_link(&app, "sam@example.org").await;

    // A mail scanner opening the link does not use it up.
    for _ in 0..2 {
        let (status, html) = page(&app, &reqwest::Client::new(), &link).await;
        assert_eq!(status, 200);
        assert!(
            html.contains(">Sign in</button>"),
            "the link shows a button"
        );
    }
    let signed_in = use_link(&app, &browser, &link).await;
    assert_eq!(signed_in.status().as_u16(), 303);
    assert_eq!(signed_in.headers()["location"], "/account");
    assert_eq!(
        viewer(&app, &browser).await,
        json!({ "id": format!("Person:{id}"), "email": "sam@example.org", "roles": [] })
    );
    let (status, account) = page(&app, &browser, "/account").await;
    assert_eq!(status, 200);
    assert!(account.contains("sam@example.org"));
}

#[db_test]
async fn an_emailed_link_is_refused_the_second_time(app: TestApp) {
    member_of_the_public(&app, "sam@example.org").await;
    ask_for_link(&app, &browser(), "sam@example.org").await;
    let link = emailed_link(&app, "sam@example.org").await;
    assert_eq!(
        use_link(&app, &browser(), &link).await.status().as_u16(),
        303
    );

    let someone_else = browser();
    let again = use_link(&app, &someone_else, &link).await;
    assert_eq!(again.status().as_u16(), 410);
    assert!(
        again
            .text()
            .await
            .expect("a page")
            .contains("This link has already been used")
    );
    assert_eq!(viewer(&app, &someone_else).await, Value::Null);
}

#[db_test]
async fn an_emailed_link_is_refused_after_it_expires(app: TestApp) {
    member_of_the_public(&app, "sam@example.org").await;
    let (ctx, asked_at) = (&app.ctx, app.now());
    request_sign_in_link(ctx, "sam@example.org", "127.0.0.1")
        .await
        .expect("asked");
    let link = emailed_link(&app, "sam@example.org").await;
    let token = link.trim_start_matches("/sign-in/link/");

    app.advance(SIGN_IN_LINK_LIFETIME + TimeDelta::seconds(1));
    let expired = sign_in_with_link(ctx, token, None).await;
    assert!(
        matches!(
            &expired,
            Err(DomainError::Conflict(message)) if message == "This link has expired"
        ),
        "{:?}",
        expired.err()
    );
    // Still unused: an earlier clock would accept it, so nothing was spent.
    let in_time = app.ctx.on_clock(Arc::new(FrozenClock::at(asked_at)));
    assert!(sign_in_with_link(&in_time, token, None).await.is_ok());
}

#[db_test]
async fn an_unknown_address_gets_the_same_page_and_no_email(app: TestApp) {
    member_of_the_public(&app, "sam@example.org").await;
    let (known_status, known) = ask_for_link(&app, &browser(), "sam@example.org").await;
    let (unknown_status, unknown) = ask_for_link(&app, &browser(), "nobody@example.org").await;
    assert_eq!(known_status, unknown_status);
    // The pages differ only in the address they repeat.
    let normalise = |html: &str, email: &str| html.replace(email, "ADDRESS");
    assert_eq!(
        normalise(&known, "sam@example.org"),
        normalise(&unknown, "nobody@example.org")
    );
    app.run_pending_jobs().await;
    let emails = app.emails();
    assert_eq!(emails.len(), 1, "only the known address is emailed");
    assert!(emails[0].contains("To: sam@example.org"));
}

#[db_test]
async fn a_malformed_address_is_named_in_an_error_summary(app: TestApp) {
    let (status, html) = ask_for_link(&app, &browser(), "not an address").await;
    assert_eq!(status, 400);
    assert!(html.contains("govuk-error-summary"));
    assert!(html.contains(r##"<a href="#email">Enter an email address in the correct format"##));
    assert_eq!(app.run_pending_jobs().await, 0);
}

#[db_test]
async fn a_locked_person_cannot_use_a_link_sent_before(app: TestApp) {
    national_administrator(&app).await;
    let id = member_of_the_public(&app, "sam@example.org").await;
    ask_for_link(&app, &browser(), "sam@example.org").await;
    let link = emailed_link(&app, "sam@example.org").await;
    lock_account(&app.ctx, &Actor::System, id, "Reported stolen")
        .await
        .expect("locked");
    let refused = use_link(&app, &browser(), &link).await;
    assert_eq!(refused.status().as_u16(), 404);
}
