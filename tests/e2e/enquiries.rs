//! The enquiry queue and a household's record: staff of the organisation
//! work it; nobody else sees it.

use chrono::Datelike;
use domain::accounts::Role;
use domain::recruitment::entities::{household, household_history};
use sea_orm::EntityTrait;
use serde_json::json;

use crate::browser::{browser, page, sign_in, submit};
use crate::factories::{PASSWORD, rcc, rcc_over, staff};
use crate::harness::{TestApp, db_test};

const REGISTER: &str = "mutation($input: RegisterInterestInput!) { \
    registerInterest(input: $input) { organisationName } }";

async fn enquire(app: &TestApp, email: &str, postcode: &str) {
    let answer = app
        .graphql(
            REGISTER,
            json!({ "input": {
                "name": format!("Household {email}"),
                "email": email,
                "phone": "07700 900 982",
                "postcode": postcode,
                "bestTimeToCall": "MORNING",
                "interests": ["TEENAGERS"],
                "consentToContact": true,
            } }),
        )
        .await;
    assert!(answer["errors"].is_null(), "{answer}");
}

/// An RCC with an officer signed in, and one household in its queue.
async fn officer_with_a_household(app: &TestApp) -> (i32, reqwest::Client, i32) {
    let rcc = rcc(app, "Tees Valley Care Cooperative").await;
    staff(
        app,
        "officer@tees.example.org",
        &[(rcc, Role::RecruitmentOfficer)],
    )
    .await;
    enquire(app, "sam@example.org", "TS24 7AB").await;
    let officer = browser();
    sign_in(app, &officer, "officer@tees.example.org", PASSWORD).await;
    let id = household::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("households")[0]
        .id;
    (rcc, officer, id)
}

async fn stored(app: &TestApp, id: i32) -> household::Model {
    household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the household")
}

#[db_test]
async fn an_officer_sees_the_enquiry_in_the_queue_and_logs_the_first_contact(app: TestApp) {
    let (_, officer, id) = officer_with_a_household(&app).await;
    let (status, queue) = page(&app, &officer, "/enquiries").await;
    assert_eq!(status, 200);
    assert!(
        queue.contains("Household sam@example.org") && queue.contains("Call by"),
        "{queue}"
    );

    let path = format!("/enquiries/{id}");
    let logged = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/contacts"),
        &[
            ("method", "call"),
            ("outcome", "reached"),
            ("note", "Keen, has a spare room"),
        ],
    )
    .await;
    assert_eq!(logged.status().as_u16(), 303);
    let household = stored(&app, id).await;
    assert_eq!(
        (
            household.stage.as_str(),
            household.first_contact_at.is_some()
        ),
        ("contacted", true)
    );
    let (_, record) = page(&app, &officer, &path).await;
    assert!(record.contains("Keen, has a spare room") && record.contains("Enquiry → Contacted"));
}

#[db_test]
async fn a_household_is_withdrawn_with_a_reason_put_on_hold_and_resumed(app: TestApp) {
    let (_, officer, id) = officer_with_a_household(&app).await;
    let path = format!("/enquiries/{id}");
    let no_reason = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/close"),
        &[("closure", "withdraw")],
    )
    .await;
    assert_eq!(no_reason.status().as_u16(), 400);
    assert_eq!(stored(&app, id).await.status, "open", "nothing changed");

    let held = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/hold"),
        &[
            ("until", "15"),
            ("until-month", "1"),
            ("until-year", "2099"),
        ],
    )
    .await;
    assert_eq!(held.status().as_u16(), 303);
    assert_eq!(stored(&app, id).await.status, "on_hold");
    let resumed = submit(&app, &officer, &path, &format!("{path}/resume"), &[]).await;
    assert_eq!(resumed.status().as_u16(), 303);

    let withdrawn = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/close"),
        &[
            ("closure", "withdraw"),
            ("reason", "work_commitments"),
            ("detail", "New job"),
        ],
    )
    .await;
    assert_eq!(withdrawn.status().as_u16(), 303);
    let household = stored(&app, id).await;
    assert_eq!(
        (household.status.as_str(), household.closure.as_deref()),
        ("closed", Some("withdrawn"))
    );
    let history = household_history::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("history");
    let events: Vec<&str> = history.iter().map(|h| h.event.as_str()).collect();
    assert_eq!(events, ["enquired", "put_on_hold", "resumed", "withdrew"]);
    let last = history.last().expect("a row");
    assert_eq!(
        (last.reason_code.as_deref(), last.reason_text.as_deref()),
        (Some("work_commitments"), Some("New job"))
    );
    assert!(last.actor_id.is_some(), "who did it is kept");
}

#[db_test]
async fn an_impossible_move_is_refused_as_a_conflict_and_says_why(app: TestApp) {
    let (_, officer, id) = officer_with_a_household(&app).await;
    let path = format!("/enquiries/{id}");
    let refused = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/invite-to-apply"),
        &[],
    )
    .await;
    assert_eq!(refused.status().as_u16(), 409);
    assert!(
        refused
            .text()
            .await
            .expect("a page")
            .contains("A household is invited to apply after the initial home visit")
    );
    assert_eq!(stored(&app, id).await.stage, "enquiry");
}

#[db_test]
async fn staff_of_another_organisation_cannot_read_or_change_the_household(app: TestApp) {
    let (_, officer, id) = officer_with_a_household(&app).await;
    let name = stored(&app, id).await.name;
    let (_, own) = page(&app, &officer, "/enquiries").await;
    assert!(
        own.contains(&name),
        "the household is in its own service's queue"
    );
    let other = rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    staff(
        &app,
        "officer@durham.example.org",
        &[(other, Role::RecruitmentOfficer)],
    )
    .await;
    let outsider = browser();
    sign_in(&app, &outsider, "officer@durham.example.org", PASSWORD).await;
    let path = format!("/enquiries/{id}");
    assert_eq!(page(&app, &outsider, &path).await.0, 404);
    let (_, queue) = page(&app, &outsider, "/enquiries").await;
    assert!(!queue.contains(&name), "and not in another's");
    let changed = submit(
        &app,
        &outsider,
        "/enquiries",
        &format!("{path}/close"),
        &[
            ("closure", "withdraw"),
            ("reason", "other"),
            ("detail", "x"),
        ],
    )
    .await;
    assert_eq!(changed.status().as_u16(), 404);
    assert_eq!(stored(&app, id).await.status, "open");
    assert_eq!(
        page(&app, &browser(), &path).await.0,
        303,
        "signed out: sign in first"
    );
}

#[db_test]
async fn households_are_assigned_to_an_officer_in_bulk(app: TestApp) {
    let (rcc, officer, first) = officer_with_a_household(&app).await;
    enquire(&app, "alex@example.org", "TS25 1AA").await;
    let second = household::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("households")
        .iter()
        .map(|h| h.id)
        .max()
        .expect("two");
    let officer_id = staff(
        &app,
        "manager@tees.example.org",
        &[(rcc, Role::RecruitmentManager)],
    )
    .await;
    let assigned = submit(
        &app,
        &officer,
        "/enquiries",
        "/enquiries/assign",
        &[
            ("organisation", &rcc.to_string()),
            ("household", &first.to_string()),
            ("household", &second.to_string()),
            ("officer", &officer_id.to_string()),
        ],
    )
    .await;
    assert_eq!(assigned.status().as_u16(), 303);
    for id in [first, second] {
        assert_eq!(stored(&app, id).await.owner_id, Some(officer_id));
    }
    let (_, unassigned) = page(&app, &officer, "/enquiries?owner=nobody").await;
    assert!(unassigned.contains(">0 households<"), "{unassigned}");
}

#[db_test]
async fn the_queue_and_the_record_are_worked_through_graphql_within_the_organisation_only(
    app: TestApp,
) {
    let (rcc, officer, id) = officer_with_a_household(&app).await;
    let queue = crate::browser::graphql(
        &app,
        &officer,
        "query($org: ID!) { enquiries(organisationId: $org, filter: { \
        cohort: TEENAGERS }) { nodes { id name state { stage } \
        overdue } } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(
        queue["data"]["enquiries"]["nodes"][0]["id"],
        format!("Household:{id}"),
        "{queue}"
    );
    assert_eq!(
        queue["data"]["enquiries"]["nodes"][0]["state"]["stage"],
        "ENQUIRY"
    );

    let household = json!({ "id": format!("Household:{id}") });
    let contacted = crate::browser::graphql(
        &app,
        &officer,
        "mutation($id: ID!) { recordContact(input: { householdId: \
        $id, method: CALL, outcome: REACHED }) { state { stage } \
        contacts { method } } }",
        household.clone(),
    )
    .await;
    assert_eq!(
        contacted["data"]["recordContact"]["state"]["stage"], "CONTACTED",
        "{contacted}"
    );
    let refused = crate::browser::graphql(
        &app,
        &officer,
        "mutation($id: ID!) { moveHousehold(input: { householdId: \
        $id, move: INVITE_TO_APPLY }) { id } }",
        household.clone(),
    )
    .await;
    assert_eq!(crate::harness::error_codes(&refused), ["CONFLICT"]);
    let no_reason = crate::browser::graphql(
        &app,
        &officer,
        "mutation($id: ID!) { moveHousehold(input: { householdId: $id, move: WITHDRAW }) { id } }",
        household.clone(),
    )
    .await;
    assert_eq!(crate::harness::error_codes(&no_reason), ["INVALID_INPUT"]);
    assert_eq!(
        no_reason["errors"][0]["extensions"]["fields"][0]["path"],
        json!(["reason"])
    );

    let other = rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    staff(
        &app,
        "officer@durham.example.org",
        &[(other, Role::RecruitmentOfficer)],
    )
    .await;
    let outsider = browser();
    sign_in(&app, &outsider, "officer@durham.example.org", PASSWORD).await;
    let read = crate::browser::graphql(
        &app,
        &outsider,
        "query($id: ID!) { household(id: $id) { name } }",
        household,
    )
    .await;
    assert_eq!(read["data"]["household"], serde_json::Value::Null, "{read}");
    let their_queue = crate::browser::graphql(
        &app,
        &outsider,
        "query($org: ID!) { enquiries(organisationId: $org) { nodes { id } } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(crate::harness::error_codes(&their_queue), ["FORBIDDEN"]);
    let anonymous = app
        .graphql(
            "query($org: ID!) { enquiries(organisationId: $org) { nodes { id } } }",
            json!({ "org": format!("Organisation:{rcc}") }),
        )
        .await;
    assert_eq!(crate::harness::error_codes(&anonymous), ["UNAUTHENTICATED"]);
}

#[db_test]
async fn a_hold_ends_by_itself_on_its_date_with_a_fresh_first_call_deadline(app: TestApp) {
    let (_, officer, id) = officer_with_a_household(&app).await;
    use chrono::Datelike;
    let until = (app.now() + chrono::TimeDelta::days(3)).date_naive();
    let (day, month, year) = (
        until.day().to_string(),
        until.month().to_string(),
        until.year().to_string(),
    );
    let path = format!("/enquiries/{id}");
    submit(
        &app,
        &officer,
        &path,
        &format!("{path}/hold"),
        &[
            ("until", &day),
            ("until-month", &month),
            ("until-year", &year),
        ],
    )
    .await;
    let ctx = &app.ctx;
    use domain::recruitment::resume_ended_holds;
    assert_eq!(
        resume_ended_holds(ctx, &domain::Actor::System)
            .await
            .expect("ran"),
        0,
        "not yet"
    );
    app.advance(chrono::TimeDelta::days(4));
    assert_eq!(
        resume_ended_holds(ctx, &domain::Actor::System)
            .await
            .expect("ran"),
        1
    );
    let household = stored(&app, id).await;
    assert_eq!(household.status, "open");
    assert!(
        household
            .first_contact_due_at
            .is_some_and(|due| due > app.now()),
        "the deadline starts again"
    );
    let history = household_history::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("history");
    let resumed = history.last().expect("a row");
    assert_eq!(
        (
            resumed.event.as_str(),
            resumed.reason_code.as_deref(),
            resumed.actor_id
        ),
        ("resumed", Some("hold_ended"), None)
    );
}

#[db_test]
async fn each_officer_is_emailed_their_overdue_households(app: TestApp) {
    let (rcc, officer, id) = officer_with_a_household(&app).await;
    let officer_id =
        domain::accounts::find_person(&app.ctx, &domain::Actor::System, "officer@tees.example.org")
            .await
            .expect("read")
            .expect("the officer");
    submit(
        &app,
        &officer,
        "/enquiries",
        "/enquiries/assign",
        &[
            ("organisation", &rcc.to_string()),
            ("household", &id.to_string()),
            ("officer", &officer_id.to_string()),
        ],
    )
    .await;
    app.run_pending_jobs().await;
    let before = app.emails().len();
    use domain::recruitment::send_officer_digests;
    let digests = async || {
        send_officer_digests(&app.ctx, &domain::Actor::System)
            .await
            .expect("ran")
    };
    assert_eq!(digests().await, 0, "nothing is overdue yet");
    // Days pass to the first weekday morning after the first call was due.
    let due = stored(&app, id)
        .await
        .first_contact_due_at
        .expect("a first call due");
    app.advance(chrono::TimeDelta::days(1) + (due - app.now()));
    while app.now().weekday().number_from_monday() > 5 {
        app.advance(chrono::TimeDelta::days(1));
    }
    assert_eq!(digests().await, 1);
    while app.now().weekday() != chrono::Weekday::Sat {
        app.advance(chrono::TimeDelta::days(1));
    }
    assert_eq!(digests().await, 0, "none at weekends");
    app.run_pending_jobs().await;
    let emails = app.emails();
    assert_eq!(emails.len(), before + 1);
    let digest = emails
        .iter()
        .find(|e| e.contains("Subject: Your overdue enquiries"))
        .expect("a digest");
    assert!(
        digest.contains("To: officer@tees.example.org") && digest.contains("first call overdue")
    );
}

#[db_test]
async fn a_next_action_in_the_past_or_an_overlong_note_is_refused_and_nothing_changes(
    app: TestApp,
) {
    let (_, officer, id) = officer_with_a_household(&app).await;
    let path = format!("/enquiries/{id}");
    let past = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/next-action"),
        &[("date", "1"), ("date-month", "1"), ("date-year", "2001")],
    )
    .await;
    assert_eq!(past.status().as_u16(), 400);
    assert!(
        past.text()
            .await
            .expect("a page")
            .contains(r##"<a href="#date">The date must be today or later</a>"##)
    );
    let long = "x".repeat(domain::recruitment::MAX_NOTE + 1);
    let note = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/notes"),
        &[("text", &long)],
    )
    .await;
    assert_eq!(note.status().as_u16(), 400);
    let household = stored(&app, id).await;
    assert_eq!(household.next_action_on, None);
    assert!(
        domain::recruitment::entities::household_note::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("notes")
            .is_empty()
    );
}

#[db_test]
async fn a_split_district_household_is_moved_to_the_right_service_or_confirmed(app: TestApp) {
    let (rcc, officer, _) = officer_with_a_household(&app).await;
    enquire(&app, "split@example.org", "TS2 1AA").await;
    enquire(&app, "split.too@example.org", "TS7 1AA").await;
    let flagged: Vec<i32> = household::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("households")
        .into_iter()
        .filter(|h| h.routing_to_check)
        .map(|h| h.id)
        .collect();
    assert_eq!(flagged.len(), 2);
    let other = rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    let path = format!("/enquiries/{}", flagged[0]);
    let (_, record) = page(&app, &officer, &path).await;
    assert!(record.contains("move it to another fostering service"));
    let moved = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/reassign"),
        &[("organisation", &other.to_string())],
    )
    .await;
    assert_eq!(moved.status().as_u16(), 303);
    let household = stored(&app, flagged[0]).await;
    assert_eq!(
        (
            household.organisation_id,
            household.routing_to_check,
            household.owner_id
        ),
        (other, false, None)
    );
    assert_eq!(
        page(&app, &officer, &path).await.0,
        404,
        "no longer this service's"
    );

    let confirm = format!("/enquiries/{}", flagged[1]);
    let confirmed = submit(&app, &officer, &confirm, &format!("{confirm}/routing"), &[]).await;
    assert_eq!(confirmed.status().as_u16(), 303);
    let household = stored(&app, flagged[1]).await;
    assert_eq!(
        (household.organisation_id, household.routing_to_check),
        (rcc, false)
    );
}

#[db_test]
async fn a_household_form_sent_back_with_errors_keeps_what_was_typed(app: TestApp) {
    let (_, officer, id) = officer_with_a_household(&app).await;
    let path = format!("/enquiries/{id}");
    let refused = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/contacts"),
        &[
            ("outcome", "reached"),
            ("note", "Spoke about teenagers; call back Friday"),
        ],
    )
    .await;
    assert_eq!(refused.status().as_u16(), 400);
    let html = refused.text().await.expect("a page");
    assert!(
        html.contains("Spoke about teenagers; call back Friday"),
        "the note is kept"
    );
    assert!(
        html.contains(r#"value="reached" checked"#),
        "the outcome chosen is kept"
    );
}

/// `n` more households in the Tees Valley queue, each from its own client
/// (one client may only send ten an hour), the last with this phone.
async fn many_enquiries(app: &TestApp, n: usize, last_phone: &str) {
    use domain::recruitment::{Campaign, NewEnquiry, register_interest};
    for i in 0..n {
        let enquiry = NewEnquiry {
            name: format!("Household {i}"),
            email: format!("household{i}@example.org"),
            phone: if i + 1 == n {
                last_phone.to_owned()
            } else {
                format!("07700 {:06}", 100_000 + i)
            },
            postcode: "TS24 7AB".into(),
            best_time_to_call: Some(domain::recruitment::interest::CallTime::Morning),
            interests: vec![],
            heard_about: None,
            consent_to_contact: true,
            campaign: Campaign::default(),
            trap: String::new(),
        };
        register_interest(
            &app.ctx,
            &domain::Actor::Anonymous,
            &enquiry,
            &format!("client-{i}"),
        )
        .await
        .expect("registered");
    }
}

#[db_test]
async fn the_queue_is_paged_by_the_database_with_the_overdue_first_and_duplicates_found_by_number(
    app: TestApp,
) {
    let (rcc, _, first) = officer_with_a_household(&app).await;
    // The first household's call is late by the time the others enquire.
    let due = stored(&app, first)
        .await
        .first_contact_due_at
        .expect("a first call due");
    app.advance(due - app.now() + chrono::TimeDelta::hours(1));
    many_enquiries(&app, 119, "+44 7700 900982").await;
    let officer = browser();
    sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;

    let query = "query($org: ID!, $after: String) { enquiries(organisationId: \
        $org, first: 50, after: $after) { totalCount pageInfo { \
        hasNextPage endCursor } nodes { id overdue possibleDuplicate \
        } } }";
    let mut seen = std::collections::HashSet::new();
    let mut after = serde_json::Value::Null;
    let mut pages = 0;
    loop {
        let answer = crate::browser::graphql(
            &app,
            &officer,
            query,
            json!({ "org": format!("Organisation:{rcc}"), "after": after }),
        )
        .await;
        let list = &answer["data"]["enquiries"];
        assert_eq!(list["totalCount"], 120, "{answer}");
        let nodes = list["nodes"].as_array().expect("nodes");
        if pages == 0 {
            assert_eq!(nodes.len(), 50);
            assert_eq!(
                nodes[0]["id"],
                format!("Household:{first}"),
                "the overdue lead"
            );
            assert_eq!(nodes[0]["overdue"], true);
            assert_eq!(
                nodes[0]["possibleDuplicate"], true,
                "+44 7700 900982 is 07700 900 982"
            );
            assert_eq!(nodes[1]["possibleDuplicate"], false);
        }
        for node in nodes {
            assert!(
                seen.insert(node["id"].as_str().expect("an id").to_owned()),
                "no household twice"
            );
        }
        pages += 1;
        if list["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = list["pageInfo"]["endCursor"].clone();
    }
    assert_eq!((seen.len(), pages), (120, 3));
    let too_many = crate::browser::graphql(
        &app,
        &officer,
        "query($org: ID!) { enquiries(organisationId: $org, first: 101) { totalCount } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(crate::harness::error_codes(&too_many), ["INVALID_INPUT"]);

    let (_, html) = page(&app, &officer, "/enquiries").await;
    assert!(html.contains("120 households, 50 on this page"), "{html}");
    let next = crate::crawl::links(&html)
        .into_iter()
        .find(|l| l.contains("after="))
        .expect("a next page");
    let (status, second) = page(&app, &officer, &next).await;
    assert_eq!(status, 200);
    assert!(
        second.contains("rel=\"prev\""),
        "the second page leads back"
    );
}

#[db_test]
async fn after_the_invitation_a_manager_alone_moves_a_household_with_a_reason_to_its_areas_service(
    app: TestApp,
) {
    use domain::recruitment::entities::household_history;
    let (rcc, officer, _) = officer_with_a_household(&app).await;
    let officer_id =
        domain::accounts::find_person(&app.ctx, &domain::Actor::System, "officer@tees.example.org")
            .await
            .expect("read")
            .expect("the officer");
    let id = crate::factories::invited_household(&app, officer_id, "kim@example.org").await;
    staff(
        &app,
        "manager@tees.example.org",
        &[(rcc, Role::RecruitmentManager)],
    )
    .await;
    let authority = domain::geography::entities::local_authority::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("read")
        .into_iter()
        .find(|la| la.gss_code == "E06000001")
        .expect("Hartlepool")
        .id;
    let hartlepool = domain::accounts::entities::organisation::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("read")
        .into_iter()
        .find(|o| o.local_authority_id == Some(authority))
        .expect("Hartlepool's own service")
        .id;
    staff(
        &app,
        "manager@hartlepool.example.org",
        &[(hartlepool, Role::RecruitmentManager)],
    )
    .await;
    let elsewhere = rcc_over(&app, "Somerset Care Cooperative", &["E06000066"]).await;
    let programme = domain::accounts::national_programme_id(&app.ctx, &domain::Actor::System)
        .await
        .expect("the programme");
    let reassign = "mutation($id: ID!, $to: ID!, $reason: String!) { \
        reassignHousehold(householdId: $id, organisationId: $to, \
        reason: $reason) }";
    let vars = |to: i32, reason: &str| {
        let to = format!("Organisation:{to}");
        json!({ "id": format!("Household:{id}"), "to": to, "reason": reason })
    };

    let by_officer =
        crate::browser::graphql(&app, &officer, reassign, vars(hartlepool, "Moved house")).await;
    assert_eq!(
        crate::harness::error_codes(&by_officer),
        ["FORBIDDEN"],
        "invited to apply: a manager's decision"
    );
    let manager = browser();
    sign_in(&app, &manager, "manager@tees.example.org", PASSWORD).await;
    let no_reason = crate::browser::graphql(&app, &manager, reassign, vars(hartlepool, "")).await;
    assert_eq!(crate::harness::error_codes(&no_reason), ["INVALID_INPUT"]);
    for wrong in [programme, elsewhere] {
        let refused =
            crate::browser::graphql(&app, &manager, reassign, vars(wrong, "Moved house")).await;
        assert_eq!(
            crate::harness::error_codes(&refused),
            ["INVALID_INPUT"],
            "not a service for its area: {refused}"
        );
    }
    assert_eq!(
        stored(&app, id).await.organisation_id,
        rcc,
        "nothing moved yet"
    );

    let moved =
        crate::browser::graphql(&app, &manager, reassign, vars(hartlepool, "Moved house")).await;
    assert_eq!(moved["data"]["reassignHousehold"], true, "{moved}");
    assert_eq!(stored(&app, id).await.organisation_id, hartlepool);
    let row = household_history::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("history")
        .into_iter()
        .rev()
        .find(|h| h.household_id == id)
        .expect("a row");
    assert_eq!(
        (
            row.event.as_str(),
            row.from_organisation_id,
            row.to_organisation_id,
            row.reason_text.as_deref(),
            row.from_stage.as_deref() == Some(row.to_stage.as_str())
        ),
        (
            "reassigned",
            Some(rcc),
            Some(hartlepool),
            Some("Moved house"),
            true
        ),
    );
    app.run_pending_jobs().await;
    let emails = app.emails();
    for to in [
        "manager@tees.example.org",
        "manager@hartlepool.example.org",
        "kim@example.org",
    ] {
        assert!(
            emails.iter().any(|e| e.contains(&format!("To: {to}"))
                && (e.contains("moved") || e.contains("now with"))),
            "{to} is told"
        );
    }
}
