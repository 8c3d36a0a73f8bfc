//! The administration pages: who may see them, setting up an organisation,
//! and the jobs that failed.

use domain::Actor;
use domain::accounts::Role;
use domain::jobs::{self, entity};
use domain::notifications::send_mail_check;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;

use crate::browser::{browser, graphql, page, sign_in, submit};
use crate::factories::{PASSWORD, national_administrator, rcc, staff};
use crate::harness::{TestApp, db_test, error_codes};

async fn signed_in_national_administrator(app: &TestApp) -> reqwest::Client {
    national_administrator(app).await;
    let browser = browser();
    sign_in(app, &browser, "ada@example.org", PASSWORD).await;
    browser
}

/// A mail-check email whose job has failed as often as it may.
async fn dead_job(app: &TestApp) -> i64 {
    let id = send_mail_check(&app.ctx, &Actor::System, "carer@example.org")
        .await
        .expect("queued");
    let mut job = entity::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the job")
        .into_active_model();
    job.state = Set(jobs::JobState::Dead.as_str().to_owned());
    job.last_error = Set(Some("the mail server refused it for good: 550".into()));
    job.update(&app.ctx.db).await.expect("dead");
    id
}

#[db_test]
async fn administration_asks_the_signed_out_to_sign_in_and_refuses_other_roles(app: TestApp) {
    let (status, _) = page(&app, &browser(), "/admin").await;
    assert_eq!(status, 303);
    let rcc = rcc(&app, "Tees Valley Care Cooperative").await;
    staff(
        &app,
        "officer@tees.example.org",
        &[(rcc, Role::RecruitmentOfficer)],
    )
    .await;
    let officer = browser();
    sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;
    for path in [
        "/admin".to_owned(),
        "/admin/jobs".to_owned(),
        format!("/admin/organisations/{rcc}"),
    ] {
        let (status, html) = page(&app, &officer, &path).await;
        assert_eq!(status, 403, "{path}");
        assert!(html.contains("You cannot see this page"), "{path}");
    }
}

#[db_test]
async fn a_national_administrator_sets_up_an_rcc_on_the_page(app: TestApp) {
    let admin = signed_in_national_administrator(&app).await;
    let (status, form) = page(&app, &admin, "/admin/organisations/new").await;
    assert_eq!(status, 200);
    assert!(
        form.contains(r#"value="E06000001""#),
        "every authority can be chosen"
    );
    let created = submit(
        &app,
        &admin,
        "/admin/organisations/new",
        "/admin/organisations",
        &[
            ("kind", "regional_care_cooperative"),
            ("name", "Tees Valley Care Cooperative"),
            ("local_authorities", "E06000001"),
            ("local_authorities", "E06000002"),
        ],
    )
    .await;
    assert_eq!(created.status().as_u16(), 303);
    let location = created.headers()["location"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    let (_, html) = page(&app, &admin, &location).await;
    assert!(
        html.contains("Tees Valley Care Cooperative")
            && html.contains("Recruits for 2 local authorities")
    );

    let refused = submit(
        &app,
        &admin,
        "/admin/organisations/new",
        "/admin/organisations",
        &[("kind", "regional_care_cooperative"), ("name", "")],
    )
    .await;
    assert_eq!(refused.status().as_u16(), 400);
    let html = refused.text().await.expect("a page");
    assert!(
        html.contains(r##"<a href="#name">Enter the organisation&#39;s name</a>"##)
            || html.contains(r##"<a href="#name">Enter the organisation's name</a>"##),
        "{html}"
    );
    assert!(
        html.contains(
            r##"<a href="#local_authorities">Select the local authorities it serves</a>"##
        )
    );
}

#[db_test]
async fn a_national_administrator_sees_and_retries_dead_jobs_on_the_page(app: TestApp) {
    let admin = signed_in_national_administrator(&app).await;
    let id = dead_job(&app).await;
    let (status, html) = page(&app, &admin, "/admin/jobs").await;
    assert_eq!(status, 200);
    assert!(html.contains("email.send") && html.contains("550"));
    assert!(
        !html.contains("carer@example.org"),
        "a job's payload is not shown"
    );
    let retried = submit(
        &app,
        &admin,
        "/admin/jobs",
        &format!("/admin/jobs/{id}/retry"),
        &[],
    )
    .await;
    assert_eq!(retried.status().as_u16(), 303);
    assert_eq!(app.run_pending_jobs().await, 1, "the retried job runs");
    let (_, html) = page(&app, &admin, "/admin/jobs").await;
    assert!(html.contains("No jobs have failed"));
}

#[db_test]
async fn dead_jobs_are_listed_and_retried_through_graphql_by_national_administrators_only(
    app: TestApp,
) {
    let admin = signed_in_national_administrator(&app).await;
    let id = dead_job(&app).await;
    let listed = graphql(
        &app,
        &admin,
        "{ deadJobs { id kind attempts lastError } }",
        json!({}),
    )
    .await;
    assert_eq!(listed["data"]["deadJobs"][0]["id"], format!("Job:{id}"));
    assert_eq!(
        error_codes(&app.graphql("{ deadJobs { id } }", json!({})).await),
        ["UNAUTHENTICATED"]
    );

    let retried = graphql(
        &app,
        &admin,
        "mutation($id: ID!) { retryJob(id: $id) }",
        json!({ "id": format!("Job:{id}") }),
    )
    .await;
    assert_eq!(retried["data"]["retryJob"], true);
    let again = graphql(
        &app,
        &admin,
        "mutation($id: ID!) { retryJob(id: $id) }",
        json!({ "id": format!("Job:{id}") }),
    )
    .await;
    assert_eq!(
        error_codes(&again),
        ["NOT_FOUND"],
        "a job that is not dead is not retried"
    );
}

#[db_test]
async fn a_national_administrator_changes_the_authorities_an_rcc_serves(app: TestApp) {
    let admin = signed_in_national_administrator(&app).await;
    let tees = rcc(&app, "Tees Valley Care Cooperative").await;
    let other = crate::factories::rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    let path = format!("/admin/organisations/{tees}/areas");
    let (status, form) = page(&app, &admin, &path).await;
    assert_eq!(status, 200);
    assert!(
        form.contains(r#"value="E06000001" checked"#),
        "what it serves is ticked"
    );

    let changed = submit(
        &app,
        &admin,
        &path,
        &path,
        &[
            ("local_authorities", "E06000001"),
            ("local_authorities", "E06000003"),
        ],
    )
    .await;
    assert_eq!(changed.status().as_u16(), 303);
    let served =
        |answer: serde_json::Value| answer["data"]["organisation"]["localAuthorities"].clone();
    let query = "query($id: ID!) { organisation(id: $id) { localAuthorities { gssCode } } }";
    let tees_id = json!({ "id": format!("Organisation:{tees}") });
    assert_eq!(
        served(graphql(&app, &admin, query, tees_id.clone()).await),
        json!([{ "gssCode": "E06000001" }, { "gssCode": "E06000003" }])
    );

    let taken = graphql(
        &app,
        &admin,
        "mutation($id: ID!, $las: [String!]!) { \
        setServedLocalAuthorities(organisationId: $id, \
        localAuthorities: $las) { id } }",
        json!({ "id": format!("Organisation:{tees}"), "las": ["E06000047"] }),
    )
    .await;
    assert_eq!(
        error_codes(&taken),
        ["INVALID_INPUT"],
        "Durham is served by {other}"
    );
    assert_eq!(
        served(graphql(&app, &admin, query, tees_id).await)
            .as_array()
            .map(Vec::len),
        Some(2),
        "nothing changed"
    );

    staff(
        &app,
        "admin@tees.example.org",
        &[(tees, Role::Administrator)],
    )
    .await;
    let rcc_admin = browser();
    sign_in(&app, &rcc_admin, "admin@tees.example.org", PASSWORD).await;
    assert_eq!(
        page(&app, &rcc_admin, &path).await.0,
        403,
        "only the national programme changes areas"
    );
}

#[db_test]
async fn the_national_administrator_finds_an_organisation_by_any_part_of_its_name(app: TestApp) {
    let admin = signed_in_national_administrator(&app).await;
    rcc(&app, "Tees Valley Care Cooperative").await;
    let (status, html) = page(&app, &admin, "/admin?name=valley+CARE").await;
    assert_eq!(status, 200);
    assert!(html.contains("Tees Valley Care Cooperative"), "{html}");
    assert!(
        html.contains("1 with &ldquo;valley CARE&rdquo; in the name"),
        "other organisations are left out: {html}"
    );
    let (_, none) = page(&app, &admin, "/admin?name=100%25_").await;
    assert!(
        none.contains("No organisation you administer has"),
        "{none}"
    );
    let found = graphql(
        &app,
        &admin,
        "{ administeredOrganisations(name: \"tees valley\", first: 5) { totalCount nodes { name } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        found["data"]["administeredOrganisations"]["nodes"],
        json!([{ "name": "Tees Valley Care Cooperative" }]),
        "{found}"
    );
    let too_long = graphql(
        &app,
        &admin,
        "query($name: String) { administeredOrganisations(name: $name) { totalCount } }",
        json!({ "name": "x".repeat(101) }),
    )
    .await;
    assert_eq!(error_codes(&too_long), ["INVALID_INPUT"]);
}
