//! Administrators invite staff, give and take roles and remove people from
//! their organisation; the national programme locks accounts; GraphQL
//! refuses those without the right.

use domain::accounts::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::browser::{browser, csrf_token, graphql, link_in, page, sign_in, submit};
use crate::factories::{PASSWORD, national_administrator, rcc, staff};
use crate::harness::{TestApp, db_test, error_codes};

const INVITE: &str = "mutation($input: InviteStaffInput!) { inviteStaff(input: \
    $input) { id name email role status } }";

/// An RCC, and a browser signed in as its administrator.
async fn rcc_with_administrator(app: &TestApp) -> (i32, reqwest::Client) {
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

#[db_test]
async fn an_invited_member_of_staff_sets_a_password_and_holds_the_role_given(app: TestApp) {
    let (rcc, admin) = rcc_with_administrator(&app).await;
    let page_path = format!("/admin/organisations/{rcc}");
    let invited = submit(
        &app,
        &admin,
        &page_path,
        &format!("{page_path}/invitations"),
        &[
            ("name", "Rosa Parks"),
            ("email", "rosa@tees.example.org"),
            ("role", "recruitment_officer"),
        ],
    )
    .await;
    assert_eq!(invited.status().as_u16(), 303);
    let (_, listed) = page(&app, &admin, &format!("{page_path}?done=invited")).await;
    assert!(
        listed.contains("Invitation sent")
            && listed.contains("Invitations waiting for an answer")
            && listed.contains("Rosa Parks")
    );
    let people = graphql(
        &app,
        &admin,
        "query($id: ID!) { organisation(id: $id) { people { nodes { email } } } }",
        json!({ "id": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(
        people["data"]["organisation"]["people"]["nodes"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "nothing is granted before she accepts"
    );

    app.run_pending_jobs().await;
    let email = app
        .emails()
        .into_iter()
        .find(|e| e.contains("To: rosa@tees.example.org"))
        .expect("an invitation");
    assert!(email.contains("You have been invited to Hearth"));
    let link = link_in(&email, "/invitation/");
    let rosa = browser();
    let (status, form) = page(&app, &rosa, &link).await;
    assert_eq!(status, 200);
    assert!(form.contains("Recruitment officer, Tees Valley Care Cooperative"));

    let too_short = rosa
        .post(app.url(&link))
        .form(&[("password", "short"), ("csrf_token", &csrf_token(&form))])
        .send()
        .await
        .expect("answered");
    assert_eq!(too_short.status().as_u16(), 400);
    assert!(
        too_short
            .text()
            .await
            .expect("a page")
            .contains("Password must be 12 characters or more")
    );

    let accepted = rosa
        .post(app.url(&link))
        .form(&[("password", PASSWORD), ("csrf_token", &csrf_token(&form))])
        .send()
        .await
        .expect("answered");
    assert_eq!(accepted.status().as_u16(), 303);
    let viewer = graphql(
        &app,
        &rosa,
        "{ viewer { email roles { role organisation { name kind } } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        viewer["data"]["viewer"],
        json!({
            "email": "rosa@tees.example.org",
            "roles": [{
                "role": "RECRUITMENT_OFFICER",
                "organisation": {
                    "name": "Tees Valley Care Cooperative", "kind": "REGIONAL_CARE_COOPERATIVE",
                },
            }],
        })
    );
    assert_eq!(
        sign_in(&app, &browser(), "rosa@tees.example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(
        page(&app, &browser(), &link).await.0,
        410,
        "the invitation works once"
    );
}

#[db_test]
async fn inviting_an_existing_account_shows_the_typed_name_and_grants_nothing_until_accepted(
    app: TestApp,
) {
    let (rcc, admin) = rcc_with_administrator(&app).await;
    let other = crate::factories::rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    staff(
        &app,
        "sam@durham.example.org",
        &[(other, Role::RecruitmentManager)],
    )
    .await;
    let invited = graphql(
        &app,
        &admin,
        INVITE,
        invite_input(rcc, "sam@durham.example.org", "RECRUITMENT_OFFICER"),
    )
    .await;
    assert_eq!(
        invited["data"]["inviteStaff"]["name"], "Rosa Parks",
        "the typed name, never the account's: {invited}"
    );
    assert_eq!(invited["data"]["inviteStaff"]["status"], "PENDING");
    assert!(
        !invited.to_string().contains("Person sam@durham"),
        "nothing of the account is shown"
    );
    let fresh = graphql(
        &app,
        &admin,
        INVITE,
        invite_input(rcc, "nobody@example.org", "RECRUITMENT_OFFICER"),
    )
    .await;
    assert_eq!(
        fresh["data"]["inviteStaff"]["status"], "PENDING",
        "the same answer for a new address"
    );

    let sam = browser();
    sign_in(&app, &sam, "sam@durham.example.org", PASSWORD).await;
    let roles = graphql(&app, &sam, "{ viewer { roles { role } } }", json!({})).await;
    assert_eq!(
        roles["data"]["viewer"]["roles"],
        json!([{ "role": "RECRUITMENT_MANAGER" }]),
        "nothing granted yet"
    );
    app.run_pending_jobs().await;
    let email = app
        .emails()
        .into_iter()
        .find(|e| e.contains("To: sam@durham.example.org"))
        .expect("an email");
    assert!(email.contains("accept or decline"), "{email}");
    let link = link_in(&email, "/invitation/");
    let (_, invitation) = page(&app, &sam, &link).await;
    assert!(
        invitation.contains("Accept") && invitation.contains("Decline"),
        "{invitation}"
    );
    let (_, elsewhere) = page(&app, &browser(), &link).await;
    assert!(
        elsewhere.contains("Sign in as") && !elsewhere.contains("Choose your password"),
        "a link is no way to set an existing account's password"
    );

    let (_, account) = page(&app, &sam, "/account").await;
    assert!(account.contains("An invitation to a role"), "{account}");
    let mine = graphql(
        &app,
        &sam,
        "{ myStaffInvitations { id organisationName role } }",
        json!({}),
    )
    .await;
    let id = mine["data"]["myStaffInvitations"][0]["id"]
        .as_str()
        .expect("an invitation")
        .to_owned();
    let accepted = submit(
        &app,
        &sam,
        "/account",
        &format!(
            "/invitations/{}/accept",
            id.trim_start_matches("StaffInvitation:")
        ),
        &[],
    )
    .await;
    assert_eq!(accepted.status().as_u16(), 303);
    let roles = graphql(&app, &sam, "{ viewer { roles { role } } }", json!({})).await;
    assert_eq!(
        roles["data"]["viewer"]["roles"].as_array().map(Vec::len),
        Some(2),
        "accepted: {roles}"
    );
    let again = graphql(
        &app,
        &sam,
        "mutation($id: ID!) { declineStaffInvitation(id: $id) }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(error_codes(&again), ["NOT_FOUND"], "answered once");
}

#[db_test]
async fn a_declined_invitation_gives_nothing(app: TestApp) {
    let (rcc, admin) = rcc_with_administrator(&app).await;
    let person = crate::factories::member_of_the_public(&app, "kim@example.org").await;
    graphql(
        &app,
        &admin,
        INVITE,
        invite_input(rcc, "kim@example.org", "RECRUITMENT_OFFICER"),
    )
    .await;
    let kim = crate::factories::signed_in(&app, person).await;
    let waiting = domain::accounts::my_invitations(&app.ctx, &kim)
        .await
        .expect("read");
    assert_eq!(waiting.len(), 1);
    domain::accounts::answer_staff_invitation(
        &app.ctx,
        &kim,
        &waiting[0].id,
        domain::accounts::Answer::Decline,
    )
    .await
    .expect("declined");
    let kim = crate::factories::signed_in(&app, person).await;
    assert!(kim.memberships().is_empty(), "declined: no role");
    assert!(
        domain::accounts::my_invitations(&app.ctx, &kim)
            .await
            .expect("read")
            .is_empty()
    );
}

#[db_test]
async fn an_invitation_through_graphql_names_each_field_at_fault_and_stores_nothing(app: TestApp) {
    let (rcc, admin) = rcc_with_administrator(&app).await;
    let mut input = invite_input(rcc, "not an address", "CHILDS_SOCIAL_WORKER");
    input["input"]["name"] = json!(" ");
    let answer = graphql(&app, &admin, INVITE, input).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
    let paths: Vec<Value> = answer["errors"][0]["extensions"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["path"].clone())
        .collect();
    assert_eq!(paths, [json!(["email"]), json!(["name"]), json!(["role"])]);
    let people = graphql(
        &app,
        &admin,
        "query($id: ID!) { organisation(id: $id) { people { nodes { email } } } }",
        json!({ "id": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(
        people["data"]["organisation"]["people"]["nodes"]
            .as_array()
            .expect("people")
            .len(),
        1,
        "only the administrator"
    );
    assert_eq!(app.run_pending_jobs().await, 0);
}

#[db_test]
async fn a_mutation_without_a_session_is_unauthenticated(app: TestApp) {
    let rcc = rcc(&app, "Tees Valley Care Cooperative").await;
    let answer = app
        .graphql(
            INVITE,
            invite_input(rcc, "rosa@tees.example.org", "RECRUITMENT_OFFICER"),
        )
        .await;
    assert_eq!(error_codes(&answer), ["UNAUTHENTICATED"]);
    assert_eq!(app.run_pending_jobs().await, 0);
}

#[db_test]
async fn a_mutation_from_a_role_without_the_right_is_forbidden(app: TestApp) {
    let rcc = rcc(&app, "Tees Valley Care Cooperative").await;
    staff(
        &app,
        "officer@tees.example.org",
        &[(rcc, Role::RecruitmentOfficer)],
    )
    .await;
    let officer = browser();
    sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;
    let answer = graphql(
        &app,
        &officer,
        INVITE,
        invite_input(rcc, "rosa@tees.example.org", "RECRUITMENT_OFFICER"),
    )
    .await;
    assert_eq!(error_codes(&answer), ["FORBIDDEN"]);
    assert_eq!(app.run_pending_jobs().await, 0);
}

#[db_test]
async fn an_administrator_of_one_organisation_cannot_manage_another(app: TestApp) {
    let (_, admin) = rcc_with_administrator(&app).await;
    let other = crate::factories::rcc_over(&app, "Other Care Cooperative", &["E06000003"]).await;
    let answer = graphql(
        &app,
        &admin,
        INVITE,
        invite_input(other, "rosa@other.example.org", "RECRUITMENT_OFFICER"),
    )
    .await;
    assert_eq!(error_codes(&answer), ["FORBIDDEN"]);
    assert_eq!(
        page(&app, &admin, &format!("/admin/organisations/{other}"))
            .await
            .0,
        403
    );
}

#[db_test]
async fn roles_are_given_and_taken_away(app: TestApp) {
    let (rcc, admin) = rcc_with_administrator(&app).await;
    let person = staff(
        &app,
        "sam@tees.example.org",
        &[(rcc, Role::RecruitmentOfficer)],
    )
    .await;
    let role = |role: &str| {
        json!({ "input": {
        "organisationId": format!("Organisation:{rcc}"),
        "personId": format!("Person:{person}"),
        "role": role,
    } })
    };
    let given = graphql(
        &app,
        &admin,
        "mutation($input: RoleInput!) { giveRole(input: $input) { roles } }",
        role("RECRUITMENT_MANAGER"),
    )
    .await;
    assert_eq!(
        given["data"]["giveRole"]["roles"],
        json!(["RECRUITMENT_OFFICER", "RECRUITMENT_MANAGER"])
    );
    let twice = graphql(
        &app,
        &admin,
        "mutation($input: RoleInput!) { giveRole(input: $input) { roles } }",
        role("RECRUITMENT_MANAGER"),
    )
    .await;
    assert_eq!(error_codes(&twice), ["INVALID_INPUT"]);

    let path = format!("/admin/organisations/{rcc}/people/{person}");
    let taken = submit(
        &app,
        &admin,
        &path,
        &format!("{path}/roles/recruitment_officer/take"),
        &[],
    )
    .await;
    assert_eq!(taken.status().as_u16(), 303);
    let sam = browser();
    sign_in(&app, &sam, "sam@tees.example.org", PASSWORD).await;
    let roles = graphql(&app, &sam, "{ viewer { roles { role } } }", json!({})).await;
    assert_eq!(
        roles["data"]["viewer"]["roles"],
        json!([{ "role": "RECRUITMENT_MANAGER" }])
    );
}

#[db_test]
async fn a_member_of_staff_removed_from_their_only_organisation_is_signed_out(app: TestApp) {
    let (rcc, admin) = rcc_with_administrator(&app).await;
    let person = staff(
        &app,
        "sam@tees.example.org",
        &[
            (rcc, Role::RecruitmentOfficer),
            (rcc, Role::RecruitmentManager),
        ],
    )
    .await;
    let sam = browser();
    sign_in(&app, &sam, "sam@tees.example.org", PASSWORD).await;
    let removed = graphql(
        &app,
        &admin,
        "mutation($org: ID!, $id: ID!) { \
        removeFromOrganisation(organisationId: $org, personId: $id) \
        }",
        json!({ "org": format!("Organisation:{rcc}"), "id": format!("Person:{person}") }),
    )
    .await;
    assert_eq!(
        removed["data"]["removeFromOrganisation"],
        json!(true),
        "{removed}"
    );
    let viewer = graphql(&app, &sam, "{ viewer { id } }", json!({})).await;
    assert_eq!(
        viewer["data"]["viewer"],
        Value::Null,
        "with no role left anywhere, the session has ended"
    );
    let roles = domain::accounts::entities::membership::Entity::find()
        .filter(domain::accounts::entities::membership::Column::PersonId.eq(person))
        .all(&app.ctx.db)
        .await
        .expect("read");
    assert!(roles.is_empty(), "both roles here went");
}

#[db_test]
async fn an_administrator_removes_someone_from_their_organisation_and_never_from_another(
    app: TestApp,
) {
    let (rcc, admin) = rcc_with_administrator(&app).await;
    let other = crate::factories::rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    let person = staff(
        &app,
        "sam@tees.example.org",
        &[
            (rcc, Role::RecruitmentOfficer),
            (other, Role::RecruitmentOfficer),
        ],
    )
    .await;
    let sam = browser();
    sign_in(&app, &sam, "sam@tees.example.org", PASSWORD).await;
    // Tees Valley's administrator cannot reach Durham's roles, nor lock
    // the account as a whole.
    let theirs = graphql(
        &app,
        &admin,
        "mutation($org: ID!, $id: ID!) { \
        removeFromOrganisation(organisationId: $org, personId: $id) \
        }",
        json!({ "org": format!("Organisation:{other}"), "id": format!("Person:{person}") }),
    )
    .await;
    assert_eq!(error_codes(&theirs), ["FORBIDDEN"], "{theirs}");
    let lock = graphql(
        &app,
        &admin,
        "mutation($id: ID!) { lockAccount(personId: $id, reason: \"Left\") }",
        json!({ "id": format!("Person:{person}") }),
    )
    .await;
    assert_eq!(error_codes(&lock), ["FORBIDDEN"], "{lock}");
    let path = format!("/admin/organisations/{rcc}/people/{person}");
    let (_, html) = page(&app, &admin, &path).await;
    assert!(
        !html.contains("Lock account"),
        "the page offers only what its reader may do"
    );
    let removed = submit(&app, &admin, &path, &format!("{path}/remove"), &[]).await;
    assert_eq!(removed.status().as_u16(), 303);
    let viewer = graphql(&app, &sam, "{ viewer { roles { role } } }", json!({})).await;
    assert_eq!(
        viewer["data"]["viewer"]["roles"],
        json!([{ "role": "RECRUITMENT_OFFICER" }]),
        "still signed in, with Durham's role: {viewer}"
    );
    assert_eq!(
        sign_in(&app, &browser(), "sam@tees.example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303,
        "the account still signs in"
    );
}

#[db_test]
async fn only_the_national_programme_locks_an_account_and_says_why(app: TestApp) {
    national_administrator(&app).await;
    let admin = browser();
    sign_in(&app, &admin, "ada@example.org", PASSWORD).await;
    let organisation = rcc(&app, "Tees Valley Care Cooperative").await;
    let person = staff(
        &app,
        "sam@tees.example.org",
        &[(organisation, Role::RecruitmentOfficer)],
    )
    .await;
    let sam = browser();
    sign_in(&app, &sam, "sam@tees.example.org", PASSWORD).await;
    let path = format!("/admin/organisations/{organisation}/people/{person}");
    let no_reason = submit(
        &app,
        &admin,
        &path,
        &format!("{path}/lock"),
        &[("reason", "  ")],
    )
    .await;
    assert_eq!(no_reason.status().as_u16(), 400, "a lock says why");
    let locked = submit(
        &app,
        &admin,
        &path,
        &format!("{path}/lock"),
        &[("reason", "Laptop stolen")],
    )
    .await;
    assert_eq!(locked.status().as_u16(), 303);
    let viewer = graphql(&app, &sam, "{ viewer { id } }", json!({})).await;
    assert_eq!(
        viewer["data"]["viewer"],
        Value::Null,
        "the session has ended"
    );
    let again = sign_in(&app, &browser(), "sam@tees.example.org", PASSWORD).await;
    assert_eq!(again.status().as_u16(), 400);
    let (_, html) = page(&app, &admin, &path).await;
    assert!(
        html.contains("Laptop stolen") && html.contains("Unlock account"),
        "{html}"
    );
    let unlocked = submit(&app, &admin, &path, &format!("{path}/unlock"), &[]).await;
    assert_eq!(unlocked.status().as_u16(), 303);
    assert_eq!(
        sign_in(&app, &browser(), "sam@tees.example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
}

#[db_test]
async fn the_national_programme_keeps_its_last_administrator(app: TestApp) {
    let person = national_administrator(&app).await;
    let admin = browser();
    sign_in(&app, &admin, "ada@example.org", PASSWORD).await;
    let viewer = graphql(
        &app,
        &admin,
        "{ viewer { organisations { id } } }",
        json!({}),
    )
    .await;
    let programme = viewer["data"]["viewer"]["organisations"][0]["id"].clone();
    let answer = graphql(
        &app,
        &admin,
        "mutation($input: RoleInput!) { takeRole(input: $input) }",
        json!({ "input": {
        "organisationId": programme,
        "personId": format!("Person:{person}"),
        "role": "ADMINISTRATOR",
    } }),
    )
    .await;
    assert_eq!(error_codes(&answer), ["CONFLICT"]);
    let still = graphql(&app, &admin, "{ viewer { roles { role } } }", json!({})).await;
    assert_eq!(
        still["data"]["viewer"]["roles"],
        json!([{ "role": "ADMINISTRATOR" }])
    );
}

#[db_test]
async fn a_role_is_given_only_to_someone_already_in_the_organisation(app: TestApp) {
    let (rcc, admin) = rcc_with_administrator(&app).await;
    let outsider = crate::factories::member_of_the_public(&app, "sam@example.org").await;
    let answer = graphql(
        &app,
        &admin,
        "mutation($input: RoleInput!) { giveRole(input: $input) { email } }",
        json!({ "input": {
        "organisationId": format!("Organisation:{rcc}"),
        "personId": format!("Person:{outsider}"),
        "role": "RECRUITMENT_OFFICER",
    } }),
    )
    .await;
    assert_eq!(error_codes(&answer), ["NOT_FOUND"], "{answer}");
    assert!(
        !answer.to_string().contains("sam@example.org"),
        "nothing about them is shown"
    );
}

#[db_test]
async fn after_choosing_a_password_the_other_invitation_is_accepted_signed_in(app: TestApp) {
    national_administrator(&app).await;
    let admin = browser();
    sign_in(&app, &admin, "ada@example.org", PASSWORD).await;
    let first = rcc(&app, "Tees Valley Care Cooperative").await;
    let second = crate::factories::rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    for organisation in [first, second] {
        let answer = graphql(
            &app,
            &admin,
            INVITE,
            invite_input(organisation, "rosa@example.org", "RECRUITMENT_OFFICER"),
        )
        .await;
        assert!(answer["errors"].is_null(), "{answer}");
    }
    app.run_pending_jobs().await;
    let links: Vec<String> = app
        .emails()
        .iter()
        .map(|e| link_in(e, "/invitation/"))
        .collect();
    assert_eq!(links.len(), 2);
    let rosa = browser();
    let (_, form) = page(&app, &rosa, &links[0]).await;
    let accepted = rosa
        .post(app.url(&links[0]))
        .form(&[("password", PASSWORD), ("csrf_token", &csrf_token(&form))])
        .send()
        .await
        .expect("answered");
    assert_eq!(accepted.status().as_u16(), 303);
    let (_, other) = page(&app, &browser(), &links[1]).await;
    assert!(
        !other.contains("Choose your password"),
        "the other invitation no longer sets a password"
    );
    let roles = graphql(&app, &rosa, "{ viewer { roles { role } } }", json!({})).await;
    assert_eq!(
        roles["data"]["viewer"]["roles"].as_array().map(Vec::len),
        Some(1),
        "the other waits for her answer"
    );
    let (_, answer) = page(&app, &rosa, &links[1]).await;
    let id = answer
        .split("/invitations/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("an accept button")
        .to_owned();
    let accepted = submit(
        &app,
        &rosa,
        &links[1],
        &format!("/invitations/{id}/accept"),
        &[],
    )
    .await;
    assert_eq!(accepted.status().as_u16(), 303);
    let roles = graphql(&app, &rosa, "{ viewer { roles { role } } }", json!({})).await;
    assert_eq!(
        roles["data"]["viewer"]["roles"].as_array().map(Vec::len),
        Some(2),
        "both roles are held"
    );
}
