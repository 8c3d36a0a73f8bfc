//! Every person who signs in has a place to work: the work lists by role,
//! each household's late work named, the landing page from the registry,
//! and the way back to the page a signed-out person was sent from.

use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::browser::{browser, graphql, page, sign_in, submit};
use crate::harness::{TestApp, db_test, error_codes};

fn demo(role: &str) -> String {
    format!("{role}.north-east@example.org")
}

/// A demo person of the North East, signed in.
async fn signed_in_as(app: &TestApp, role: &str) -> reqwest::Client {
    let client = browser();
    let answered = sign_in(app, &client, &demo(role), seed::DEMO_PASSWORD).await;
    assert_eq!(answered.status().as_u16(), 303, "{role} signs in");
    client
}

/// The North East's organisation id, as the viewer's list of lists gives it.
async fn lists_of(app: &TestApp, client: &reqwest::Client) -> Vec<Value> {
    let answer = graphql(
        app,
        client,
        "{ myWorkLists { list organisationId parts } }",
        json!({}),
    )
    .await;
    answer["data"]["myWorkLists"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn list(
    app: &TestApp,
    client: &reqwest::Client,
    organisation: &Value,
    list: &str,
    part: &str,
) -> Value {
    let query = "query($org: ID!, $list: WorkList!, $part: WorkListPart) { \
        workList(organisationId: $org, list: $list, part: $part, first: 50) { totalCount \
        nodes { householdId name connectedPerson assignedTo progressDone progressOf panelOn \
        recommendation respondBy responded state { stage } overdueItems: overdue { kind text } } } }";
    graphql(
        app,
        client,
        query,
        json!({ "org": organisation, "list": list, "part": part }),
    )
    .await
}

fn names(answer: &Value) -> Vec<String> {
    answer["data"]["workList"]["nodes"]
        .as_array()
        .map(|nodes| {
            nodes
                .iter()
                .filter_map(|n| n["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn node<'a>(answer: &'a Value, name: &str) -> &'a Value {
    answer["data"]["workList"]["nodes"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| n["name"] == name))
        .unwrap_or_else(|| panic!("{name} is not on the list: {answer}"))
}

/// The organisation whose lists a person sees first (the North East).
async fn organisation(app: &TestApp, client: &reqwest::Client) -> Value {
    lists_of(app, client).await[0]["organisationId"].clone()
}

#[db_test(demo)]
async fn an_assessing_social_worker_sees_their_assessments_and_those_given_to_nobody(app: TestApp) {
    let assessor = signed_in_as(&app, "assessing-social-worker").await;
    let lists = lists_of(&app, &assessor).await;
    let assessments = lists
        .iter()
        .find(|l| l["list"] == "ASSESSMENTS")
        .expect("the assessments list is theirs");
    assert_eq!(assessments["parts"], json!(["MINE", "UNASSIGNED"]));
    let org = assessments["organisationId"].clone();
    let mine = list(&app, &assessor, &org, "ASSESSMENTS", "MINE").await;
    assert_eq!(names(&mine), ["Imran Hussain"], "{mine}");
    let imran = node(&mine, "Imran Hussain");
    assert_eq!(imran["progressOf"], 9, "{imran}");
    assert_eq!(imran["progressDone"], 1, "the background is written");
    let nobodys = list(&app, &assessor, &org, "ASSESSMENTS", "UNASSIGNED").await;
    assert_eq!(names(&nobodys), ["Margaret Lowes"], "{nobodys}");
    assert_eq!(node(&nobodys, "Margaret Lowes")["connectedPerson"], true);
    let everyone = list(&app, &assessor, &org, "ASSESSMENTS", "ALL").await;
    assert_eq!(error_codes(&everyone), ["FORBIDDEN"], "{everyone}");

    let manager = signed_in_as(&app, "recruitment-manager").await;
    let all = list(&app, &manager, &org, "ASSESSMENTS", "ALL").await;
    let mut found = names(&all);
    found.sort();
    assert_eq!(found, ["Imran Hussain", "Margaret Lowes"], "{all}");
}

#[db_test(demo)]
async fn a_late_stage_one_check_is_named_with_the_person_and_its_day(app: TestApp) {
    let officer = signed_in_as(&app, "recruitment-officer").await;
    let org = organisation(&app, &officer).await;
    let applications = list(&app, &officer, &org, "APPLICATIONS", "ALL").await;
    assert_eq!(
        names(&applications),
        ["Sue and Dave Robson", "Laura Scott"],
        "the household with late checks leads: {applications}"
    );
    assert_eq!(
        node(&applications, "Laura Scott")["overdueItems"],
        json!([]),
        "nothing of Laura Scott's is late"
    );
    let late = node(&applications, "Sue and Dave Robson")["overdueItems"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        late.iter().any(|l| l["kind"] == "CHECK"
            && l["text"].as_str().is_some_and(|t| t
                .starts_with("Enhanced DBS check with barred lists for ")
                && t.contains(" was due by "))),
        "{late:?}"
    );
    // A couple applying jointly: each has a DBS check and a medical.
    for person in ["Sue Robson", "Dave Robson"] {
        for check in ["Enhanced DBS check with barred lists", "Medical"] {
            let named = format!("{check} for {person} was due by ");
            assert!(
                late.iter()
                    .any(|l| l["text"].as_str().is_some_and(|t| t.starts_with(&named))),
                "{named}: {late:?}"
            );
        }
    }
    let (status, html) = page(&app, &officer, "/work/applications").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Medical for "),
        "the page names the late medical"
    );
    assert!(html.contains("/enquiries/") && html.contains("/stage-1\""));
    let enquiries = list(&app, &officer, &org, "ENQUIRIES", "ALL").await;
    let stages: Vec<&str> = enquiries["data"]["workList"]["nodes"]
        .as_array()
        .map(|n| {
            n.iter()
                .filter_map(|n| n["state"]["stage"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(!stages.is_empty(), "{enquiries}");
    assert!(
        stages.iter().all(|s| [
            "ENQUIRY",
            "CONTACTED",
            "INFORMATION_EVENT",
            "INITIAL_VISIT",
            "APPLICATION_INVITED"
        ]
        .contains(s)),
        "only households up to the invitation: {stages:?}"
    );
}

#[db_test(demo)]
async fn the_panel_administrator_books_ahead_and_the_decision_maker_sees_each_28_days(
    app: TestApp,
) {
    let panel = signed_in_as(&app, "panel-administrator").await;
    let org = organisation(&app, &panel).await;
    let to_book = list(&app, &panel, &org, "PANEL", "TO_BOOK").await;
    let mut found = names(&to_book);
    found.sort();
    assert_eq!(found, ["Imran Hussain", "Margaret Lowes"], "{to_book}");
    let booked = list(&app, &panel, &org, "PANEL", "BOOKED").await;
    assert_eq!(names(&booked), ["Beth and Tom Carr"], "{booked}");
    let carrs = node(&booked, "Beth and Tom Carr");
    assert!(carrs["panelOn"].is_string());
    // Their page offers the other dates to move to, never the one booked.
    let id = carrs["householdId"]
        .as_str()
        .and_then(|id| id.strip_prefix("Household:"))
        .expect("an id");
    let booking = domain::applications::entities::panel_booking::Entity::find_by_id(
        id.parse::<i32>().expect("a number"),
    )
    .one(&app.ctx.db)
    .await
    .expect("read")
    .expect("booked");
    let (_, html) = page(&app, &panel, &format!("/enquiries/{id}/panel")).await;
    assert!(
        !html.contains(&format!("<option value=\"{}\"", booking.panel_id)),
        "the date already booked is not offered"
    );
    let again = graphql(
        &app,
        &panel,
        "mutation($id: ID!, $panel: ID!) { bookPanel(householdId: $id, panelId: $panel) }",
        json!({ "id": format!("Household:{id}"), "panel": format!("Panel:{}", booking.panel_id) }),
    )
    .await;
    assert_eq!(error_codes(&again), ["INVALID_INPUT"], "{again}");

    let decider = signed_in_as(&app, "agency-decision-maker").await;
    let decisions = list(&app, &decider, &org, "DECISIONS", "ALL").await;
    let mut found = names(&decisions);
    found.sort();
    assert_eq!(found, ["Gary Lamb", "Julie Watson"], "{decisions}");
    assert_eq!(
        node(&decisions, "Julie Watson")["recommendation"],
        "APPROVE"
    );
    assert!(node(&decisions, "Gary Lamb")["respondBy"].is_string());
    let (status, html) = page(&app, &decider, "/work/decisions").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("s response, until "),
        "the page says when the 28 days end"
    );
    let refused = list(&app, &decider, &org, "PANEL", "TO_BOOK").await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"], "{refused}");
    let (status, _) = page(&app, &decider, "/work/panel").await;
    assert_eq!(status, 403, "the decision maker has no panel list");
}

#[db_test(demo)]
async fn every_demo_role_lands_on_what_it_can_do(app: TestApp) {
    let expected = [
        ("recruitment-officer", "/work/enquiries"),
        ("recruitment-manager", "/work/assessments"),
        ("assessing-social-worker", "/work/assessments"),
        ("panel-administrator", "/work/panel"),
        ("agency-decision-maker", "/work/decisions"),
        ("administrator", "/admin"),
        ("childs-social-worker", "/known-adults"),
        ("liaison-worker", "/constellations"),
        ("peer-supporter", "/peer-support"),
        ("peer-support-coordinator", "/peer-support/supporters"),
        ("kinship-group-facilitator", "/kinship/facilitate"),
        ("safeguarding-lead", "/concerns"),
    ];
    for (role, link) in expected {
        let client = browser();
        let answered = sign_in(&app, &client, &demo(role), seed::DEMO_PASSWORD).await;
        assert_eq!(answered.headers()["location"], "/account", "{role}");
        let (_, html) = page(&app, &client, "/account").await;
        assert!(html.contains("Your work"), "{role}");
        assert!(
            html.contains(&format!("href=\"{link}\"")),
            "{role} lands with {link}"
        );
        assert!(!html.contains("nothing for this role"), "{role}");
    }
    // Peer supporters see no work lists: they are not recruitment staff.
    let supporter = signed_in_as(&app, "peer-supporter").await;
    let (status, _) = page(&app, &supporter, "/work").await;
    assert_eq!(status, 403);
}

#[db_test(demo)]
async fn signing_in_from_a_link_to_a_staff_page_returns_to_that_page(app: TestApp) {
    let client = browser();
    let asked = "/work/assessments?part=unassigned";
    let sent = client.get(app.url(asked)).send().await.expect("answered");
    assert_eq!(sent.status().as_u16(), 303);
    let to = sent.headers()["location"]
        .to_str()
        .expect("text")
        .to_owned();
    assert_eq!(
        to,
        "/sign-in?next=%2Fwork%2Fassessments%3Fpart%3Dunassigned"
    );
    let (_, html) = page(&app, &client, &to).await;
    let password = "/sign-in/password?next=%2Fwork%2Fassessments%3Fpart%3Dunassigned";
    assert!(html.contains(&password.replace('&', "&amp;")), "{html}");
    let email = demo("assessing-social-worker");
    let answered = submit(
        &app,
        &client,
        password,
        "/sign-in/password",
        &[
            ("email", &email),
            ("password", seed::DEMO_PASSWORD),
            ("next", asked),
        ],
    )
    .await;
    assert_eq!(answered.headers()["location"], asked);
    let (status, html) = page(&app, &client, asked).await;
    assert_eq!(status, 200);
    assert!(html.contains("Margaret Lowes"));
}

#[db_test(demo)]
async fn a_return_path_to_another_site_is_never_followed(app: TestApp) {
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let client = browser();
        let answered = submit(
            &app,
            &client,
            "/sign-in/password",
            "/sign-in/password",
            &[
                ("email", &demo("recruitment-officer")),
                ("password", seed::DEMO_PASSWORD),
                ("next", next),
            ],
        )
        .await;
        assert_eq!(answered.headers()["location"], "/account", "{next}");
    }
}

#[db_test(demo)]
async fn an_applicant_is_told_a_step_is_late_and_who_to_ask_never_a_silent_past_date(app: TestApp) {
    // Sue and Dave Robson sent their application 90 days ago: Stage 1 was
    // due in two months.
    let applicant = browser();
    crate::browser::sign_in_by_link(&app, &applicant, "applicant1.north-east@example.org").await;
    let (_, account) = page(&app, &applicant, "/account").await;
    assert!(
        account.contains("Checks (Stage 1) finished by")
            && account.contains("Late</strong> This is taking longer than expected: ask "),
        "{account}"
    );
    // The Carrs are booked for a panel to come; Julie Watson's panel sat a
    // fortnight ago, so its date is no longer shown as if to come.
    let carrs = browser();
    crate::browser::sign_in_by_link(&app, &carrs, "applicant3.north-east@example.org").await;
    let (_, account) = page(&app, &carrs, "/account").await;
    assert!(account.contains("Your fostering panel"), "{account}");
    let julie = browser();
    crate::browser::sign_in_by_link(&app, &julie, "applicant4.north-east@example.org").await;
    let (_, account) = page(&app, &julie, "/account").await;
    assert!(!account.contains("Your fostering panel"), "{account}");
    assert!(
        !account.contains("Checks (Stage 1) finished by"),
        "steps done are not listed"
    );
}

#[db_test(demo)]
async fn a_household_sees_its_contacts_telephone_once_they_give_it(app: TestApp) {
    // Laura Scott's officer in the North East gave a work number in the demo.
    let laura = browser();
    crate::browser::sign_in_by_link(&app, &laura, "household6.north-east@example.org").await;
    let (_, account) = page(&app, &laura, "/account").await;
    assert!(account.contains("01632 960 101"), "{account}");
    let officer = signed_in_as(&app, "recruitment-officer").await;
    let bad = submit(
        &app,
        &officer,
        "/account",
        "/account/work-phone",
        &[("work_phone", "call me")],
    )
    .await;
    assert_eq!(bad.status().as_u16(), 400);
    assert!(
        bad.text()
            .await
            .expect("a page")
            .contains("Enter a telephone number"),
        "a clear error"
    );
    let saved = submit(
        &app,
        &officer,
        "/account",
        "/account/work-phone",
        &[("work_phone", "01632 960 999 ext 12")],
    )
    .await;
    assert_eq!(saved.headers()["location"], "/account?done=work-phone");
    let (_, account) = page(&app, &laura, "/account").await;
    assert!(account.contains("01632 960 999 ext 12"), "{account}");
    let public = graphql(
        &app,
        &laura,
        "mutation { setWorkPhone(phone: \"01632 960 000\") }",
        json!({}),
    )
    .await;
    assert_eq!(
        error_codes(&public),
        ["FORBIDDEN"],
        "only staff have a work number"
    );
}

#[db_test]
async fn stage_two_running_late_is_overdue_in_the_queue_as_on_the_list(app: TestApp) {
    use domain::accounts::Role;
    use domain::pagination::PageRequest;
    use domain::recruitment::interest::CallTime;
    use domain::recruitment::{NewEnquiry, QueueFilter, enquiry_queue};
    use seed::builders::{Journey, Officer};

    let rcc = crate::factories::rcc(&app, "Tees Valley Care Cooperative").await;
    let officer_id = crate::factories::staff(
        &app,
        "officer@tees.example.org",
        &[(rcc, Role::RecruitmentOfficer)],
    )
    .await;
    let assessor_id = crate::factories::staff(
        &app,
        "assessor@tees.example.org",
        &[(rcc, Role::AssessingSocialWorker)],
    )
    .await;
    let officer = crate::factories::signed_in(&app, officer_id).await;
    let assessor = crate::factories::signed_in(&app, assessor_id).await;
    let enquiry = NewEnquiry {
        name: "Sam Jones".into(),
        email: "sam@example.org".into(),
        phone: "07700 900 982".into(),
        postcode: "TS24 7AB".into(),
        best_time_to_call: Some(CallTime::Evening),
        consent_to_contact: true,
        ..NewEnquiry::default()
    };
    let (by_officer, by_assessor) = (
        Officer {
            actor: &officer,
            id: officer_id,
        },
        Officer {
            actor: &assessor,
            id: assessor_id,
        },
    );
    // Sent 130 days ago with every check clear: Stage 2 was due in four
    // months, ten days ago, and nothing else is late.
    Journey::enquire(&app.ctx, by_officer, &enquiry, 200)
        .await
        .expect("enquired")
        .first_call(199)
        .await
        .expect("called")
        .visited(190)
        .await
        .expect("visited")
        .invited_to_apply(185)
        .await
        .expect("invited")
        .applied(130)
        .await
        .expect("applied")
        .in_stage_two(by_assessor, 120, 110)
        .await
        .expect("in Stage 2")
        .checks_clear(&assessor, 100)
        .await
        .expect("checks clear");
    let filter = QueueFilter {
        overdue_only: true,
        ..QueueFilter::default()
    };
    let late = enquiry_queue(&app.ctx, &officer, rcc, &filter, &PageRequest::first(10))
        .await
        .expect("the queue");
    assert_eq!(late.items.len(), 1, "the overdue filter finds it");
    let texts: Vec<String> = late.items[0].1.overdue.iter().map(|o| o.text()).collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(
        texts[0].starts_with("Stage 2 assessment was due to finish by "),
        "{texts:?}"
    );
}
