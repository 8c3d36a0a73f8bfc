//! Administrators invite staff, give and take roles and deactivate
//! accounts; GraphQL refuses those without the right.

use domain::accounts::Role;
use serde_json::{Value, json};

use crate::browser::{browser, csrf_token, graphql, link_in, page, sign_in, submit};
use crate::factories::{PASSWORD, national_administrator, rcc, staff};
use crate::harness::{TestApp, db_test, error_codes};

const INVITE: &str =
    "mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id name roles status } }";

/// An RCC, and a browser signed in as its administrator.
async fn rcc_with_administrator(app: &TestApp) -> (i32, reqwest::Client) {
    app.seed_reference_data().await;
    let id = rcc(app, "Tees Valley Care Cooperative").await;
    staff(app, "admin@tees.example.org", &[(id, Role::Administrator)]).await;
    let browser = browser();
    assert_eq!(
        sign_in(app, &browser, "admin@tees.example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    (id, browser)
}

fn invite_input(organisation: i32, email: &str, role: &str) -> Value {
    json!({ "input": {
        "organisationId": format!("Organisation:{organisation}"),
        "email": email,
        "name": "Rosa Parks",
        "role": role,
    } })
}

db_test! {
    async fn an_invited_member_of_staff_sets_a_password_and_holds_the_role_given(app) {
        let (rcc, admin) = rcc_with_administrator(&app).await;
        let page_path = format!("/admin/organisations/{rcc}");
        let invited = submit(&app, &admin, &page_path, &format!("{page_path}/invitations"), &[
            ("name", "Rosa Parks"),
            ("email", "rosa@tees.example.org"),
            ("role", "recruitment_officer"),
        ]).await;
        assert_eq!(invited.status().as_u16(), 303);
        let (_, listed) = page(&app, &admin, &format!("{page_path}?done=invited")).await;
        assert!(listed.contains("Invitation sent") && listed.contains("Rosa Parks") && listed.contains("Invited"));

        app.run_pending_jobs().await;
        let email = app.emails().into_iter().find(|e| e.contains("To: rosa@tees.example.org")).expect("an invitation");
        assert!(email.contains("You have been invited to Hearth"));
        let link = link_in(&email, "/invitation/");
        let rosa = browser();
        let (status, form) = page(&app, &rosa, &link).await;
        assert_eq!(status, 200);
        assert!(form.contains("Recruitment officer, Tees Valley Care Cooperative"));

        let too_short = rosa.post(app.url(&link)).form(&[("password", "short"), ("csrf_token", &csrf_token(&form))]).send().await.expect("answered");
        assert_eq!(too_short.status().as_u16(), 400);
        assert!(too_short.text().await.expect("a page").contains("Password must be 12 characters or more"));

        let accepted = rosa.post(app.url(&link)).form(&[("password", PASSWORD), ("csrf_token", &csrf_token(&form))]).send().await.expect("answered");
        assert_eq!(accepted.status().as_u16(), 303);
        let viewer = graphql(&app, &rosa, "{ viewer { email roles { role organisation { name kind } } } }", json!({})).await;
        assert_eq!(viewer["data"]["viewer"], json!({
            "email": "rosa@tees.example.org",
            "roles": [{ "role": "RECRUITMENT_OFFICER", "organisation": { "name": "Tees Valley Care Cooperative", "kind": "REGIONAL_CARE_COOPERATIVE" } }],
        }));
        assert_eq!(sign_in(&app, &browser(), "rosa@tees.example.org", PASSWORD).await.status().as_u16(), 303);
        assert_eq!(page(&app, &browser(), &link).await.0, 410, "the invitation works once");
    }
}

db_test! {
    async fn an_invitation_through_graphql_names_each_field_at_fault_and_stores_nothing(app) {
        let (rcc, admin) = rcc_with_administrator(&app).await;
        let mut input = invite_input(rcc, "not an address", "CHILDS_SOCIAL_WORKER");
        input["input"]["name"] = json!(" ");
        let answer = graphql(&app, &admin, INVITE, input).await;
        assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
        let paths: Vec<Value> = answer["errors"][0]["extensions"]["fields"].as_array().expect("fields").iter().map(|f| f["path"].clone()).collect();
        assert_eq!(paths, [json!(["email"]), json!(["name"]), json!(["role"])]);
        let people = graphql(&app, &admin, "query($id: ID!) { organisation(id: $id) { people { email } } }", json!({ "id": format!("Organisation:{rcc}") })).await;
        assert_eq!(people["data"]["organisation"]["people"].as_array().expect("people").len(), 1, "only the administrator");
        assert_eq!(app.run_pending_jobs().await, 0);
    }
}

db_test! {
    async fn a_mutation_without_a_session_is_unauthenticated(app) {
        app.seed_reference_data().await;
        let rcc = rcc(&app, "Tees Valley Care Cooperative").await;
        let answer = app.graphql(INVITE, invite_input(rcc, "rosa@tees.example.org", "RECRUITMENT_OFFICER")).await;
        assert_eq!(error_codes(&answer), ["UNAUTHENTICATED"]);
        assert_eq!(app.run_pending_jobs().await, 0);
    }
}

db_test! {
    async fn a_mutation_from_a_role_without_the_right_is_forbidden(app) {
        app.seed_reference_data().await;
        let rcc = rcc(&app, "Tees Valley Care Cooperative").await;
        staff(&app, "officer@tees.example.org", &[(rcc, Role::RecruitmentOfficer)]).await;
        let officer = browser();
        sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;
        let answer = graphql(&app, &officer, INVITE, invite_input(rcc, "rosa@tees.example.org", "RECRUITMENT_OFFICER")).await;
        assert_eq!(error_codes(&answer), ["FORBIDDEN"]);
        assert_eq!(app.run_pending_jobs().await, 0);
    }
}

db_test! {
    async fn an_administrator_of_one_organisation_cannot_manage_another(app) {
        let (_, admin) = rcc_with_administrator(&app).await;
        let other = crate::factories::rcc_over(&app, "Other Care Cooperative", &["E06000003"]).await;
        let answer = graphql(&app, &admin, INVITE, invite_input(other, "rosa@other.example.org", "RECRUITMENT_OFFICER")).await;
        assert_eq!(error_codes(&answer), ["FORBIDDEN"]);
        assert_eq!(page(&app, &admin, &format!("/admin/organisations/{other}")).await.0, 403);
    }
}

db_test! {
    async fn roles_are_given_and_taken_away(app) {
        let (rcc, admin) = rcc_with_administrator(&app).await;
        let person = staff(&app, "sam@tees.example.org", &[(rcc, Role::RecruitmentOfficer)]).await;
        let role = |role: &str| json!({ "input": {
            "organisationId": format!("Organisation:{rcc}"),
            "personId": format!("Person:{person}"),
            "role": role,
        } });
        let given = graphql(&app, &admin, "mutation($input: RoleInput!) { giveRole(input: $input) { roles } }", role("RECRUITMENT_MANAGER")).await;
        assert_eq!(given["data"]["giveRole"]["roles"], json!(["RECRUITMENT_OFFICER", "RECRUITMENT_MANAGER"]));
        let twice = graphql(&app, &admin, "mutation($input: RoleInput!) { giveRole(input: $input) { roles } }", role("RECRUITMENT_MANAGER")).await;
        assert_eq!(error_codes(&twice), ["INVALID_INPUT"]);

        let path = format!("/admin/organisations/{rcc}/people/{person}");
        let taken = submit(&app, &admin, &path, &path, &[("action", "take-role"), ("role", "recruitment_officer")]).await;
        assert_eq!(taken.status().as_u16(), 303);
        let sam = browser();
        sign_in(&app, &sam, "sam@tees.example.org", PASSWORD).await;
        let roles = graphql(&app, &sam, "{ viewer { roles { role } } }", json!({})).await;
        assert_eq!(roles["data"]["viewer"]["roles"], json!([{ "role": "RECRUITMENT_MANAGER" }]));
    }
}

db_test! {
    async fn a_deactivated_member_of_staff_is_signed_out_and_cannot_sign_in(app) {
        let (rcc, admin) = rcc_with_administrator(&app).await;
        let person = staff(&app, "sam@tees.example.org", &[(rcc, Role::RecruitmentOfficer)]).await;
        let sam = browser();
        sign_in(&app, &sam, "sam@tees.example.org", PASSWORD).await;
        let deactivated = graphql(&app, &admin, "mutation($id: ID!) { deactivatePerson(personId: $id) }", json!({ "id": format!("Person:{person}") })).await;
        assert_eq!(deactivated["data"]["deactivatePerson"], json!(true), "{deactivated}");

        let viewer = graphql(&app, &sam, "{ viewer { id } }", json!({})).await;
        assert_eq!(viewer["data"]["viewer"], Value::Null, "the session has ended");
        let again = sign_in(&app, &browser(), "sam@tees.example.org", PASSWORD).await;
        assert_eq!(again.status().as_u16(), 400);
        assert!(again.text().await.expect("a page").contains("Enter a correct email address and password"));

        let path = format!("/admin/organisations/{rcc}/people/{person}");
        let reactivated = submit(&app, &admin, &path, &path, &[("action", "reactivate")]).await;
        assert_eq!(reactivated.status().as_u16(), 303);
        assert_eq!(sign_in(&app, &browser(), "sam@tees.example.org", PASSWORD).await.status().as_u16(), 303);
    }
}

db_test! {
    async fn the_national_programme_keeps_its_last_administrator(app) {
        let person = national_administrator(&app).await;
        let admin = browser();
        sign_in(&app, &admin, "ada@example.org", PASSWORD).await;
        let viewer = graphql(&app, &admin, "{ viewer { organisations { id } } }", json!({})).await;
        let programme = viewer["data"]["viewer"]["organisations"][0]["id"].clone();
        let answer = graphql(&app, &admin, "mutation($input: RoleInput!) { takeRole(input: $input) }", json!({ "input": {
            "organisationId": programme,
            "personId": format!("Person:{person}"),
            "role": "ADMINISTRATOR",
        } })).await;
        assert_eq!(error_codes(&answer), ["CONFLICT"]);
        let still = graphql(&app, &admin, "{ viewer { roles { role } } }", json!({})).await;
        assert_eq!(still["data"]["viewer"]["roles"], json!([{ "role": "ADMINISTRATOR" }]));
    }
}

db_test! {
    async fn a_role_is_given_only_to_someone_already_in_the_organisation(app) {
        let (rcc, admin) = rcc_with_administrator(&app).await;
        let outsider = crate::factories::member_of_the_public(&app, "sam@example.org").await;
        let answer = graphql(&app, &admin, "mutation($input: RoleInput!) { giveRole(input: $input) { email } }", json!({ "input": {
            "organisationId": format!("Organisation:{rcc}"),
            "personId": format!("Person:{outsider}"),
            "role": "RECRUITMENT_OFFICER",
        } })).await;
        assert_eq!(error_codes(&answer), ["NOT_FOUND"], "{answer}");
        assert!(!answer.to_string().contains("sam@example.org"), "nothing about them is shown");
    }
}

db_test! {
    async fn choosing_a_password_ends_every_other_invitation(app) {
        app.seed_reference_data().await;
        national_administrator(&app).await;
        let admin = browser();
        sign_in(&app, &admin, "ada@example.org", PASSWORD).await;
        let first = rcc(&app, "Tees Valley Care Cooperative").await;
        let second = crate::factories::rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
        for organisation in [first, second] {
            let answer = graphql(&app, &admin, INVITE, invite_input(organisation, "rosa@example.org", "RECRUITMENT_OFFICER")).await;
            assert!(answer["errors"].is_null(), "{answer}");
        }
        app.run_pending_jobs().await;
        let links: Vec<String> = app.emails().iter().map(|e| link_in(e, "/invitation/")).collect();
        assert_eq!(links.len(), 2);
        let rosa = browser();
        let (_, form) = page(&app, &rosa, &links[0]).await;
        let accepted = rosa.post(app.url(&links[0])).form(&[("password", PASSWORD), ("csrf_token", &csrf_token(&form))]).send().await.expect("answered");
        assert_eq!(accepted.status().as_u16(), 303);
        assert_eq!(page(&app, &browser(), &links[1]).await.0, 410, "the other invitation no longer sets a password");
        let roles = graphql(&app, &rosa, "{ viewer { roles { role } } }", json!({})).await;
        assert_eq!(roles["data"]["viewer"]["roles"].as_array().map(Vec::len), Some(2), "both roles are held");
    }
}
