//! Staff search for households: `/search` and `searchHouseholds`, on the
//! embedded index and on Meilisearch (`#[db_test(search)]`).

use domain::recruitment::closure_reasons::ReasonChoice;
use domain::recruitment::contact::ClosureReason;
use serde_json::{Value, json};

use crate::browser::{browser, graphql, page, sign_in};
use crate::factories::{PASSWORD, rcc_over, staff};
use crate::harness::{TestApp, db_test, error_codes};

const SEARCH: &str = "query($q: String!, $filters: HouseholdSearchFilters) { \
    searchHouseholds(query: $q, filters: $filters, first: 20) { totalCount \
    edges { node { householdId name stage closed organisationName \
    matched { field pieces { text matched } } } } } }";

async fn enquiry(app: &TestApp, name: &str, email: &str, phone: &str, postcode: &str) -> i32 {
    use domain::recruitment::NewEnquiry;
    use domain::recruitment::interest::CallTime;
    let input = NewEnquiry {
        name: name.into(),
        email: email.into(),
        phone: phone.into(),
        postcode: postcode.into(),
        best_time_to_call: Some(CallTime::Evening),
        consent_to_contact: true,
        ..NewEnquiry::default()
    };
    domain::recruitment::register_interest(&app.ctx, &domain::Actor::Anonymous, &input, email)
        .await
        .expect("registered")
        .household_id
        .expect("a household")
}

/// Two cooperatives, each with a Hussain household and an officer signed
/// in: (north's officer, south's officer, north's household, south's).
async fn two_services(app: &TestApp) -> (reqwest::Client, reqwest::Client, i32, i32) {
    use domain::accounts::Role;
    let north = rcc_over(app, "North East Cooperative", &["E06000001"]).await;
    let south = rcc_over(app, "South West Cooperative", &["E06000066"]).await;
    staff(
        app,
        "officer@north.example.org",
        &[(north, Role::RecruitmentOfficer)],
    )
    .await;
    staff(
        app,
        "officer@south.example.org",
        &[(south, Role::RecruitmentOfficer)],
    )
    .await;
    let ours = enquiry(
        app,
        "Imran Hussain",
        "imran@example.org",
        "07700 900 982",
        "TS24 7AB",
    )
    .await;
    let theirs = enquiry(
        app,
        "Aisha Hussain",
        "aisha@example.org",
        "07700 900 111",
        "TA1 1AA",
    )
    .await;
    app.run_pending_jobs().await;
    let north_officer = browser();
    sign_in(app, &north_officer, "officer@north.example.org", PASSWORD).await;
    let south_officer = browser();
    sign_in(app, &south_officer, "officer@south.example.org", PASSWORD).await;
    (north_officer, south_officer, ours, theirs)
}

fn found_ids(answer: &Value) -> Vec<String> {
    answer["data"]["searchHouseholds"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("results: {answer}"))
        .iter()
        .filter_map(|edge| edge["node"]["householdId"].as_str().map(str::to_owned))
        .collect()
}

fn household(id: i32) -> String {
    format!("Household:{id}")
}

#[db_test(search)]
async fn the_same_surname_in_two_services_is_found_only_by_each_services_own_staff(app: TestApp) {
    let (north, south, ours, theirs) = two_services(&app).await;
    let answer = graphql(&app, &north, SEARCH, json!({ "q": "Hussain" })).await;
    assert_eq!(found_ids(&answer), [household(ours)], "{answer}");
    let answer = graphql(&app, &south, SEARCH, json!({ "q": "Hussain" })).await;
    assert_eq!(found_ids(&answer), [household(theirs)], "{answer}");
    let (status, html) = page(&app, &north, "/search?q=Hussain").await;
    assert_eq!(status, 200);
    assert!(html.contains("Imran"), "{html}");
    assert!(!html.contains("Aisha"), "never another service's household");
    assert!(html.contains(&format!("/enquiries/{ours}")));
    assert!(!html.contains(&format!("/enquiries/{theirs}")));
}

#[db_test(search)]
async fn typos_the_start_of_a_word_a_telephone_number_and_a_postcode_all_find_the_household(
    app: TestApp,
) {
    let (north, _, ours, _) = two_services(&app).await;
    for words in [
        "Imarn Husain",
        "Imran Huss",
        "+44 7700 900982",
        "07700-900-982",
        "TS24 7AB",
        "ts247ab",
        "imran@example.org",
    ] {
        let answer = graphql(&app, &north, SEARCH, json!({ "q": words })).await;
        assert_eq!(found_ids(&answer), [household(ours)], "{words}: {answer}");
    }
    let answer = graphql(&app, &north, SEARCH, json!({ "q": &ours.to_string() })).await;
    assert!(
        found_ids(&answer).contains(&household(ours)),
        "by its number: {answer}"
    );
    let answer = graphql(&app, &north, SEARCH, json!({ "q": "Imarn" })).await;
    let matched = &answer["data"]["searchHouseholds"]["edges"][0]["node"]["matched"][0];
    assert_eq!(matched["field"], "Name");
    assert_eq!(
        matched["pieces"][0],
        json!({ "text": "Imran", "matched": true })
    );
}

#[db_test(search)]
async fn a_closed_household_is_found_marked_closed_and_listed_after_open_ones(app: TestApp) {
    let (north, _, ours, _) = two_services(&app).await;
    let officer = domain::accounts::find_person(
        &app.ctx,
        &domain::Actor::System,
        "officer@north.example.org",
    )
    .await
    .expect("read")
    .expect("the officer");
    let actor = crate::factories::signed_in(&app, officer).await;
    let withdraw = domain::recruitment::HouseholdMove::Withdraw {
        reason: Some(ReasonChoice::Standard(ClosureReason::FamilyCircumstances)),
        detail: String::new(),
    };
    domain::recruitment::move_household(&app.ctx, &actor, ours, &withdraw)
        .await
        .expect("closed");
    // Open, and matching less well (a typo away), yet listed first.
    let open = enquiry(
        &app,
        "Imran Husain",
        "imran.h@example.org",
        "07700 900 444",
        "TS24 7AB",
    )
    .await;
    app.run_pending_jobs().await;
    let answer = graphql(&app, &north, SEARCH, json!({ "q": "Imran Hussain" })).await;
    assert_eq!(
        found_ids(&answer),
        [household(open), household(ours)],
        "{answer}"
    );
    let node = &answer["data"]["searchHouseholds"]["edges"][1]["node"];
    assert_eq!(node["closed"], true, "{answer}");
    let (_, html) = page(&app, &north, "/search?q=Hussain").await;
    assert!(html.contains("Closed"), "{html}");
}

#[db_test(search)]
async fn an_empty_search_and_one_finding_nothing_say_so(app: TestApp) {
    let (north, _, _, _) = two_services(&app).await;
    let (status, html) = page(&app, &north, "/search?q=").await;
    assert_eq!(status, 400);
    assert!(html.contains("govuk-error-summary"), "{html}");
    assert!(
        html.contains(
            "Enter a name, email address, telephone number, postcode or household number"
        )
    );
    let (status, html) = page(&app, &north, "/search?q=Zebedee").await;
    assert_eq!(status, 200);
    assert!(html.contains("0 households found"), "{html}");
    assert!(html.contains("No household in your services matches that"));
    let answer = graphql(&app, &north, SEARCH, json!({ "q": "" })).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"], "{answer}");
}

#[db_test]
async fn only_staff_who_work_enquiries_have_the_box_or_may_search(app: TestApp) {
    let (north, _, _, _) = two_services(&app).await;
    let (_, html) = page(&app, &north, "/account").await;
    assert!(
        html.contains("action=\"/search\""),
        "the box on a staff page"
    );
    let public = browser();
    let (_, html) = page(&app, &public, "/").await;
    assert!(
        !html.contains("action=\"/search\""),
        "no box for the public"
    );
    let answer = graphql(&app, &public, SEARCH, json!({ "q": "Hussain" })).await;
    assert_eq!(error_codes(&answer), ["UNAUTHENTICATED"], "{answer}");
}

#[db_test]
async fn a_search_is_in_the_access_log_without_its_words(app: TestApp) {
    use sea_orm::EntityTrait;
    let (north, _, _, _) = two_services(&app).await;
    graphql(&app, &north, SEARCH, json!({ "q": "Hussain" })).await;
    let logged = domain::audit::entity::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("the log");
    let searches: Vec<_> = logged
        .iter()
        .filter(|row| row.subject == "household_search")
        .collect();
    assert_eq!(searches.len(), 1, "{logged:?}");
    assert!(!format!("{logged:?}").contains("Hussain"));
}

#[db_test(search)]
async fn no_document_holds_special_category_data(app: TestApp) {
    let (_, _, ours, _) = two_services(&app).await;
    let documents = app
        .search
        .documents(&domain::search::households::HOUSEHOLDS, &[ours.to_string()])
        .await
        .expect("the documents");
    assert_eq!(documents.len(), 1);
    let mut fields: Vec<&str> = documents[0]
        .text
        .keys()
        .chain(documents[0].keywords.keys())
        .chain(documents[0].numbers.keys())
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    // What finds and narrows a household, and nothing else: no health,
    // equality or criminal records answers, nothing about children.
    assert_eq!(
        fields,
        [
            "due",
            "emails",
            "names",
            "number",
            "organisation",
            "phones",
            "postcode",
            "stage",
            "status"
        ]
    );
}

/// While the search server cannot be reached, the search page says so
/// (503, not 500) and leads to the lists that still work; the indexing job
/// fails, to be retried, and the changes wait in the database.
async fn while_search_is_down(db: crate::harness::Db) {
    let port = crate::harness::free_port();
    let down = search::MeilisearchIndex::new(&format!("http://127.0.0.1:{port}"), None, "down_")
        .expect("a client");
    let options = crate::harness::AppOptions {
        search: Some(std::sync::Arc::new(down)),
        ..crate::harness::AppOptions::default()
    };
    let app = crate::harness::spawn_app_with(db, options).await;
    let (north, _, _, _) = two_services(&app).await;
    let (status, html) = page(&app, &north, "/search?q=Hussain").await;
    assert_eq!(status, 503);
    assert!(
        html.contains("search is not available at the moment"),
        "{html}"
    );
    assert!(html.contains("href=\"/enquiries\""), "{html}");
    let (status, _) = page(&app, &north, "/enquiries").await;
    assert_eq!(status, 200, "the queue still opens");
    let answer = graphql(&app, &north, SEARCH, json!({ "q": "Hussain" })).await;
    assert_eq!(error_codes(&answer), ["UNAVAILABLE"], "{answer}");
    assert!(
        indexing_retries_waiting(&app).await >= 1,
        "the indexing job waits to be retried"
    );
    assert_eq!(
        changes_not_indexed(&app).await,
        2,
        "both enquiries wait to be indexed"
    );
}

/// Indexing jobs that failed and wait to be tried again.
async fn indexing_retries_waiting(app: &TestApp) -> u64 {
    use domain::jobs::entity::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    Entity::find()
        .filter(Column::Kind.eq("update_search_index"))
        .filter(Column::State.eq("available"))
        .filter(Column::Attempt.gte(1))
        .count(&app.ctx.db)
        .await
        .expect("the queue")
}

async fn changes_not_indexed(app: &TestApp) -> u64 {
    use domain::search::entities::search_change::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    Entity::find()
        .filter(Column::IndexedAt.is_null())
        .count(&app.ctx.db)
        .await
        .expect("the notes")
}

#[tokio::test]
async fn while_search_is_down_the_page_says_so_and_indexing_waits_on_sqlite() {
    while_search_is_down(crate::harness::Db::Sqlite).await;
}

#[tokio::test]
async fn while_search_is_down_the_page_says_so_and_indexing_waits_on_postgres() {
    while_search_is_down(crate::harness::Db::Postgres).await;
}

/// Meilisearch stopped mid-run and started again: while it is down the
/// search page says so and a change made meanwhile waits; once it is back,
/// the retried indexing job indexes the change and search finds it. The
/// server is the test's own (never the shared one), so this needs a
/// Meilisearch binary even where `HEARTH_TEST_MEILISEARCH_URL` is set.
async fn search_comes_back_with_meilisearch(db: crate::harness::Db) {
    let repository = crate::harness::repository_root();
    let Some(mut server) = search::testing::own_meilisearch(repository).await else {
        return;
    };
    let at = search::IndexAt::Meilisearch {
        url: server.url.clone(),
        key: Some(server.key.clone()),
        prefix: "outage_".into(),
    };
    let index = search::open(&at, &domain::search::indexing::SCHEMAS)
        .await
        .expect("Meilisearch takes the indexes");
    let options = crate::harness::AppOptions {
        search: Some(index),
        ..crate::harness::AppOptions::default()
    };
    let app = crate::harness::spawn_app_with(db, options).await;
    let (north, _, ours, _) = two_services(&app).await;
    let answer = graphql(&app, &north, SEARCH, json!({ "q": "Hussain" })).await;
    assert_eq!(found_ids(&answer), [household(ours)]);

    server.stop();
    let (status, _) = page(&app, &north, "/search?q=Hussain").await;
    assert_eq!(status, 503);
    let meanwhile = enquiry(
        &app,
        "Zainab Hussain",
        "zainab@example.org",
        "07700 900 333",
        "TS24 7AB",
    )
    .await;
    app.run_pending_jobs().await;
    assert!(indexing_retries_waiting(&app).await >= 1);
    assert_eq!(changes_not_indexed(&app).await, 1);

    server.restart().await;
    app.advance(workers::longest_delay_after(1));
    app.run_pending_jobs().await;
    assert_eq!(changes_not_indexed(&app).await, 0);
    let answer = graphql(&app, &north, SEARCH, json!({ "q": "Hussain" })).await;
    let mut found = found_ids(&answer);
    found.sort();
    let mut expected = [household(ours), household(meanwhile)];
    expected.sort();
    assert_eq!(found, expected, "{answer}");
}

#[tokio::test]
async fn search_comes_back_with_meilisearch_after_it_stops_on_sqlite() {
    search_comes_back_with_meilisearch(crate::harness::Db::Sqlite).await;
}

#[tokio::test]
async fn search_comes_back_with_meilisearch_after_it_stops_on_postgres() {
    search_comes_back_with_meilisearch(crate::harness::Db::Postgres).await;
}
