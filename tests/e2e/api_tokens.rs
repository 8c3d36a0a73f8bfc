//! API tokens: made by a person with the rights of a role they hold,
//! stored only as a hash, refused once revoked; administrators see and
//! revoke them all.

use domain::accounts::Role;
use domain::accounts::entities::api_token;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::browser::{browser, graphql, page, sign_in, submit};
use crate::factories::{PASSWORD, rcc, staff};
use crate::harness::{TestApp, db_test, error_codes};

const CREATE: &str = "mutation($input: CreateApiTokenInput!) { \
    createApiToken(input: $input) { secret apiToken { id role \
    revokedAt } } }";

async fn administrator_of_an_rcc(app: &TestApp) -> (i32, reqwest::Client) {
    let id = rcc(app, "Tees Valley Care Cooperative").await;
    // An administrator who is also the recruitment manager: a token has the
    // rights of a role its maker holds.
    staff(
        app,
        "admin@tees.example.org",
        &[(id, Role::Administrator), (id, Role::RecruitmentManager)],
    )
    .await;
    let browser = browser();
    sign_in(app, &browser, "admin@tees.example.org", PASSWORD).await;
    (id, browser)
}

async fn with_token(app: &TestApp, secret: &str, query: &str, variables: Value) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(secret)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON"))
}

#[db_test]
async fn a_token_acts_with_its_role_is_stored_as_a_hash_and_is_refused_once_revoked(app: TestApp) {
    let (rcc, admin) = administrator_of_an_rcc(&app).await;
    let made = graphql(
        &app,
        &admin,
        CREATE,
        json!({ "input": {
        "organisationId": format!("Organisation:{rcc}"),
        "name": "Case system export",
        "role": "RECRUITMENT_MANAGER",
    } }),
    )
    .await;
    let secret = made["data"]["createApiToken"]["secret"]
        .as_str()
        .expect("a secret")
        .to_owned();
    let id = made["data"]["createApiToken"]["apiToken"]["id"].clone();
    assert!(secret.starts_with("hearth_"));
    let stored = api_token::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("tokens");
    assert_eq!(stored.len(), 1);
    assert!(
        !format!("{stored:?}").contains(&secret[7..]),
        "only the hash is stored"
    );

    let people = "query($id: ID!) { organisation(id: $id) { name people { nodes { email } } } }";
    let organisation = json!({ "id": format!("Organisation:{rcc}") });
    let (status, answer) = with_token(&app, &secret, people, organisation.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(
        answer["data"]["organisation"]["name"],
        "Tees Valley Care Cooperative"
    );
    assert_eq!(
        error_codes(&answer),
        ["FORBIDDEN"],
        "a manager's token is known, and is not an administrator"
    );
    let (_, viewer) = with_token(&app, &secret, "{ viewer { id } }", json!({})).await;
    assert_eq!(
        viewer["data"]["viewer"],
        Value::Null,
        "a token is no person"
    );

    let revoked = graphql(
        &app,
        &admin,
        "mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }",
        json!({ "id": id }),
    )
    .await;
    assert!(
        revoked["data"]["revokeApiToken"]["revokedAt"].is_string(),
        "{revoked}"
    );
    let (status, refused) = with_token(&app, &secret, people, organisation).await;
    assert_eq!(status, 401);
    assert_eq!(error_codes(&refused), ["UNAUTHENTICATED"]);
}

#[db_test]
async fn an_unknown_token_is_refused_not_treated_as_signed_out(app: TestApp) {
    let (status, answer) = with_token(
        &app,
        "hearth_not-a-real-token",
        "{ regions { name } }",
        json!({}),
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(error_codes(&answer), ["UNAUTHENTICATED"]);
}

#[db_test]
async fn a_token_cannot_be_an_administrator(app: TestApp) {
    let (rcc, admin) = administrator_of_an_rcc(&app).await;
    let answer = graphql(
        &app,
        &admin,
        CREATE,
        json!({ "input": {
        "organisationId": format!("Organisation:{rcc}"),
        "name": "Everything",
        "role": "ADMINISTRATOR",
    } }),
    )
    .await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
    assert_eq!(
        answer["errors"][0]["extensions"]["fields"][0]["path"],
        json!(["role"])
    );
    assert!(
        api_token::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("tokens")
            .is_empty()
    );
}

#[db_test]
async fn an_administrator_makes_a_token_on_the_page_sees_it_once_and_revokes_it(app: TestApp) {
    let (rcc, admin) = administrator_of_an_rcc(&app).await;
    let path = format!("/admin/organisations/{rcc}/api-tokens");
    let made = submit(
        &app,
        &admin,
        &path,
        &path,
        &[("name", "Nightly export"), ("role", "recruitment_officer")],
    )
    .await;
    assert_eq!(made.status().as_u16(), 200);
    let html = made.text().await.expect("a page");
    let (_, rest) = html
        .split_once(r#"id="secret" type="text" value=""#)
        .expect("the secret is shown");
    let secret = rest.split('"').next().expect("a secret").to_owned();
    let (status, _) = with_token(&app, &secret, "{ regions { name } }", json!({})).await;
    assert_eq!(status, 200);

    let (_, list) = page(&app, &admin, &path).await;
    assert!(
        list.contains("Nightly export") && !list.contains(&secret),
        "shown once only"
    );
    let token_id = api_token::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("tokens")[0]
        .id;
    let revoked = submit(
        &app,
        &admin,
        &path,
        &format!("{path}/{token_id}/revoke"),
        &[],
    )
    .await;
    assert_eq!(revoked.status().as_u16(), 303);
    assert_eq!(
        with_token(&app, &secret, "{ regions { name } }", json!({}))
            .await
            .0,
        401
    );
}

#[db_test]
async fn an_authorization_header_that_is_not_a_bearer_token_is_refused_not_taken_as_signed_out(
    app: TestApp,
) {
    for header in [
        "",
        "Bearer",
        "Bearer ",
        "Basic YWRhOnNlY3JldA==",
        "Token hearth_x",
        "Bearer two words",
    ] {
        let answer = app
            .client
            .post(app.url("/graphql"))
            .header("authorization", header)
            .json(&json!({ "query": "{ viewer { id } }" }))
            .send()
            .await
            .expect("answered");
        assert_eq!(answer.status().as_u16(), 401, "{header:?}");
        assert_eq!(answer.headers()["www-authenticate"], "Bearer");
        let body: Value = answer.json().await.expect("JSON");
        assert_eq!(error_codes(&body), ["UNAUTHENTICATED"], "{header:?}");
        let page = app
            .client
            .get(app.url("/account"))
            .header("authorization", header)
            .send()
            .await
            .expect("answered");
        assert_eq!(page.status().as_u16(), 401, "a page too: {header:?}");
    }
    let unknown = app
        .client
        .get(app.url("/"))
        .bearer_auth("hearth_not_a_real_token")
        .send()
        .await
        .expect("answered");
    assert_eq!(unknown.status().as_u16(), 401, "an unknown token on a page");
    assert_eq!(
        app.get("/").await.status().as_u16(),
        200,
        "no header is signed out"
    );
}

#[db_test]
async fn a_token_has_no_more_rights_than_its_maker_and_the_access_log_names_them(app: TestApp) {
    let (rcc, admin) = administrator_of_an_rcc(&app).await;
    staff(
        &app,
        "worker@tees.example.org",
        &[(rcc, Role::AssessingSocialWorker)],
    )
    .await;
    staff(
        &app,
        "manager@tees.example.org",
        &[(rcc, Role::RecruitmentManager)],
    )
    .await;
    let input = |role: &str| {
        json!({ "input": {
        "organisationId": format!("Organisation:{rcc}"),
        "name": "Nightly feed",
        "role": role,
    } })
    };
    let worker = browser();
    sign_in(&app, &worker, "worker@tees.example.org", PASSWORD).await;
    let not_theirs = graphql(&app, &worker, CREATE, input("RECRUITMENT_OFFICER")).await;
    assert_eq!(
        error_codes(&not_theirs),
        ["INVALID_INPUT"],
        "an assessor holds no officer's rights: {not_theirs}"
    );

    // A recruitment manager makes officer and manager tokens, from a
    // link on their account page, and sees only their own.
    let manager = browser();
    sign_in(&app, &manager, "manager@tees.example.org", PASSWORD).await;
    let (_, account) = page(&app, &manager, "/account").await;
    let path = format!("/admin/organisations/{rcc}/api-tokens");
    assert!(account.contains(&path), "{account}");
    let made = graphql(&app, &manager, CREATE, input("RECRUITMENT_OFFICER")).await;
    let secret = made["data"]["createApiToken"]["secret"]
        .as_str()
        .expect("a secret")
        .to_owned();
    graphql(&app, &admin, CREATE, input("RECRUITMENT_MANAGER")).await;
    let listed = r#"<td class="govuk-table__cell">Nightly feed</td>"#;
    let (_, own) = page(&app, &manager, &path).await;
    assert_eq!(
        own.matches(listed).count(),
        1,
        "the manager sees their own token only"
    );
    let (_, all) = page(&app, &admin, &path).await;
    assert_eq!(
        all.matches(listed).count(),
        2,
        "the administrator sees every token"
    );
    assert!(
        all.contains("Person manager@tees.example.org"),
        "with who made it"
    );

    // What the token reads is on its maker's record.
    let organisation = json!({ "id": format!("Organisation:{rcc}") });
    with_token(
        &app,
        &secret,
        "query($id: ID!) { equalityReport(organisationId: $id) { households } }",
        organisation,
    )
    .await;
    let log = graphql(
        &app,
        &admin,
        "query($id: ID!) { accessLog(organisationId: $id) { nodes { who } } }",
        json!({ "id": format!("Organisation:{rcc}") }),
    )
    .await;
    assert!(
        log.to_string()
            .contains("API token Nightly feed, made by Person manager@tees.example.org"),
        "{log}"
    );
}

#[db_test]
async fn a_national_administrator_makes_tokens_only_for_the_national_programme(app: TestApp) {
    crate::factories::national_administrator(&app).await;
    let rcc = rcc(&app, "Tees Valley Care Cooperative").await;
    let admin = browser();
    sign_in(&app, &admin, "ada@example.org", PASSWORD).await;
    let answer = graphql(
        &app,
        &admin,
        CREATE,
        json!({ "input": {
        "organisationId": format!("Organisation:{rcc}"),
        "name": "Reach in",
        "role": "RECRUITMENT_OFFICER",
    } }),
    )
    .await;
    assert_eq!(error_codes(&answer), ["FORBIDDEN"], "{answer}");
    let programme = domain::accounts::national_programme_id(&app.ctx, &domain::Actor::System)
        .await
        .expect("the programme");
    let own = graphql(
        &app,
        &admin,
        CREATE,
        json!({ "input": {
        "organisationId": format!("Organisation:{programme}"),
        "name": "National reports",
        "role": "RECRUITMENT_MANAGER",
    } }),
    )
    .await;
    assert!(own["errors"].is_null(), "{own}");
}
