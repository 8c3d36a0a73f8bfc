//! Mockingbird constellations: the demo's Riverside constellation in the
//! north east (its hub home FC-0005 with 2 beds, the demo foster carer's
//! household FC-0001 a satellite), sleepovers that never overbook the hub,
//! emergencies that go to the liaison worker, children whose social worker
//! agrees first, and who sees nothing.

use chrono::{Days, NaiveDate, TimeDelta, TimeZone};
use chrono_tz::Europe::London;
use domain::constellations::entities::{member, sleepover, sleepover_child};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::browser::{browser, graphql, page, sign_in, sign_in_by_link};
use crate::harness::{TestApp, db_test, error_codes};

const MANAGER: &str = "fostering-team-manager.north-east@example.org";
const FOSTER_CARER: &str = "foster-carer.north-east@example.org";
const LIAISON_WORKER: &str = "liaison-worker.north-east@example.org";
/// Riverside's hub home: the fifth household of the demo carers file.
const HUB_CARER: &str = "carer5.north-east@example.org";
/// A satellite family of Hillside, the north east's other constellation.
const HILLSIDE_CARER: &str = "carer10.north-east@example.org";

const REQUEST: &str = "mutation($input: SleepoverRequestInput!) { requestSleepover(input: $input) { id state outOfHoursPhone } }";
const ACCEPT: &str = "mutation($id: ID!) { acceptSleepover(id: $id) }";

/// The demo, with browsers signed in as the north east's demo foster carer
/// (a Riverside satellite) and Riverside's hub carer.
struct Riverside {
    family: reqwest::Client,
    hub: reqwest::Client,
    id: String,
    /// The demo foster carer's carer household.
    household: String,
    /// The children living with them.
    children: Vec<String>,
}

async fn riverside(app: &TestApp) -> Riverside {
    let family = browser();
    sign_in(app, &family, FOSTER_CARER, seed::DEMO_PASSWORD).await;
    let hub = browser();
    sign_in_by_link(app, &hub, HUB_CARER).await;
    let listed = graphql(app, &family, "{ constellations { id name } }", json!({})).await;
    let id = listed["data"]["constellations"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("the family's constellation: {listed}"))
        .to_owned();
    assert_eq!(
        listed["data"]["constellations"][0]["name"],
        "Riverside constellation"
    );
    let mine = graphql(
        app,
        &family,
        "{ myHouseholds { household { id } children { id: childId } } }",
        json!({}),
    )
    .await;
    let household = mine["data"]["myHouseholds"][0]["household"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("their household: {mine}"))
        .to_owned();
    let children = mine["data"]["myHouseholds"][0]["children"]
        .as_array()
        .unwrap_or_else(|| panic!("children: {mine}"))
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_owned))
        .collect();
    Riverside {
        family,
        hub,
        id,
        household,
        children,
    }
}

/// The London date `days` from the app's today.
fn day(app: &TestApp, days: u64) -> NaiveDate {
    app.now()
        .with_timezone(&London)
        .date_naive()
        .checked_add_days(Days::new(days))
        .expect("a day")
}

fn request(r: &Riverside, child: &str, nights: (NaiveDate, NaiveDate), kind: &str) -> Value {
    json!({ "input": {
        "constellationId": r.id, "childIds": [child],
        "firstNight": nights.0.to_string(), "lastNight": nights.1.to_string(),
        "kind": kind,
        "note": "Bedtime at 8. Inhaler at night. Our mobile: 07700 900 123." } })
}

async fn requested(app: &TestApp, r: &Riverside, variables: Value) -> String {
    let answer = graphql(app, &r.family, REQUEST, variables).await;
    answer["data"]["requestSleepover"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("requested: {answer}"))
        .to_owned()
}

fn number(id: &str) -> i32 {
    id.rsplit(':')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("an id")
}

/// Whether the sleepover went to the liaison worker.
async fn escalated(app: &TestApp, id: &str) -> bool {
    sleepover::Entity::find_by_id(number(id))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the sleepover")
        .escalated_at
        .is_some()
}

/// The most children staying at the hub on any night of the constellation.
async fn busiest_night(app: &TestApp, constellation: i32) -> (i64, i32) {
    let stays = sleepover::Entity::find()
        .filter(sleepover::Column::ConstellationId.eq(constellation))
        .filter(sleepover::Column::State.is_in(["accepted", "started"]))
        .all(&app.ctx.db)
        .await
        .expect("stays");
    let mut nights: std::collections::BTreeMap<NaiveDate, i64> = Default::default();
    for stay in &stays {
        let children = sleepover_child::Entity::find()
            .filter(sleepover_child::Column::SleepoverId.eq(stay.id))
            .all(&app.ctx.db)
            .await
            .expect("children")
            .len();
        let mut night = stay.first_night;
        while night <= stay.last_night {
            *nights.entry(night).or_default() += i64::try_from(children).expect("a few");
            night = night.succ_opt().expect("a night");
        }
    }
    let constellation =
        domain::constellations::entities::constellation::Entity::find_by_id(constellation)
            .one(&app.ctx.db)
            .await
            .expect("read")
            .expect("the constellation");
    (nights.into_values().max().unwrap_or(0), constellation.beds)
}

#[db_test(demo)]
async fn fifty_acceptances_needing_the_last_bed_at_once_give_it_to_one_and_conflict_the_rest(
    app: TestApp,
) {
    let r = riverside(&app).await;
    let child = r.children[0].clone();
    // One of the hub's two beds is taken five nights from the 30th day on.
    let taken = requested(
        &app,
        &r,
        request(&r, &child, (day(&app, 30), day(&app, 34)), "PLANNED"),
    )
    .await;
    let first = graphql(&app, &r.hub, ACCEPT, json!({ "id": taken })).await;
    assert_eq!(first["data"]["acceptSleepover"], "ACCEPTED", "{first}");
    // The hub is away the night after.
    let away = graphql(
        &app,
        &r.hub,
        "mutation($input: HubAvailabilityInput!) { setHubAvailability(input: $input) }",
        json!({ "input": { "constellationId": r.id, "firstNight": day(&app, 35).to_string(), "available": false } }),
    )
    .await;
    assert_eq!(away["data"]["setHubAvailability"], true, "{away}");
    // Fifty requests, each over the 32nd night, of one to four nights,
    // some running into the night the hub is away.
    let mut pending = Vec::new();
    for n in 0..50u64 {
        let first = day(&app, 29 + n % 4);
        let last = day(&app, 32 + (n / 4) % 3).max(first);
        let child = &r.children[usize::try_from(n).expect("small") % r.children.len()];
        pending.push(requested(&app, &r, request(&r, child, (first, last), "PLANNED")).await);
    }
    let into_the_night_away = requested(
        &app,
        &r,
        request(&r, &child, (day(&app, 35), day(&app, 35)), "PLANNED"),
    )
    .await;
    let tries = pending.iter().map(|id| {
        let (app, hub) = (&app, &r.hub);
        async move { graphql(app, hub, ACCEPT, json!({ "id": id })).await }
    });
    let answers = futures_util::future::join_all(tries).await;
    let accepted = answers
        .iter()
        .filter(|a| a["data"]["acceptSleepover"] == "ACCEPTED")
        .count();
    let refused: Vec<Vec<String>> = answers
        .iter()
        .filter(|a| !a["errors"].is_null())
        .map(error_codes)
        .collect();
    assert_eq!(accepted, 1, "one gets the last bed: {answers:?}");
    assert_eq!(refused.len(), 49, "{answers:?}");
    assert!(
        refused.iter().all(|codes| codes == &["CONFLICT"]),
        "the rest are told the bed is gone: {refused:?}"
    );
    // Nobody is ever given the night the hub is away.
    let away = graphql(&app, &r.hub, ACCEPT, json!({ "id": into_the_night_away })).await;
    assert_eq!(error_codes(&away), ["CONFLICT"], "{away}");
    let (busiest, beds) = busiest_night(&app, number(&r.id)).await;
    assert_eq!(
        (busiest, beds),
        (2, 2),
        "never more children a night than beds"
    );
}

#[db_test(demo)]
async fn an_unanswered_emergency_goes_to_the_liaison_worker_after_fifteen_minutes_not_fourteen(
    app: TestApp,
) {
    let r = riverside(&app).await;
    let emergency = requested(
        &app,
        &r,
        request(
            &r,
            &r.children[0],
            (day(&app, 0), day(&app, 1)),
            "EMERGENCY",
        ),
    )
    .await;
    let to_liaison = |app: &TestApp| {
        app.emails()
            .iter()
            .filter(|e| e.contains(&format!("To: {LIAISON_WORKER}")))
            .count()
    };

    app.run_pending_jobs().await;
    let before = to_liaison(&app);
    app.advance(TimeDelta::minutes(14));
    app.run_pending_jobs().await;
    assert!(!escalated(&app, &emergency).await, "not yet at 14 minutes");
    assert_eq!(to_liaison(&app), before);
    app.advance(TimeDelta::minutes(2));
    app.run_pending_jobs().await;
    assert!(escalated(&app, &emergency).await, "escalated at 16 minutes");
    assert_eq!(to_liaison(&app), before + 1, "the liaison worker is told");
    // The liaison worker sees it, marked, and the family's page says so.
    let liaison = browser();
    sign_in(&app, &liaison, LIAISON_WORKER, seed::DEMO_PASSWORD).await;
    let seen = graphql(
        &app,
        &liaison,
        "query($id: ID!) { sleepover(id: $id) { sleepover { escalated state } note } }",
        json!({ "id": emergency }),
    )
    .await;
    assert_eq!(
        seen["data"]["sleepover"]["sleepover"]["escalated"], true,
        "{seen}"
    );
    assert_eq!(
        seen["data"]["sleepover"]["note"],
        Value::Null,
        "the liaison worker is not given the children's note"
    );
}

#[db_test(demo)]
async fn an_emergency_the_hub_answered_in_time_is_not_escalated(app: TestApp) {
    let r = riverside(&app).await;
    let emergency = requested(
        &app,
        &r,
        request(
            &r,
            &r.children[0],
            (day(&app, 0), day(&app, 0)),
            "EMERGENCY",
        ),
    )
    .await;
    app.advance(TimeDelta::minutes(5));
    let answered = graphql(&app, &r.hub, ACCEPT, json!({ "id": emergency })).await;
    assert_eq!(
        answered["data"]["acceptSleepover"], "ACCEPTED",
        "{answered}"
    );
    app.advance(TimeDelta::minutes(11));
    app.run_pending_jobs().await;
    let row = sleepover::Entity::find_by_id(number(&emergency))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the sleepover");
    assert!(row.escalated_at.is_none(), "answered in time");
}

#[db_test(demo)]
async fn in_quiet_hours_a_planned_request_reaches_the_hub_in_the_morning_and_an_emergency_shows_the_out_of_hours_number(
    app: TestApp,
) {
    // Signed in (and the demo loaded) late in the evening, in quiet hours.
    let tonight = London
        .with_ymd_and_hms(2026, 11, 10, 22, 30, 0)
        .single()
        .expect("a moment")
        .with_timezone(&chrono::Utc);
    app.advance_to(tonight);
    let r = riverside(&app).await;
    app.run_pending_jobs().await;
    // Whether the hub has been told of the sleepover (the emails link to it).
    let told = |app: &TestApp, id: &str| {
        let link = format!("/sleepovers/{}", number(id));
        app.emails().iter().any(|e| {
            e.contains(&format!("To: {HUB_CARER}")) && e.replace("=\r\n", "").contains(&link)
        })
    };
    let planned = requested(
        &app,
        &r,
        request(
            &r,
            &r.children[0],
            (day(&app, 20), day(&app, 21)),
            "PLANNED",
        ),
    )
    .await;
    let emergency = graphql(
        &app,
        &r.family,
        REQUEST,
        request(
            &r,
            &r.children[0],
            (day(&app, 0), day(&app, 0)),
            "EMERGENCY",
        ),
    )
    .await;
    assert_eq!(
        emergency["data"]["requestSleepover"]["outOfHoursPhone"], "01632 960 999",
        "{emergency}"
    );
    let emergency = emergency["data"]["requestSleepover"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    app.run_pending_jobs().await;
    assert!(
        told(&app, &emergency),
        "an emergency reaches the hub at once"
    );
    assert!(
        !told(&app, &planned),
        "a planned request does not wake the hub"
    );
    let (_, html) = page(
        &app,
        &r.family,
        &format!("/sleepovers/{}", number(&emergency)),
    )
    .await;
    assert!(html.contains("01632 960 999"), "the page says to ring now");
    app.advance_to(
        London
            .with_ymd_and_hms(2026, 11, 11, 7, 1, 0)
            .single()
            .expect("a moment")
            .with_timezone(&chrono::Utc),
    );
    app.run_pending_jobs().await;
    assert!(
        told(&app, &planned),
        "the planned request reaches the hub in the morning"
    );
}

#[db_test(demo)]
async fn a_child_whose_delegated_authority_keeps_hub_stays_goes_to_their_social_worker_to_agree_first(
    app: TestApp,
) {
    let r = riverside(&app).await;
    // A child placed with the demo foster carer whose social worker is the
    // demo child's social worker, who keeps stays with the hub.
    let manager = browser();
    sign_in(&app, &manager, MANAGER, seed::DEMO_PASSWORD).await;
    let family_home = r.household.clone();
    let born = day(&app, 0)
        .checked_sub_months(chrono::Months::new(12 * 9))
        .expect("a day");
    let placed = graphql(
        &app,
        &manager,
        "mutation($input: PlaceChildInput!) { placeChild(input: $input) }",
        json!({ "input": {
            "carerHouseholdId": family_home, "firstName": "Sol", "familyInitial": "r",
            "dateOfBirth": born.to_string(), "placingAuthority": "E06000001",
            "placingReference": "HP-SLEEP-1", "legalBasis": "CARE_ORDER",
            "socialWorkerName": "Jo Bright",
            "socialWorkerEmail": "childs-social-worker.north-east@example.org",
            "kind": "LONG_TERM", "startedOn": day(&app, 0).to_string() } }),
    )
    .await;
    let child = placed["data"]["placeChild"]
        .as_str()
        .unwrap_or_else(|| panic!("placed: {placed}"))
        .to_owned();
    let social_worker = browser();
    sign_in(
        &app,
        &social_worker,
        "childs-social-worker.north-east@example.org",
        seed::DEMO_PASSWORD,
    )
    .await;
    let kept = graphql(
        &app,
        &social_worker,
        "mutation($input: DelegationExceptionInput!) { recordDelegationException(input: $input) }",
        json!({ "input": { "childId": child, "decision": "hub_short_stays", "holder": "CHILDS_SOCIAL_WORKER",
            "reason": "Contact arrangements are being settled: ask me first." } }),
    )
    .await;
    assert!(kept["errors"].is_null(), "{kept}");
    let asked = graphql(
        &app,
        &r.family,
        REQUEST,
        request(&r, &child, (day(&app, 7), day(&app, 8)), "PLANNED"),
    )
    .await;
    assert_eq!(
        asked["data"]["requestSleepover"]["state"], "WITH_SOCIAL_WORKER",
        "{asked}"
    );
    let id = asked["data"]["requestSleepover"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    // The hub cannot accept it yet; the social worker agrees, then it can.
    let early = graphql(&app, &r.hub, ACCEPT, json!({ "id": id })).await;
    assert!(!error_codes(&early).is_empty(), "{early}");
    let agreed = graphql(
        &app,
        &social_worker,
        "mutation($id: ID!, $child: ID!) { agreeSleepover(id: $id, childId: $child) }",
        json!({ "id": id, "child": child }),
    )
    .await;
    assert_eq!(agreed["data"]["agreeSleepover"], "REQUESTED", "{agreed}");
    let accepted = graphql(&app, &r.hub, ACCEPT, json!({ "id": id })).await;
    assert_eq!(
        accepted["data"]["acceptSleepover"], "ACCEPTED",
        "{accepted}"
    );
}

#[db_test(demo)]
async fn a_satellite_of_another_constellation_or_service_sees_nothing_of_this_one(app: TestApp) {
    let r = riverside(&app).await;
    let stay = requested(
        &app,
        &r,
        request(&r, &r.children[0], (day(&app, 3), day(&app, 3)), "PLANNED"),
    )
    .await;
    let hillside = browser();
    sign_in_by_link(&app, &hillside, HILLSIDE_CARER).await;
    let south_london = browser();
    sign_in(
        &app,
        &south_london,
        "foster-carer.south-london@example.org",
        seed::DEMO_PASSWORD,
    )
    .await;
    for outsider in [&hillside, &south_london] {
        let seen = graphql(
            &app,
            outsider,
            "query($id: ID!) { constellation(id: $id) { name } }",
            json!({ "id": r.id }),
        )
        .await;
        assert_eq!(error_codes(&seen), ["NOT_FOUND"], "{seen}");
        let seen = graphql(
            &app,
            outsider,
            "query($id: ID!) { sleepover(id: $id) { note } }",
            json!({ "id": stay }),
        )
        .await;
        assert_eq!(error_codes(&seen), ["NOT_FOUND"], "{seen}");
        let moved = graphql(&app, outsider, ACCEPT, json!({ "id": stay })).await;
        assert_eq!(error_codes(&moved), ["NOT_FOUND"], "{moved}");
        for path in [
            format!("/constellations/{}", number(&r.id)),
            format!("/constellations/{}/calendar", number(&r.id)),
            format!("/sleepovers/{}", number(&stay)),
        ] {
            let (status, _) = page(&app, outsider, &path).await;
            assert_eq!(status, 404, "{path}");
        }
        let listed = graphql(&app, outsider, "{ constellations { id } }", json!({})).await;
        assert!(
            !listed.to_string().contains(&format!("\"{}\"", r.id)),
            "not even listed: {listed}"
        );
    }
    // The hub reads the family's note only once it accepts, and the read is logged.
    let before = graphql(
        &app,
        &r.hub,
        "query($id: ID!) { sleepover(id: $id) { note } }",
        json!({ "id": stay }),
    )
    .await;
    assert_eq!(before["data"]["sleepover"]["note"], Value::Null, "{before}");
    graphql(&app, &r.hub, ACCEPT, json!({ "id": stay })).await;
    let after = graphql(
        &app,
        &r.hub,
        "query($id: ID!) { sleepover(id: $id) { note } }",
        json!({ "id": stay }),
    )
    .await;
    assert!(
        after["data"]["sleepover"]["note"]
            .as_str()
            .is_some_and(|n| n.contains("Inhaler")),
        "{after}"
    );
    let logged = domain::audit::entity::Entity::find()
        .filter(domain::audit::entity::Column::Subject.eq("sleepover_note"))
        .all(&app.ctx.db)
        .await
        .expect("read");
    assert_eq!(logged.len(), 1, "the hub's read is in the access log");
}

#[db_test(demo)]
async fn a_household_in_one_constellation_cannot_join_another(app: TestApp) {
    let r = riverside(&app).await;
    let manager = browser();
    sign_in(&app, &manager, MANAGER, seed::DEMO_PASSWORD).await;
    let listed = graphql(&app, &manager, "{ constellations { id name } }", json!({})).await;
    let hillside = listed["data"]["constellations"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "Hillside constellation"))
        .and_then(|c| c["id"].as_str())
        .expect("Hillside")
        .to_owned();
    let riverside_families = graphql(
        &app,
        &manager,
        "query($id: ID!) { constellation(id: $id) { families { carerHouseholdId } } }",
        json!({ "id": r.id }),
    )
    .await;
    let in_riverside =
        riverside_families["data"]["constellation"]["families"][0]["carerHouseholdId"]
            .as_str()
            .expect("a family")
            .to_owned();
    let joined = graphql(
        &app,
        &manager,
        "mutation($input: FamilyJoiningInput!) { addConstellationFamily(input: $input) }",
        json!({ "input": { "constellationId": hillside, "carerHouseholdId": in_riverside,
            "joinedOn": day(&app, 0).to_string(), "reason": "Closer to home" } }),
    )
    .await;
    assert_eq!(error_codes(&joined), ["CONFLICT"], "{joined}");
    // The database refuses it too, whatever the code above it does.
    let row = member::ActiveModel {
        constellation_id: Set(number(&hillside)),
        carer_household_id: Set(number(&in_riverside)),
        role: Set("satellite".to_owned()),
        joined_on: Set(day(&app, 0)),
        join_reason: Set("Straight in".to_owned()),
        left_on: Set(None),
        leaving_reason: Set(None),
        added_by_id: Set(None),
        created_at: Set(app.now()),
        ..Default::default()
    };
    assert!(
        row.insert(&app.ctx.db).await.is_err(),
        "one constellation at a time"
    );
}

/// The id the manager's choices give the household of this name.
fn chosen(choices: &Value, name: &str) -> String {
    choices["data"]["constellationChoices"]["households"]
        .as_array()
        .and_then(|h| h.iter().find(|h| h["name"] == name))
        .and_then(|h| h["carerHouseholdId"].as_str())
        .unwrap_or_else(|| panic!("{name}: {choices}"))
        .to_owned()
}

/// The first child living with the signed-in carer.
async fn their_child(app: &TestApp, carer: &reqwest::Client) -> String {
    let mine = graphql(
        app,
        carer,
        "{ myHouseholds { children { childId } } }",
        json!({}),
    )
    .await;
    mine["data"]["myHouseholds"][0]["children"][0]["childId"]
        .as_str()
        .unwrap_or_else(|| panic!("a child: {mine}"))
        .to_owned()
}

async fn ask(app: &TestApp, carer: &reqwest::Client, input: Value) -> String {
    let answer = graphql(app, carer, REQUEST, json!({ "input": input })).await;
    answer["data"]["requestSleepover"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("asked: {answer}"))
        .to_owned()
}

#[db_test(demo)]
async fn a_months_story_comes_out_in_the_liaison_workers_figures_and_return_as_it_happened(
    app: TestApp,
) {
    let manager = browser();
    sign_in(&app, &manager, MANAGER, seed::DEMO_PASSWORD).await;
    let org = graphql(
        &app,
        &manager,
        "{ viewer { organisations { id } } }",
        json!({}),
    )
    .await;
    let org = org["data"]["viewer"]["organisations"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("the manager's service: {org}"))
        .to_owned();
    let choices = graphql(
        &app,
        &manager,
        "query($org: ID!) { constellationChoices(organisationId: $org) { households { carerHouseholdId name } liaisonWorkers { personId name } } }",
        json!({ "org": org }),
    )
    .await;
    let liaison = choices["data"]["constellationChoices"]["liaisonWorkers"][0]["personId"].clone();
    // Set up around Kwame Asante's home, with three families.
    let set_up = graphql(
        &app,
        &manager,
        "mutation($input: ConstellationSetUpInput!) { setUpConstellation(input: $input) }",
        json!({ "input": { "organisationId": org, "hubCarerHouseholdId": chosen(&choices, "Kwame Asante"),
            "settings": { "name": "Moorside constellation", "liaisonWorkerIds": [liaison] } } }),
    )
    .await;
    let id = set_up["data"]["setUpConstellation"]
        .as_str()
        .unwrap_or_else(|| panic!("set up: {set_up}"))
        .to_owned();
    for family in ["Peter Nolan", "Julie Fenwick", "Robert Lamb"] {
        let joined = graphql(
            &app,
            &manager,
            "mutation($input: FamilyJoiningInput!) { addConstellationFamily(input: $input) }",
            json!({ "input": { "constellationId": id, "carerHouseholdId": chosen(&choices, family),
                "joinedOn": day(&app, 0).to_string(), "reason": "Newly approved" } }),
        )
        .await;
        assert_eq!(joined["data"]["addConstellationFamily"], true, "{joined}");
    }
    let hub = browser();
    sign_in_by_link(&app, &hub, "carer18.north-east@example.org").await;
    let nolan = browser();
    sign_in_by_link(&app, &nolan, "carer16.north-east@example.org").await;
    let fenwick = browser();
    sign_in_by_link(&app, &fenwick, "carer19.north-east@example.org").await;
    let (nolan_child, fenwick_child) = (
        their_child(&app, &nolan).await,
        their_child(&app, &fenwick).await,
    );
    let asking = |child: &str, first: u64, last: u64, kind: &str| {
        json!({ "constellationId": id, "childIds": [child], "firstNight": day(&app, first).to_string(),
            "lastNight": day(&app, last).to_string(), "kind": kind,
            "note": "Bedtime at 8. No nuts. Our mobile: 07700 900 321." })
    };
    // A planned stay, accepted.
    let planned = ask(&app, &nolan, asking(&nolan_child, 5, 6, "PLANNED")).await;
    let accepted = graphql(&app, &hub, ACCEPT, json!({ "id": planned })).await;
    assert_eq!(
        accepted["data"]["acceptSleepover"], "ACCEPTED",
        "{accepted}"
    );
    // An emergency, unanswered for 16 minutes, then taken and begun.
    let emergency = ask(&app, &fenwick, asking(&fenwick_child, 0, 0, "EMERGENCY")).await;
    app.advance(TimeDelta::minutes(16));
    app.run_pending_jobs().await;
    assert!(
        escalated(&app, &emergency).await,
        "sent to the liaison worker"
    );
    let taken = graphql(&app, &hub, ACCEPT, json!({ "id": emergency })).await;
    assert_eq!(taken["data"]["acceptSleepover"], "ACCEPTED", "{taken}");
    let begun = graphql(
        &app,
        &hub,
        "mutation($id: ID!) { startSleepover(id: $id) }",
        json!({ "id": emergency }),
    )
    .await;
    assert_eq!(begun["data"]["startSleepover"], "STARTED", "{begun}");
    // Other nights proposed, and accepted by the family.
    let moved = ask(&app, &nolan, asking(&nolan_child, 12, 12, "PLANNED")).await;
    let proposed = graphql(
        &app,
        &hub,
        "mutation($id: ID!, $first: NaiveDate!) { proposeOtherNights(id: $id, firstNight: $first) }",
        json!({ "id": moved, "first": day(&app, 13).to_string() }),
    )
    .await;
    assert_eq!(
        proposed["data"]["proposeOtherNights"], "PROPOSED",
        "{proposed}"
    );
    let agreed = graphql(
        &app,
        &nolan,
        "mutation($id: ID!) { acceptProposedNights(id: $id) }",
        json!({ "id": moved }),
    )
    .await;
    assert_eq!(
        agreed["data"]["acceptProposedNights"], "ACCEPTED",
        "{agreed}"
    );
    // A decline.
    let away = ask(&app, &fenwick, asking(&fenwick_child, 20, 21, "PLANNED")).await;
    let declined = graphql(
        &app,
        &hub,
        "mutation($id: ID!) { declineSleepover(id: $id, reason: \"We are away that weekend\") }",
        json!({ "id": away }),
    )
    .await;
    assert_eq!(
        declined["data"]["declineSleepover"], "DECLINED",
        "{declined}"
    );
    // Check-ins with two families.
    for (family, contact) in [("Peter Nolan", "CALL"), ("Julie Fenwick", "VISIT")] {
        let checked = graphql(
            &app,
            &hub,
            "mutation($input: CheckInRecordInput!) { recordCheckIn(input: $input) }",
            json!({ "input": { "constellationId": id, "carerHouseholdId": chosen(&choices, family),
                "contact": contact, "contactedOn": day(&app, 0).to_string(), "note": "All well" } }),
        )
        .await;
        assert_eq!(checked["data"]["recordCheckIn"], true, "{checked}");
    }
    // A get-together next week: the Nolans answer, the Fenwicks cannot come.
    let starts = London
        .from_local_datetime(&day(&app, 7).and_hms_opt(10, 30, 0).expect("a time"))
        .single()
        .expect("a moment")
        .with_timezone(&chrono::Utc);
    let published = graphql(
        &app,
        &hub,
        "mutation($input: MeetingPublishInput!) { publishMeeting(input: $input) }",
        json!({ "input": { "constellationId": id, "kind": "MONTHLY_MEETING", "title": "Get-together",
            "place": "The hub", "startsAt": starts.to_rfc3339(), "endsAt": (starts + TimeDelta::hours(2)).to_rfc3339(),
            "forWhom": "CARERS" } }),
    )
    .await;
    let meeting = published["data"]["publishMeeting"]
        .as_str()
        .unwrap_or_else(|| panic!("published: {published}"))
        .to_owned();
    let people = graphql(
        &app,
        &nolan,
        "query($id: ID!) { meeting(id: $id) { own { people { key } } } }",
        json!({ "id": meeting }),
    )
    .await;
    let keys: Vec<Value> = people["data"]["meeting"]["own"]["people"]
        .as_array()
        .unwrap_or_else(|| panic!("people: {people}"))
        .iter()
        .map(|p| p["key"].clone())
        .collect();
    for (carer, coming) in [(&nolan, json!(keys)), (&fenwick, json!([]))] {
        let answered = graphql(
            &app,
            carer,
            "mutation($id: ID!, $coming: [String!]!) { answerMeeting(id: $id, coming: $coming) }",
            json!({ "id": meeting, "coming": coming }),
        )
        .await;
        assert_eq!(answered["data"]["answerMeeting"], true, "{answered}");
    }
    app.run_pending_jobs().await;
    assert!(
        app.emails()
            .iter()
            .any(|e| e.contains("carer16.north-east@example.org") && e.contains("text/calendar")),
        "the Nolans get it for their calendar"
    );
    // The day before, a reminder; on the day, one of the Nolans came.
    let reminders = |app: &TestApp| {
        app.emails()
            .iter()
            .filter(|e| {
                e.contains("carer16.north-east@example.org")
                    && e.contains("get-together is tomorrow")
            })
            .count()
    };
    assert_eq!(reminders(&app), 0);
    app.advance_to(starts - TimeDelta::hours(20));
    // The hourly job, run as the scheduler would, twice.
    let send = domain::constellations::send_meeting_reminders;
    assert_eq!(
        send(&app.ctx, &domain::Actor::System)
            .await
            .expect("queued"),
        2,
        "both Nolans"
    );
    assert_eq!(
        send(&app.ctx, &domain::Actor::System)
            .await
            .expect("queued"),
        0,
        "once"
    );
    app.run_pending_jobs().await;
    assert_eq!(reminders(&app), 1, "the Nolans are reminded the day before");
    app.advance_to(starts + TimeDelta::hours(3));
    let hub = browser();
    sign_in_by_link(&app, &hub, "carer18.north-east@example.org").await;
    let nolan_home = chosen(&choices, "Peter Nolan");
    let came = graphql(
        &app,
        &hub,
        "mutation($id: ID!, $came: [CameInput!]!) { recordMeetingAttendance(id: $id, came: $came) }",
        json!({ "id": meeting, "came": [{ "carerHouseholdId": nolan_home, "key": keys[0] }] }),
    )
    .await;
    assert_eq!(came["data"]["recordMeetingAttendance"], true, "{came}");
    // The liaison worker's figures, for the month.
    let liaison_worker = browser();
    sign_in(&app, &liaison_worker, LIAISON_WORKER, seed::DEMO_PASSWORD).await;
    let (from, to) = (
        day(&app, 0).checked_sub_days(Days::new(7)).expect("a day"),
        day(&app, 23),
    );
    let figures = graphql(
        &app,
        &liaison_worker,
        "query($id: ID!, $from: NaiveDate!, $to: NaiveDate!) { constellationReturn(id: $id, from: $from, to: $to) { lines { measure group value } csv } }",
        json!({ "id": id, "from": from.to_string(), "to": to.to_string() }),
    )
    .await;
    let value_of = |measure: &str| {
        figures["data"]["constellationReturn"]["lines"]
            .as_array()
            .and_then(|l| {
                l.iter()
                    .find(|l| l["measure"] == measure && l["group"] == "constellation")
            })
            .and_then(|l| l["value"].as_str())
            .unwrap_or_else(|| panic!("{measure}: {figures}"))
            .to_owned()
    };
    for (measure, expected) in [
        ("Planned requests", "3"),
        ("Emergency requests", "1"),
        ("Requests given", "3"),
        ("Requests declined", "1"),
        ("Emergency requests sent to the liaison worker", "1"),
        ("Nights children stayed with the hub", "1"),
        ("Meetings, activities and trips", "1"),
        ("People who came to them", "1"),
        ("Check-ins", "2"),
        ("Families joined", "3"),
        ("Families left", "0"),
        ("Satellite families at the end", "3"),
        ("Families due a check-in now", "0"),
        ("Nights the hub was unavailable", "0"),
    ] {
        assert_eq!(value_of(measure), expected, "{measure}");
    }
    let csv = figures["data"]["constellationReturn"]["csv"]
        .as_str()
        .expect("the CSV");
    assert!(
        csv.starts_with("constellation,from,to,measure,group,value\n"),
        "{csv}"
    );
    assert!(
        csv.contains(&format!(
            "{},{from},{to},Requests given,constellation,3\n",
            number(&id)
        )),
        "{csv}"
    );
    assert!(!csv.contains("Moorside"), "no free text: {csv}");
    // The page's download is the same return.
    let response = liaison_worker
        .get(app.url(&format!(
            "/constellations/{}/return.csv?from={from}&to={to}",
            number(&id)
        )))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.expect("the CSV"), csv);
    let (status, html) = page(&app, &liaison_worker, &format!("/constellations/figures?from={}&from-month={}&from-year={}&to={}&to-month={}&to-year={}",
        chrono::Datelike::day(&from), chrono::Datelike::month(&from), chrono::Datelike::year(&from),
        chrono::Datelike::day(&to), chrono::Datelike::month(&to), chrono::Datelike::year(&to))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Moorside constellation"), "the page lists it");
}

#[db_test(demo)]
async fn a_family_that_leaves_has_its_requests_withdrawn_and_its_stays_to_come_cancelled(
    app: TestApp,
) {
    let r = riverside(&app).await;
    let asked = requested(
        &app,
        &r,
        request(&r, &r.children[0], (day(&app, 3), day(&app, 3)), "PLANNED"),
    )
    .await;
    let kept = requested(
        &app,
        &r,
        request(&r, &r.children[0], (day(&app, 6), day(&app, 6)), "PLANNED"),
    )
    .await;
    let accepted = graphql(&app, &r.hub, ACCEPT, json!({ "id": kept })).await;
    assert_eq!(
        accepted["data"]["acceptSleepover"], "ACCEPTED",
        "{accepted}"
    );
    let manager = browser();
    sign_in(&app, &manager, MANAGER, seed::DEMO_PASSWORD).await;
    let families = graphql(
        &app,
        &manager,
        "query($id: ID!) { constellation(id: $id) { families { id carerHouseholdId } } }",
        json!({ "id": r.id }),
    )
    .await;
    let membership = families["data"]["constellation"]["families"]
        .as_array()
        .and_then(|f| {
            f.iter()
                .find(|f| f["carerHouseholdId"] == r.household.as_str())
        })
        .and_then(|f| f["id"].as_str())
        .unwrap_or_else(|| panic!("the demo foster carer's family: {families}"))
        .to_owned();
    let left = graphql(
        &app,
        &manager,
        "mutation($input: FamilyLeavingInput!) { recordFamilyLeaving(input: $input) }",
        json!({ "input": { "constellationId": r.id, "familyId": membership,
            "leftOn": day(&app, 0).to_string(), "reason": "Moved away" } }),
    )
    .await;
    assert_eq!(left["data"]["recordFamilyLeaving"], true, "{left}");
    let state = |id: String| {
        let app = &app;
        async move {
            sleepover::Entity::find_by_id(number(&id))
                .one(&app.ctx.db)
                .await
                .expect("read")
                .expect("the sleepover")
                .state
        }
    };
    assert_eq!(state(asked.clone()).await, "withdrawn");
    assert_eq!(state(kept).await, "cancelled_by_family");
    let late = graphql(&app, &r.hub, ACCEPT, json!({ "id": asked })).await;
    assert_eq!(error_codes(&late), ["CONFLICT"], "{late}");
    let seen = graphql(&app, &r.family, "{ constellations { id } }", json!({})).await;
    assert!(
        !seen.to_string().contains(&r.id),
        "they no longer see it: {seen}"
    );
}
