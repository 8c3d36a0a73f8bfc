use domain::geography::entities::local_authority;
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::{Value, json};

use crate::harness::{AppOptions, Db, TestApp, db_test, error_codes, spawn_app_with};

const PAGE: &str = r#"
query Page($first: Int, $after: String, $last: Int, $before: String, $region: String) {
  localAuthorities(first: $first, after: $after, last: $last, before: $before, region: $region) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { gssCode name region { gssCode } } }
  }
}"#;

fn names(answer: &Value) -> Vec<String> {
    answer["data"]["localAuthorities"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[db_test]
async fn the_viewer_is_null_when_signed_out(app: TestApp) {
    let answer = app.graphql("{ viewer { id } }", json!({})).await;
    assert_eq!(answer, json!({ "data": { "viewer": null } }));
}

/// Every authority's name in the order the database sorts them (its
/// collation decides, so the API must agree with it, not with Rust's sort).
async fn names_in_database_order(app: &TestApp) -> Vec<String> {
    local_authority::Entity::find()
        .order_by_asc(local_authority::Column::Name)
        .order_by_asc(local_authority::Column::Id)
        .all(&app.ctx.db)
        .await
        .expect("the authorities")
        .into_iter()
        .map(|la| la.name)
        .collect()
}

#[db_test]
async fn paging_forward_visits_every_authority_once_in_name_order(app: TestApp) {
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let answer = app
            .graphql(PAGE, json!({ "first": 40, "after": after }))
            .await;
        assert_eq!(
            answer["data"]["localAuthorities"]["totalCount"], 153,
            "{answer}"
        );
        seen.extend(names(&answer));
        let info = &answer["data"]["localAuthorities"]["pageInfo"];
        if info["hasNextPage"] == false {
            break;
        }
        after = info["endCursor"].clone();
    }
    assert_eq!(seen, names_in_database_order(&app).await);
}

#[db_test]
async fn paging_backward_from_a_later_page_returns_the_page_before(app: TestApp) {
    let all = names_in_database_order(&app).await;
    let mut start = Value::Null;
    for _ in 0..2 {
        let page = app
            .graphql(PAGE, json!({ "first": 10, "after": start }))
            .await;
        start = page["data"]["localAuthorities"]["pageInfo"]["endCursor"].clone();
    }
    let third = app
        .graphql(PAGE, json!({ "first": 10, "after": start }))
        .await;
    let back = app
        .graphql(
            PAGE,
            json!({
                "last": 10,
                "before": third["data"]["localAuthorities"]["pageInfo"]["startCursor"],
            }),
        )
        .await;
    assert_eq!(names(&back), all[10..20]);
    assert_eq!(
        back["data"]["localAuthorities"]["pageInfo"]["hasPreviousPage"],
        true
    );
    assert_eq!(
        back["data"]["localAuthorities"]["pageInfo"]["hasNextPage"],
        true
    );
}

#[db_test]
async fn the_last_page_is_the_end_of_the_list(app: TestApp) {
    let all = names_in_database_order(&app).await;
    let last = app.graphql(PAGE, json!({ "last": 10 })).await;
    assert_eq!(names(&last), all[all.len() - 10..]);
    assert_eq!(
        last["data"]["localAuthorities"]["pageInfo"]["hasPreviousPage"],
        true
    );
    assert_eq!(
        last["data"]["localAuthorities"]["pageInfo"]["hasNextPage"],
        false
    );
}

#[db_test]
async fn filtering_by_region_counts_each_authority_in_its_region(app: TestApp) {
    let regions = app.graphql("{ regions { gssCode name } }", json!({})).await;
    let regions = regions["data"]["regions"]
        .as_array()
        .expect("regions")
        .clone();
    assert_eq!(regions.len(), 9);
    let mut total = 0;
    for region in &regions {
        let answer = app
            .graphql(PAGE, json!({ "first": 100, "region": region["gssCode"] }))
            .await;
        for edge in answer["data"]["localAuthorities"]["edges"]
            .as_array()
            .expect("edges")
        {
            assert_eq!(edge["node"]["region"]["gssCode"], region["gssCode"]);
        }
        total += answer["data"]["localAuthorities"]["totalCount"]
            .as_u64()
            .expect("a count");
    }
    assert_eq!(total, 153);
}

#[db_test]
async fn an_authority_is_found_by_its_former_code(app: TestApp) {
    let query =
        "query($code: String!) { localAuthority(gssCode: $code) { name gssCode formerGssCodes } }";
    let barnsley = app.graphql(query, json!({ "code": "E08000016" })).await;
    assert_eq!(barnsley["data"]["localAuthority"]["name"], "Barnsley");
    assert_eq!(
        barnsley["data"]["localAuthority"]["formerGssCodes"],
        json!(["E08000016"])
    );
    let nobody = app.graphql(query, json!({ "code": "E06999999" })).await;
    assert_eq!(nobody, json!({ "data": { "localAuthority": null } }));
}

#[db_test]
async fn a_malformed_code_is_invalid_input_naming_the_argument(app: TestApp) {
    let answer = app
        .graphql(r#"{ localAuthority(gssCode: "Kent") { name } }"#, json!({}))
        .await;
    let error = &answer["errors"][0];
    assert_eq!(error["extensions"]["code"], "INVALID_INPUT");
    assert_eq!(error["extensions"]["fields"][0]["path"], json!(["gssCode"]));
}

#[db_test]
async fn a_page_too_large_is_invalid_input_naming_first(app: TestApp) {
    let answer = app.graphql(PAGE, json!({ "first": 101 })).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
    assert_eq!(
        answer["errors"][0]["extensions"]["fields"][0]["path"],
        json!(["first"])
    );
}

#[db_test]
async fn a_query_the_schema_does_not_have_is_invalid_input(app: TestApp) {
    let answer = app.graphql("{ fosterCarers { name } }", json!({})).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
}

#[db_test]
async fn a_query_nested_too_deep_is_refused(app: TestApp) {
    let nested = (0..api::MAX_DEPTH).fold("name".to_owned(), |inner, _| {
        format!("ofType {{ {inner} }}")
    });
    let deep = format!("{{ __schema {{ types {{ fields {{ type {{ {nested} }} }} }} }} }}");
    let answer = app.graphql(&deep, json!({})).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .expect("a message")
            .contains("nested too deep")
    );
}

#[db_test]
async fn the_standard_introspection_query_is_answered(app: TestApp) {
    // GraphiQL and code generators nest `ofType` nine deep under `args`.
    let type_ref = (0..9).fold("kind name".to_owned(), |inner, _| {
        format!("kind name ofType {{ {inner} }}")
    });
    let query = format!(
        "{{ __schema {{ types {{ name fields {{ name args {{ name \
            type {{ {type_ref} }} }} }} }} }} }}"
    );
    let answer = app.graphql(&query, json!({})).await;
    assert!(answer.get("errors").is_none(), "{answer}");
    assert!(
        answer["data"]["__schema"]["types"]
            .as_array()
            .is_some_and(|t| !t.is_empty())
    );
}

#[db_test]
async fn a_query_asking_too_much_is_refused(app: TestApp) {
    let wide: String = (0..10)
        .map(|i| {
            format!(
                "a{i}: localAuthorities(first: 100) {{ edges {{ node {{ name \
            gssCode region {{ name }} }} }} }} "
            )
        })
        .collect();
    let answer = app.graphql(&format!("{{ {wide} }}"), json!({})).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .expect("a message")
            .contains("too complex")
    );
}

#[db_test]
async fn a_batch_over_the_cap_is_refused_whole(app: TestApp) {
    let batch: Vec<Value> = (0..=api::MAX_OPERATIONS_PER_REQUEST)
        .map(|_| json!({ "query": "{ viewer { id } }" }))
        .collect();
    let answer = app.post_graphql(Value::Array(batch)).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
    let allowed: Vec<Value> = (0..api::MAX_OPERATIONS_PER_REQUEST)
        .map(|_| json!({ "query": "{ viewer { id } }" }))
        .collect();
    let answers = app.post_graphql(Value::Array(allowed)).await;
    assert_eq!(
        answers.as_array().map(Vec::len),
        Some(api::MAX_OPERATIONS_PER_REQUEST)
    );
}

#[db_test]
async fn an_internal_error_hides_its_details(app: TestApp) {
    app.lose_the_database().await;
    let answer = app.graphql(PAGE, json!({})).await;
    assert_eq!(error_codes(&answer), ["INTERNAL"]);
    assert_eq!(
        answer["errors"][0]["message"],
        "Something went wrong. Try again later."
    );
}

#[db_test]
async fn a_request_that_is_not_json_is_refused(app: TestApp) {
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "text/plain")
        .body(r#"{"query":"{ viewer { id } }"}"#)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 400);
    let answer: Value = response.json().await.expect("JSON");
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
}

#[db_test]
async fn graphiql_is_not_served_unless_enabled(app: TestApp) {
    let (status, _) = app.get_page("/graphql").await;
    assert_eq!(status.as_u16(), 404);
}

#[db_test]
async fn a_request_too_large_is_refused_with_a_code(app: TestApp) {
    let padding = "x".repeat(70 * 1024);
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ viewer { id } }", "variables": { "padding": padding } }))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 413);
    let answer: Value = response.json().await.expect("JSON");
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
}

#[tokio::test]
async fn graphiql_is_served_when_enabled() {
    let app = spawn_app_with(
        Db::Sqlite,
        AppOptions {
            graphiql: true,
            ..AppOptions::default()
        },
    )
    .await;
    let (status, html) = app.get_page("/graphql").await;
    assert_eq!(status.as_u16(), 200);
    assert!(html.contains("graphiql"), "{html}");
}
