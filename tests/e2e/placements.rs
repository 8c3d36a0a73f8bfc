//! Children and their placements: one open placement per child, the terms
//! of approval checked under a lock (with exemptions), leaving refused
//! while a child lives there, and who may read a child, every staff read
//! logged.

use domain::audit::entity as access_log;
use domain::clock::london_day;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::browser::{browser, graphql, sign_in, sign_in_by_link};
use crate::carers::demo_person;
use crate::carers::north_east_carer_household;
use crate::harness::{TestApp, db_test, error_codes};

const MANAGER: &str = "fostering-team-manager.north-east@example.org";
/// The north east's child's social worker works for Hartlepool.
const HARTLEPOOL: &str = "E06000001";
const PLACE: &str = "mutation($input: PlaceChildInput!) { placeChild(input: $input) }";

/// The demo, its north east manager signed in, and the carer household
/// approved by the decision there, with its terms (2 children, 8 to 17,
/// teenagers and long-term).
async fn north_east(app: &TestApp) -> (reqwest::Client, String) {
    let manager = browser();
    sign_in(app, &manager, MANAGER, seed::DEMO_PASSWORD).await;
    let id = north_east_carer_household(app, &manager, "Peter and Ann Forster").await;
    (manager, id)
}

/// A placement of a ten-year-old, long-term, from today, by reference.
fn child(app: &TestApp, household: &str, reference: &str) -> Value {
    let today = london_day(app.ctx.clock.now());
    let born = today.with_year_minus(10);
    json!({ "input": {
        "carerHouseholdId": household, "firstName": "Amira", "familyInitial": "k",
        "dateOfBirth": born.to_string(), "placingAuthority": HARTLEPOOL,
        "placingReference": reference, "legalBasis": "CARE_ORDER",
        "socialWorkerName": "Jo Bright",
        "socialWorkerEmail": "childs-social-worker.north-east@example.org",
        "kind": "LONG_TERM", "startedOn": today.to_string() } })
}

trait YearsAgo {
    fn with_year_minus(self, years: u32) -> Self;
}

impl YearsAgo for chrono::NaiveDate {
    fn with_year_minus(self, years: u32) -> Self {
        self.checked_sub_months(chrono::Months::new(12 * years))
            .expect("a day")
    }
}

fn placed_child(answer: &Value) -> String {
    answer["data"]["placeChild"]
        .as_str()
        .unwrap_or_else(|| panic!("placed: {answer}"))
        .to_owned()
}

#[db_test(demo)]
async fn a_child_with_an_open_placement_cannot_be_placed_again(app: TestApp) {
    let (manager, household) = north_east(&app).await;
    let first = graphql(&app, &manager, PLACE, child(&app, &household, "HP-1")).await;
    let number: i32 = placed_child(&first)
        .trim_start_matches("Child:")
        .parse()
        .expect("an id");
    let again = graphql(&app, &manager, PLACE, child(&app, &household, "HP-1")).await;
    assert_eq!(error_codes(&again), ["CONFLICT"], "{again}");
    // The reference alone, with another child's details, is no way in.
    let mut other = child(&app, &household, "HP-1");
    other["input"]["firstName"] = json!("Sam");
    let guessed = graphql(&app, &manager, PLACE, other).await;
    assert_eq!(error_codes(&guessed), ["INVALID_INPUT"], "{guessed}");
    let open = domain::carers::entities::placement::Entity::find()
        .filter(domain::carers::entities::placement::Column::ChildId.eq(number))
        .filter(domain::carers::entities::placement::Column::EndedOn.is_null())
        .all(&app.ctx.db)
        .await
        .expect("read");
    assert_eq!(open.len(), 1, "one open placement for the child");
}

#[db_test(demo)]
async fn placements_beyond_the_terms_sent_at_once_are_refused_all_but_those_that_fit(app: TestApp) {
    let (manager, household) = north_east(&app).await;
    let tries = (0..8).map(|n| {
        let (app, manager) = (&app, &manager);
        let variables = child(app, &household, &format!("HP-{n}"));
        async move { graphql(app, manager, PLACE, variables).await }
    });
    let answers = futures_util::future::join_all(tries).await;
    let placed = answers.iter().filter(|a| a["errors"].is_null()).count();
    let refused: Vec<Vec<String>> = answers
        .iter()
        .filter(|a| !a["errors"].is_null())
        .map(error_codes)
        .collect();
    assert_eq!(placed, 2, "approved for two children: {answers:?}");
    assert!(
        refused.iter().all(|codes| codes == &["CONFLICT"]),
        "the rest conflict with the terms: {refused:?}"
    );

    // A manager's exemption lets a third come, and the placement says so.
    let today = london_day(app.ctx.clock.now());
    let exempt = graphql(
        &app,
        &manager,
        "mutation($input: ExemptionRecordInput!) { recordExemption(input: $input) }",
        json!({ "input": { "carerHouseholdId": household,
            "authorisedBy": "Sam Reed, Head of Service", "reason": "To keep siblings together",
            "until": today.succ_opt().expect("a day").to_string() } }),
    )
    .await;
    assert_eq!(exempt["data"]["recordExemption"], true, "{exempt}");
    placed_child(&graphql(&app, &manager, PLACE, child(&app, &household, "HP-100")).await);
    let record = graphql(
        &app,
        &manager,
        "query($id: ID!) { carerHousehold(id: $id) { placements { exempted } } }",
        json!({ "id": household }),
    )
    .await;
    let exempted: Vec<bool> = record["data"]["carerHousehold"]["placements"]
        .as_array()
        .map(|p| p.iter().map(|p| p["exempted"] == true).collect())
        .unwrap_or_default();
    assert_eq!(exempted.iter().filter(|e| **e).count(), 1, "{record}");
}

#[db_test(demo)]
async fn an_exemption_without_a_reason_is_refused(app: TestApp) {
    let (manager, household) = north_east(&app).await;
    let today = london_day(app.ctx.clock.now());
    let answer = graphql(
        &app,
        &manager,
        "mutation($input: ExemptionRecordInput!) { recordExemption(input: $input) }",
        json!({ "input": { "carerHouseholdId": household,
            "authorisedBy": "Sam Reed, Head of Service", "reason": "  ",
            "until": today.to_string() } }),
    )
    .await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"], "{answer}");
    assert_eq!(
        answer["errors"][0]["extensions"]["fields"][0]["path"],
        json!(["reason"])
    );
}

#[db_test(demo)]
async fn a_household_with_a_child_placed_cannot_leave_until_the_placement_ends(app: TestApp) {
    let (manager, household) = north_east(&app).await;
    placed_child(&graphql(&app, &manager, PLACE, child(&app, &household, "HP-7")).await);
    let today = london_day(app.ctx.clock.now()).to_string();
    let leave = "mutation($input: LeavingRecordInput!) { recordLeaving(input: $input) }";
    let leaving = json!({ "input": { "carerHouseholdId": household, "leftOn": today,
        "ending": "RETIRED", "reason": "HEALTH" } });
    let refused = graphql(&app, &manager, leave, leaving.clone()).await;
    assert_eq!(error_codes(&refused), ["CONFLICT"], "{refused}");

    let record = graphql(
        &app,
        &manager,
        "query($id: ID!) { carerHousehold(id: $id) { placements { id } } }",
        json!({ "id": household }),
    )
    .await;
    let placement = record["data"]["carerHousehold"]["placements"][0]["id"].clone();
    let ended = graphql(
        &app,
        &manager,
        "mutation($input: EndPlacementInput!) { endPlacement(input: $input) }",
        json!({ "input": { "placementId": placement, "endedOn": today,
            "ending": "UNPLANNED", "reason": "CARER_ASKED_FOR_MOVE" } }),
    )
    .await;
    assert_eq!(ended["data"]["endPlacement"], true, "{ended}");
    let left = graphql(&app, &manager, leave, leaving).await;
    assert_eq!(left["data"]["recordLeaving"], true, "{left}");
}

#[db_test(demo)]
async fn a_childs_social_worker_reads_their_child_and_one_of_another_authority_finds_nothing(
    app: TestApp,
) {
    let (manager, household) = north_east(&app).await;
    let child_id =
        placed_child(&graphql(&app, &manager, PLACE, child(&app, &household, "HP-9")).await);
    let read = "query($id: ID!) { child(id: $id) { name placements { household } } }";
    let theirs = browser();
    let email = "childs-social-worker.north-east@example.org";
    sign_in(&app, &theirs, email, seed::DEMO_PASSWORD).await;
    let seen = graphql(&app, &theirs, read, json!({ "id": child_id })).await;
    assert_eq!(seen["data"]["child"]["name"], "Amira K.", "{seen}");
    let ids = |answer: Value| -> Vec<Value> {
        answer["data"]["children"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let listed = ids(graphql(&app, &theirs, "{ children { id } }", json!({})).await);
    assert!(listed.contains(&json!({ "id": child_id })), "{listed:?}");

    let other = browser();
    let elsewhere = "childs-social-worker.south-london@example.org";
    sign_in(&app, &other, elsewhere, seed::DEMO_PASSWORD).await;
    let hidden = graphql(&app, &other, read, json!({ "id": child_id })).await;
    assert_eq!(error_codes(&hidden), ["NOT_FOUND"], "{hidden}");
    let others = ids(graphql(&app, &other, "{ children { id } }", json!({})).await);
    assert!(!others.contains(&json!({ "id": child_id })), "{others:?}");

    // Every staff read of the child is in the access log, by reader.
    let managers = graphql(&app, &manager, read, json!({ "id": child_id })).await;
    assert!(managers["errors"].is_null(), "{managers}");
    let number: i32 = child_id
        .trim_start_matches("Child:")
        .parse()
        .expect("an id");
    let readers: Vec<Option<i32>> = access_log::Entity::find()
        .filter(access_log::Column::Subject.eq("child"))
        .filter(access_log::Column::SubjectId.eq(number))
        .all(&app.ctx.db)
        .await
        .expect("the log")
        .into_iter()
        .map(|row| row.person_id)
        .collect();
    for reader in [MANAGER, email] {
        let id = demo_person(&app, reader).await;
        assert!(readers.contains(&Some(id)), "{reader}'s read: {readers:?}");
    }
    let other_id = demo_person(&app, elsewhere).await;
    assert!(
        !readers.contains(&Some(other_id)),
        "nothing read, nothing logged"
    );
}

#[db_test(demo)]
async fn a_carer_reads_the_children_living_with_them_and_never_another_households(app: TestApp) {
    let (manager, household) = north_east(&app).await;
    let theirs =
        placed_child(&graphql(&app, &manager, PLACE, child(&app, &household, "HP-3")).await);
    // The connected person's own grandchild, with them under temporary
    // approval.
    let connected = north_east_carer_household(&app, &manager, "Margaret Lowes").await;
    let mut grandchild = child(&app, &connected, "NORTH-EAST-00952");
    grandchild["input"]["kind"] = json!("CONNECTED_PERSON");
    grandchild["input"]["firstName"] = json!("Tyler");
    let not_theirs = placed_child(&graphql(&app, &manager, PLACE, grandchild).await);

    let carer = browser();
    sign_in_by_link(&app, &carer, "applicant5.north-east@example.org").await;
    let read = "query($id: ID!) { child(id: $id) { name } }";
    let own = graphql(&app, &carer, read, json!({ "id": theirs })).await;
    assert_eq!(own["data"]["child"]["name"], "Amira K.", "{own}");
    let other = graphql(&app, &carer, read, json!({ "id": not_theirs })).await;
    assert_eq!(error_codes(&other), ["NOT_FOUND"], "{other}");
}
