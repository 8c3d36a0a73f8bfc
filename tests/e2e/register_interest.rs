//! Registering interest: the page and `registerInterest`, routing by
//! postcode, repeat enquiries, the confirmation email, and abuse kept out.

use domain::accounts::entities::organisation;
use domain::recruitment::entities::{household, household_history};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use serde_json::{Value, json};

use crate::browser::{browser, followed, page, submit};
use crate::factories::rcc;
use crate::harness::{TestApp, db_test, error_codes};

const REGISTER: &str = "mutation($input: RegisterInterestInput!) { \
    registerInterest(input: $input) { organisationName callBy \
    callByText } }";
const REGISTER_WITH_TOKEN: &str = "mutation($input: RegisterInterestInput!) { \
    registerInterest(input: $input) { organisationName \
    equalityToken } }";

fn enquiry(email: &str, postcode: &str) -> Value {
    json!({ "input": {
        "name": "Sam Okoro",
        "email": email,
        "phone": "07700 900 982",
        "postcode": postcode,
        "bestTimeToCall": "EVENING",
        "interests": ["TEENAGERS", "SIBLING_GROUPS"],
        "consentToContact": true,
    } })
}

async fn households(app: &TestApp) -> Vec<household::Model> {
    household::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("households")
}

async fn organisation_name(app: &TestApp, id: i32) -> String {
    organisation::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("an organisation")
        .name
}

/// An app with the reference data and an RCC over Hartlepool and Middlesbrough.
async fn with_an_rcc(app: &TestApp) -> i32 {
    rcc(app, "Tees Valley Care Cooperative").await
}

#[db_test]
async fn interest_registered_on_the_page_reaches_the_rcc_with_its_campaign_and_a_confirmation(
    app: TestApp,
) {
    let rcc = with_an_rcc(&app).await;
    let browser = browser();
    let link = "/register-interest?utm_source=facebook&utm_campaign=teenagers-2026";
    let (status, form) = page(&app, &browser, link).await;
    assert_eq!(status, 200);
    assert!(
        form.contains(r#"name="utm_campaign" value="teenagers-2026""#),
        "the campaign rides along unasked"
    );
    let sent = submit(
        &app,
        &browser,
        link,
        "/register-interest",
        &[
            ("name", "Sam Okoro"),
            ("email", "Sam@Example.org"),
            ("phone", "07700 900 982"),
            ("postcode", "ts24 7ab"),
            ("best_time_to_call", "evening"),
            ("interests", "teenagers"),
            ("interests", "sibling_groups"),
            ("consent_to_contact", "yes"),
            ("utm_source", "facebook"),
            ("utm_campaign", "teenagers-2026"),
        ],
    )
    .await;
    let (status, html) = followed(&app, &browser, sent).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Tees Valley Care Cooperative will call you by"),
        "{html}"
    );

    let stored = households(&app).await;
    assert_eq!(stored.len(), 1);
    let household = &stored[0];
    assert_eq!(
        (
            household.organisation_id,
            household.status.as_str(),
            household.stage.as_str()
        ),
        (rcc, "open", "enquiry")
    );
    assert_eq!(
        (household.email.as_str(), household.postcode.as_str()),
        ("sam@example.org", "TS24 7AB")
    );
    assert_eq!(household.utm_source.as_deref(), Some("facebook"));
    assert_eq!(household.utm_campaign.as_deref(), Some("teenagers-2026"));
    assert_eq!(household.interests, r#"["teenagers","sibling_groups"]"#);
    assert!(!household.routing_to_check);
    assert!(
        household
            .first_contact_due_at
            .is_some_and(|due| due > app.now())
    );
    let history = household_history::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].event.as_str(), history[0].to_stage.as_str()),
        ("enquired", "enquiry")
    );

    app.run_pending_jobs().await;
    let emails = app.emails();
    assert_eq!(emails.len(), 1);
    assert!(
        emails[0].contains("To: Sam@Example.org"),
        "to the address as typed"
    );
    assert!(emails[0].contains("Tees Valley Care Cooperative has your enquiry"));
}

#[db_test]
async fn bad_input_names_every_field_at_fault_and_stores_nothing(app: TestApp) {
    with_an_rcc(&app).await;
    let mut input = enquiry("not an address", "TS24");
    input["input"]["name"] = json!(" ");
    input["input"]["phone"] = json!("123");
    input["input"]["consentToContact"] = json!(false);
    let answer = app.graphql(REGISTER, input).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"]);
    let paths: Vec<Value> = answer["errors"][0]["extensions"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["path"].clone())
        .collect();
    assert_eq!(
        paths,
        [
            json!(["name"]),
            json!(["email"]),
            json!(["phone"]),
            json!(["postcode"]),
            json!(["consentToContact"])
        ]
    );
    assert!(households(&app).await.is_empty());
    assert_eq!(app.run_pending_jobs().await, 0);

    let (status, html) = {
        let browser = browser();
        let response = submit(
            &app,
            &browser,
            "/register-interest",
            "/register-interest",
            &[("name", "Sam")],
        )
        .await;
        (
            response.status().as_u16(),
            response.text().await.expect("a page"),
        )
    };
    assert_eq!(status, 400);
    assert!(
        html.contains("govuk-error-summary")
            && html
                .contains(r##"<a href="#best_time_to_call">Select the best time to call you</a>"##)
    );
    assert!(html.contains(r#"value="Sam""#), "what was typed is kept");
}

#[db_test]
async fn the_postcode_decides_the_queue(app: TestApp) {
    let rcc = with_an_rcc(&app).await;
    let cases = [
        ("one@example.org", "TS24 7AB"),  // Hartlepool: the RCC
        ("two@example.org", "TS2 1AA"),   // Middlesbrough, a split district
        ("three@example.org", "B45 9AA"), // Birmingham: its own service
        ("four@example.org", "AB10 1AA"), // Aberdeen: outside England
        ("five@example.org", "ZZ9 9ZZ"),  // a district nobody knows
    ];
    for (email, postcode) in cases {
        let answer = app.graphql(REGISTER, enquiry(email, postcode)).await;
        assert!(answer["errors"].is_null(), "{postcode}: {answer}");
    }
    let stored = households(&app).await;
    let by_email = |email: &str| {
        stored
            .iter()
            .find(|h| h.email == email)
            .expect("stored")
            .clone()
    };
    assert_eq!(by_email("one@example.org").organisation_id, rcc);
    let split = by_email("two@example.org");
    assert_eq!((split.organisation_id, split.routing_to_check), (rcc, true));
    assert_eq!(
        organisation_name(&app, by_email("three@example.org").organisation_id).await,
        "Birmingham City Council"
    );
    for email in ["four@example.org", "five@example.org"] {
        let national = by_email(email);
        assert_eq!(
            organisation_name(&app, national.organisation_id).await,
            domain::accounts::NATIONAL_PROGRAMME
        );
        assert_eq!(national.local_authority_id, None);
    }
}

#[db_test]
async fn a_repeat_enquiry_within_90_days_joins_the_household_and_reopens_it(app: TestApp) {
    let rcc = with_an_rcc(&app).await;
    app.graphql(REGISTER, enquiry("sam@example.org", "TS24 7AB"))
        .await;
    let first = households(&app).await.remove(0);
    let officer = crate::factories::staff(
        &app,
        "officer@tees.example.org",
        &[(rcc, domain::accounts::Role::RecruitmentOfficer)],
    )
    .await;
    let withdraw = domain::recruitment::HouseholdMove::Withdraw {
        reason: Some(
            domain::recruitment::closure_reasons::ReasonChoice::Standard(
                domain::recruitment::contact::ClosureReason::TimingNotRight,
            ),
        ),
        detail: String::new(),
    };
    let officer = crate::factories::signed_in(&app, officer).await;
    domain::recruitment::move_household(&app.ctx, &officer, first.id, &withdraw)
        .await
        .expect("withdrawn");
    // Ten days on, well past the first call's deadline, Sam enquires again.
    app.advance(chrono::TimeDelta::days(10));

    let again = app
        .graphql(REGISTER_WITH_TOKEN, enquiry("SAM@example.org", "AB10 1AA"))
        .await;
    assert!(again["errors"].is_null(), "{again}");
    let receipt = &again["data"]["registerInterest"];
    assert_eq!(
        receipt["organisationName"],
        domain::accounts::NATIONAL_PROGRAMME,
        "the answer is for the postcode given, as for anyone: nothing about the earlier enquiry"
    );
    assert!(receipt["equalityToken"].is_string());
    let stored = households(&app).await;
    assert_eq!(stored.len(), 1, "still one household");
    assert_eq!(
        (
            stored[0].id,
            stored[0].status.as_str(),
            stored[0].stage.as_str()
        ),
        (first.id, "open", "enquiry")
    );
    assert!(
        stored[0]
            .first_contact_due_at
            .is_some_and(|due| due > app.now()),
        "a fresh first-call deadline"
    );
    let notes = domain::recruitment::entities::household_note::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("notes");
    assert!(
        notes[0].text.contains("AB10 1AA"),
        "staff see how to reach them now"
    );
    let history = household_history::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("history");
    let reopened = history
        .iter()
        .find(|h| h.event == "reopened")
        .expect("a reopening");
    assert_eq!(
        (
            reopened.from_status.as_deref(),
            reopened.reason_code.as_deref()
        ),
        (Some("closed"), Some("repeat_enquiry"))
    );
}

#[db_test]
async fn the_same_phone_with_another_email_is_a_second_household(app: TestApp) {
    with_an_rcc(&app).await;
    app.graphql(REGISTER, enquiry("sam@example.org", "TS24 7AB"))
        .await;
    app.graphql(REGISTER, enquiry("someone.else@example.org", "TS24 7AB"))
        .await;
    assert_eq!(
        households(&app).await.len(),
        2,
        "a phone number joins nobody to a household"
    );
}

#[db_test]
async fn a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(app: TestApp) {
    with_an_rcc(&app).await;
    let browser = browser();
    let sent = submit(
        &app,
        &browser,
        "/register-interest",
        "/register-interest",
        &[
            ("name", "Buy Now"),
            ("email", "bot@example.org"),
            ("phone", "07700 900 982"),
            ("postcode", "TS24 7AB"),
            ("best_time_to_call", "morning"),
            ("consent_to_contact", "yes"),
            ("website", "https://spam.example"),
        ],
    )
    .await;
    let (status, html) = followed(&app, &browser, sent).await;
    assert_eq!(status, 200);
    assert!(html.contains("will call you by"), "thanked as anyone is");
    assert!(households(&app).await.is_empty());
    assert_eq!(app.run_pending_jobs().await, 0);
}

#[db_test]
async fn many_enquiries_from_one_address_are_refused_as_rate_limited(app: TestApp) {
    with_an_rcc(&app).await;
    let limit = domain::recruitment::ENQUIRIES_PER_CLIENT.attempts as usize;
    for n in 0..limit {
        let answer = app
            .graphql(
                REGISTER,
                enquiry(&format!("person{n}@example.org"), "TS24 7AB"),
            )
            .await;
        assert!(answer["errors"].is_null(), "{answer}");
    }
    let refused = app
        .graphql(REGISTER, enquiry("one.more@example.org", "TS24 7AB"))
        .await;
    assert_eq!(error_codes(&refused), ["RATE_LIMITED"]);
    assert_eq!(
        household::Entity::find()
            .count(&app.ctx.db)
            .await
            .expect("count") as usize,
        limit
    );
}

#[db_test]
async fn the_enquirer_signs_in_and_sees_where_their_enquiry_is_and_what_happens_next(app: TestApp) {
    with_an_rcc(&app).await;
    app.graphql(REGISTER, enquiry("sam@example.org", "TS24 7AB"))
        .await;
    app.run_pending_jobs().await;
    let browser = browser();
    submit(
        &app,
        &browser,
        "/sign-in",
        "/sign-in",
        &[("email", "sam@example.org")],
    )
    .await;
    app.run_pending_jobs().await;
    let email = app
        .emails()
        .into_iter()
        .find(|e| e.contains("Subject: Sign in to Hearth"))
        .expect("a sign-in email");
    let link = crate::browser::link_in(&email, "/sign-in/link/");
    let (_, confirm) = page(&app, &browser, &link).await;
    let signed_in = browser
        .post(app.url(&link))
        .form(&[("csrf_token", crate::browser::csrf_token(&confirm))])
        .send()
        .await
        .expect("answered");
    assert_eq!(signed_in.status().as_u16(), 303);
    let (_, account) = page(&app, &browser, "/account").await;
    assert!(
        account.contains("Your enquiry about fostering"),
        "{account}"
    );
    assert!(account.contains("Tees Valley Care Cooperative will call you by"));
    let mine = crate::browser::graphql(
        &app,
        &browser,
        "{ myEnquiries { organisationName state { stage } nextStep } }",
        json!({}),
    )
    .await;
    assert_eq!(
        mine["data"]["myEnquiries"][0]["state"]["stage"], "ENQUIRY",
        "{mine}"
    );
    let theirs = crate::browser::graphql(
        &app,
        &browser,
        "query($id: ID!) { household(id: $id) { email } }",
        json!({ "id": format!("Household:{}", households(&app).await[0].id) }),
    )
    .await;
    assert_eq!(
        theirs["data"]["household"],
        Value::Null,
        "the staff record is not theirs to read"
    );
}

/// Many enquiries at once, each from its own client behind a trusted proxy:
/// on SQLite, transactions that read before they write must wait their
/// turn rather than fail.
async fn enquiries_at_the_same_moment(db: crate::harness::Db) {
    let options = crate::harness::AppOptions {
        trusted_proxies: vec!["127.0.0.1".parse().expect("an address")],
        ..Default::default()
    };
    let app = crate::harness::spawn_app_with(db, options).await;
    with_an_rcc(&app).await;
    let sends = (0..32).map(|n| {
        let (client, url) = (app.client.clone(), app.url("/graphql"));
        tokio::spawn(async move {
            let answer: Value = client
                .post(url)
                .header("x-forwarded-for", format!("10.0.0.{n}"))
                .json(&json!({
                    "query": REGISTER,
                    "variables": enquiry(&format!("same.moment{n}@example.org"), "TS24 7AB"),
                }))
                .send()
                .await
                .expect("answered")
                .json()
                .await
                .expect("JSON");
            answer
        })
    });
    for send in sends {
        let answer = send.await.expect("sent");
        assert!(answer["errors"].is_null(), "{answer}");
    }
    assert_eq!(households(&app).await.len(), 32);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enquiries_sent_at_the_same_moment_are_all_kept_on_sqlite() {
    enquiries_at_the_same_moment(crate::harness::Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enquiries_sent_at_the_same_moment_are_all_kept_on_postgres() {
    enquiries_at_the_same_moment(crate::harness::Db::Postgres).await;
}

#[db_test]
async fn a_write_transaction_holds_the_write_lock_from_its_first_read(app: TestApp) {
    use domain::recruitment::entities::bank_holiday;
    use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};
    let holiday = |day: u32| bank_holiday::ActiveModel {
        date: Set(chrono::NaiveDate::from_ymd_opt(2030, 1, day).expect("a date")),
        name: Set(format!("Test day {day}")),
    };
    let txn = app.ctx.write().await.expect("a write transaction");
    bank_holiday::Entity::find()
        .all(&txn)
        .await
        .expect("a read first");
    // Another connection, as another process has, tries once to write,
    // without waiting. Were the first transaction a plain (deferred)
    // SQLite one, this write would succeed and the first transaction's own
    // write would then fail with SQLITE_BUSY.
    let other = hearth::database::connect(app.database_url(), 1)
        .await
        .expect("another connection");
    let sqlite = other.get_database_backend() == sea_orm::DbBackend::Sqlite;
    if sqlite {
        other
            .execute_unprepared("PRAGMA busy_timeout = 0")
            .await
            .expect("no waiting");
    }
    let meanwhile = holiday(2).insert(&other).await;
    assert_eq!(
        meanwhile.is_ok(),
        !sqlite,
        "SQLite's writer holds the lock; PostgreSQL writes alongside: {meanwhile:?}"
    );
    holiday(1)
        .insert(&txn)
        .await
        .expect("the first transaction's write");
    txn.commit().await.expect("committed");
    if sqlite {
        holiday(2)
            .insert(&other)
            .await
            .expect("the other write, after it");
    }
    let test_days = bank_holiday::Entity::find()
        .filter(bank_holiday::Column::Name.starts_with("Test day"))
        .count(&app.ctx.db)
        .await
        .expect("count");
    assert_eq!(test_days, 2);
}

#[db_test]
async fn equality_answers_are_optional_given_once_and_seen_by_staff_only_as_totals(app: TestApp) {
    let rcc = with_an_rcc(&app).await;
    let visitor = browser();
    let sent = submit(
        &app,
        &visitor,
        "/register-interest",
        "/register-interest",
        &[
            ("name", "Sam Okoro"),
            ("email", "sam@example.org"),
            ("phone", "07700 900 982"),
            ("postcode", "TS24 7AB"),
            ("best_time_to_call", "evening"),
            ("consent_to_contact", "yes"),
        ],
    )
    .await;
    let (_, confirmation) = followed(&app, &visitor, sent).await;
    assert!(confirmation.contains("Help us reach everyone (optional)"));
    let token = confirmation
        .split_once(r#"name="token" value=""#)
        .and_then(|(_, rest)| rest.split('"').next())
        .expect("a token")
        .to_owned();
    let csrf = crate::browser::csrf_token(&confirmation);
    let answer = |visitor: &reqwest::Client, ethnicity: &str| {
        visitor
            .post(app.url("/register-interest/equality"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("token", token.as_str()),
                ("ethnicity", ethnicity),
                ("religion", "prefer_not_to_say"),
            ])
            .send()
    };
    let (_, thanks) = followed(
        &app,
        &visitor,
        answer(&visitor, "black").await.expect("answered"),
    )
    .await;
    assert!(thanks.contains("Your answers help fostering services reach everyone"));
    let (_, again) = followed(
        &app,
        &visitor,
        answer(&visitor, "white").await.expect("answered"),
    )
    .await;
    assert!(
        again.contains("Your answers help"),
        "the same thanks, whatever the token"
    );
    let kept = domain::recruitment::entities::equality_answers::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("answers");
    assert_eq!(
        kept[0].ethnicity.as_deref(),
        Some("black"),
        "answers are given once"
    );

    crate::factories::staff(
        &app,
        "officer@tees.example.org",
        &[(rcc, domain::accounts::Role::RecruitmentOfficer)],
    )
    .await;
    let officer = browser();
    crate::browser::sign_in(
        &app,
        &officer,
        "officer@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let report = crate::browser::graphql(
        &app,
        &officer,
        "query($org: ID!) { equalityReport(organisationId: $org) { \
        households questions { question answers { answer households \
        } notAnswered } } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(
        report["data"]["equalityReport"]["households"],
        Value::Null,
        "one household is fewer than 5: {report}"
    );
    let ethnicity = &report["data"]["equalityReport"]["questions"][0];
    let black = ethnicity["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .find(|a| a["answer"] == "Black, Black British, Caribbean or African")
        .expect("the answer");
    assert_eq!(
        black["households"],
        Value::Null,
        "one household is fewer than 5: hidden"
    );
    let (_, report) = page(
        &app,
        &officer,
        &format!("/reports/equality?range=all_time&organisation={rcc}"),
    )
    .await;
    assert!(report.contains("fewer than 5"));
    let disagreements = domain::reporting::months::disagreements(&app.ctx.db)
        .await
        .expect("recounted");
    assert!(
        disagreements.is_empty(),
        "the answers moved in the monthly counts with them: {disagreements:#?}"
    );
    assert!(
        report.contains("govuk-table__cell--numeric\">0</td>") && !report.contains("about 0"),
        "an answer nobody gave is 0, not about 0: {report}"
    );
    let (_, record) = page(
        &app,
        &officer,
        &format!("/enquiries/{}", households(&app).await[0].id),
    )
    .await;
    assert!(
        record.contains("Sam Okoro"),
        "the officer reads the household's record"
    );
    assert!(
        !record.contains("Black, Black British"),
        "an individual's answers are never shown on it"
    );
}

/// While one enquiry from an address is being written, another from the
/// same address waits for it (on PostgreSQL, whose transactions do not run
/// one at a time): so both cannot find no household and make one each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enquiry_waits_while_another_from_the_same_address_is_written_on_postgres() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let app = crate::harness::spawn_app(crate::harness::Db::Postgres).await;
    with_an_rcc(&app).await;
    let holder = app.ctx.db.begin().await.expect("a transaction");
    holder
        .execute_unprepared(
            "SELECT pg_advisory_xact_lock(hashtextextended('enquiry:twice@example.org', 0))",
        )
        .await
        .expect("the address's lock");
    let (client, url) = (app.client.clone(), app.url("/graphql"));
    let second = tokio::spawn(async move {
        client
            .post(url)
            .json(&json!({
                "query": REGISTER,
                "variables": enquiry("twice@example.org", "TS24 7AB"),
            }))
            .send()
            .await
            .expect("answered")
            .json::<Value>()
            .await
            .expect("JSON")
    });
    crate::harness::until_someone_waits_for_a_lock(&holder).await;
    assert!(!second.is_finished(), "it waits for the lock");
    assert!(households(&app).await.is_empty());
    holder.commit().await.expect("released");
    let answer = second.await.expect("sent");
    assert!(answer["errors"].is_null(), "{answer}");
    assert_eq!(households(&app).await.len(), 1);
}

#[db_test]
async fn the_confirmation_is_a_page_of_its_own_that_no_one_can_forge(app: TestApp) {
    with_an_rcc(&app).await;
    let visitor = browser();
    let sent = submit(
        &app,
        &visitor,
        "/register-interest",
        "/register-interest",
        &[
            ("name", "Sam Okoro"),
            ("email", "sam@example.org"),
            ("phone", "07700 900 982"),
            ("postcode", "TS24 7AB"),
            ("best_time_to_call", "evening"),
            ("consent_to_contact", "yes"),
        ],
    )
    .await;
    let to = sent.headers()["location"]
        .to_str()
        .expect("a location")
        .to_owned();
    assert!(to.starts_with("/register-interest/received?"), "{to}");
    // Reloading the confirmation (or coming Back to it) sends nothing again.
    for _ in 0..2 {
        let (status, html) = page(&app, &visitor, &to).await;
        assert_eq!(status, 200);
        assert!(html.contains("Tees Valley Care Cooperative will call you by"));
    }
    assert_eq!(households(&app).await.len(), 1);
    let forged = to.replace("Tees+Valley+Care+Cooperative", "Evil+Agency");
    let refused = visitor
        .get(app.url(&forged))
        .send()
        .await
        .expect("answered");
    assert_eq!(refused.status().as_u16(), 303, "a forged confirmation");
    assert_eq!(refused.headers()["location"], "/register-interest");
}
