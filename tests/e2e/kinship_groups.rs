//! Kinship carer groups on the demo: Hartlepool's weekly group (run by the
//! north east cooperative, in TS26), the charity's groups (an online
//! evening for all England, an online monthly group for men in the North
//! East, a monthly group in Middlesbrough that also meets online) and
//! Lewisham's grandparents. Found without an account; joined, agreed to,
//! booked, reminded and attended; never leaking a member's details or a
//! worry about a child.

use chrono::{Datelike, TimeDelta, TimeZone, Utc};
use chrono_tz::Europe::London;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::browser::{browser, graphql, page, sign_in, sign_in_by_link};
use crate::harness::{TestApp, db_test, error_codes};

const FACILITATOR: &str = "kinship-group-facilitator.north-east@example.org";
const CHARITY_FACILITATOR: &str = "kinship-group-facilitator.charity@example.org";
const SAFEGUARDING_LEAD: &str = "safeguarding-lead.north-east@example.org";
const CHARITY_SAFEGUARDING_LEAD: &str = "safeguarding-lead.charity@example.org";
/// Maureen: a member of Hartlepool's group and of the online evening.
const MAUREEN: &str = "kinship-carer.north-east@example.org";
/// Dean: a member of Hartlepool's group.
const DEAN: &str = "kinship-carer2.north-east@example.org";

const FIND: &str = "query($near: String!, $miles: Int, $format: KinshipGroupFormat, $forWhom: KinshipGroupForWhom, $meets: KinshipGroupMeets, $children: Boolean) { kinshipGroups(near: $near, miles: $miles, format: $format, forWhom: $forWhom, meets: $meets, childrenWelcome: $children) { id name format milesAway serves nextSession organisation } }";
const GROUP: &str = "query($id: ID!) { kinshipGroup(id: $id) { standing membershipId members agreement joiningLink announcements { title } sessions { id title workshop booked placesLeft startsAt } } }";

async fn names(app: &TestApp, variables: Value) -> Vec<String> {
    let answer = app.graphql(FIND, variables).await;
    answer["data"]["kinshipGroups"]
        .as_array()
        .unwrap_or_else(|| panic!("groups: {answer}"))
        .iter()
        .filter_map(|g| g["name"].as_str().map(str::to_owned))
        .collect()
}

async fn group_id(app: &TestApp, name: &str) -> String {
    let answer = app
        .graphql(FIND, json!({ "near": "TS24", "miles": 50 }))
        .await;
    answer["data"]["kinshipGroups"]
        .as_array()
        .and_then(|groups| groups.iter().find(|g| g["name"] == name))
        .and_then(|g| g["id"].as_str())
        .unwrap_or_else(|| panic!("{name} near TS24: {answer}"))
        .to_owned()
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = browser();
    if email.starts_with("kinship-carer") {
        sign_in_by_link(app, &client, email).await;
    } else {
        sign_in(app, &client, email, seed::DEMO_PASSWORD).await;
    }
    client
}

/// Sets up a group, as the charity's facilitator, for the charity: its id,
/// and the charity's.
async fn charity_group(
    app: &TestApp,
    facilitator: &reqwest::Client,
    input: Value,
) -> (String, Value) {
    let viewer = graphql(
        app,
        facilitator,
        "{ viewer { roles { organisation { id } } } }",
        json!({}),
    )
    .await;
    let charity = viewer["data"]["viewer"]["roles"][0]["organisation"]["id"].clone();
    let mut input = input;
    input["organisationId"] = charity.clone();
    let set_up = graphql(
        app,
        facilitator,
        "mutation($input: KinshipGroupInput!) { setUpKinshipGroup(input: $input) }",
        json!({ "input": input }),
    )
    .await;
    let id = set_up["data"]["setUpKinshipGroup"]
        .as_str()
        .unwrap_or_else(|| panic!("set up: {set_up}"))
        .to_owned();
    (id, charity)
}

#[db_test(demo)]
async fn groups_near_a_postcode_come_nearest_first_then_online_and_filters_narrow_them(
    app: TestApp,
) {
    let answer = app
        .graphql(FIND, json!({ "near": "TS24 8AA", "miles": 25 }))
        .await;
    let groups = answer["data"]["kinshipGroups"]
        .as_array()
        .unwrap_or_else(|| panic!("groups: {answer}"))
        .clone();
    let listed: Vec<&str> = groups.iter().filter_map(|g| g["name"].as_str()).collect();
    assert_eq!(
        &listed[..2],
        [
            "Hartlepool kinship carers' group",
            "Young kinship carers, Middlesbrough"
        ],
        "in person, nearest first: {answer}"
    );
    let online: Vec<&str> = listed[2..].to_vec();
    assert!(
        online.contains(&"Kinship carers online evening"),
        "{listed:?}"
    );
    assert!(
        online.contains(&"Men who care (online)"),
        "the North East's: {listed:?}"
    );
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert!(groups[0]["milesAway"].as_f64() < groups[1]["milesAway"].as_f64());
    assert_eq!(groups[3]["milesAway"], Value::Null);
    assert!(
        groups.iter().any(|g| g["serves"] == "North East"),
        "an online group says the area it is for: {answer}"
    );
    // Within 5 miles, Middlesbrough is too far.
    let near = names(&app, json!({ "near": "TS24", "miles": 5 })).await;
    assert!(
        !near.contains(&"Young kinship carers, Middlesbrough".to_owned()),
        "{near:?}"
    );
    assert!(near.contains(&"Hartlepool kinship carers' group".to_owned()));
    let men = names(
        &app,
        json!({ "near": "TS24", "miles": 25, "forWhom": "MALE_CARERS" }),
    )
    .await;
    assert_eq!(men, ["Men who care (online)"]);
    let children = names(
        &app,
        json!({ "near": "TS24", "miles": 25, "children": true }),
    )
    .await;
    assert_eq!(
        children,
        [
            "Hartlepool kinship carers' group",
            "Young kinship carers, Middlesbrough"
        ]
    );
    let monthly = names(
        &app,
        json!({ "near": "TS24", "miles": 25, "meets": "MONTHLY" }),
    )
    .await;
    assert!(
        !monthly.contains(&"Hartlepool kinship carers' group".to_owned()),
        "{monthly:?}"
    );
    assert!(
        monthly.contains(&"Men who care (online)".to_owned()),
        "{monthly:?}"
    );
    let online_only = names(
        &app,
        json!({ "near": "TS24", "miles": 25, "format": "ONLINE" }),
    )
    .await;
    assert!(!online_only.contains(&"Hartlepool kinship carers' group".to_owned()));
    // In south London: Lewisham's group, and online only what is for all England.
    let london = names(&app, json!({ "near": "SE13 6LG", "miles": 10 })).await;
    assert_eq!(
        london,
        [
            "Lewisham grandparents' coffee morning",
            "Kinship carers online evening"
        ]
    );
    let bad = app.graphql(FIND, json!({ "near": "not a postcode" })).await;
    assert_eq!(error_codes(&bad), ["INVALID_INPUT"]);
    // The same list as a page, with no account.
    let visitor = browser();
    let (status, html) = page(&app, &visitor, "/kinship/groups?near=TS24&miles=25").await;
    assert_eq!(status, 200);
    assert!(html.contains("Hartlepool kinship carers"));
    assert!(html.contains("Men who care (online)"));
}

#[db_test(demo)]
async fn a_group_with_no_session_in_the_next_90_days_is_not_listed(app: TestApp) {
    let facilitator = signed_in(&app, CHARITY_FACILITATOR).await;
    let (id, _) = charity_group(
        &app,
        &facilitator,
        json!({ "name": "Stockton drop-in", "about": "A drop-in for kinship carers.",
            "format": "IN_PERSON", "forWhom": "ANYONE",
            "venue": "Stockton Library, Church Road", "postcode": "TS18 1TU" }),
    )
    .await;
    let listed = || names(&app, json!({ "near": "TS18", "miles": 5 }));
    assert!(
        !listed().await.contains(&"Stockton drop-in".to_owned()),
        "no sessions yet"
    );
    let publish =
        "mutation($input: KinshipSessionsInput!) { publishKinshipSessions(input: $input) }";
    let today = app.now().with_timezone(&London).date_naive();
    let on = |days: u64| {
        today
            .checked_add_days(chrono::Days::new(days))
            .expect("a day")
            .to_string()
    };
    let far = graphql(&app, &facilitator, publish, json!({ "input": {
        "groupId": id, "title": "Drop-in", "on": on(95), "startsAt": "10:00:00", "minutes": 60, "capacity": 10 } })).await;
    assert!(far["errors"].is_null(), "{far}");
    assert!(
        !listed().await.contains(&"Stockton drop-in".to_owned()),
        "95 days away is too far"
    );
    let soon = graphql(&app, &facilitator, publish, json!({ "input": {
        "groupId": id, "title": "Drop-in", "on": on(20), "startsAt": "10:00:00", "minutes": 60, "capacity": 10 } })).await;
    assert!(soon["errors"].is_null(), "{soon}");
    assert!(
        listed().await.contains(&"Stockton drop-in".to_owned()),
        "a session in 20 days"
    );
}

#[db_test(demo)]
async fn a_member_sees_other_members_by_first_name_only(app: TestApp) {
    let hartlepool = group_id(&app, "Hartlepool kinship carers' group").await;
    let maureen = signed_in(&app, MAUREEN).await;
    let seen = graphql(&app, &maureen, GROUP, json!({ "id": hartlepool })).await;
    let group = &seen["data"]["kinshipGroup"];
    assert_eq!(group["standing"], "MEMBER", "{seen}");
    assert_eq!(group["members"], json!(["Dean", "Maureen"]));
    let text = seen.to_string();
    assert!(
        !text.contains(DEAN) && !text.contains("Foster"),
        "no surname or address: {text}"
    );
    let members = graphql(
        &app,
        &maureen,
        "query($id: ID!) { kinshipGroupMembers(groupId: $id) { email } }",
        json!({ "id": hartlepool }),
    )
    .await;
    assert_eq!(error_codes(&members), ["NOT_FOUND"]);
    let (status, html) = page(
        &app,
        &maureen,
        &format!("/kinship/groups/{}", number(&hartlepool)),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("Dean") && !html.contains(DEAN) && !html.contains("Dean Foster"));
    // The facilitator sees who they are and how to reach them.
    let facilitator = signed_in(&app, FACILITATOR).await;
    let members = graphql(
        &app,
        &facilitator,
        "query($id: ID!) { kinshipGroupMembers(groupId: $id) { name email state } }",
        json!({ "id": hartlepool }),
    )
    .await;
    let emails: Vec<&str> = members["data"]["kinshipGroupMembers"]
        .as_array()
        .unwrap_or_else(|| panic!("members: {members}"))
        .iter()
        .filter_map(|m| m["email"].as_str())
        .collect();
    assert!(
        emails.contains(&DEAN) && emails.contains(&MAUREEN),
        "{members}"
    );
}

fn number(id: &str) -> i32 {
    id.rsplit(':')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("an id")
}

#[db_test(demo)]
async fn a_worry_about_a_child_reaches_the_safeguarding_lead_and_nobody_else(app: TestApp) {
    let hartlepool = group_id(&app, "Hartlepool kinship carers' group").await;
    let dean = signed_in(&app, DEAN).await;
    let raised = graphql(
        &app,
        &dean,
        "mutation($id: ID!, $what: String!) { raiseKinshipConcern(groupId: $id, what: $what) { inDanger } }",
        json!({ "id": hartlepool, "what": "A child at the group had a bruise on her face and said she was scared of her uncle." }),
    )
    .await;
    assert!(
        raised["data"]["raiseKinshipConcern"]["inDanger"]
            .as_str()
            .is_some_and(|t| t.starts_with("If a child is in immediate danger, call 999")),
        "{raised}"
    );
    let lead = signed_in(&app, SAFEGUARDING_LEAD).await;
    let listed = graphql(&app, &lead, "{ concerns { id about state } }", json!({})).await;
    let concerns = listed["data"]["concerns"]
        .as_array()
        .unwrap_or_else(|| panic!("concerns: {listed}"))
        .clone();
    assert_eq!(concerns.len(), 2, "the demo's and Dean's: {listed}");
    let id = concerns[0]["id"].clone();
    let read = graphql(
        &app,
        &lead,
        "query($id: ID!) { concern(id: $id) { what raisedBy raisedByEmail } }",
        json!({ "id": id }),
    )
    .await;
    assert!(
        read["data"]["concern"]["what"]
            .as_str()
            .is_some_and(|w| w.contains("scared of her uncle")),
        "{read}"
    );
    assert_eq!(read["data"]["concern"]["raisedByEmail"], DEAN);
    for other in [FACILITATOR, MAUREEN, CHARITY_SAFEGUARDING_LEAD, DEAN] {
        let client = signed_in(&app, other).await;
        let tried = graphql(
            &app,
            &client,
            "query($id: ID!) { concern(id: $id) { what } }",
            json!({ "id": id }),
        )
        .await;
        assert_eq!(error_codes(&tried), ["NOT_FOUND"], "{other}");
        let (status, html) = page(
            &app,
            &client,
            &format!("/concerns/{}", number(id.as_str().unwrap_or_default())),
        )
        .await;
        assert_eq!(status, 404, "{other}");
        assert!(!html.contains("scared of her uncle"));
    }
    let logged = domain::audit::entity::Entity::find()
        .filter(domain::audit::entity::Column::Subject.eq("concern"))
        .all(&app.ctx.db)
        .await
        .expect("read");
    assert_eq!(logged.len(), 1, "the lead's read is in the access log");
    let emails = app.emails();
    let told = emails
        .iter()
        .filter(|e| e.contains(&format!("To: {SAFEGUARDING_LEAD}")))
        .count();
    assert!(told >= 1, "the lead is told there is something to see");
    assert!(
        emails.iter().all(|e| !e.contains("scared of her uncle")),
        "no email holds the worry"
    );
}

#[db_test(demo)]
async fn a_kinship_carer_registers_joins_agrees_books_is_reminded_and_comes(app: TestApp) {
    let hartlepool = group_id(&app, "Hartlepool kinship carers' group").await;
    let registered = app
        .graphql(
            "mutation($input: KinshipCarerInput!) { registerAsKinshipCarer(input: $input) }",
            json!({ "input": { "name": "Pauline Ward", "email": "pauline@example.net",
                "arrangement": "SPECIAL_GUARDIANSHIP_ORDER", "postcode": "TS25 1AB", "children": 2 } }),
        )
        .await;
    assert_eq!(
        registered["data"]["registerAsKinshipCarer"], true,
        "{registered}"
    );
    let pauline = browser();
    sign_in_by_link(&app, &pauline, "pauline@example.net").await;
    let asked = graphql(
        &app,
        &pauline,
        "mutation($id: ID!) { askToJoinKinshipGroup(groupId: $id) }",
        json!({ "id": hartlepool }),
    )
    .await;
    assert!(asked["errors"].is_null(), "{asked}");
    let facilitator = signed_in(&app, FACILITATOR).await;
    let members = graphql(
        &app,
        &facilitator,
        "query($id: ID!) { kinshipGroupMembers(groupId: $id) { membershipId email state } }",
        json!({ "id": hartlepool }),
    )
    .await;
    let request = members["data"]["kinshipGroupMembers"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["email"] == "pauline@example.net"))
        .unwrap_or_else(|| panic!("her request: {members}"))
        .clone();
    assert_eq!(request["state"], "ASKED");
    let accepted = graphql(
        &app,
        &facilitator,
        "mutation($id: ID!) { moveKinshipMembership(id: $id, move: ACCEPT) }",
        json!({ "id": request["membershipId"] }),
    )
    .await;
    assert_eq!(
        accepted["data"]["moveKinshipMembership"], true,
        "{accepted}"
    );
    let seen = graphql(&app, &pauline, GROUP, json!({ "id": hartlepool })).await;
    assert_eq!(
        seen["data"]["kinshipGroup"]["standing"], "MEMBER_TO_AGREE",
        "{seen}"
    );
    let next = seen["data"]["kinshipGroup"]["sessions"][0].clone();
    let book = "mutation($id: ID!) { bookKinshipSession(id: $id) }";
    let early = graphql(&app, &pauline, book, json!({ "id": next["id"] })).await;
    assert_eq!(
        error_codes(&early),
        ["CONFLICT"],
        "the agreement comes first"
    );
    let agreed = graphql(
        &app,
        &pauline,
        "mutation($id: ID!) { acceptKinshipGroupAgreement(groupId: $id) }",
        json!({ "id": hartlepool }),
    )
    .await;
    assert_eq!(
        agreed["data"]["acceptKinshipGroupAgreement"], true,
        "{agreed}"
    );
    let booked = graphql(&app, &pauline, book, json!({ "id": next["id"] })).await;
    assert_eq!(booked["data"]["bookKinshipSession"], true, "{booked}");
    app.run_pending_jobs().await;
    let to_her = |subject: &str| {
        app.emails()
            .into_iter()
            .filter(|e| e.contains("To: pauline@example.net") && e.contains(subject))
            .count()
    };
    assert_eq!(to_her("Subject: You have a place at your kinship group"), 1);
    assert!(
        app.emails()
            .iter()
            .any(|e| e.contains("To: pauline@example.net") && e.contains("text/calendar")),
        "with a calendar file"
    );
    // The day before, she is reminded.
    let starts: chrono::DateTime<Utc> = next["startsAt"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("when");
    app.advance_to(starts - TimeDelta::hours(20));
    domain::recruitment::event_registrations::send_event_reminders(
        &app.ctx,
        &domain::Actor::System,
    )
    .await
    .expect("reminders");
    app.run_pending_jobs().await;
    assert_eq!(to_her("Subject: Your kinship group meets tomorrow"), 1);
    // After it, the facilitator records that she came.
    app.advance_to(starts + TimeDelta::hours(2));
    let facilitator = signed_in(&app, FACILITATOR).await;
    let places = graphql(
        &app,
        &facilitator,
        "query($id: ID!) { kinshipSessionPlaces(id: $id) { places { id name came } } }",
        json!({ "id": next["id"] }),
    )
    .await;
    let place = places["data"]["kinshipSessionPlaces"]["places"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "Pauline Ward"))
        .unwrap_or_else(|| panic!("her place: {places}"))
        .clone();
    let came = graphql(
        &app,
        &facilitator,
        "mutation($id: ID!) { recordKinshipAttendance(placeId: $id, came: true) }",
        json!({ "id": place["id"] }),
    )
    .await;
    assert_eq!(came["data"]["recordKinshipAttendance"], true, "{came}");
}

#[db_test(demo)]
async fn weekly_sessions_stay_at_six_pm_in_london_across_the_spring_clock_change(app: TestApp) {
    let hartlepool = group_id(&app, "Hartlepool kinship carers' group").await;
    // Tuesdays at 6pm from 2 March 2027; the clocks go forward on 28 March.
    app.advance_to(
        Utc.with_ymd_and_hms(2027, 2, 1, 9, 0, 0)
            .single()
            .expect("a moment"),
    );
    let facilitator = signed_in(&app, FACILITATOR).await;
    let published = graphql(
        &app,
        &facilitator,
        "mutation($input: KinshipSessionsInput!) { publishKinshipSessions(input: $input) }",
        json!({ "input": { "groupId": hartlepool, "title": "Evening group", "on": "2027-03-02",
            "startsAt": "18:00:00", "minutes": 90, "capacity": 12, "repeats": "WEEKLY" } }),
    )
    .await;
    assert!(published["errors"].is_null(), "{published}");
    // A month on, the daily job has made the sessions after the change.
    app.advance_to(
        Utc.with_ymd_and_hms(2027, 3, 10, 9, 0, 0)
            .single()
            .expect("a moment"),
    );
    domain::kinship::make_kinship_sessions(&app.ctx, &domain::Actor::System)
        .await
        .expect("made");
    let member = signed_in(&app, MAUREEN).await;
    let seen = graphql(&app, &member, GROUP, json!({ "id": hartlepool })).await;
    let evening: Vec<chrono::DateTime<Utc>> = seen["data"]["kinshipGroup"]["sessions"]
        .as_array()
        .unwrap_or_else(|| panic!("sessions: {seen}"))
        .iter()
        .filter(|s| s["title"] == "Evening group")
        .filter_map(|s| s["startsAt"].as_str().and_then(|t| t.parse().ok()))
        .collect();
    let march = |day: u32, hour: u32| {
        Utc.with_ymd_and_hms(2027, 3, day, hour, 0, 0)
            .single()
            .expect("a moment")
    };
    assert!(evening.contains(&march(23, 18)), "6pm GMT: {evening:?}");
    assert!(evening.contains(&march(30, 17)), "6pm BST: {evening:?}");
    assert!(
        evening
            .iter()
            .all(|at| at.with_timezone(&London).format("%H:%M").to_string() == "18:00")
    );
    assert!(
        evening
            .iter()
            .all(|at| at.with_timezone(&London).weekday() == chrono::Weekday::Tue)
    );
}

#[db_test(demo)]
async fn a_full_session_takes_exactly_its_places_when_many_book_at_once(app: TestApp) {
    let charity = signed_in(&app, CHARITY_FACILITATOR).await;
    let run = graphql(
        &app,
        &charity,
        "{ kinshipGroupsRun { id name } }",
        json!({}),
    )
    .await;
    let evening = run["data"]["kinshipGroupsRun"]
        .as_array()
        .and_then(|g| {
            g.iter()
                .find(|g| g["name"] == "Kinship carers online evening")
        })
        .map(|g| g["id"].clone())
        .unwrap_or_else(|| panic!("the evening: {run}"));
    let today = app.now().with_timezone(&London).date_naive();
    let published = graphql(
        &app,
        &charity,
        "mutation($input: KinshipSessionsInput!) { publishKinshipSessions(input: $input) }",
        json!({ "input": { "groupId": evening, "workshop": true, "openToAll": true,
            "title": "School admissions", "on": (today + chrono::Days::new(7)).to_string(),
            "startsAt": "18:00:00", "minutes": 60, "capacity": 3,
            "joiningLink": "https://meet.example.org/admissions" } }),
    )
    .await;
    let workshop = published["data"]["publishKinshipSessions"].clone();
    assert!(workshop.is_string(), "{published}");
    let mut carers = Vec::new();
    for n in 0..10 {
        let email = format!("carer{n}@example.net");
        let registered = app
            .graphql(
                "mutation($input: KinshipCarerInput!) { registerAsKinshipCarer(input: $input) }",
                json!({ "input": { "name": format!("Carer {n}"), "email": email,
                    "arrangement": "NO_ORDER", "postcode": "TS24", "children": 1 } }),
            )
            .await;
        assert_eq!(
            registered["data"]["registerAsKinshipCarer"], true,
            "{registered}"
        );
        let client = browser();
        sign_in_by_link(&app, &client, &email).await;
        carers.push(client);
    }
    let answers = futures_util::future::join_all(carers.iter().map(|client| {
        graphql(
            &app,
            client,
            "mutation($id: ID!) { bookKinshipSession(id: $id) }",
            json!({ "id": workshop }),
        )
    }))
    .await;
    let booked = answers
        .iter()
        .filter(|a| a["data"]["bookKinshipSession"] == true)
        .count();
    let full = answers
        .iter()
        .filter(|a| error_codes(a) == ["CONFLICT"])
        .count();
    assert_eq!((booked, full), (3, 7), "{answers:?}");
}

/// The bytes of `path` as sent gzip-compressed, as a browser with an
/// empty cache would receive them.
async fn transferred(app: &TestApp, client: &reqwest::Client, path: &str) -> usize {
    let response = client
        .get(app.url(path))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response.bytes().await.expect("a body").len()
}

#[db_test(demo)]
async fn every_public_kinship_page_is_under_100_kb_transferred_with_its_css_and_scripts(
    app: TestApp,
) {
    let hartlepool = group_id(&app, "Hartlepool kinship carers' group").await;
    let visitor = browser();
    for path in [
        "/kinship".to_owned(),
        "/kinship/groups?near=TS24&miles=50".to_owned(),
        format!("/kinship/groups/{}", number(&hartlepool)),
        "/kinship/support?arrangement=not_sure&postcode=TS24".to_owned(),
        "/kinship/register".to_owned(),
    ] {
        let (_, html) = page(&app, &visitor, &path).await;
        let mut total = transferred(&app, &visitor, &path).await;
        // The stylesheet and scripts, and the modules the scripts import.
        let mut assets = referenced(&html);
        assert!(
            assets.iter().any(|a| a.ends_with(".css")),
            "{path} has its styles"
        );
        let mut fetched = Vec::new();
        while let Some(asset) = assets.pop() {
            if fetched.contains(&asset) {
                continue;
            }
            total += transferred(&app, &visitor, &asset).await;
            if asset.ends_with(".mjs") {
                let (_, text) = page(&app, &visitor, &asset).await;
                assets.extend(referenced(&text));
            }
            fetched.push(asset);
        }
        assert!(
            fetched.len() >= 5,
            "{path}: the styles and every script: {fetched:?}"
        );
        assert!(total < 100 * 1024, "{path}: {total} bytes with {fetched:?}");
    }
}

/// The styles and scripts `text` refers to.
fn referenced(text: &str) -> Vec<String> {
    text.split(['"', '\''])
        .filter(|part| part.starts_with("/assets/"))
        .filter(|part| {
            [".css", ".js", ".mjs"]
                .iter()
                .any(|end| part.ends_with(end))
        })
        .map(str::to_owned)
        .collect()
}

#[db_test(demo)]
async fn administrators_see_their_groups_in_suppressed_counts_and_a_formula_safe_csv(app: TestApp) {
    let facilitator = signed_in(&app, CHARITY_FACILITATOR).await;
    let (_, charity) = charity_group(
        &app,
        &facilitator,
        json!({ "name": "=HYPERLINK(\"https://example.net\")",
            "about": "A name a spreadsheet would run.", "format": "ONLINE", "serves": "NATIONAL",
            "joiningLink": "https://meet.example.org/x", "forWhom": "ANYONE" }),
    )
    .await;
    let admin = signed_in(&app, "administrator.charity@example.org").await;
    let figures = graphql(
        &app,
        &admin,
        "query($id: ID!) { kinshipFigures(organisationId: $id) { months groups { group members sessionsHeld attended } csv } }",
        json!({ "id": charity }),
    )
    .await;
    let found = &figures["data"]["kinshipFigures"];
    assert_eq!(
        found["months"].as_array().map(Vec::len),
        Some(12),
        "{figures}"
    );
    let evening = found["groups"]
        .as_array()
        .and_then(|g| {
            g.iter()
                .find(|g| g["group"] == "Kinship carers online evening")
        })
        .unwrap_or_else(|| panic!("the evening: {figures}"));
    assert_eq!(
        evening["members"],
        Value::Null,
        "2 members: fewer than 5, never the count"
    );
    assert_eq!(
        evening["sessionsHeld"], 10,
        "8 weeks of weekly sessions, rounded to 5"
    );
    let csv = found["csv"].as_str().unwrap_or_default();
    assert!(csv.contains("\"'=HYPERLINK("), "formula-safe: {csv}");
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
    // The page says the same, and a facilitator is not shown the figures.
    let (status, html) = page(&app, &admin, "/kinship/figures").await;
    assert_eq!(status, 200);
    assert!(html.contains("fewer than 5"));
    let (status, _) = page(&app, &admin, "/kinship/figures.csv").await;
    assert_eq!(status, 200);
    let (status, _) = page(&app, &facilitator, "/kinship/figures").await;
    assert_eq!(status, 403);
    let lead = signed_in(&app, CHARITY_SAFEGUARDING_LEAD).await;
    let refused = graphql(
        &app,
        &lead,
        "query($id: ID!) { kinshipFigures(organisationId: $id) { csv } }",
        json!({ "id": charity }),
    )
    .await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"]);
}

#[db_test(demo)]
async fn leaving_a_group_gives_up_its_places_and_a_closed_group_takes_no_booking(app: TestApp) {
    let hartlepool = group_id(&app, "Hartlepool kinship carers' group").await;
    let dean = signed_in(&app, DEAN).await;
    let seen = graphql(&app, &dean, GROUP, json!({ "id": hartlepool })).await;
    let group = &seen["data"]["kinshipGroup"];
    assert_eq!(
        group["sessions"][0]["booked"], true,
        "the demo books the next: {seen}"
    );
    let left = graphql(
        &app,
        &dean,
        "mutation($id: ID!) { moveKinshipMembership(id: $id, move: LEAVE) }",
        json!({ "id": group["membershipId"] }),
    )
    .await;
    assert_eq!(left["data"]["moveKinshipMembership"], true, "{left}");
    let facilitator = signed_in(&app, FACILITATOR).await;
    let places = graphql(
        &app,
        &facilitator,
        "query($id: ID!) { kinshipSessionPlaces(id: $id) { places { name } } }",
        json!({ "id": group["sessions"][0]["id"] }),
    )
    .await;
    let coming = places.to_string();
    assert!(
        coming.contains("Maureen Hall") && !coming.contains("Dean Foster"),
        "{places}"
    );
    let book = "mutation($id: ID!) { bookKinshipSession(id: $id) }";
    let again = graphql(
        &app,
        &dean,
        book,
        json!({ "id": group["sessions"][1]["id"] }),
    )
    .await;
    assert_eq!(error_codes(&again), ["NOT_FOUND"], "no longer a member");
    // Closed, nobody books it, and the sessions to come are cancelled.
    let closed = graphql(
        &app,
        &facilitator,
        "mutation($id: ID!) { closeKinshipGroup(id: $id) }",
        json!({ "id": hartlepool }),
    )
    .await;
    assert_eq!(closed["data"]["closeKinshipGroup"], true, "{closed}");
    let maureen = signed_in(&app, MAUREEN).await;
    let tried = graphql(
        &app,
        &maureen,
        book,
        json!({ "id": group["sessions"][1]["id"] }),
    )
    .await;
    assert_eq!(error_codes(&tried), ["CONFLICT"], "{tried}");
    let listed = names(&app, json!({ "near": "TS24", "miles": 25 })).await;
    assert!(!listed.contains(&"Hartlepool kinship carers' group".to_owned()));
}

#[db_test(demo)]
async fn moving_a_group_moves_its_coming_sessions_and_tells_those_with_places(app: TestApp) {
    let hartlepool = group_id(&app, "Hartlepool kinship carers' group").await;
    app.run_pending_jobs().await;
    let facilitator = signed_in(&app, FACILITATOR).await;
    let told_before = app
        .emails()
        .iter()
        .filter(|e| e.contains(&format!("To: {MAUREEN}")) && e.contains("/kinship/my-groups"))
        .count();
    let changed = graphql(
        &app,
        &facilitator,
        "mutation($id: ID!, $input: KinshipGroupInput!) { changeKinshipGroup(id: $id, input: $input) }",
        json!({ "id": hartlepool, "input": {
            "name": "Hartlepool kinship carers' group", "about": "Now at the church hall.",
            "format": "IN_PERSON", "forWhom": "ANYONE", "childrenWelcome": true,
            "venue": "St Hilda's Church Hall, Hartlepool", "postcode": "TS24 0PB" } }),
    )
    .await;
    assert_eq!(changed["data"]["changeKinshipGroup"], true, "{changed}");
    app.run_pending_jobs().await;
    let told_after = app
        .emails()
        .iter()
        .filter(|e| e.contains(&format!("To: {MAUREEN}")) && e.contains("/kinship/my-groups"))
        .count();
    assert_eq!(told_after, told_before + 1, "Maureen, booked, is told once");
    let maureen = signed_in(&app, MAUREEN).await;
    let next = graphql(&app, &maureen, GROUP, json!({ "id": hartlepool })).await;
    let session = next["data"]["kinshipGroup"]["sessions"][0]["id"].clone();
    let number: i32 = session
        .as_str()
        .and_then(|id| id.rsplit(':').next())
        .and_then(|n| n.parse().ok())
        .expect("a session");
    let event = domain::recruitment::entities::information_event::Entity::find_by_id(number)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the session");
    assert_eq!(
        event.venue.as_deref(),
        Some("St Hilda's Church Hall, Hartlepool")
    );
    assert_eq!(event.postcode.as_deref(), Some("TS24 0PB"));
}
