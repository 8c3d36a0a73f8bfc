//! Every route that changes something refuses a request that does not carry
//! this browser's form token, checked once by `web/src/csrf.rs`. The routes
//! are read from the pages' own declarations, so a new route is covered
//! without anyone remembering to add it here.

use std::path::Path;

use domain::accounts::Role;
use reqwest::multipart::{Form, Part};
use sea_orm::EntityTrait;

use crate::browser::{browser, page, sign_in};
use crate::factories::{PASSWORD, rcc, staff};
use crate::harness::{TestApp, db_test};

/// Every `#[post("…")]` route of the web crate.
fn post_routes() -> Vec<String> {
    let mut routes = Vec::new();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("web/src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("the web crate's sources") {
            let path = entry.expect("a file").path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("a source file");
            for line in source.lines() {
                if let Some(rest) = line.trim().strip_prefix("#[post(\"") {
                    routes.push(rest.split('"').next().expect("a path").to_owned());
                }
            }
        }
    }
    routes.sort();
    routes
}

/// The route with each `{parameter}` filled in.
fn filled(route: &str) -> String {
    route
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "1"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// What `client` gets from `route` for a form and for an upload, each
/// without a token, and for a form with a token that is not its own.
async fn answers(app: &TestApp, client: &reqwest::Client, route: &str) -> [u16; 3] {
    let url = app.url(&filled(route));
    let form = client
        .post(&url)
        .form(&[("note", "hello")])
        .send()
        .await
        .expect("answered");
    let pdf = Part::bytes(b"%PDF-1.4\n".to_vec()).file_name("a.pdf");
    let upload = Form::new()
        .text("attached_to", "section:about_you")
        .part("file", pdf);
    let upload = client
        .post(&url)
        .multipart(upload)
        .send()
        .await
        .expect("answered");
    let forged = "0".repeat(64);
    let wrong = client
        .post(&url)
        .form(&[("csrf_token", forged.as_str())])
        .send()
        .await
        .expect("answered");
    [
        form.status().as_u16(),
        upload.status().as_u16(),
        wrong.status().as_u16(),
    ]
}

#[db_test]
async fn every_route_that_changes_something_refuses_a_request_without_the_form_token(app: TestApp) {
    let routes = post_routes();
    assert!(routes.len() >= 40, "the routes were found: {routes:?}");
    let organisation = rcc(&app, "Tees Valley Fostering").await;
    staff(
        &app,
        "officer@tees.example.org",
        &[(organisation, Role::RecruitmentOfficer)],
    )
    .await;
    let signed_in = browser();
    assert_eq!(
        sign_in(&app, &signed_in, "officer@tees.example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    let signed_out = browser();
    assert_eq!(
        page(&app, &signed_out, "/").await.0,
        200,
        "a pre-session cookie is set"
    );
    for client in [&signed_in, &signed_out] {
        for route in &routes {
            assert_eq!(answers(&app, client, route).await, [403; 3], "{route}");
        }
    }
}

/// What one of the session's small JSON answers says, for `client`.
async fn session_json(app: &TestApp, client: &reqwest::Client, path: &str) -> serde_json::Value {
    client
        .get(app.url(path))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON")
}

/// A Tees Valley officer signed in, with a household to write a note on:
/// the officer's browser and the household's record.
async fn officer_at_a_household(app: &TestApp) -> (reqwest::Client, String) {
    let organisation = rcc(app, "Tees Valley Care Cooperative").await;
    let officer_id = staff(
        app,
        "officer@tees.example.org",
        &[(organisation, Role::RecruitmentOfficer)],
    )
    .await;
    let household = crate::factories::invited_household(app, officer_id, "sam@example.org").await;
    let officer = browser();
    sign_in(app, &officer, "officer@tees.example.org", PASSWORD).await;
    (officer, format!("/enquiries/{household}"))
}

#[db_test]
async fn a_note_saved_after_the_session_ended_is_shown_again_and_nothing_is_saved(app: TestApp) {
    let (officer, record) = officer_at_a_household(&app).await;
    let (_, html) = page(&app, &officer, &record).await;
    assert!(
        html.contains("data-hearth-timeout") && html.contains("Stay signed in"),
        "a signed-in page warns before the session ends"
    );
    let token = crate::browser::csrf_token(&html);
    let note = "Called back: they have a spare room now";
    app.advance(chrono::TimeDelta::minutes(31));
    let refused = officer
        .post(app.url(&format!("{record}/notes")))
        .header("Origin", app.url(""))
        .form(&[("csrf_token", token.as_str()), ("text", note)])
        .send()
        .await
        .expect("answered");
    assert_eq!(refused.status().as_u16(), 403);
    let body = refused.text().await.expect("a page");
    assert!(
        body.contains("What you typed")
            && body.contains(note)
            && body.contains("Sign in again")
            && body.contains("Send it again"),
        "{body}"
    );
    let notes = domain::recruitment::entities::household_note::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("read");
    assert!(notes.iter().all(|n| n.text != note), "nothing was saved");
}

#[db_test]
async fn a_refused_form_from_another_site_is_not_shown_again(app: TestApp) {
    let (officer, record) = officer_at_a_household(&app).await;
    let refused = officer
        .post(app.url(&format!("{record}/notes")))
        .header("Origin", "https://evil.example")
        .form(&[("csrf_token", "forged"), ("text", "<b>planted</b>")])
        .send()
        .await
        .expect("answered");
    assert_eq!(refused.status().as_u16(), 403);
    let body = refused.text().await.expect("a page");
    assert!(
        !body.contains("planted") && !body.contains("What you typed"),
        "{body}"
    );
}

#[db_test]
async fn stay_signed_in_keeps_a_live_session_and_says_when_it_has_ended(app: TestApp) {
    let (officer, record) = officer_at_a_household(&app).await;
    let (_, html) = page(&app, &officer, &record).await;
    let token = crate::browser::csrf_token(&html);
    let stay = |client: &reqwest::Client| {
        client
            .post(app.url("/session/stay-signed-in"))
            .form(&[("csrf_token", token.as_str())])
            .send()
    };
    app.advance(chrono::TimeDelta::minutes(25));
    assert_eq!(
        stay(&officer).await.expect("answered").status().as_u16(),
        204
    );
    app.advance(chrono::TimeDelta::minutes(25));
    let (status, _) = page(&app, &officer, &record).await;
    assert_eq!(status, 200, "staying signed in kept the session");
    app.advance(chrono::TimeDelta::minutes(31));
    let ended = stay(&officer).await.expect("answered").status().as_u16();
    assert!(ended == 401 || ended == 403, "{ended}");
}

#[db_test]
async fn asking_how_long_a_session_has_left_does_not_keep_it(app: TestApp) {
    let (officer, record) = officer_at_a_household(&app).await;
    let left = async |client: &reqwest::Client| {
        session_json(&app, client, "/session/time-left").await["seconds"]
            .as_i64()
            .expect("seconds")
    };
    assert_eq!(page(&app, &officer, &record).await.0, 200);
    assert_eq!(left(&officer).await, 30 * 60, "a whole idle half hour");
    app.advance(chrono::TimeDelta::minutes(25));
    assert_eq!(left(&officer).await, 5 * 60, "asking is not activity");
    app.advance(chrono::TimeDelta::minutes(6));
    assert_eq!(left(&officer).await, 0);
    let (status, _) = page(&app, &officer, &record).await;
    assert_eq!(status, 303, "the session ended: asking never kept it");
    assert_eq!(left(&browser()).await, 0, "no session, no time");
}

#[db_test]
async fn a_refused_form_can_take_the_token_of_a_session_signed_in_again(app: TestApp) {
    let (officer, record) = officer_at_a_household(&app).await;
    let fresh = async || {
        session_json(&app, &officer, "/session/form-token").await["token"]
            .as_str()
            .expect("a token")
            .to_owned()
    };
    let (_, before) = page(&app, &officer, &record).await;
    assert_eq!(fresh().await, crate::browser::csrf_token(&before));
    app.advance(chrono::TimeDelta::minutes(31));
    sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;
    let (_, after) = page(&app, &officer, &record).await;
    let token = fresh().await;
    assert_eq!(
        token,
        crate::browser::csrf_token(&after),
        "the new session's token"
    );
    assert_ne!(token, crate::browser::csrf_token(&before));
    let saved = officer
        .post(app.url(&format!("{record}/notes")))
        .form(&[("csrf_token", token.as_str()), ("text", "Sent again")])
        .send()
        .await
        .expect("answered");
    assert_eq!(saved.status().as_u16(), 303, "the fresh token is taken");
}
