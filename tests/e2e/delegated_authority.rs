//! Delegated authority by default: an exception needs a reason and shows
//! at once in "Can I say yes?"; section 20 waits for the parent; a decision
//! logged under "tell the social worker" emails them, naming no child.

use domain::clock::london_day;
use serde_json::{Value, json};

use crate::browser::{browser, graphql, page, sign_in, sign_in_by_link};
use crate::carers::north_east_carer_household;
use crate::harness::{TestApp, db_test, error_codes};

const MANAGER: &str = "fostering-team-manager.north-east@example.org";
const CHILDS_SOCIAL_WORKER: &str = "childs-social-worker.north-east@example.org";
const AUTHORITY: &str = "query($id: ID!) { delegatedAuthority(childId: $id) { \
    decisions { key canSayYes conditions ask reason } changes { reason } viewerMayChange } }";
const EXCEPTION: &str =
    "mutation($input: DelegationExceptionInput!) { recordDelegationException(input: $input) }";

/// A child placed with the demo's approved household (whose carer is
/// `applicant5`), with the north east's child's social worker, who is
/// signed in; returns their browser and the child's id.
async fn placed(app: &TestApp, legal_basis: &str) -> (reqwest::Client, String) {
    let manager = browser();
    sign_in(app, &manager, MANAGER, seed::DEMO_PASSWORD).await;
    let household = north_east_carer_household(app, &manager, "Peter and Ann Forster").await;
    let today = london_day(app.ctx.clock.now());
    let born = today
        .checked_sub_months(chrono::Months::new(12 * 11))
        .expect("a day");
    let answer = graphql(
        app,
        &manager,
        "mutation($input: PlaceChildInput!) { placeChild(input: $input) }",
        json!({ "input": {
            "carerHouseholdId": household, "firstName": "Amira", "familyInitial": "K",
            "dateOfBirth": born.to_string(), "placingAuthority": "E06000001",
            "placingReference": "DA-1", "legalBasis": legal_basis,
            "socialWorkerName": "Jo Bright", "socialWorkerEmail": CHILDS_SOCIAL_WORKER,
            "kind": "LONG_TERM", "startedOn": today.to_string() } }),
    )
    .await;
    let child = answer["data"]["placeChild"]
        .as_str()
        .unwrap_or_else(|| panic!("placed: {answer}"))
        .to_owned();
    let worker = browser();
    sign_in(app, &worker, CHILDS_SOCIAL_WORKER, seed::DEMO_PASSWORD).await;
    (worker, child)
}

fn decision<'a>(authority: &'a Value, key: &str) -> &'a Value {
    authority["data"]["delegatedAuthority"]["decisions"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["key"] == key))
        .unwrap_or_else(|| panic!("{key}: {authority}"))
}

#[db_test(demo)]
async fn an_exception_without_a_reason_is_refused_and_changes_nothing(app: TestApp) {
    let (worker, child) = placed(&app, "CARE_ORDER").await;
    let before = graphql(&app, &worker, AUTHORITY, json!({ "id": child })).await;
    let answer = graphql(
        &app,
        &worker,
        EXCEPTION,
        json!({ "input": { "childId": child, "decision": "haircuts",
            "holder": "CHILDS_SOCIAL_WORKER", "reason": " " } }),
    )
    .await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"], "{answer}");
    assert_eq!(
        answer["errors"][0]["extensions"]["fields"][0]["path"],
        json!(["reason"])
    );
    let after = graphql(&app, &worker, AUTHORITY, json!({ "id": child })).await;
    assert_eq!(after, before, "nothing kept");
}

#[db_test(demo)]
async fn can_i_say_yes_shows_an_exception_to_the_carer_at_once(app: TestApp) {
    let (worker, child) = placed(&app, "CARE_ORDER").await;
    let carer = browser();
    sign_in_by_link(&app, &carer, "applicant5.north-east@example.org").await;
    let before = graphql(&app, &carer, AUTHORITY, json!({ "id": child })).await;
    assert_eq!(
        decision(&before, "sleepovers_with_friends")["canSayYes"],
        "YES",
        "{before}"
    );
    assert_eq!(
        before["data"]["delegatedAuthority"]["viewerMayChange"],
        false
    );

    let recorded = graphql(
        &app,
        &worker,
        EXCEPTION,
        json!({ "input": { "childId": child, "decision": "sleepovers_with_friends",
            "holder": "CHILDS_SOCIAL_WORKER",
            "reason": "A court order limits contact with one family in the area." } }),
    )
    .await;
    assert_eq!(
        recorded["data"]["recordDelegationException"], true,
        "{recorded}"
    );
    let after = graphql(&app, &carer, AUTHORITY, json!({ "id": child })).await;
    let sleepovers = decision(&after, "sleepovers_with_friends");
    assert_eq!(sleepovers["canSayYes"], "ASK_FIRST");
    assert_eq!(sleepovers["ask"], "CHILDS_SOCIAL_WORKER");
    assert_eq!(decision(&after, "haircuts")["canSayYes"], "YES");
    assert_eq!(
        (
            sleepovers["reason"].clone(),
            after["data"]["delegatedAuthority"]["changes"].clone()
        ),
        (Value::Null, json!([])),
        "the reasons and the history are for staff"
    );
    let not_theirs = graphql(
        &app,
        &carer,
        "mutation($input: LogDecisionInput!) { logDelegatedDecision(input: $input) }",
        json!({ "input": { "childId": child, "decision": "sleepovers_with_friends",
            "decidedOn": london_day(app.ctx.clock.now()).to_string(), "note": "At Jess's" } }),
    )
    .await;
    assert_eq!(error_codes(&not_theirs), ["INVALID_INPUT"], "{not_theirs}");

    let number = child.trim_start_matches("Child:");
    let (status, html) = page(
        &app,
        &carer,
        &format!("/children/{number}/can-i-say-yes?q=sleepover"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("Ask the child&#39;s social worker"), "{html}");
    assert!(!html.contains("Haircuts"), "the search keeps to sleepovers");
}

#[db_test(demo)]
async fn a_child_accommodated_under_section_20_waits_for_the_parents_agreement(app: TestApp) {
    let (worker, child) = placed(&app, "SECTION_20").await;
    let waiting = graphql(&app, &worker, AUTHORITY, json!({ "id": child })).await;
    assert_eq!(
        decision(&waiting, "haircuts")["canSayYes"],
        "ASK_FIRST",
        "{waiting}"
    );
    let today = london_day(app.ctx.clock.now()).to_string();
    let agreed = graphql(
        &app,
        &worker,
        "mutation($id: ID!, $on: NaiveDate!) { recordParentAgreement(childId: $id, agreedBy: \"Sara K., mother\", agreedOn: $on) }",
        json!({ "id": child, "on": today }),
    )
    .await;
    assert_eq!(agreed["data"]["recordParentAgreement"], true, "{agreed}");
    let after = graphql(&app, &worker, AUTHORITY, json!({ "id": child })).await;
    assert_eq!(decision(&after, "haircuts")["canSayYes"], "YES");
}

#[db_test(demo)]
async fn a_decision_the_conditions_say_to_tell_emails_the_social_worker_naming_no_child(
    app: TestApp,
) {
    let (worker, child) = placed(&app, "CARE_ORDER").await;
    let recorded = graphql(
        &app,
        &worker,
        EXCEPTION,
        json!({ "input": { "childId": child, "decision": "school_trips", "holder": "CARERS",
            "conditions": "Only trips the school runs", "tellSocialWorker": true,
            "reason": "Amira finds nights away hard; we want to hear how each goes." } }),
    )
    .await;
    assert_eq!(
        recorded["data"]["recordDelegationException"], true,
        "{recorded}"
    );
    let carer = browser();
    sign_in_by_link(&app, &carer, "applicant5.north-east@example.org").await;
    app.run_pending_jobs().await;
    let before = app.emails().len();
    let today = london_day(app.ctx.clock.now()).to_string();
    let logged = graphql(
        &app,
        &carer,
        "mutation($input: LogDecisionInput!) { logDelegatedDecision(input: $input) }",
        json!({ "input": { "childId": child, "decision": "school_trips", "decidedOn": today,
            "note": "Year 7 trip to York, two nights" } }),
    )
    .await;
    assert_eq!(logged["data"]["logDelegatedDecision"], true, "{logged}");
    app.run_pending_jobs().await;
    let emails = app.emails();
    assert_eq!(emails.len(), before + 1, "the social worker is told");
    let told = emails
        .iter()
        .find(|e| e.contains(&format!("To: {CHILDS_SOCIAL_WORKER}")))
        .expect("to the child's social worker");
    assert!(!told.contains("Amira") && !told.contains("York"), "{told}");
    assert!(told.contains("/decisions"), "a link to see it: {told}");

    // A decision with no such condition tells nobody.
    let quiet = graphql(
        &app,
        &carer,
        "mutation($input: LogDecisionInput!) { logDelegatedDecision(input: $input) }",
        json!({ "input": { "childId": child, "decision": "haircuts", "decidedOn": today,
            "note": "A trim" } }),
    )
    .await;
    assert_eq!(quiet["data"]["logDelegatedDecision"], true, "{quiet}");
    app.run_pending_jobs().await;
    assert_eq!(app.emails().len(), before + 1);
}

#[db_test(demo)]
async fn a_service_adds_and_takes_off_decisions_and_each_childs_list_follows(app: TestApp) {
    let (worker, child) = placed(&app, "CARE_ORDER").await;
    let manager = browser();
    sign_in(&app, &manager, MANAGER, seed::DEMO_PASSWORD).await;
    let organisation = graphql(
        &app,
        &manager,
        "query($id: ID!) { child(id: $id) { placements { carerHouseholdId } } }",
        json!({ "id": child }),
    )
    .await["data"]["child"]["placements"][0]["carerHouseholdId"]
        .as_str()
        .map(str::to_owned)
        .expect("a household");
    let organisation = graphql(
        &app,
        &manager,
        "query($id: ID!) { carerHousehold(id: $id) { household { organisationId } } }",
        json!({ "id": organisation }),
    )
    .await["data"]["carerHousehold"]["household"]["organisationId"]
        .as_str()
        .map(str::to_owned)
        .expect("an organisation");
    let added = graphql(
        &app,
        &manager,
        "mutation($o: ID!) { addDelegatedDecision(organisationId: $o, area: LEISURE, decision: \"Trips to the cinema\") }",
        json!({ "o": organisation }),
    )
    .await;
    let key = added["data"]["addDelegatedDecision"]
        .as_str()
        .unwrap_or_else(|| panic!("added: {added}"))
        .to_owned();
    let retired = graphql(
        &app,
        &manager,
        "mutation($o: ID!) { setDelegatedDecisionRetired(organisationId: $o, key: \"haircuts\", retired: true) }",
        json!({ "o": organisation }),
    )
    .await;
    assert_eq!(
        retired["data"]["setDelegatedDecisionRetired"], true,
        "{retired}"
    );
    let by_worker = graphql(
        &app,
        &worker,
        "mutation($o: ID!) { setDelegatedDecisionRetired(organisationId: $o, key: \"medicine\", retired: true) }",
        json!({ "o": organisation }),
    )
    .await;
    assert_eq!(
        error_codes(&by_worker),
        ["FORBIDDEN"],
        "only its managers keep the list"
    );

    let after = graphql(&app, &worker, AUTHORITY, json!({ "id": child })).await;
    let keys: Vec<&str> = after["data"]["delegatedAuthority"]["decisions"]
        .as_array()
        .map(|d| d.iter().filter_map(|d| d["key"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        keys.contains(&key.as_str()) && !keys.contains(&"haircuts"),
        "{keys:?}"
    );
    assert_eq!(decision(&after, &key)["canSayYes"], "YES");
}
