//! A carer household's annual reviews and its leaving: recorded by page
//! and by GraphQL, refused when wrong with nothing changed, and read back
//! in its record and history.

use chrono::Months;
use domain::clock::london_day;
use serde_json::{Value, json};

use crate::browser::{browser, graphql, page, sign_in, submit};
use crate::carers::north_east_carer_household;
use crate::harness::{TestApp, db_test, error_codes};

const MANAGER: &str = "fostering-team-manager.north-east@example.org";
const RECORD: &str = "query($id: ID!) { carerHousehold(id: $id) { \
    household { approvedOn reviewDueOn leftOn terms { children ageFrom ageTo kinds } } \
    reviews { reviewedOn outcome note } history { what detail } \
    leaving { ending reason } viewerMayReview viewerMayRecordLeaving } }";

/// The demo, a browser signed in as `email`, and the id of the first
/// north east carer household approved by the decision.
async fn signed_in_with_a_carer_household(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let manager = browser();
    sign_in(app, &manager, MANAGER, seed::DEMO_PASSWORD).await;
    let id = north_east_carer_household(app, &manager, "Peter and Ann Forster").await;
    if email == MANAGER {
        return (manager, id);
    }
    let other = browser();
    sign_in(app, &other, email, seed::DEMO_PASSWORD).await;
    (other, id)
}

fn number(id: &str) -> &str {
    id.trim_start_matches("CarerHousehold:")
}

async fn record(app: &TestApp, browser: &reqwest::Client, id: &str) -> Value {
    let answer = graphql(app, browser, RECORD, json!({ "id": id })).await;
    assert!(answer["errors"].is_null(), "{answer}");
    answer["data"]["carerHousehold"].clone()
}

#[db_test(demo)]
async fn an_annual_review_puts_the_next_a_year_after_it_and_is_in_the_history(app: TestApp) {
    let (manager, id) = signed_in_with_a_carer_household(&app, MANAGER).await;
    let today = london_day(app.ctx.clock.now());
    let path = format!("/carers/{}/annual-review", number(&id));
    let day = today.format("%-d").to_string();
    let month = today.format("%-m").to_string();
    let year = today.format("%Y").to_string();
    let sent = submit(
        &app,
        &manager,
        &path,
        &path,
        &[
            ("reviewed_on", &day),
            ("reviewed_on-month", &month),
            ("reviewed_on-year", &year),
            ("outcome", "referred_to_panel"),
            (
                "note",
                "The first review goes to the panel, as the regulations ask.",
            ),
        ],
    )
    .await;
    assert_eq!(sent.status().as_u16(), 303);
    let after = record(&app, &manager, &id).await;
    let due = today.checked_add_months(Months::new(12)).expect("a day");
    assert_eq!(after["household"]["reviewDueOn"], json!(due.to_string()));
    assert_eq!(after["reviews"][0]["outcome"], "REFERRED_TO_PANEL");
    assert!(
        after["history"]
            .as_array()
            .is_some_and(|h| h.iter().any(|l| l["what"] == "Annual review recorded"
                && l["detail"] == "Referred to the fostering panel")),
        "{after}"
    );
    let (status, shown) = page(&app, &manager, &format!("/carers/{}", number(&id))).await;
    assert_eq!(status, 200);
    assert!(
        shown.contains("The first review goes to the panel"),
        "{shown}"
    );
}

#[db_test(demo)]
async fn a_review_that_changes_the_terms_gives_them_and_one_without_them_changes_nothing(
    app: TestApp,
) {
    let (manager, id) = signed_in_with_a_carer_household(&app, MANAGER).await;
    let before = record(&app, &manager, &id).await;
    let review = "mutation($input: AnnualReviewInput!) { recordAnnualReview(input: $input) { \
        household { terms { children ageFrom ageTo kinds } } } }";
    let today = london_day(app.ctx.clock.now()).to_string();
    let without = graphql(
        &app,
        &manager,
        review,
        json!({ "input": { "carerHouseholdId": id, "reviewedOn": today,
            "outcome": "TERMS_CHANGED", "note": "Ready for a third child." } }),
    )
    .await;
    assert_eq!(error_codes(&without), ["INVALID_INPUT"], "{without}");
    assert_eq!(
        without["errors"][0]["extensions"]["fields"][0]["path"],
        json!(["children"])
    );
    assert_eq!(record(&app, &manager, &id).await, before, "nothing kept");

    let with = graphql(
        &app,
        &manager,
        review,
        json!({ "input": { "carerHouseholdId": id, "reviewedOn": today,
            "outcome": "TERMS_CHANGED", "note": "Ready for a third child.",
            "terms": { "children": 3, "ageFrom": 5, "ageTo": 17, "kinds": ["long_term"] } } }),
    )
    .await;
    assert_eq!(
        with["data"]["recordAnnualReview"]["household"]["terms"],
        json!({ "children": 3, "ageFrom": 5, "ageTo": 17, "kinds": ["long_term"] }),
        "{with}"
    );
}

#[db_test(demo)]
async fn a_review_dated_tomorrow_is_shown_again_with_an_error_summary(app: TestApp) {
    let (manager, id) = signed_in_with_a_carer_household(&app, MANAGER).await;
    let tomorrow = london_day(app.ctx.clock.now()).succ_opt().expect("a day");
    let path = format!("/carers/{}/annual-review", number(&id));
    let sent = submit(
        &app,
        &manager,
        &path,
        &path,
        &[
            ("reviewed_on", &tomorrow.format("%-d").to_string()),
            ("reviewed_on-month", &tomorrow.format("%-m").to_string()),
            ("reviewed_on-year", &tomorrow.format("%Y").to_string()),
            ("outcome", "continue"),
            ("note", "All well."),
        ],
    )
    .await;
    assert_eq!(sent.status().as_u16(), 400);
    let body = sent.text().await.expect("a page");
    assert!(body.contains("govuk-error-summary"), "{body}");
    assert!(body.contains("must be today or in the past"), "{body}");
    assert_eq!(record(&app, &manager, &id).await["reviews"], json!([]));
}

#[db_test(demo)]
async fn a_supervising_social_worker_not_given_the_household_does_not_find_it(app: TestApp) {
    let (worker, id) = signed_in_with_a_carer_household(
        &app,
        "supervising-social-worker.south-london@example.org",
    )
    .await;
    let answer = graphql(&app, &worker, RECORD, json!({ "id": id })).await;
    assert_eq!(error_codes(&answer), ["NOT_FOUND"], "{answer}");
    let (status, _) = page(&app, &worker, &format!("/carers/{}", number(&id))).await;
    assert_eq!(status, 404);
}

#[db_test(demo)]
async fn a_household_that_leaves_for_a_reason_the_service_added_is_listed_apart_with_it(
    app: TestApp,
) {
    let (manager, id) = signed_in_with_a_carer_household(&app, MANAGER).await;
    let organisation = graphql(
        &app,
        &manager,
        "query($id: ID!) { carerHousehold(id: $id) { household { organisationId } } }",
        json!({ "id": id }),
    )
    .await["data"]["carerHousehold"]["household"]["organisationId"]
        .as_str()
        .expect("an organisation")
        .to_owned();
    let reasons = format!(
        "/carers/services/{}/leaving-reasons",
        organisation.trim_start_matches("Organisation:")
    );
    let added = submit(
        &app,
        &manager,
        &reasons,
        &reasons,
        &[("label", "Moved abroad")],
    )
    .await;
    assert_eq!(added.status().as_u16(), 303);
    let listed = graphql(
        &app,
        &manager,
        "query($o: ID!) { leavingReasons(organisationId: $o) { addedId label } }",
        json!({ "o": organisation }),
    )
    .await;
    let reason = listed["data"]["leavingReasons"]
        .as_array()
        .and_then(|all| all.iter().find(|r| r["label"] == "Moved abroad"))
        .and_then(|r| r["addedId"].as_str())
        .unwrap_or_else(|| panic!("the added reason: {listed}"))
        .to_owned();
    let today = london_day(app.ctx.clock.now()).to_string();
    let left = graphql(
        &app,
        &manager,
        "mutation($input: LeavingRecordInput!) { recordLeaving(input: $input) }",
        json!({ "input": { "carerHouseholdId": id, "leftOn": today,
            "ending": "RESIGNED", "addedReasonId": reason } }),
    )
    .await;
    assert_eq!(left["data"]["recordLeaving"], true, "{left}");

    let after = record(&app, &manager, &id).await;
    assert_eq!(
        after["leaving"],
        json!({ "ending": "Resigned", "reason": "Moved abroad" })
    );
    assert_eq!(after["viewerMayReview"], false);
    let ids = |answer: Value| -> Vec<String> {
        answer["data"]["carerHouseholds"]["nodes"]
            .as_array()
            .map(|n| {
                n.iter()
                    .filter_map(|n| n["id"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let list =
        "query($left: Boolean!) { carerHouseholds(first: 100, left: $left) { nodes { id } } }";
    let now = ids(graphql(&app, &manager, list, json!({ "left": false })).await);
    let gone = ids(graphql(&app, &manager, list, json!({ "left": true })).await);
    assert!(!now.contains(&id) && gone.contains(&id), "{now:?} {gone:?}");

    let review = graphql(
        &app,
        &manager,
        "mutation($input: AnnualReviewInput!) { recordAnnualReview(input: $input) { viewerMayReview } }",
        json!({ "input": { "carerHouseholdId": id, "reviewedOn": today,
            "outcome": "CONTINUE", "note": "After leaving." } }),
    )
    .await;
    assert_eq!(error_codes(&review), ["CONFLICT"], "{review}");
}
