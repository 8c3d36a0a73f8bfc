//! Fostering services' public pages and their managers' profile, settings
//! and closure reasons; bank holidays; and known and trusted adults.

use chrono::{TimeDelta, Utc};
use domain::accounts::{Role, local_authority_organisation};
use domain::recruitment::entities::{household, household_history};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::browser::{browser, graphql, page, sign_in, submit};
use crate::factories::{PASSWORD, national_administrator, rcc, rcc_over, staff};
use crate::harness::{TestApp, db_test, error_codes};

const REGISTER: &str =
    "mutation($input: RegisterInterestInput!) { registerInterest(input: $input) { callBy } }";

async fn enquire(app: &TestApp, email: &str) -> serde_json::Value {
    app.graphql(
        REGISTER,
        json!({ "input": {
            "name": "Sam Jones",
            "email": email,
            "phone": "07700 900 982",
            "postcode": "TS24 7AB",
            "bestTimeToCall": "EVENING",
            "consentToContact": true,
        } }),
    )
    .await
}

async fn signed_in_as(app: &TestApp, email: &str) -> reqwest::Client {
    let browser = browser();
    sign_in(app, &browser, email, PASSWORD).await;
    browser
}

/// An RCC over Hartlepool with a recruitment manager and an officer.
async fn rcc_with_manager(app: &TestApp) -> i32 {
    let rcc = rcc(app, "Tees Valley Care Cooperative").await;
    staff(
        app,
        "manager@tees.example.org",
        &[(rcc, Role::RecruitmentManager)],
    )
    .await;
    staff(
        app,
        "officer@tees.example.org",
        &[(rcc, Role::RecruitmentOfficer)],
    )
    .await;
    rcc
}

#[db_test]
async fn the_could_you_foster_pages_answer_who_can_foster_and_what_happens_next(app: TestApp) {
    for (path, says) in [
        ("/fostering", "What fostering is"),
        ("/fostering/who-can-foster", "You rent your home"),
        ("/fostering/kinds-of-fostering", "Children on remand"),
        ("/fostering/what-happens-next", "fostering panel"),
    ] {
        let (status, html) = app.get_page(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(says), "{path} says {says}");
    }
    let (_, who) = app.get_page("/fostering/who-can-foster").await;
    for myth in [
        "You are single",
        "lesbian, gay, bisexual or trans",
        "You work",
        "Your age",
        "Your faith",
        "Your ethnicity",
    ] {
        assert!(who.contains(myth), "{myth}");
    }
}

#[db_test]
async fn a_manager_keeps_the_services_profile_and_the_public_find_it_by_postcode(app: TestApp) {
    let rcc = rcc_with_manager(&app).await;
    let manager = signed_in_as(&app, "manager@tees.example.org").await;
    let path = format!("/manage/service/{rcc}");
    let saved = submit(
        &app,
        &manager,
        &path,
        &format!("{path}/profile"),
        &[
            ("about", "We support every carer with a hub home nearby."),
            ("phone", "01429 000 000"),
            ("email", "fostering@tees.example.org"),
            ("website", "https://fostering.tees.example.org"),
            ("homes_needed", "teenagers"),
            ("homes_needed", "sibling_groups"),
            ("first_contact_working_days", "2"),
            ("stage_one_months", "3"),
            ("stage_two_months", "5"),
            ("panel_months", "9"),
        ],
    )
    .await;
    assert_eq!(saved.status().as_u16(), 303);
    let (status, public) = page(
        &app,
        &browser(),
        "/fostering/your-local-service?postcode=TS24+7AB",
    )
    .await;
    assert_eq!(status, 200);
    for shown in [
        "Tees Valley Care Cooperative",
        "hub home nearby",
        "01429 000 000",
        "Teenagers",
        "within 2 working days",
    ] {
        assert!(public.contains(shown), "{shown} in {public}");
    }
    let near = app
        .graphql(
            "{ fosteringServiceNear(postcode: \"TS24\") { name \
        homesNeeded firstContactWorkingDays } }",
            json!({}),
        )
        .await;
    assert_eq!(
        near["data"]["fosteringServiceNear"]["homesNeeded"],
        json!(["TEENAGERS", "SIBLING_GROUPS"]),
        "{near}"
    );
    assert_eq!(
        near["data"]["fosteringServiceNear"]["firstContactWorkingDays"],
        2
    );
    let clocks = app
        .graphql(
            "query($org: ID!) { fosteringService(organisationId: $org) { \
        clocks { stageOneMonths stageTwoMonths panelMonths } } }",
            json!({ "org": format!("Organisation:{rcc}") }),
        )
        .await;
    assert_eq!(
        clocks["data"]["fosteringService"]["clocks"],
        json!({ "stageOneMonths": 3, "stageTwoMonths": 5, "panelMonths": 9 })
    );
}

#[db_test]
async fn a_profile_with_a_bad_website_is_refused_and_officers_cannot_change_it(app: TestApp) {
    let rcc = rcc_with_manager(&app).await;
    let manager = signed_in_as(&app, "manager@tees.example.org").await;
    let path = format!("/manage/service/{rcc}");
    let refused = submit(
        &app,
        &manager,
        &path,
        &format!("{path}/profile"),
        &[
            ("about", "Kept when refused"),
            ("website", "fostering.example.org"),
            ("first_contact_working_days", "9"),
            ("stage_one_months", "2"),
            ("stage_two_months", "4"),
            ("panel_months", "3"),
        ],
    )
    .await;
    assert_eq!(refused.status().as_u16(), 400);
    let html = refused.text().await.expect("a page");
    assert!(
        html.contains("href=\"#website\"")
            && html.contains("href=\"#first_contact_working_days\"")
            && html.contains("href=\"#panel_months\"")
            && html.contains("Kept when refused")
    );
    let officer = signed_in_as(&app, "officer@tees.example.org").await;
    assert_eq!(page(&app, &officer, &path).await.0, 403);
    let change = graphql(
        &app,
        &officer,
        "mutation($org: ID!) { updateFosteringService(input: { \
        organisationId: $org, firstContactWorkingDays: 3 }) { name } \
        }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(error_codes(&change), ["FORBIDDEN"]);
    let profile = app
        .graphql(
            "query($org: ID!) { fosteringService(organisationId: $org) { \
        about firstContactWorkingDays } }",
            json!({ "org": format!("Organisation:{rcc}") }),
        )
        .await;
    assert_eq!(
        profile["data"]["fosteringService"],
        json!({ "about": "", "firstContactWorkingDays": 1 })
    );
}

#[db_test]
async fn the_services_working_days_setting_moves_the_first_contact_deadline(app: TestApp) {
    let rcc = rcc_with_manager(&app).await;
    let first = enquire(&app, "one@example.org").await;
    let manager = signed_in_as(&app, "manager@tees.example.org").await;
    graphql(
        &app,
        &manager,
        "mutation($org: ID!) { updateFosteringService(input: { \
        organisationId: $org, firstContactWorkingDays: 3 }) { name } \
        }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    let later = enquire(&app, "two@example.org").await;
    let at = |answer: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(
            answer["data"]["registerInterest"]["callBy"]
                .as_str()
                .expect("a time"),
        )
        .expect("a time")
    };
    assert!(
        at(&later) - at(&first) >= TimeDelta::days(2),
        "{first} then {later}"
    );
}

#[db_test]
async fn a_manager_adds_a_closure_reason_that_officers_close_with_and_retiring_it_keeps_the_history(
    app: TestApp,
) {
    let rcc = rcc_with_manager(&app).await;
    enquire(&app, "sam@example.org").await;
    let id = household::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("a household")
        .id;
    let manager = signed_in_as(&app, "manager@tees.example.org").await;
    let path = format!("/manage/service/{rcc}");
    let added = submit(
        &app,
        &manager,
        &path,
        &format!("{path}/closure-reasons"),
        &[("label", "Moved out of the area")],
    )
    .await;
    assert_eq!(added.status().as_u16(), 303);
    let again = submit(
        &app,
        &manager,
        &path,
        &format!("{path}/closure-reasons"),
        &[("label", "moved out of the area")],
    )
    .await;
    assert_eq!(again.status().as_u16(), 400, "no twice");
    let officer = signed_in_as(&app, "officer@tees.example.org").await;
    let reasons = graphql(
        &app,
        &officer,
        "query($org: ID!) { closureReasons(organisationId: $org) { addedId label } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    let reason = reasons["data"]["closureReasons"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|r| r["label"] == "Moved out of the area")
        .expect("listed")["addedId"]
        .clone();
    let record = format!("/enquiries/{id}");
    let (_, form) = page(&app, &officer, &record).await;
    assert!(
        form.contains("Moved out of the area"),
        "offered on the household's page"
    );
    let code = format!(
        "added:{}",
        reason
            .as_str()
            .expect("an id")
            .trim_start_matches("ClosureReason:")
    );
    let withdrawn = submit(
        &app,
        &officer,
        &record,
        &format!("{record}/close"),
        &[("closure", "withdraw"), ("reason", &code)],
    )
    .await;
    assert_eq!(withdrawn.status().as_u16(), 303);
    let retired = graphql(
        &app,
        &manager,
        "mutation($id: ID!) { retireClosureReason(id: $id) }",
        json!({ "id": reason }),
    )
    .await;
    assert_eq!(retired["data"]["retireClosureReason"], true, "{retired}");
    let (_, shown) = page(&app, &officer, &record).await;
    assert!(
        shown.contains("Moved out of the area"),
        "the history keeps the label"
    );
    graphql(
        &app,
        &officer,
        "mutation($id: ID!) { moveHousehold(input: { householdId: $id, move: REOPEN }) { id } }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    let refused = graphql(
        &app,
        &officer,
        "mutation($id: ID!, $reason: ID!) { moveHousehold(input: { \
        householdId: $id, move: WITHDRAW, addedReasonId: $reason }) \
        { id } }",
        json!({ "id": format!("Household:{id}"), "reason": reason }),
    )
    .await;
    assert_eq!(
        error_codes(&refused),
        ["INVALID_INPUT"],
        "a retired reason is no longer offered"
    );
    let back = graphql(
        &app,
        &manager,
        "mutation($org: ID!) { addClosureReason(organisationId: $org, \
        label: \"MOVED out of the area\") }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(
        back["data"]["addClosureReason"], reason,
        "a retired reason comes back as itself: {back}"
    );
    let withdrawals = household_history::Entity::find()
        .filter(household_history::Column::Event.eq("withdrew"))
        .all(&app.ctx.db)
        .await
        .expect("history");
    assert_eq!(withdrawals.len(), 1);
}

#[db_test]
async fn another_organisations_added_reason_cannot_close_a_household(app: TestApp) {
    let rcc = rcc_with_manager(&app).await;
    enquire(&app, "sam@example.org").await;
    let id = household::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("a household")
        .id;
    let other = rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    staff(
        &app,
        "manager@durham.example.org",
        &[(other, Role::RecruitmentManager)],
    )
    .await;
    let durham = signed_in_as(&app, "manager@durham.example.org").await;
    let theirs = graphql(
        &app,
        &durham,
        "mutation($org: ID!) { addClosureReason(organisationId: $org, label: \"Durham only\") }",
        json!({ "org": format!("Organisation:{other}") }),
    )
    .await;
    let theirs = theirs["data"]["addClosureReason"].clone();
    assert!(
        theirs
            .as_str()
            .is_some_and(|id| id.starts_with("ClosureReason:")),
        "{theirs}"
    );
    let mine = graphql(
        &app,
        &durham,
        "mutation($org: ID!) { addClosureReason(organisationId: $org, label: \"Not ours\") }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(error_codes(&mine), ["FORBIDDEN"]);
    let officer = signed_in_as(&app, "officer@tees.example.org").await;
    let refused = graphql(
        &app,
        &officer,
        "mutation($id: ID!, $reason: ID!) { moveHousehold(input: { \
        householdId: $id, move: WITHDRAW, addedReasonId: $reason }) \
        { id } }",
        json!({ "id": format!("Household:{id}"), "reason": theirs }),
    )
    .await;
    assert_eq!(error_codes(&refused), ["INVALID_INPUT"]);
    assert_eq!(
        household::Entity::find_by_id(id)
            .one(&app.ctx.db)
            .await
            .expect("read")
            .expect("there")
            .status,
        "open"
    );
}

#[db_test]
async fn a_bank_holiday_an_administrator_adds_is_skipped_by_the_first_contact_deadline(
    app: TestApp,
) {
    let _ = rcc_with_manager(&app).await;
    national_administrator(&app).await;
    let admin = signed_in_as(&app, "ada@example.org").await;
    let today = app.now().date_naive();
    for days in 0..6 {
        let day = today + TimeDelta::days(days);
        let answer = graphql(
            &app,
            &admin,
            "mutation($date: NaiveDate!) { setBankHoliday(date: $date, \
            name: \"Hearth test holiday\") }",
            json!({ "date": day.to_string() }),
        )
        .await;
        assert_eq!(answer["data"]["setBankHoliday"], true, "{answer}");
    }
    let answer = enquire(&app, "sam@example.org").await;
    let due = chrono::DateTime::parse_from_rfc3339(
        answer["data"]["registerInterest"]["callBy"]
            .as_str()
            .expect("a time"),
    )
    .expect("a time");
    assert!(
        due.with_timezone(&Utc) > app.now() + TimeDelta::days(5),
        "{due}"
    );
    let (status, listed) = page(&app, &admin, "/admin/bank-holidays").await;
    assert_eq!(status, 200);
    assert!(listed.contains("Hearth test holiday"));
    let officer = signed_in_as(&app, "officer@tees.example.org").await;
    assert_eq!(page(&app, &officer, "/admin/bank-holidays").await.0, 403);
    let refused = graphql(
        &app,
        &officer,
        "mutation { setBankHoliday(date: \"2030-01-02\", name: \"x\") }",
        json!({}),
    )
    .await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"]);
    let removed = submit(
        &app,
        &admin,
        "/admin/bank-holidays",
        &format!("/admin/bank-holidays/{today}/remove"),
        &[],
    )
    .await;
    assert_eq!(removed.status().as_u16(), 303);
    let bad = submit(
        &app,
        &admin,
        "/admin/bank-holidays",
        "/admin/bank-holidays",
        &[
            ("date", "31"),
            ("date-month", "2"),
            ("date-year", "2030"),
            ("name", ""),
        ],
    )
    .await;
    assert_eq!(bad.status().as_u16(), 400);
}

/// A child's social worker in Hartlepool, signed in.
async fn social_worker(app: &TestApp) -> reqwest::Client {
    let hartlepool = local_authority_organisation(&app.ctx, "E06000001")
        .await
        .expect("read")
        .expect("Hartlepool");
    staff(
        app,
        "worker@hartlepool.example.org",
        &[(hartlepool, Role::ChildsSocialWorker)],
    )
    .await;
    signed_in_as(app, "worker@hartlepool.example.org").await
}

#[db_test]
async fn a_known_adult_recorded_by_a_childs_social_worker_is_first_in_the_services_queue(
    app: TestApp,
) {
    let rcc = rcc_with_manager(&app).await;
    enquire(&app, "early@example.org").await;
    let worker = social_worker(&app).await;
    let recorded = submit(
        &app,
        &worker,
        "/known-adults",
        "/known-adults",
        &[
            ("child_initials", "j.s."),
            ("child_reference", "HPL-1234"),
            ("name", "Pat Teacher"),
            ("relationship", "Her form tutor"),
            ("email", "pat@example.org"),
            ("phone", "07700 900 111"),
            ("postcode", "DL1 1AA"),
            ("consent_to_contact", "yes"),
        ],
    )
    .await;
    assert_eq!(recorded.status().as_u16(), 303);
    let officer = signed_in_as(&app, "officer@tees.example.org").await;
    let queue = graphql(
        &app,
        &officer,
        "query($org: ID!) { enquiries(organisationId: $org) { nodes { name knownAdultFor } } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(
        queue["data"]["enquiries"]["nodes"][0],
        json!({ "name": "Pat Teacher", "knownAdultFor": "J.S." }),
        "{queue}"
    );
    let (_, html) = page(&app, &officer, "/enquiries").await;
    assert!(html.contains("Known adult for J.S."));
    let stored = household::Entity::find()
        .filter(household::Column::Email.eq("pat@example.org"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the adult");
    assert_eq!(
        (stored.organisation_id, stored.child_reference.as_deref()),
        (rcc, Some("HPL-1234")),
        "the child's authority's service, wherever the adult lives"
    );
}

#[db_test]
async fn only_a_childs_social_worker_records_a_known_adult_and_every_field_is_checked(
    app: TestApp,
) {
    let _ = rcc_with_manager(&app).await;
    let officer = signed_in_as(&app, "officer@tees.example.org").await;
    assert_eq!(page(&app, &officer, "/known-adults").await.0, 403);
    let refused = graphql(
        &app,
        &officer,
        "mutation { recordKnownAdult(input: { name: \"A\", email: \
        \"a@example.org\", phone: \"07700 900 111\", postcode: \
        \"TS24 7AB\", relationship: \"Uncle\", childInitials: \
        \"JS\", childReference: \"1\", consentToContact: true }) }",
        json!({}),
    )
    .await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"]);
    let worker = social_worker(&app).await;
    let bad = submit(
        &app,
        &worker,
        "/known-adults",
        "/known-adults",
        &[("child_initials", "Jessica Smith")],
    )
    .await;
    assert_eq!(bad.status().as_u16(), 400);
    let html = bad.text().await.expect("a page");
    for field in [
        "#child_initials",
        "#child_reference",
        "#name",
        "#relationship",
        "#email",
        "#phone",
        "#postcode",
        "#consent_to_contact",
    ] {
        assert!(html.contains(&format!("href=\"{field}\"")), "{field}");
    }
    assert!(
        household::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("read")
            .is_empty()
    );
}

#[db_test]
async fn staff_reading_a_households_record_is_in_the_organisations_access_log(app: TestApp) {
    let rcc = rcc_with_manager(&app).await;
    staff(
        &app,
        "admin@tees.example.org",
        &[(rcc, Role::Administrator)],
    )
    .await;
    enquire(&app, "sam@example.org").await;
    let id = household::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("a household")
        .id;
    let officer = signed_in_as(&app, "officer@tees.example.org").await;
    assert_eq!(
        page(&app, &officer, &format!("/enquiries/{id}")).await.0,
        200
    );
    let admin = signed_in_as(&app, "admin@tees.example.org").await;
    let log = graphql(
        &app,
        &admin,
        "query($org: ID!, $household: ID) { accessLog(organisationId: \
        $org, householdId: $household) { nodes { who subject \
        subjectId } } }",
        json!({ "org": format!("Organisation:{rcc}"), "household": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(
        log["data"]["accessLog"]["nodes"],
        json!([{
            "who": "Person officer@tees.example.org", "subject": "household",
            "subjectId": format!("Household:{id}"),
        }]),
        "{log}"
    );
    let (status, html) = page(&app, &admin, &format!("/admin/organisations/{rcc}/access")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Person officer@tees.example.org"), "{html}");
    // The administrator does not work enquiries: the record is named, not linked.
    assert!(
        !html.contains(&format!("href=\"/enquiries/{id}\"")),
        "{html}"
    );
    let none = graphql(
        &app,
        &admin,
        "query($org: ID!) { accessLog(organisationId: $org, subject: \
        \"equality_report\") { nodes { who } } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(
        none["data"]["accessLog"]["nodes"],
        json!([]),
        "searched by what was looked at"
    );
    let bad = graphql(
        &app,
        &admin,
        "query($org: ID!) { accessLog(organisationId: $org, subject: \
        \"everything\") { nodes { who } } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(error_codes(&bad), ["INVALID_INPUT"]);
    let (_, searched) = page(
        &app,
        &admin,
        &format!("/admin/organisations/{rcc}/access?subject=equality_report"),
    )
    .await;
    assert!(
        searched.contains("Nobody has looked at any yet"),
        "{searched}"
    );
    let refused = graphql(
        &app,
        &officer,
        "query($org: ID!) { accessLog(organisationId: $org) { nodes { who } } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"]);
}

#[db_test]
async fn reads_of_one_record_within_five_minutes_are_one_entry_counted_even_at_once(app: TestApp) {
    rcc_with_manager(&app).await;
    enquire(&app, "sam@example.org").await;
    let id = household::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("a household")
        .id;
    let officer = signed_in_as(&app, "officer@tees.example.org").await;
    let record = format!("/enquiries/{id}");
    // Ten reads at once, through the page and through GraphQL.
    let mut reads = tokio::task::JoinSet::new();
    for n in 0..10 {
        let officer = officer.clone();
        let request = if n % 2 == 0 {
            officer.get(app.url(&record))
        } else {
            let query = "query($id: ID!) { household(id: $id) { name } }";
            officer
                .post(app.url("/graphql"))
                .json(&json!({ "query": query, "variables": { "id": format!("Household:{id}") } }))
        };
        reads.spawn(async move { request.send().await.map(|r| r.status().as_u16()) });
    }
    while let Some(read) = reads.join_next().await {
        assert_eq!(read.expect("ran").expect("answered"), 200);
    }
    let rows = || async {
        domain::audit::entity::Entity::find()
            .filter(domain::audit::entity::Column::Subject.eq("household"))
            .filter(domain::audit::entity::Column::SubjectId.eq(id))
            .all(&app.ctx.db)
            .await
            .expect("the log")
    };
    let logged = rows().await;
    assert_eq!(logged.len(), 1, "one entry for the five minutes");
    assert_eq!(logged[0].reads, 10, "every read counted");
    app.advance(TimeDelta::minutes(6));
    assert_eq!(page(&app, &officer, &record).await.0, 200);
    assert_eq!(rows().await.len(), 2, "a later read is a new entry");
}

#[db_test]
async fn the_demo_seed_writes_nothing_to_the_access_log(app: TestApp) {
    seed::load_demo_data(&app.ctx).await.expect("demo data");
    let logged = domain::audit::entity::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("the log");
    assert!(logged.is_empty(), "{} rows under demo staff", logged.len());
}
