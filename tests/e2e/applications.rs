//! The online application: a household invited to apply fills it in
//! section by section, saves and comes back, checks its answers and sends
//! it; nobody else sees or changes it.

use domain::accounts::Role;
use domain::recruitment::entities::{household, household_history};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::browser::{browser, graphql, page, sign_in_by_link, submit};
use crate::factories::{invited_household, rcc, staff};
use crate::harness::{TestApp, db_test, error_codes};

/// An RCC over Hartlepool, its officer, and a household it has invited to
/// apply, signed in by link.
pub(crate) async fn invited_applicant(app: &TestApp) -> (i32, reqwest::Client) {
    let rcc = rcc(app, "Tees Valley Care Cooperative").await;
    let officer = staff(
        app,
        "officer@tees.example.org",
        &[(rcc, Role::RecruitmentOfficer)],
    )
    .await;
    let id = invited_household(app, officer, "sam@example.org").await;
    let applicant = browser();
    sign_in_by_link(app, &applicant, "sam@example.org").await;
    (id, applicant)
}

/// Every section's answers, ready to save as completed.
const COMPLETE: &[(&str, &[(&str, &str)])] = &[
    (
        "about_you",
        &[
            ("full_name", "Sam Jones"),
            ("date_of_birth", "7"),
            ("date_of_birth-month", "3"),
            ("date_of_birth-year", "1985"),
            ("phone", "07700 900 982"),
            ("address", "12 Church Street, Hartlepool"),
            ("years_at_address", "6"),
        ],
    ),
    (
        "your_home",
        &[
            ("home_type", "rented_social"),
            ("bedrooms", "3"),
            ("spare_bedrooms", "1"),
            ("smoking", "no"),
        ],
    ),
    (
        "work_and_time",
        &[
            ("work", "part_time"),
            ("time_available", "I work school hours."),
        ],
    ),
    (
        "health",
        &[
            ("conditions", "no"),
            ("medication", "no"),
            ("gp", "Church Street Surgery, Hartlepool"),
        ],
    ),
    ("support_network", &[("support", "My sister lives nearby.")]),
    (
        "fostering_offer",
        &[
            ("ages", "11_15"),
            ("ages", "16_17"),
            ("care", "teenagers"),
            ("children", "1"),
        ],
    ),
    (
        "consent_to_checks",
        &[
            ("dbs", "yes"),
            ("local_authority_checks", "yes"),
            ("medical", "yes"),
            ("references", "yes"),
        ],
    ),
    ("declaration", &[("true_and_complete", "yes")]),
];

pub(crate) async fn save(
    app: &TestApp,
    applicant: &reqwest::Client,
    section: &str,
    fields: &[(&str, &str)],
    button: &str,
) -> reqwest::Response {
    let path = format!("/application/section/{section}");
    let mut fields = fields.to_vec();
    fields.push(("save", button));
    submit(app, applicant, &path, &path, &fields).await
}

pub(crate) async fn add_person(
    app: &TestApp,
    applicant: &reqwest::Client,
    section: &str,
    fields: &[(&str, &str)],
) {
    let path = format!("/application/section/{section}");
    let added = submit(app, applicant, &path, &format!("{path}/people"), fields).await;
    assert_eq!(
        added.status().as_u16(),
        303,
        "{section}: {}",
        added.text().await.unwrap_or_default()
    );
}

/// Fills in every section, with two referees, and sends the application.
pub(crate) async fn send_application(app: &TestApp, applicant: &reqwest::Client) {
    fill_application(app, applicant).await;
    let sent = submit(
        app,
        applicant,
        "/application/check-answers",
        "/application/submit",
        &[],
    )
    .await;
    assert_eq!(sent.status().as_u16(), 303, "sent");
}

/// Fills in every section, with two referees.
pub(crate) async fn fill_application(app: &TestApp, applicant: &reqwest::Client) {
    for (section, fields) in COMPLETE {
        save(app, applicant, section, fields, "continue").await;
    }
    for referee in [
        ("Pat Green", "pat@example.org"),
        ("Jo Brown", "jo@example.org"),
    ] {
        add_person(
            app,
            applicant,
            "referees",
            &[
                ("full_name", referee.0),
                ("kind", "personal"),
                ("email", referee.1),
                ("phone", "07700 900 000"),
                ("how_known", "A friend for 10 years"),
                ("related", "no"),
            ],
        )
        .await;
    }
    for section in [
        "household_members",
        "previous_partners",
        "your_children",
        "referees",
    ] {
        let path = format!("/application/section/{section}");
        submit(app, applicant, &path, &format!("{path}/finish"), &[]).await;
    }
}

/// The reference link in the newest email to `to` with `subject`.
pub(crate) fn reference_links(app: &TestApp, to: &str) -> Vec<String> {
    app.emails()
        .iter()
        .filter(|e| e.contains(&format!("To: {to}")))
        .map(|e| crate::browser::link_in(e, "/references/"))
        .collect()
}

pub(crate) const REFERENCE: &[(&str, &str)] = &[
    ("how_known", "A friend for ten years"),
    ("with_children", "Patient and kind with my two."),
    ("strengths", "Calm, warm and organised."),
    ("concerns", "no"),
    ("declaration", "yes"),
];

pub(crate) async fn stage(app: &TestApp, id: i32) -> String {
    household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there")
        .stage
}

#[db_test]
async fn an_invited_household_saves_its_application_comes_back_checks_its_answers_and_sends_it(
    app: TestApp,
) {
    let (id, applicant) = invited_applicant(&app).await;
    let (status, account) = page(&app, &applicant, "/account").await;
    assert_eq!(status, 200);
    assert!(
        account.contains("href=\"/application\""),
        "the account page leads to the application"
    );
    let (_, tasks) = page(&app, &applicant, "/application").await;
    assert!(tasks.contains("You have completed 0 of 12 sections") && tasks.contains("Not started"));

    // Half done, saved for later, and still there after signing in again.
    let later = save(
        &app,
        &applicant,
        "about_you",
        &[("full_name", "Sam Jones")],
        "later",
    )
    .await;
    assert_eq!(later.status().as_u16(), 303);
    let again = browser();
    sign_in_by_link(&app, &again, "sam@example.org").await;
    let (_, tasks) = page(&app, &again, "/application").await;
    assert!(tasks.contains("In progress"), "{tasks}");
    let (_, section) = page(&app, &again, "/application/section/about_you").await;
    assert!(
        section.contains("value=\"Sam Jones\""),
        "what was saved is there"
    );
    assert!(
        section.contains(r#"autocomplete="name""#)
            && section.contains(r#"autocomplete="bday-day""#)
            && section.contains(r#"autocomplete="tel""#),
        "the applicant's own details can be filled in for them"
    );

    // Before every section is done, "Check your answers" lists what is
    // left instead of offering to send; a change from it comes back to it.
    let (_, check) = page(&app, &again, "/application/check-answers").await;
    assert!(
        !check.contains("Accept and send")
            && check.contains("Before you can send your application")
            && check.contains("href=\"/application/section/your_home\""),
        "what is left, linked"
    );
    let changed = save(&app, &again, "about_you", COMPLETE[0].1, "continue").await;
    assert_eq!(changed.headers()["location"], "/application?done=saved");
    let change = "/application/section/about_you?from=check-answers";
    let mut fields: Vec<(&str, &str)> = COMPLETE[0].1.to_vec();
    fields.push(("from", "check-answers"));
    fields.push(("save", "continue"));
    let back = submit(
        &app,
        &again,
        change,
        "/application/section/about_you",
        &fields,
    )
    .await;
    assert_eq!(back.headers()["location"], "/application/check-answers");

    // Sending before every section is done names those left.
    let early = submit(
        &app,
        &again,
        "/application/check-answers",
        "/application/submit",
        &[],
    )
    .await;
    assert_eq!(early.status().as_u16(), 400);
    assert!(
        early
            .text()
            .await
            .expect("a page")
            .contains("href=\"#your_home\"")
    );
    assert_eq!(stage(&app, id).await, "application_invited");

    for (section, fields) in COMPLETE {
        let saved = save(&app, &again, section, fields, "continue").await;
        assert_eq!(
            saved.status().as_u16(),
            303,
            "{section}: {}",
            saved.text().await.unwrap_or_default()
        );
    }
    add_person(
        &app,
        &again,
        "household_members",
        &[
            ("full_name", "Alex Jones"),
            ("relationship", "Partner"),
            ("date_of_birth", "2"),
            ("date_of_birth-month", "11"),
            ("date_of_birth-year", "1983"),
            ("lives", "lives_here"),
        ],
    )
    .await;
    for referee in [
        ("Pat Green", "pat@example.org"),
        ("Jo Brown", "jo@example.org"),
    ] {
        add_person(
            &app,
            &again,
            "referees",
            &[
                ("full_name", referee.0),
                ("kind", "personal"),
                ("email", referee.1),
                ("phone", "07700 900 000"),
                ("how_known", "A friend for 10 years"),
                ("related", "no"),
            ],
        )
        .await;
    }
    for section in [
        "household_members",
        "previous_partners",
        "your_children",
        "referees",
    ] {
        let path = format!("/application/section/{section}");
        let finished = submit(&app, &again, &path, &format!("{path}/finish"), &[]).await;
        assert_eq!(finished.status().as_u16(), 303, "{section}");
    }
    let (_, check) = page(&app, &again, "/application/check-answers").await;
    assert!(
        check.contains("7 March 1985")
            && check.contains("Young people aged 11 to 15, Young people aged 16 and 17")
            && check.contains("Change"),
        "{check}"
    );
    let sent = submit(
        &app,
        &again,
        "/application/check-answers",
        "/application/submit",
        &[],
    )
    .await;
    assert_eq!(sent.status().as_u16(), 303);
    assert_eq!(stage(&app, id).await, "application_submitted");
    let history = household_history::Entity::find()
        .filter(household_history::Column::HouseholdId.eq(id))
        .all(&app.ctx.db)
        .await
        .expect("history");
    assert_eq!(
        history.last().map(|h| h.event.as_str()),
        Some("application_submitted")
    );
    app.run_pending_jobs().await;
    assert!(
        app.emails()
            .iter()
            .any(|e| e.contains("To: sam@example.org")
                && e.contains("Subject: We have your application"))
    );

    let (_, account) = page(&app, &again, "/account").await;
    assert!(
        account.contains("Checks (Stage 1) finished by") && account.contains("Fostering panel by"),
        "the expected dates"
    );
    assert!(!account.contains("Late</strong>"), "nothing is late yet");

    // Sent: it can no longer be changed.
    let (status, _) = page(&app, &again, "/application/section/about_you").await;
    assert_eq!(status, 303, "to the answers, read-only");
    let changed = graphql(
        &app,
        &again,
        "mutation { saveApplicationSection(section: ABOUT_YOU, \
        answers: [{ question: \"full_name\", values: [\"Someone \
        Else\"] }], complete: false) { submittedAt } }",
        json!({}),
    )
    .await;
    assert_eq!(error_codes(&changed), ["CONFLICT"]);
}

#[db_test]
async fn a_section_with_problems_names_each_keeps_what_was_typed_and_saves_nothing(app: TestApp) {
    let (_, applicant) = invited_applicant(&app).await;
    let refused = save(
        &app,
        &applicant,
        "about_you",
        &[
            ("full_name", "Sam Jones"),
            ("date_of_birth", "31"),
            ("date_of_birth-month", "2"),
            ("date_of_birth-year", "1985"),
            ("years_at_address", "lots"),
        ],
        "continue",
    )
    .await;
    assert_eq!(refused.status().as_u16(), 400);
    let html = refused.text().await.expect("a page");
    for field in ["#date_of_birth", "#phone", "#address", "#years_at_address"] {
        assert!(html.contains(&format!("href=\"{field}\"")), "{field}");
    }
    assert!(
        html.contains("value=\"Sam Jones\"") && html.contains("value=\"lots\""),
        "typed answers are kept"
    );
    let mine = graphql(
        &app,
        &applicant,
        "{ myApplication { sections { section status } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        mine["data"]["myApplication"]["sections"][0],
        json!({ "section": "ABOUT_YOU", "status": "NOT_STARTED" }),
        "{mine}"
    );
    let through_api = graphql(
        &app,
        &applicant,
        "mutation { saveApplicationSection(section: YOUR_HOME, \
        answers: [{ question: \"bedrooms\", values: [\"none\"] }], \
        complete: true) { submittedAt } }",
        json!({}),
    )
    .await;
    assert_eq!(error_codes(&through_api), ["INVALID_INPUT"]);
    assert_eq!(
        through_api["errors"][0]["extensions"]["fields"][0]["path"],
        json!(["answers"])
    );
}

#[db_test]
async fn nobody_but_the_invited_household_opens_or_changes_its_application(app: TestApp) {
    let (_, _) = invited_applicant(&app).await;
    let rcc = domain::accounts::find_organisation(
        &app.ctx,
        &domain::Actor::System,
        domain::accounts::OrganisationKind::RegionalCareCooperative,
        "Tees Valley Care Cooperative",
    )
    .await
    .expect("read")
    .expect("the RCC");
    let officer = staff(
        &app,
        "officer2@tees.example.org",
        &[(rcc, Role::RecruitmentOfficer)],
    )
    .await;
    let other = invited_household(&app, officer, "alex@example.org").await;
    let alex = browser();
    sign_in_by_link(&app, &alex, "alex@example.org").await;
    let saved = save(
        &app,
        &alex,
        "support_network",
        &[("support", "Alex's own answer")],
        "later",
    )
    .await;
    assert_eq!(saved.status().as_u16(), 303);
    let sam = browser();
    sign_in_by_link(&app, &sam, "sam@example.org").await;
    let (status, section) = page(&app, &sam, "/application/section/support_network").await;
    assert_eq!(status, 200);
    assert!(
        section.contains("Who would support you?") && !section.contains("Alex's own answer"),
        "each sees their own"
    );
    let mine = graphql(
        &app,
        &sam,
        "{ myApplication { sections { section answers { text } } } }",
        json!({}),
    )
    .await;
    assert!(!mine.to_string().contains("Alex's own answer"), "{mine}");
    let enquirer = browser();
    let register = "mutation($input: RegisterInterestInput!) { \
        registerInterest(input: $input) { organisationName } }";
    let answer = app
        .graphql(
            register,
            json!({ "input": {
                "name": "Kim", "email": "kim@example.org", "phone": "07700 900 111",
                "postcode": "TS24 7AB", "bestTimeToCall": "MORNING", "consentToContact": true,
            } }),
        )
        .await;
    assert!(answer["errors"].is_null());
    sign_in_by_link(&app, &enquirer, "kim@example.org").await;
    assert_eq!(
        page(&app, &enquirer, "/application").await.0,
        404,
        "not invited yet"
    );
    let anonymous = app
        .graphql("{ myApplication { submittedAt } }", json!({}))
        .await;
    assert_eq!(error_codes(&anonymous), ["UNAUTHENTICATED"]);
    let staff_browser = browser();
    crate::browser::sign_in(
        &app,
        &staff_browser,
        "officer2@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let theirs = graphql(
        &app,
        &staff_browser,
        "{ myApplication { submittedAt } }",
        json!({}),
    )
    .await;
    assert_eq!(
        error_codes(&theirs),
        ["NOT_FOUND"],
        "staff have no application of their own"
    );
    let durham = crate::factories::rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    staff(
        &app,
        "officer@durham.example.org",
        &[(durham, Role::RecruitmentOfficer)],
    )
    .await;
    let outsider = browser();
    crate::browser::sign_in(
        &app,
        &outsider,
        "officer@durham.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let theirs = graphql(
        &app,
        &outsider,
        "query($h: ID!) { householdApplication(householdId: $h) { submittedAt } }",
        json!({ "h": format!("Household:{other}") }),
    )
    .await;
    assert_eq!(
        error_codes(&theirs),
        ["NOT_FOUND"],
        "another organisation's staff"
    );
    let draft = graphql(
        &app,
        &staff_browser,
        "query($h: ID!) { householdApplication(householdId: $h) { submittedAt } }",
        json!({ "h": format!("Household:{other}") }),
    )
    .await;
    assert_eq!(
        error_codes(&draft),
        ["NOT_FOUND"],
        "a draft is the applicant's own until sent"
    );
}

#[db_test]
async fn referees_must_include_two_who_know_the_applicant_and_are_not_relatives(app: TestApp) {
    let (_, applicant) = invited_applicant(&app).await;
    add_person(
        &app,
        &applicant,
        "referees",
        &[
            ("full_name", "Pat Green"),
            ("kind", "personal"),
            ("email", "pat@example.org"),
            ("phone", "07700 900 000"),
            ("how_known", "A friend"),
            ("related", "no"),
        ],
    )
    .await;
    let path = "/application/section/referees";
    let finish = format!("{path}/finish");
    let one = submit(&app, &applicant, path, &finish, &[]).await;
    assert_eq!(one.status().as_u16(), 400);
    assert!(
        one.text()
            .await
            .expect("a page")
            .contains("Add at least 2 referees")
    );
    add_person(
        &app,
        &applicant,
        "referees",
        &[
            ("full_name", "Kim Jones"),
            ("kind", "personal"),
            ("email", "kim@example.org"),
            ("phone", "07700 900 001"),
            ("how_known", "My cousin"),
            ("related", "yes"),
        ],
    )
    .await;
    let relative = submit(&app, &applicant, path, &finish, &[]).await;
    assert_eq!(relative.status().as_u16(), 400);
    assert!(
        relative
            .text()
            .await
            .expect("a page")
            .contains("cannot be a relative")
    );
    let removed = submit(
        &app,
        &applicant,
        path,
        &format!("{path}/people/1/remove"),
        &[],
    )
    .await;
    assert_eq!(removed.status().as_u16(), 303);
    let bad = submit(
        &app,
        &applicant,
        path,
        &format!("{path}/people"),
        &[
            ("full_name", "No Email"),
            ("kind", "personal"),
            ("email", "not an address"),
        ],
    )
    .await;
    assert_eq!(bad.status().as_u16(), 400);
    let html = bad.text().await.expect("a page");
    assert!(
        html.contains("href=\"#email\"") && html.contains("value=\"No Email\""),
        "{html}"
    );
    let mine = graphql(
        &app,
        &applicant,
        "{ myApplication { sections { section status people { question values } } } }",
        json!({}),
    )
    .await;
    let referees = mine["data"]["myApplication"]["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["section"] == "REFEREES")
        .expect("referees")
        .clone();
    assert_eq!(
        referees["people"].as_array().map(Vec::len),
        Some(1),
        "{referees}"
    );
    assert_eq!(referees["status"], "IN_PROGRESS");
}

#[db_test]
async fn referees_give_references_through_their_links_once_and_one_after_a_reminder(app: TestApp) {
    let (id, applicant) = invited_applicant(&app).await;
    send_application(&app, &applicant).await;
    app.run_pending_jobs().await;
    let pat = reference_links(&app, "pat@example.org");
    assert_eq!(pat.len(), 1, "one request each");
    let referee = browser();
    let (status, form) = page(&app, &referee, &pat[0]).await;
    assert_eq!(status, 200);
    assert!(form.contains("A reference for Sam Jones"));
    assert_eq!(
        page(&app, &referee, &pat[0]).await.0,
        200,
        "opening it uses nothing up"
    );
    let given = submit(&app, &referee, &pat[0], &pat[0], REFERENCE).await;
    assert_eq!(given.status().as_u16(), 303);
    assert_eq!(
        page(&app, &referee, &pat[0]).await.0,
        410,
        "then never again"
    );
    let token = pat[0].trim_start_matches("/references/");
    let again = app
        .graphql(
            "mutation($token: String!) { declineReference(token: $token) }",
            json!({ "token": token }),
        )
        .await;
    assert_eq!(error_codes(&again), ["CONFLICT"]);

    // Jo has not answered: five working days on, a reminder with a link.
    use domain::applications::entities::reference;
    app.advance(chrono::TimeDelta::days(9));
    let reminders = domain::applications::references::send_reference_reminders(
        &app.ctx,
        &domain::Actor::System,
    )
    .await
    .expect("queued");
    assert_eq!(reminders, 1);
    assert_eq!(
        domain::applications::references::send_reference_reminders(
            &app.ctx,
            &domain::Actor::System
        )
        .await
        .expect("queued"),
        0,
        "once"
    );
    app.run_pending_jobs().await;
    let reminded = app
        .emails()
        .into_iter()
        .find(|e| e.contains("To: jo@example.org") && e.contains("Subject: A reminder"))
        .expect("a reminder");
    let link = crate::browser::link_in(&reminded, "/references/");
    let jo = browser();
    let given = submit(&app, &jo, &link, &link, REFERENCE).await;
    assert_eq!(given.status().as_u16(), 303);
    let pats = reference::Entity::find()
        .filter(reference::Column::RefereeEmail.eq("pat@example.org"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there");
    let steps = crate::factories::workflow_steps(&app, "reference", pats.id).await;
    assert_eq!(
        steps,
        [(
            "gave".to_owned(),
            "requested".to_owned(),
            "given".to_owned()
        )],
        "answered once, in its history"
    );

    // The officer sees both; the applicant sees neither.
    let officer = browser();
    crate::browser::sign_in(
        &app,
        &officer,
        "officer@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let (_, record) = page(&app, &officer, &format!("/enquiries/{id}")).await;
    assert!(
        record.contains("Patient and kind with my two.") && record.contains("reminded 1 time"),
        "{record}"
    );
    let listed = graphql(
        &app,
        &officer,
        "query($id: ID!) { householdReferences(householdId: $id) { \
        referee status remindersSent } }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(
        listed["data"]["householdReferences"],
        json!([
            { "referee": "Pat Green", "status": "given", "remindersSent": 0 },
            { "referee": "Jo Brown", "status": "given", "remindersSent": 1 },
        ]),
        "{listed}"
    );
    sign_in_by_link(&app, &applicant, "sam@example.org").await;
    let theirs = graphql(
        &app,
        &applicant,
        "query($id: ID!) { householdReferences(householdId: $id) { referee } }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(error_codes(&theirs), ["NOT_FOUND"]);
}

#[db_test]
async fn a_reference_with_problems_is_refused_field_by_field_and_a_referee_may_decline(
    app: TestApp,
) {
    let (_, applicant) = invited_applicant(&app).await;
    send_application(&app, &applicant).await;
    app.run_pending_jobs().await;
    let link = reference_links(&app, "pat@example.org").remove(0);
    let referee = browser();
    let refused = submit(
        &app,
        &referee,
        &link,
        &link,
        &[("how_known", "A friend"), ("concerns", "yes")],
    )
    .await;
    assert_eq!(refused.status().as_u16(), 400);
    let html = refused.text().await.expect("a page");
    for field in [
        "#with_children",
        "#strengths",
        "#concern_details",
        "#declaration",
    ] {
        assert!(html.contains(&format!("href=\"{field}\"")), "{field}");
    }
    assert!(html.contains("A friend"), "kept");
    let declined = submit(
        &app,
        &referee,
        &link,
        &format!("{link}/decline"),
        &[("declined_because", "I have only met them twice")],
    )
    .await;
    assert_eq!(declined.status().as_u16(), 303);
    use domain::applications::entities::reference;
    let stored = reference::Entity::find()
        .filter(reference::Column::RefereeEmail.eq("pat@example.org"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(
        (stored.status.as_str(), stored.declined_because.as_deref()),
        ("declined", Some("I have only met them twice"))
    );
    assert_eq!(
        page(&app, &browser(), "/references/not-a-real-token")
            .await
            .0,
        404
    );
    let jo = reference_links(&app, "jo@example.org").remove(0);
    let officer = browser();
    crate::browser::sign_in(
        &app,
        &officer,
        "officer@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let id = household::Entity::find()
        .filter(household::Column::Email.eq("sam@example.org"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there")
        .id;
    let record = format!("/enquiries/{id}");
    submit(
        &app,
        &officer,
        &record,
        &format!("{record}/close"),
        &[("closure", "withdraw"), ("reason", "timing_not_right")],
    )
    .await;
    assert_eq!(
        page(&app, &browser(), &jo).await.0,
        410,
        "a withdrawn household needs no more references"
    );
}

#[db_test]
async fn health_answers_are_read_only_by_roles_that_need_them_and_each_read_is_recorded(
    app: TestApp,
) {
    let (id, applicant) = invited_applicant(&app).await;
    send_application(&app, &applicant).await;
    let rcc = domain::accounts::find_organisation(
        &app.ctx,
        &domain::Actor::System,
        domain::accounts::OrganisationKind::RegionalCareCooperative,
        "Tees Valley Care Cooperative",
    )
    .await
    .expect("read")
    .expect("the RCC");
    staff(
        &app,
        "assessor@tees.example.org",
        &[(rcc, Role::AssessingSocialWorker)],
    )
    .await;
    staff(
        &app,
        "admin@tees.example.org",
        &[(rcc, Role::Administrator)],
    )
    .await;
    let query = "query($id: ID!) { householdApplication(householdId: $id) { \
        submittedAt sections { section withheld answers { question \
        text } } } }";
    let household = json!({ "id": format!("Household:{id}") });
    let health = |answer: &serde_json::Value| {
        answer["data"]["householdApplication"]["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .find(|s| s["section"] == "HEALTH")
            .expect("health")
            .clone()
    };

    let officer = browser();
    crate::browser::sign_in(
        &app,
        &officer,
        "officer@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let read = graphql(&app, &officer, query, household.clone()).await;
    assert!(
        read["data"]["householdApplication"]["submittedAt"].is_string(),
        "{read}"
    );
    assert_eq!(health(&read)["withheld"], true);
    assert_eq!(health(&read)["answers"], json!([]));
    let (status, html) = page(&app, &officer, &format!("/enquiries/{id}/application")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("12 Church Street, Hartlepool") && !html.contains("Church Street Surgery"),
        "health withheld on the page too"
    );

    let assessor = browser();
    crate::browser::sign_in(
        &app,
        &assessor,
        "assessor@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let read = graphql(&app, &assessor, query, household.clone()).await;
    assert_eq!(health(&read)["withheld"], false);
    assert!(
        health(&read)["answers"].as_array().is_some_and(|a| a
            .iter()
            .any(|q| q["text"] == "Church Street Surgery, Hartlepool")),
        "{read}"
    );

    let admin = browser();
    crate::browser::sign_in(
        &app,
        &admin,
        "admin@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let log = graphql(
        &app,
        &admin,
        "query($org: ID!) { accessLog(organisationId: $org) { nodes { who subject reads } } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    let entries = log["data"]["accessLog"]["nodes"]
        .as_array()
        .expect("a log")
        .clone();
    let of = |who: &str, subject: &str| {
        entries
            .iter()
            .filter(|e| e["who"] == who && e["subject"] == subject)
            .count()
    };
    assert_eq!(
        of("Person assessor@tees.example.org", "application_health"),
        1,
        "{log}"
    );
    assert_eq!(
        of("Person officer@tees.example.org", "application_health"),
        0
    );
    let officer_reads: u64 = entries
        .iter()
        .filter(|e| e["who"] == "Person officer@tees.example.org" && e["subject"] == "application")
        .filter_map(|e| e["reads"].as_u64())
        .sum();
    assert!(officer_reads >= 2, "each read counted: {log}");

    let refused = graphql(&app, &applicant, query, household).await;
    assert_eq!(
        error_codes(&refused),
        ["NOT_FOUND"],
        "not through the staff view"
    );
}

#[db_test]
async fn stage_one_lists_checks_for_every_adult_which_staff_request_and_record_before_stage_two(
    app: TestApp,
) {
    let (id, applicant) = invited_applicant(&app).await;
    add_person(
        &app,
        &applicant,
        "household_members",
        &[
            ("full_name", "Alex Jones"),
            ("relationship", "Partner"),
            ("date_of_birth", "2"),
            ("date_of_birth-month", "11"),
            ("date_of_birth-year", "1983"),
            ("lives", "lives_here"),
        ],
    )
    .await;
    add_person(
        &app,
        &applicant,
        "household_members",
        &[
            ("full_name", "Robin Jones"),
            ("relationship", "Son"),
            ("date_of_birth", "2"),
            ("date_of_birth-month", "11"),
            ("date_of_birth-year", "2015"),
            ("lives", "lives_here"),
        ],
    )
    .await;
    send_application(&app, &applicant).await;
    let officer = browser();
    crate::browser::sign_in(
        &app,
        &officer,
        "officer@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    use domain::applications::entities::stage_one_check;
    let checks = stage_one_check::Entity::find()
        .filter(stage_one_check::Column::HouseholdId.eq(id))
        .all(&app.ctx.db)
        .await
        .expect("checks");
    let listed: Vec<(String, String)> = checks
        .iter()
        .map(|c| (c.person.clone(), c.kind.clone()))
        .collect();
    assert_eq!(
        listed,
        [
            ("Sam Jones".to_owned(), "dbs".to_owned()),
            ("Sam Jones".to_owned(), "local_authority".to_owned()),
            ("Sam Jones".to_owned(), "medical".to_owned()),
            ("Alex Jones".to_owned(), "dbs".to_owned()),
            ("Alex Jones".to_owned(), "local_authority".to_owned()),
        ],
        "the child is not checked"
    );
    let path = format!("/enquiries/{id}/stage-1");
    let dbs = checks[0].id.to_string();
    let requested = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/checks/{dbs}/requested"),
        &[],
    )
    .await;
    assert_eq!(requested.status().as_u16(), 303);
    let vague = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/checks/{dbs}/done"),
        &[("outcome", "concerns")],
    )
    .await;
    assert_eq!(vague.status().as_u16(), 400, "a concern needs a note");
    let html = vague.text().await.expect("a page");
    assert!(
        html.contains(&format!("href=\"#note-{dbs}\""))
            && html.contains(&format!("id=\"note-{dbs}-error\"")),
        "the error is against that check's note"
    );
    let done = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/checks/{dbs}/done"),
        &[("outcome", "clear")],
    )
    .await;
    assert_eq!(done.status().as_u16(), 303);
    let again = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/checks/{dbs}/requested"),
        &[],
    )
    .await;
    assert_eq!(again.status().as_u16(), 400, "a done check stays done");
    let steps = crate::factories::workflow_steps(&app, "stage_one_check", checks[0].id).await;
    let moves: Vec<(&str, &str, &str)> = steps
        .iter()
        .map(|(e, f, t)| (e.as_str(), f.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        moves,
        [
            ("requested", "to_do", "requested"),
            ("done", "requested", "done")
        ],
        "each move is in the check's history; refusals are not"
    );
    let stored = stage_one_check::Entity::find_by_id(checks[0].id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(
        (
            stored.status.as_str(),
            stored.outcome.as_deref(),
            stored.requested_on.is_some()
        ),
        ("done", Some("clear"), true)
    );
    let (_, html) = page(&app, &officer, &path).await;
    assert!(html.contains("Nothing of concern") && html.contains("Not requested"));
    let logged = domain::audit::entity::Entity::find()
        .filter(domain::audit::entity::Column::Subject.eq("stage_one_checks"))
        .filter(domain::audit::entity::Column::SubjectId.eq(id))
        .all(&app.ctx.db)
        .await
        .expect("the log");
    assert!(
        !logged.is_empty(),
        "reads of the checks are in the access log"
    );
    let medical = checks[2].id.to_string();
    let not_theirs = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/checks/{medical}/done"),
        &[("outcome", "clear")],
    )
    .await;
    assert_eq!(
        not_theirs.status().as_u16(),
        403,
        "a medical's result is for the roles that read health"
    );

    let queue = "query($org: ID!) { enquiries(organisationId: $org) { nodes { id overdue } } }";
    let organisation_id = household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there")
        .organisation_id;
    let org = json!({ "org": format!("Organisation:{organisation_id}") });
    let on_time = graphql(&app, &officer, queue, org.clone()).await;
    assert_eq!(
        on_time["data"]["enquiries"]["nodes"][0]["overdue"], false,
        "{on_time}"
    );
    // Time passes, to the day after the second check was due.
    app.advance_past(checks[1].due_on);
    let officer = browser();
    crate::browser::sign_in(
        &app,
        &officer,
        "officer@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let late = graphql(&app, &officer, queue, org).await;
    assert_eq!(
        late["data"]["enquiries"]["nodes"][0]["overdue"], true,
        "a late check makes the household overdue: {late}"
    );
    let (_, html) = page(&app, &officer, &path).await;
    assert!(html.contains("Overdue"));

    let record = format!("/enquiries/{id}");
    let stage_two = submit(
        &app,
        &officer,
        &record,
        &format!("{record}/proceed-to-stage-2"),
        &[],
    )
    .await;
    assert_eq!(stage_two.status().as_u16(), 303);
    assert_eq!(stage(&app, id).await, "stage_2");
    let outsider = browser();
    staff(
        &app,
        "officer@durham.example.org",
        &[(
            crate::factories::rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await,
            Role::RecruitmentOfficer,
        )],
    )
    .await;
    crate::browser::sign_in(
        &app,
        &outsider,
        "officer@durham.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    assert_eq!(page(&app, &outsider, &path).await.0, 404);
}

#[db_test]
async fn not_proceeding_at_stage_one_closes_the_household_and_tells_the_applicant_kindly(
    app: TestApp,
) {
    let (id, applicant) = invited_applicant(&app).await;
    send_application(&app, &applicant).await;
    let officer = browser();
    crate::browser::sign_in(
        &app,
        &officer,
        "officer@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let record = format!("/enquiries/{id}");
    let closed = submit(
        &app,
        &officer,
        &record,
        &format!("{record}/close"),
        &[
            ("closure", "advise-not-to-proceed"),
            ("reason", "not_suitable"),
            ("detail", "The local authority checks raised concerns"),
        ],
    )
    .await;
    assert_eq!(closed.status().as_u16(), 303);
    let household = household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(
        (
            household.status.as_str(),
            household.stage.as_str(),
            household.closure.as_deref()
        ),
        (
            "closed",
            "application_submitted",
            Some("advised_not_to_proceed")
        )
    );
    app.run_pending_jobs().await;
    let told = app
        .emails()
        .into_iter()
        .find(|e| {
            e.contains("To: sam@example.org")
                && e.contains("Subject: About your application to foster")
        })
        .expect("told");
    assert!(
        !told.contains("local authority checks raised"),
        "the reason stays with staff"
    );
}

#[db_test]
async fn an_applicant_and_their_officer_exchange_messages_and_emails_never_hold_them(app: TestApp) {
    let (id, applicant) = invited_applicant(&app).await;
    let officer_id = staff(
        &app,
        "owner@tees.example.org",
        &[(
            domain::accounts::find_organisation(
                &app.ctx,
                &domain::Actor::System,
                domain::accounts::OrganisationKind::RegionalCareCooperative,
                "Tees Valley Care Cooperative",
            )
            .await
            .expect("read")
            .expect("the RCC"),
            Role::RecruitmentOfficer,
        )],
    )
    .await;
    let owner = browser();
    crate::browser::sign_in(
        &app,
        &owner,
        "owner@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let organisation_id = household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there")
        .organisation_id;
    let assign = "mutation($org: ID!, $h: ID!, $o: ID!) { \
        assignHouseholds(organisationId: $org, householdIds: [$h], officerId: $o) }";
    let ids = json!({
        "org": format!("Organisation:{organisation_id}"),
        "h": format!("Household:{id}"), "o": format!("Person:{officer_id}"),
    });
    let assigned = graphql(&app, &owner, assign, ids).await;
    assert_eq!(assigned["data"]["assignHouseholds"], 1, "{assigned}");

    let secret = "My son has asthma; is that a problem?";
    let sent = submit(
        &app,
        &applicant,
        "/application/messages",
        "/application/messages",
        &[("body", secret)],
    )
    .await;
    assert_eq!(sent.status().as_u16(), 303);
    let empty = submit(
        &app,
        &applicant,
        "/application/messages",
        "/application/messages",
        &[("body", "  ")],
    )
    .await;
    assert_eq!(empty.status().as_u16(), 400);
    let (_, thread) = page(&app, &owner, &format!("/enquiries/{id}/messages")).await;
    assert!(thread.contains(secret), "{thread}");
    let reply = submit(
        &app,
        &owner,
        &format!("/enquiries/{id}/messages"),
        &format!("/enquiries/{id}/messages"),
        &[("body", "Not at all: let us talk on Tuesday.")],
    )
    .await;
    assert_eq!(reply.status().as_u16(), 303);
    let mine = graphql(
        &app,
        &applicant,
        "{ myMessages { fromHousehold body } }",
        json!({}),
    )
    .await;
    assert_eq!(
        mine["data"]["myMessages"],
        json!([
            { "fromHousehold": true, "body": secret },
            { "fromHousehold": false, "body": "Not at all: let us talk on Tuesday." },
        ])
    );
    app.run_pending_jobs().await;
    let emails = app.emails();
    assert!(
        emails
            .iter()
            .any(|e| e.contains("To: owner@tees.example.org")
                && e.contains("Subject: You have a new message"))
    );
    assert!(emails.iter().any(
        |e| e.contains("To: sam@example.org") && e.contains("Subject: You have a new message")
    ));
    assert!(
        !emails
            .iter()
            .any(|e| e.contains("asthma") || e.contains("let us talk")),
        "no message is ever in an email"
    );

    let outsider_org =
        crate::factories::rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    staff(
        &app,
        "officer@durham.example.org",
        &[(outsider_org, Role::RecruitmentOfficer)],
    )
    .await;
    let outsider = browser();
    crate::browser::sign_in(
        &app,
        &outsider,
        "officer@durham.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let read = graphql(
        &app,
        &outsider,
        "query($h: ID!) { householdMessages(householdId: $h) { body } }",
        json!({ "h": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(error_codes(&read), ["NOT_FOUND"]);
}

#[db_test]
async fn applicants_book_preparation_training_the_public_never_see_and_staff_mark_attendance(
    app: TestApp,
) {
    let (id, applicant) = invited_applicant(&app).await;
    let officer = browser();
    crate::browser::sign_in(
        &app,
        &officer,
        "officer@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let (day, month, year) = {
        use chrono::Datelike;
        let day = app.now() + chrono::TimeDelta::days(20);
        (
            day.day().to_string(),
            day.month().to_string(),
            day.year().to_string(),
        )
    };
    let published = submit(
        &app,
        &officer,
        "/manage/events/new",
        "/manage/events/new",
        &[
            ("purpose", "training"),
            ("title", "Skills to Foster, day 1"),
            ("description", "Preparation training."),
            ("date", &day),
            ("date-month", &month),
            ("date-year", &year),
            ("starts_at", "9:30am"),
            ("ends_at", "4pm"),
            ("capacity", "12"),
            ("format", "in_person"),
            ("venue", "Civic Centre, Hartlepool"),
            ("postcode", "TS24 8AY"),
        ],
    )
    .await;
    assert_eq!(
        published.status().as_u16(),
        303,
        "{}",
        published.text().await.unwrap_or_default()
    );
    let listed = app.graphql("{ events { title } }", json!({})).await;
    assert_eq!(
        listed["data"]["events"],
        json!([]),
        "training is not an information event"
    );
    let course_id = {
        use domain::recruitment::entities::information_event;
        information_event::Entity::find()
            .one(&app.ctx.db)
            .await
            .expect("read")
            .expect("the course")
            .id
    };
    assert_eq!(
        page(&app, &browser(), &format!("/events/{course_id}"))
            .await
            .0,
        404,
        "nor its page"
    );
    let public = app
        .graphql(
            "mutation($id: ID!) { registerForEvent(input: { eventId: $id, \
        name: \"Kim\", email: \"kim@example.org\" }) { title } }",
            json!({ "id": format!("InformationEvent:{course_id}") }),
        )
        .await;
    assert_eq!(
        error_codes(&public),
        ["NOT_FOUND"],
        "nor can the public book it"
    );

    let early = graphql(&app, &applicant, "{ myTraining { booked } }", json!({})).await;
    assert_eq!(
        early["data"]["myTraining"],
        json!([]),
        "before the application is sent"
    );
    send_application(&app, &applicant).await;
    let (_, courses) = page(&app, &applicant, "/application/training").await;
    assert!(courses.contains("Skills to Foster, day 1"), "{courses}");
    use domain::recruitment::entities::information_event;
    let course = information_event::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the course")
        .id;
    let booked = submit(
        &app,
        &applicant,
        "/application/training",
        "/application/training",
        &[("course", &course.to_string())],
    )
    .await;
    assert_eq!(booked.status().as_u16(), 303);
    let mine = graphql(
        &app,
        &applicant,
        "{ myTraining { booked course { title } } }",
        json!({}),
    )
    .await;
    assert_eq!(mine["data"]["myTraining"][0]["booked"], true, "{mine}");

    crate::factories::until_the_event_has_begun(&app, course).await;
    crate::browser::sign_in(
        &app,
        &officer,
        "officer@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    sign_in_by_link(&app, &applicant, "sam@example.org").await;
    use domain::recruitment::entities::event_registration;
    let registration = event_registration::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("booked");
    assert_eq!(registration.household_id, Some(id));
    let path = format!("/manage/events/{course}");
    let attendance = format!("{path}/registrations/{}/attendance", registration.id);
    let came = submit(
        &app,
        &officer,
        &path,
        &attendance,
        &[("attendance", "attended")],
    )
    .await;
    assert_eq!(came.status().as_u16(), 303);
    assert_eq!(
        stage(&app, id).await,
        "application_submitted",
        "training moves no stage"
    );
}

#[db_test]
async fn stage_two_has_an_assessing_social_worker_report_sections_and_visits_the_applicant_sees_who(
    app: TestApp,
) {
    let (id, applicant) = invited_applicant(&app).await;
    send_application(&app, &applicant).await;
    let rcc = household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there")
        .organisation_id;
    let assessor = staff(
        &app,
        "assessor@tees.example.org",
        &[(rcc, Role::AssessingSocialWorker)],
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
    let path = format!("/enquiries/{id}/assessment");
    let early = submit(
        &app,
        &officer,
        &format!("/enquiries/{id}"),
        &format!("{path}/assessor"),
        &[("assessor", &assessor.to_string())],
    )
    .await;
    assert_eq!(early.status().as_u16(), 400, "not before Stage 2");
    let record = format!("/enquiries/{id}");
    submit(
        &app,
        &officer,
        &record,
        &format!("{record}/proceed-to-stage-2"),
        &[],
    )
    .await;
    let assigned = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/assessor"),
        &[("assessor", &assessor.to_string())],
    )
    .await;
    assert_eq!(assigned.status().as_u16(), 303);
    let not_one = submit(
        &app,
        &officer,
        &path,
        &format!("{path}/assessor"),
        &[("assessor", "99999")],
    )
    .await;
    assert_eq!(
        not_one.status().as_u16(),
        400,
        "only the service's assessing social workers"
    );

    let worker = browser();
    crate::browser::sign_in(
        &app,
        &worker,
        "assessor@tees.example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let section = submit(
        &app,
        &worker,
        &path,
        &format!("{path}/sections/background"),
        &[("status", "complete")],
    )
    .await;
    assert_eq!(section.status().as_u16(), 303);
    let tomorrow = app.now() + chrono::TimeDelta::days(2);
    let (d, m, y) = {
        use chrono::Datelike;
        (
            tomorrow.day().to_string(),
            tomorrow.month().to_string(),
            tomorrow.year().to_string(),
        )
    };
    let future = submit(
        &app,
        &worker,
        &path,
        &format!("{path}/visits"),
        &[
            ("visited_on", &d),
            ("visited_on-month", &m),
            ("visited_on-year", &y),
            ("note", "First visit"),
        ],
    )
    .await;
    assert_eq!(future.status().as_u16(), 400);
    assert!(
        future.text().await.expect("a page").contains("First visit"),
        "the note is kept"
    );
    let today = app.now();
    let (d, m, y) = {
        use chrono::Datelike;
        (
            today.day().to_string(),
            today.month().to_string(),
            today.year().to_string(),
        )
    };
    let visit = submit(
        &app,
        &worker,
        &path,
        &format!("{path}/visits"),
        &[
            ("visited_on", &d),
            ("visited_on-month", &m),
            ("visited_on-year", &y),
            ("note", "Met the whole family"),
        ],
    )
    .await;
    assert_eq!(visit.status().as_u16(), 303);
    let (_, html) = page(&app, &worker, &path).await;
    assert!(
        html.contains("Met the whole family") && html.contains(r#"value="complete" selected"#),
        "{html}"
    );
    let (_, account) = page(&app, &applicant, "/account").await;
    assert!(
        account.contains("Your assessing social worker")
            && account.contains("Person assessor@tees.example.org"),
        "{account}"
    );
}

#[db_test]
async fn application_sent_is_said_only_once_it_is(app: TestApp) {
    let (_, applicant) = invited_applicant(&app).await;
    let early = applicant
        .get(app.url("/application/sent"))
        .send()
        .await
        .expect("answered");
    assert_eq!(early.status().as_u16(), 303, "not sent yet");
    assert_eq!(
        early
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok()),
        Some("/application")
    );
}
