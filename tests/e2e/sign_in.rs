//! Staff sign in with a password; sessions; sign-out; cross-site refusals.

use chrono::TimeDelta;
use domain::accounts::{
    ABSOLUTE_TIMEOUT, IDLE_TIMEOUT, PASSWORD_LIMIT, session_actor, sign_in_with_password,
};
use serde_json::{Value, json};

use crate::browser::{browser, csrf_token, sign_in};
use crate::factories::{PASSWORD, national_administrator};
use crate::harness::{TestApp, db_test, error_codes, spawn_app};

async fn viewer(app: &TestApp, browser: &reqwest::Client) -> Value {
    browser
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ viewer { id } }" }))
        .send()
        .await
        .expect("answered")
        .json::<Value>()
        .await
        .expect("JSON")["data"]["viewer"]
        .clone()
}

#[db_test]
async fn staff_sign_in_with_a_password_and_the_viewer_is_them(app: TestApp) {
    let id = national_administrator(&app).await;
    let browser = browser();
    let response = sign_in(&app, &browser, "Ada@Example.org", PASSWORD).await;
    assert_eq!(response.status().as_u16(), 303);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(
        viewer(&app, &browser).await,
        json!({ "id": format!("Person:{id}") })
    );
    let home = browser
        .get(app.url("/"))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a page");
    assert!(
        home.contains(">Sign out</button>"),
        "the pages know who is signed in"
    );
}

#[db_test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer(app: TestApp) {
    national_administrator(&app).await;
    let wrong = sign_in(&app, &browser(), "ada@example.org", "not the password").await;
    let unknown = sign_in(&app, &browser(), "nobody@example.org", PASSWORD).await;
    assert_eq!(
        (wrong.status().as_u16(), unknown.status().as_u16()),
        (400, 400)
    );
    let (wrong, unknown) = (
        wrong.text().await.expect("a page"),
        unknown.text().await.expect("a page"),
    );
    for page in [&wrong, &unknown] {
        assert!(page.contains("Enter a correct email address and password"));
        assert!(
            page.contains(r##"<a href="#email">"##),
            "the error summary links to the field"
        );
    }
}

#[db_test]
async fn repeated_failures_slow_the_account_even_with_the_right_password(app: TestApp) {
    national_administrator(&app).await;
    for _ in 0..PASSWORD_LIMIT.attempts {
        let response = sign_in(&app, &browser(), "ada@example.org", "guess").await;
        assert_eq!(response.status().as_u16(), 400);
    }
    let blocked = sign_in(&app, &browser(), "ada@example.org", PASSWORD).await;
    assert_eq!(blocked.status().as_u16(), 429);
    assert!(
        blocked
            .text()
            .await
            .expect("a page")
            .contains("too many attempts")
    );
}

#[db_test]
async fn signing_out_ends_the_session(app: TestApp) {
    national_administrator(&app).await;
    let browser = browser();
    sign_in(&app, &browser, "ada@example.org", PASSWORD).await;
    let home = browser
        .get(app.url("/"))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a page");
    let out = browser
        .post(app.url("/sign-out"))
        .form(&[("csrf_token", csrf_token(&home))])
        .send()
        .await
        .expect("answered");
    assert_eq!(out.status().as_u16(), 303);
    assert_eq!(viewer(&app, &browser).await, Value::Null);
}

#[db_test]
async fn a_cross_site_form_post_is_refused(app: TestApp) {
    national_administrator(&app).await;
    let no_token = browser()
        .post(app.url("/sign-in/password"))
        .form(&[("email", "ada@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .expect("answered");
    assert_eq!(no_token.status().as_u16(), 403);

    let browser = browser();
    let page = browser
        .get(app.url("/sign-in"))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a page");
    let other_site = browser
        .post(app.url("/sign-in/password"))
        .header("origin", "https://evil.example")
        .form(&[
            ("email", "ada@example.org"),
            ("password", PASSWORD),
            ("csrf_token", &csrf_token(&page)),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(other_site.status().as_u16(), 403);
}

#[db_test]
async fn graphql_with_a_session_from_another_site_is_forbidden(app: TestApp) {
    national_administrator(&app).await;
    let browser = browser();
    sign_in(&app, &browser, "ada@example.org", PASSWORD).await;
    let answer: Value = browser
        .post(app.url("/graphql"))
        .header("origin", "https://evil.example")
        .json(&json!({ "query": "{ viewer { id } }" }))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(error_codes(&answer), ["FORBIDDEN"]);
}

/// A signed-in session's token.
async fn signed_in_session(app: &TestApp) -> String {
    national_administrator(app).await;
    let signed_in = sign_in_with_password(
        &app.ctx,
        ("ada@example.org", PASSWORD),
        "127.0.0.1",
        None,
        None,
    )
    .await
    .expect("signed in");
    signed_in.session.0
}

#[db_test]
async fn a_session_ends_after_half_an_hour_without_a_request(app: TestApp) {
    let (ctx, token) = (&app.ctx, signed_in_session(&app).await);
    app.advance(IDLE_TIMEOUT - TimeDelta::minutes(1));
    assert!(
        session_actor(ctx, &token).await.expect("read").is_some(),
        "still active"
    );
    app.advance(IDLE_TIMEOUT);
    assert!(
        session_actor(ctx, &token).await.expect("read").is_none(),
        "idle too long"
    );
}

#[db_test]
async fn a_busy_session_still_ends_at_its_absolute_limit(app: TestApp) {
    let (ctx, token) = (&app.ctx, signed_in_session(&app).await);
    let step = TimeDelta::minutes(20);
    let mut elapsed = TimeDelta::zero();
    while elapsed + step < ABSOLUTE_TIMEOUT {
        app.advance(step);
        elapsed += step;
        assert!(
            session_actor(ctx, &token).await.expect("read").is_some(),
            "active at {elapsed}"
        );
    }
    app.advance(step);
    assert!(session_actor(ctx, &token).await.expect("read").is_none());
}

#[db_test]
async fn signing_in_again_replaces_the_session_token(app: TestApp) {
    let (ctx, old) = (&app.ctx, signed_in_session(&app).await);
    let new = sign_in_with_password(
        ctx,
        ("ada@example.org", PASSWORD),
        "127.0.0.1",
        Some(&old),
        None,
    )
    .await
    .expect("signed in again")
    .session;
    assert_ne!(new.0, old);
    assert!(
        session_actor(ctx, &old).await.expect("read").is_none(),
        "the old token is void"
    );
    assert!(session_actor(ctx, &new.0).await.expect("read").is_some());
}

#[db_test]
async fn guesses_sent_all_at_once_get_no_more_tries_than_one_at_a_time(app: TestApp) {
    national_administrator(&app).await;
    let browser = browser();
    let page = browser
        .get(app.url("/sign-in"))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a page");
    let token = csrf_token(&page);
    let guesses = (0..12).map(|n| {
        let (browser, token, url) = (browser.clone(), token.clone(), app.url("/sign-in/password"));
        tokio::spawn(async move {
            browser
                .post(url)
                .form(&[
                    ("email", "ada@example.org"),
                    ("password", &format!("guess {n}")),
                    ("csrf_token", &token),
                ])
                .send()
                .await
                .expect("answered")
                .status()
                .as_u16()
        })
    });
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(guess.await.expect("the guess ran"));
    }
    let tried = statuses.iter().filter(|&&status| status == 400).count();
    assert!(
        tried <= PASSWORD_LIMIT.attempts as usize,
        "{tried} guesses were checked: {statuses:?}"
    );
    assert!(statuses.contains(&429));
}

#[db_test]
async fn signing_in_gives_the_browser_a_new_form_token(app: TestApp) {
    national_administrator(&app).await;
    let browser = browser();
    let before = browser
        .get(app.url("/sign-in"))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a page");
    sign_in(&app, &browser, "ada@example.org", PASSWORD).await;
    let after = browser
        .get(app.url("/"))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a page");
    assert_ne!(csrf_token(&before), csrf_token(&after));
    let stale = browser
        .post(app.url("/sign-out"))
        .form(&[("csrf_token", csrf_token(&before))])
        .send()
        .await
        .expect("answered");
    assert_eq!(
        stale.status().as_u16(),
        403,
        "the token from before sign-in no longer works"
    );
}

/// Six wrong passwords (each for another account) from `client`, as the
/// proxy in front of Hearth would say: the status of each.
async fn attempts_from(app: &TestApp, client: &str, first: usize) -> Vec<u16> {
    let browser = browser();
    let page = browser
        .get(app.url("/sign-in/password"))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a page");
    let token = csrf_token(&page);
    let mut statuses = Vec::new();
    for n in first..first + 6 {
        let status = browser
            .post(app.url("/sign-in/password"))
            .header("x-forwarded-for", format!("198.51.100.77, {client}"))
            .form(&[
                ("email", format!("nobody{n}@example.org").as_str()),
                ("password", "guess"),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .expect("answered")
            .status()
            .as_u16();
        statuses.push(status);
    }
    statuses
}

async fn clients_behind_a_proxy(db: crate::harness::Db) {
    let options = crate::harness::AppOptions {
        trusted_proxies: vec!["127.0.0.1".parse().expect("an address")],
        ..Default::default()
    };
    let app = crate::harness::spawn_app_with(db, options).await;
    let slowed = [400, 400, 400, 400, 400, 429];
    assert_eq!(
        attempts_from(&app, "203.0.113.1", 0).await,
        slowed,
        "one client is slowed"
    );
    assert_eq!(
        attempts_from(&app, "203.0.113.2", 10).await,
        slowed,
        "another is counted apart from it"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_counted_apart_on_sqlite() {
    clients_behind_a_proxy(crate::harness::Db::Sqlite).await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_counted_apart_on_postgres() {
    clients_behind_a_proxy(crate::harness::Db::Postgres).await;
}

#[db_test]
async fn a_forwarded_address_from_an_untrusted_peer_is_ignored(app: TestApp) {
    attempts_from(&app, "203.0.113.1", 0).await;
    let other = attempts_from(&app, "203.0.113.2", 10).await;
    assert_eq!(
        other[0], 429,
        "the header is anyone's to write: the peer is counted"
    );
}

#[tokio::test]
async fn over_https_the_cookies_are_host_only_and_secure_and_browsers_are_told_to_stay() {
    let options = crate::harness::AppOptions {
        public_url: Some("https://hearth.example.org/".parse().expect("a URL")),
        ..Default::default()
    };
    let app = crate::harness::spawn_app_with(crate::harness::Db::Sqlite, options).await;
    let response = app.get("/sign-in/password").await;
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert!(
        cookie.starts_with("__Host-hearth_presession=")
            && cookie.contains("Secure")
            && cookie.contains("Path=/"),
        "{cookie}"
    );
    let presession = cookie
        .trim_start_matches("__Host-hearth_presession=")
        .split(';')
        .next()
        .expect("a value")
        .to_owned();
    let token = csrf_token(&response.text().await.expect("a page"));
    national_administrator(&app).await;
    let signed_in = app
        .client
        .post(app.url("/sign-in/password"))
        .header("cookie", format!("__Host-hearth_presession={presession}"))
        .form(&[
            ("email", "ada@example.org"),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(signed_in.status().as_u16(), 303);
    let session = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-hearth_session="))
        .expect("a session cookie")
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(session.contains(attribute), "{session}");
    }
    let plain = spawn_app(crate::harness::Db::Sqlite)
        .await
        .get("/sign-in")
        .await;
    assert!(
        plain.headers().get("strict-transport-security").is_none(),
        "not over plain HTTP"
    );
}

/// A wrong password for Ada's account from `client`, through the trusted
/// proxy: the answer.
async fn guess_from(
    app: &TestApp,
    browser: &reqwest::Client,
    client: &str,
    password: &str,
) -> reqwest::Response {
    let page = browser
        .get(app.url("/sign-in/password"))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a page");
    browser
        .post(app.url("/sign-in/password"))
        .header("x-forwarded-for", client)
        .form(&[
            ("email", "ada@example.org"),
            ("password", password),
            ("csrf_token", &csrf_token(&page)),
        ])
        .send()
        .await
        .expect("answered")
}

async fn guessing_never_keeps_the_owner_out(db: crate::harness::Db) {
    let options = crate::harness::AppOptions {
        trusted_proxies: vec!["127.0.0.1".parse().expect("an address")],
        ..Default::default()
    };
    let app = crate::harness::spawn_app_with(db, options).await;
    national_administrator(&app).await;
    // Ada signs in once from her own browser, which is known from then on.
    let ada = browser();
    assert_eq!(
        guess_from(&app, &ada, "192.0.2.10", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    // Someone else guesses from many addresses: each wrong password makes
    // the next wait longer, and a guess too soon is refused unchecked.
    let stranger = browser();
    for n in 0..domain::accounts::backoff::FREE_FAILURES {
        let wrong = guess_from(&app, &stranger, &format!("203.0.113.{n}"), "guess").await;
        assert_eq!(wrong.status().as_u16(), 400);
    }
    let too_soon = guess_from(&app, &stranger, "203.0.113.99", PASSWORD).await;
    assert_eq!(
        too_soon.status().as_u16(),
        429,
        "even the right password waits"
    );
    let wait: u64 = too_soon.headers()["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=900).contains(&wait), "{wait}");
    // Ada's known browser is not slowed by any of it.
    let owner = guess_from(&app, &ada, "192.0.2.10", PASSWORD).await;
    assert_eq!(owner.status().as_u16(), 303, "the owner signs in");
}

#[tokio::test]
async fn wrong_guesses_slow_an_account_but_never_the_browser_its_owner_signed_in_from_on_sqlite() {
    guessing_never_keeps_the_owner_out(crate::harness::Db::Sqlite).await;
}

#[tokio::test]
async fn wrong_guesses_slow_an_account_but_never_the_browser_its_owner_signed_in_from_on_postgres()
{
    guessing_never_keeps_the_owner_out(crate::harness::Db::Postgres).await;
}

#[db_test]
async fn a_form_token_planted_in_a_cookie_is_refused(app: TestApp) {
    national_administrator(&app).await;
    let planted = "a".repeat(43);
    for cookie in [
        format!("hearth_presession={planted}"),
        format!("hearth_csrf={planted}"),
    ] {
        let refused = app
            .client
            .post(app.url("/sign-in"))
            .header("cookie", cookie.clone())
            .form(&[
                ("email", "ada@example.org"),
                ("csrf_token", planted.as_str()),
            ])
            .send()
            .await
            .expect("answered");
        assert_eq!(refused.status().as_u16(), 403, "{cookie}");
    }
    // A token bound to one browser's pre-session is no good in another.
    let one = browser();
    let page = one
        .get(app.url("/sign-in"))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("a page");
    let other = browser();
    other
        .get(app.url("/sign-in"))
        .send()
        .await
        .expect("answered");
    let borrowed = other
        .post(app.url("/sign-in"))
        .form(&[
            ("email", "ada@example.org"),
            ("csrf_token", csrf_token(&page).as_str()),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(borrowed.status().as_u16(), 403);
    assert_eq!(app.run_pending_jobs().await, 0, "no link was sent");
}
