//! Peer support on the demo: each cooperative's peer supporter keeps a
//! profile and weekly times in London time (Tuesdays 18:00 to 20:00 and
//! Saturdays 10:00 to 12:00), which give free slots across the clock
//! changes; only their own service's coordinator sees them.

use chrono::{TimeZone, Utc};
use chrono_tz::Europe::London;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::browser::{browser, graphql, page, sign_in};
use crate::harness::{TestApp, db_test, error_codes};

const SUPPORTER: &str = "peer-supporter.north-east@example.org";
const COORDINATOR: &str = "peer-support-coordinator.north-east@example.org";
const OTHER_COORDINATOR: &str = "peer-support-coordinator.south-london@example.org";

const MINE: &str = "{ myPeerSupportProfiles { id organisationId name windows { weekday startsAt endsAt } away { firstDay } } }";
const SLOTS: &str = "query($id: ID!) { peerSupportSlots(supporterId: $id) { startsAt endsAt } }";

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = browser();
    sign_in(app, &client, email, seed::DEMO_PASSWORD).await;
    client
}

#[db_test(demo)]
async fn a_peer_supporter_keeps_a_profile_and_weekly_times_that_give_slots_in_london_time(
    app: TestApp,
) {
    // Tuesday 23 March 2027; the clocks go forward on Sunday 28 March.
    app.advance_to(
        Utc.with_ymd_and_hms(2027, 3, 22, 9, 0, 0)
            .single()
            .expect("a moment"),
    );
    let supporter = signed_in(&app, SUPPORTER).await;
    let mine = graphql(&app, &supporter, MINE, json!({})).await;
    let profile = mine["data"]["myPeerSupportProfiles"][0].clone();
    assert_eq!(profile["windows"][0]["weekday"], "TUESDAY", "{mine}");
    assert_eq!(profile["windows"][0]["startsAt"], "18:00:00");
    let slots = graphql(&app, &supporter, SLOTS, json!({ "id": profile["id"] })).await;
    let starts: Vec<chrono::DateTime<Utc>> = slots["data"]["peerSupportSlots"]
        .as_array()
        .unwrap_or_else(|| panic!("slots: {slots}"))
        .iter()
        .filter_map(|s| s["startsAt"].as_str().and_then(|t| t.parse().ok()))
        .collect();
    let at = |d, h| {
        Utc.with_ymd_and_hms(2027, 3, d, h, 0, 0)
            .single()
            .expect("a moment")
    };
    assert!(starts.contains(&at(23, 18)), "Tuesday 6pm GMT: {starts:?}");
    // The demo's mentee booked 6pm on 30 March; a week on is free.
    assert!(
        starts.contains(
            &Utc.with_ymd_and_hms(2027, 4, 6, 17, 0, 0)
                .single()
                .expect("a moment")
        ),
        "Tuesday 6pm BST: {starts:?}"
    );
    assert!(!starts.contains(&at(30, 17)), "a booked time is not free");
    assert!(
        starts
            .iter()
            .all(|s| ["18:00", "19:00", "10:00", "11:00"].contains(
                &s.with_timezone(&London)
                    .format("%H:%M")
                    .to_string()
                    .as_str()
            )),
        "every slot at the London times given: {starts:?}"
    );
    // A Thursday evening, and a window too short for a meeting.
    let add = "mutation($id: ID!, $day: DayOfWeek!, $from: NaiveTime!, $to: NaiveTime!) { addAvailabilityWindow(supporterId: $id, weekday: $day, startsAt: $from, endsAt: $to) }";
    let added = graphql(
        &app,
        &supporter,
        add,
        json!({ "id": profile["id"], "day": "THURSDAY", "from": "19:00:00", "to": "20:00:00" }),
    )
    .await;
    assert!(added["errors"].is_null(), "{added}");
    let short = graphql(
        &app,
        &supporter,
        add,
        json!({ "id": profile["id"], "day": "FRIDAY", "from": "19:00:00", "to": "19:30:00" }),
    )
    .await;
    assert_eq!(error_codes(&short), ["INVALID_INPUT"]);
    let slots = graphql(&app, &supporter, SLOTS, json!({ "id": profile["id"] })).await;
    assert!(slots.to_string().contains("2027-03-25T19:00:00"), "{slots}");
    // A profile with problems is refused, field by field.
    let refused = graphql(
        &app,
        &supporter,
        "mutation($org: ID!, $input: PeerSupportProfileInput!) { savePeerSupportProfile(organisationId: $org, input: $input) }",
        json!({ "org": profile["organisationId"], "input": { "yearsFostering": 99, "kinds": [],
            "languages": "", "area": "nowhere", "ways": ["VIDEO"], "capacity": 0, "meetingMinutes": 7 } }),
    )
    .await;
    assert_eq!(error_codes(&refused), ["INVALID_INPUT"], "{refused}");
    assert_eq!(
        refused["errors"][0]["extensions"]["fields"]
            .as_array()
            .map(Vec::len),
        Some(7),
        "{refused}"
    );
    let (status, html) = page(&app, &supporter, "/peer-support").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Tuesdays, 18:00 to 20:00") && html.contains("Thursdays, 19:00 to 20:00")
    );
}

#[db_test(demo)]
async fn supporters_are_seen_by_their_own_services_coordinator_only(app: TestApp) {
    let supporter = signed_in(&app, SUPPORTER).await;
    let mine = graphql(&app, &supporter, MINE, json!({})).await;
    let profile = mine["data"]["myPeerSupportProfiles"][0].clone();
    let organisation = profile["organisationId"].clone();
    let list = "query($org: ID!) { peerSupporters(organisationId: $org) { id name videoLink } }";
    let coordinator = signed_in(&app, COORDINATOR).await;
    let seen = graphql(&app, &coordinator, list, json!({ "org": organisation })).await;
    assert_eq!(
        seen["data"]["peerSupporters"][0]["name"], profile["name"],
        "{seen}"
    );
    let (status, html) = page(&app, &coordinator, "/peer-support/supporters").await;
    assert_eq!(status, 200);
    assert!(html.contains(profile["name"].as_str().unwrap_or("?")));
    for other in [
        OTHER_COORDINATOR,
        "recruitment-officer.north-east@example.org",
        "foster-carer.north-east@example.org",
    ] {
        let client = signed_in(&app, other).await;
        let refused = graphql(&app, &client, list, json!({ "org": organisation })).await;
        assert_eq!(error_codes(&refused), ["FORBIDDEN"], "{other}");
        let slots = graphql(&app, &client, SLOTS, json!({ "id": profile["id"] })).await;
        assert_eq!(error_codes(&slots), ["NOT_FOUND"], "{other}");
    }
    let anyone = app.graphql(list, json!({ "org": organisation })).await;
    assert_eq!(error_codes(&anyone), ["UNAUTHENTICATED"]);
    let (status, _) = page(&app, &browser(), "/peer-support/supporters").await;
    assert_ne!(status, 200, "never public");
}

const APPLICANT: &str = "household7.north-east@example.org";

const TO_MATCH: &str = "query($org: ID!) { peopleToMatch(organisationId: $org) { requestId name daysWaiting languages matchedWith suggestions { supporterId name why } } }";
const MATCH: &str = "mutation($request: ID!, $supporter: ID!, $reason: String) { confirmPeerSupportMatch(requestId: $request, supporterId: $supporter, reason: $reason) }";

#[db_test(demo)]
async fn an_applicant_asks_the_coordinator_matches_and_can_match_again_with_a_reason(app: TestApp) {
    let applicant = browser();
    crate::browser::sign_in_by_link(&app, &applicant, APPLICANT).await;
    let (_, html) = page(&app, &applicant, "/account").await;
    assert!(
        html.contains("Ask for a peer supporter"),
        "an applicant may ask"
    );
    let asked = graphql(
        &app,
        &applicant,
        "mutation { askForPeerSupporter(languages: \"Urdu\") }",
        json!({}),
    )
    .await;
    assert!(asked["errors"].is_null(), "{asked}");
    // A household not yet invited to apply may not.
    let early = browser();
    crate::browser::sign_in_by_link(&app, &early, "household1.north-east@example.org").await;
    let refused = graphql(&app, &early, "mutation { askForPeerSupporter }", json!({})).await;
    assert_eq!(error_codes(&refused), ["CONFLICT"], "{refused}");
    // A second supporter: the demo foster carer is given the role.
    let admin = signed_in(&app, "administrator.north-east@example.org").await;
    let viewer = graphql(
        &app,
        &admin,
        "{ viewer { organisations { id } } }",
        json!({}),
    )
    .await;
    let organisation = viewer["data"]["viewer"]["organisations"][0]["id"].clone();
    let carer = signed_in(&app, "foster-carer.north-east@example.org").await;
    let me = graphql(&app, &carer, "{ viewer { id } }", json!({})).await;
    let given = graphql(
        &app,
        &admin,
        "mutation($input: RoleInput!) { giveRole(input: $input) { name } }",
        json!({ "input": { "organisationId": organisation, "personId": me["data"]["viewer"]["id"], "role": "PEER_SUPPORTER" } }),
    )
    .await;
    assert!(given["errors"].is_null(), "{given}");
    let carer = signed_in(&app, "foster-carer.north-east@example.org").await;
    let saved = graphql(
        &app,
        &carer,
        "mutation($org: ID!, $input: PeerSupportProfileInput!) { savePeerSupportProfile(organisationId: $org, input: $input) }",
        json!({ "org": organisation, "input": { "yearsFostering": 3, "kinds": ["SHORT_BREAKS"],
            "languages": "English", "area": "NE1", "ways": ["PHONE"], "capacity": 1, "meetingMinutes": 30 } }),
    )
    .await;
    assert!(saved["errors"].is_null(), "{saved}");
    let coordinator = signed_in(&app, COORDINATOR).await;
    let listed = graphql(&app, &coordinator, TO_MATCH, json!({ "org": organisation })).await;
    let person = listed["data"]["peopleToMatch"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["languages"] == json!(["Urdu"])))
        .unwrap_or_else(|| panic!("the applicant waiting: {listed}"))
        .clone();
    assert_eq!(person["matchedWith"], Value::Null);
    let suggestions = person["suggestions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(suggestions.len(), 2, "{person}");
    let why = suggestions[0]["why"].to_string();
    assert!(
        why.contains("Speaks urdu") || why.contains("Speaks Urdu"),
        "the Urdu speaker first: {why}"
    );
    assert!(why.contains("Can support 2 more people"), "{why}");
    let first = graphql(
        &app,
        &coordinator,
        MATCH,
        json!({ "request": person["requestId"], "supporter": suggestions[0]["supporterId"] }),
    )
    .await;
    assert!(first["errors"].is_null(), "{first}");
    let mine = graphql(
        &app,
        &applicant,
        "{ myPeerSupport { waiting supporters { name endsOn } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        mine["data"]["myPeerSupport"]["supporters"][0]["name"], suggestions[0]["name"],
        "{mine}"
    );
    let (_, html) = page(&app, &applicant, "/account").await;
    assert!(html.contains(suggestions[0]["name"].as_str().unwrap_or("?")));
    // Matching again needs a reason; the earlier relationship is kept.
    let no_reason = graphql(
        &app,
        &coordinator,
        MATCH,
        json!({ "request": person["requestId"], "supporter": suggestions[1]["supporterId"] }),
    )
    .await;
    assert_eq!(error_codes(&no_reason), ["INVALID_INPUT"], "{no_reason}");
    let again = graphql(&app, &coordinator, MATCH, json!({ "request": person["requestId"], "supporter": suggestions[1]["supporterId"], "reason": "They would rather talk by phone in the evenings" })).await;
    assert!(again["errors"].is_null(), "{again}");
    let history = domain::workflow::entity::Entity::find()
        .filter(domain::workflow::entity::Column::Workflow.eq("mentoring_relationship"))
        .all(&app.ctx.db)
        .await
        .expect("history");
    assert!(
        history.iter().any(|h| h.event == "rematch"
            && h.reason.as_deref() == Some("They would rather talk by phone in the evenings")),
        "the earlier match ends in the history with its reason"
    );
    // Another applicant sees no supporter of hers; another service's
    // coordinator sees nobody here.
    let other = browser();
    crate::browser::sign_in_by_link(&app, &other, "household5.north-east@example.org").await;
    let theirs = graphql(
        &app,
        &other,
        "{ myPeerSupport { supporters { name } } }",
        json!({}),
    )
    .await;
    assert_eq!(theirs["data"]["myPeerSupport"]["supporters"], json!([]));
    let elsewhere = signed_in(&app, OTHER_COORDINATOR).await;
    let refused = graphql(&app, &elsewhere, TO_MATCH, json!({ "org": organisation })).await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"]);
    let taken = graphql(&app, &elsewhere, MATCH, json!({ "request": person["requestId"], "supporter": suggestions[0]["supporterId"], "reason": "no" })).await;
    assert_eq!(error_codes(&taken), ["NOT_FOUND"]);
}
