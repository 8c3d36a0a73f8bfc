//! From Stage 2 to the end: the fostering panel, the decision maker's
//! decision (approval, or a proposal not to approve with its 28 days),
//! joint applicants and connected persons.

use chrono::Datelike;
use domain::accounts::Role;
use domain::accounts::entities::membership;
use domain::applications::entities::{decision, stage_one_check};
use domain::carers::entities::carer_household;
use domain::recruitment::entities::{household, household_history};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::applications::{
    REFERENCE, add_person, fill_application, invited_applicant, reference_links, save,
    send_application, stage,
};
use crate::browser::{browser, graphql, page, sign_in, sign_in_by_link, submit};
use crate::factories::{PASSWORD, staff};
use crate::harness::{TestApp, db_test, error_codes};

fn date_boxes(id: &str, day: chrono::NaiveDate) -> [(String, String); 3] {
    [
        (id.to_owned(), day.day().to_string()),
        (format!("{id}-month"), day.month().to_string()),
        (format!("{id}-year"), day.year().to_string()),
    ]
}

/// The carer household a household became, if it did.
async fn carer_household_of(app: &TestApp, household_id: i32) -> Option<carer_household::Model> {
    carer_household::Entity::find()
        .filter(carer_household::Column::HouseholdId.eq(household_id))
        .one(&app.ctx.db)
        .await
        .expect("read")
}

fn today(app: &TestApp) -> chrono::NaiveDate {
    app.now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

/// The last day a household may answer its proposal.
async fn respond_by(app: &TestApp, household_id: i32) -> chrono::NaiveDate {
    decision::Entity::find_by_id(household_id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("a proposal")
        .respond_by
        .expect("a day to answer by")
}

fn fields(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// The household's organisation.
async fn organisation_of(app: &TestApp, id: i32) -> i32 {
    household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there")
        .organisation_id
}

/// The people who take a household from Stage 2 to a decision, signed in.
struct PanelStaff {
    assessor: reqwest::Client,
    panel_administrator: reqwest::Client,
    decision_maker: reqwest::Client,
}

const PANEL_STAFF: [(&str, Role); 3] = [
    ("assessor@tees.example.org", Role::AssessingSocialWorker),
    ("panel@tees.example.org", Role::PanelAdministrator),
    ("adm@tees.example.org", Role::AgencyDecisionMaker),
];

impl PanelStaff {
    /// Back another day, each signs in again.
    async fn sign_in_again(&self, app: &TestApp) {
        let clients = [
            &self.assessor,
            &self.panel_administrator,
            &self.decision_maker,
        ];
        for (client, (email, _)) in clients.into_iter().zip(PANEL_STAFF) {
            sign_in(app, client, email, PASSWORD).await;
        }
    }
}

async fn panel_staff(app: &TestApp, organisation: i32) -> PanelStaff {
    let mut signed_in = Vec::new();
    for (email, role) in PANEL_STAFF {
        staff(app, email, &[(organisation, role)]).await;
        let client = browser();
        sign_in(app, &client, email, PASSWORD).await;
        signed_in.push(client);
    }
    let mut signed_in = signed_in.into_iter();
    let mut next = || signed_in.next().expect("three");
    PanelStaff {
        assessor: next(),
        panel_administrator: next(),
        decision_maker: next(),
    }
}

/// The officer moves the household on to Stage 2.
async fn proceed_to_stage_two(app: &TestApp, id: i32) {
    let officer = browser();
    sign_in(app, &officer, "officer@tees.example.org", PASSWORD).await;
    let record = format!("/enquiries/{id}");
    let moved = submit(
        app,
        &officer,
        &record,
        &format!("{record}/proceed-to-stage-2"),
        &[],
    )
    .await;
    assert_eq!(moved.status().as_u16(), 303);
}

/// A panel sitting today, and the household booked onto it and heard.
async fn heard_at_panel(app: &TestApp, id: i32, people: &PanelStaff, recommendation: &str) {
    let mut form = date_boxes("sits_on", today(app)).to_vec();
    form.push(("place".into(), "Civic Centre, Hartlepool".into()));
    form.push(("capacity".into(), "4".into()));
    let scheduled = submit(
        app,
        &people.panel_administrator,
        "/panels",
        "/panels",
        &fields(&form),
    )
    .await;
    assert_eq!(
        scheduled.status().as_u16(),
        303,
        "{}",
        scheduled.text().await.unwrap_or_default()
    );
    let panel = graphql(
        app,
        &people.assessor,
        "query($org: ID!) { panelDates(organisationId: $org) { id placesLeft } }",
        json!({ "org": format!("Organisation:{}", organisation_of(app, id).await) }),
    )
    .await;
    let panel_id = panel["data"]["panelDates"][0]["id"]
        .as_str()
        .expect("a date")
        .trim_start_matches("Panel:")
        .to_owned();
    let path = format!("/enquiries/{id}/panel");
    let booked = submit(
        app,
        &people.assessor,
        &path,
        &format!("{path}/booking"),
        &[("panel", &panel_id)],
    )
    .await;
    assert_eq!(
        booked.status().as_u16(),
        303,
        "{}",
        booked.text().await.unwrap_or_default()
    );
    assert_eq!(stage(app, id).await, "panel");
    let recommended = submit(
        app,
        &people.panel_administrator,
        &path,
        &format!("{path}/recommendation"),
        &[
            ("recommendation", recommendation),
            ("reasons", "The panel discussed the assessment in full."),
        ],
    )
    .await;
    assert_eq!(
        recommended.status().as_u16(),
        303,
        "{}",
        recommended.text().await.unwrap_or_default()
    );
    assert_eq!(stage(app, id).await, "recommended");
}

#[db_test]
async fn the_whole_path_runs_from_an_application_to_approved_foster_carers(app: TestApp) {
    let (id, first_visit) = invited_applicant(&app).await;
    let later = save(
        &app,
        &first_visit,
        "about_you",
        &[("full_name", "Sam Jones")],
        "later",
    )
    .await;
    assert_eq!(later.status().as_u16(), 303, "saved half done");
    // Back another day, in a new session: what was typed is still there.
    let applicant = browser();
    sign_in_by_link(&app, &applicant, "sam@example.org").await;
    let (_, resumed) = page(&app, &applicant, "/application/section/about_you").await;
    assert!(resumed.contains("value=\"Sam Jones\""), "{resumed}");
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
    send_application(&app, &applicant).await;
    assert_eq!(stage(&app, id).await, "application_submitted");

    // Two references through their links, one after a reminder.
    app.run_pending_jobs().await;
    let pat = reference_links(&app, "pat@example.org");
    let given = submit(&app, &browser(), &pat[0], &pat[0], REFERENCE).await;
    assert_eq!(given.status().as_u16(), 303);
    app.advance(chrono::TimeDelta::days(9));
    sign_in_by_link(&app, &applicant, "sam@example.org").await;
    domain::applications::references::send_reference_reminders(&app.ctx, &domain::Actor::System)
        .await
        .expect("queued");
    app.run_pending_jobs().await;
    let jo = reference_links(&app, "jo@example.org");
    assert_eq!(jo.len(), 2, "asked, then reminded");
    let given = submit(&app, &browser(), &jo[1], &jo[1], REFERENCE).await;
    assert_eq!(given.status().as_u16(), 303);

    // Stage 1: every check for both adults done.
    let organisation = organisation_of(&app, id).await;
    let people = panel_staff(&app, organisation).await;
    let checks = stage_one_check::Entity::find()
        .filter(stage_one_check::Column::HouseholdId.eq(id))
        .all(&app.ctx.db)
        .await
        .expect("checks");
    assert_eq!(checks.len(), 5, "Sam's three and Alex's two");
    let path = format!("/enquiries/{id}/stage-1");
    for check in &checks {
        let check_id = check.id.to_string();
        let done = submit(
            &app,
            &people.assessor,
            &path,
            &format!("{path}/checks/{check_id}/done"),
            &[("outcome", "clear")],
        )
        .await;
        assert_eq!(
            done.status().as_u16(),
            303,
            "{}",
            done.text().await.unwrap_or_default()
        );
    }
    proceed_to_stage_two(&app, id).await;

    // Preparation training, booked and attended.
    let officer = browser();
    sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;
    let mut course = date_boxes("date", today(&app) + chrono::Days::new(10)).to_vec();
    for (k, v) in [
        ("purpose", "training"),
        ("title", "Skills to Foster"),
        ("description", "Preparation training."),
        ("starts_at", "9:30am"),
        ("ends_at", "4pm"),
        ("capacity", "12"),
        ("format", "in_person"),
        ("venue", "Civic Centre, Hartlepool"),
        ("postcode", "TS24 8AY"),
    ] {
        course.push((k.into(), v.into()));
    }
    let published = submit(
        &app,
        &officer,
        "/manage/events/new",
        "/manage/events/new",
        &fields(&course),
    )
    .await;
    assert_eq!(published.status().as_u16(), 303);
    use domain::recruitment::entities::{event_registration, information_event};
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
    let (_, account) = page(&app, &applicant, "/account").await;
    assert!(
        account.contains("Events you booked")
            && account.contains("(preparation training)")
            && account.contains("Skills to Foster"),
        "{account}"
    );
    crate::factories::until_the_event_has_begun(&app, course).await;
    sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;
    sign_in_by_link(&app, &applicant, "sam@example.org").await;
    people.sign_in_again(&app).await;
    let registration = event_registration::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("booked");
    let managed = format!("/manage/events/{course}");
    let attendance = format!("{managed}/registrations/{}/attendance", registration.id);
    let came = submit(
        &app,
        &officer,
        &managed,
        &attendance,
        &[("attendance", "attended")],
    )
    .await;
    assert_eq!(came.status().as_u16(), 303);

    // Panel, then the decision maker's decision.
    heard_at_panel(&app, id, &people, "approve").await;
    let (_, account) = page(&app, &applicant, "/account").await;
    assert!(
        !account.contains("Your fostering panel"),
        "the panel has sat and recommended: its date is not shown as one to come"
    );
    let decision_path = format!("/enquiries/{id}/panel");
    let no_terms = submit(
        &app,
        &people.decision_maker,
        &decision_path,
        &format!("{decision_path}/decision"),
        &[("outcome", "approved"), ("reasons", "A warm, steady home.")],
    )
    .await;
    assert_eq!(no_terms.status().as_u16(), 400, "an approval has its terms");
    let html = no_terms.text().await.expect("a page");
    assert!(
        html.contains("href=\"#children\"") && html.contains("href=\"#kinds\""),
        "each term is named"
    );
    let approved = submit(
        &app,
        &people.decision_maker,
        &decision_path,
        &format!("{decision_path}/decision"),
        &[
            ("outcome", "approved"),
            ("children", "2"),
            ("age_from", "11"),
            ("age_to", "17"),
            ("kinds", "teenagers"),
            ("kinds", "short_term"),
            ("reasons", "A warm, steady home."),
        ],
    )
    .await;
    assert_eq!(
        approved.status().as_u16(),
        303,
        "{}",
        approved.text().await.unwrap_or_default()
    );
    assert_eq!(stage(&app, id).await, "approved");
    let carers = carer_household_of(&app, id)
        .await
        .expect("the approval makes a carer household");
    assert_eq!(
        (
            carers.organisation_id,
            carers.approved_on,
            carers.children,
            carers.age_from,
            carers.age_to,
            carers.kinds.as_deref(),
            carers.connected_person,
        ),
        (
            organisation,
            today(&app),
            Some(2),
            Some(11),
            Some(17),
            Some("[\"teenagers\",\"short_term\"]"),
            false,
        ),
        "on the decision's terms, from today"
    );
    assert_eq!(
        carers.review_due_on,
        today(&app) + chrono::Months::new(12),
        "the annual review falls due a year on"
    );

    let sam = household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there")
        .person_id
        .expect("an account");
    let roles = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(sam))
        .all(&app.ctx.db)
        .await
        .expect("roles");
    assert!(
        roles
            .iter()
            .any(|m| m.role == "foster_carer" && m.organisation_id == organisation),
        "Sam is a foster carer of the service"
    );
    let (_, account) = page(&app, &applicant, "/account").await;
    assert!(
        account.contains("Foster carer") && account.contains("You are approved as foster carers"),
        "{account}"
    );
    app.run_pending_jobs().await;
    let told = app
        .emails()
        .into_iter()
        .find(|e| {
            e.contains("To: sam@example.org")
                && e.contains("Subject: The decision on your application to foster")
        })
        .expect("told");
    assert!(
        told.contains("approved you as foster carers") && !told.contains("A warm, steady home"),
        "the reasons stay out of email"
    );
    let moves: Vec<String> = household_history::Entity::find()
        .filter(household_history::Column::HouseholdId.eq(id))
        .all(&app.ctx.db)
        .await
        .expect("history")
        .into_iter()
        .map(|h| h.event)
        .collect();
    for step in [
        "application_submitted",
        "proceeded_to_stage_2",
        "booked_for_panel",
        "panel_recommended",
        "approved",
    ] {
        assert!(
            moves.iter().any(|m| m == step),
            "{step} is in the history: {moves:?}"
        );
    }
}

#[db_test]
async fn a_proposal_not_to_approve_becomes_final_after_28_days_without_a_response(app: TestApp) {
    let (id, applicant) = invited_applicant(&app).await;
    send_application(&app, &applicant).await;
    proceed_to_stage_two(&app, id).await;
    let people = panel_staff(&app, organisation_of(&app, id).await).await;
    heard_at_panel(&app, id, &people, "not_approve").await;
    let household_id = json!({ "id": format!("Household:{id}") });
    let not_theirs = graphql(
        &app,
        &people.panel_administrator,
        "mutation($id: ID!) { recordDecision(householdId: $id, \
        outcome: PROPOSED_NOT_TO_APPROVE, reasons: \"No\") }",
        household_id.clone(),
    )
    .await;
    assert_eq!(
        error_codes(&not_theirs),
        ["FORBIDDEN"],
        "only the decision maker decides"
    );
    let proposed = graphql(
        &app,
        &people.decision_maker,
        "mutation($id: ID!) { recordDecision(householdId: $id, \
        outcome: PROPOSED_NOT_TO_APPROVE, reasons: \"Concerns about \
        the support network.\") }",
        household_id.clone(),
    )
    .await;
    assert_eq!(proposed["data"]["recordDecision"], true, "{proposed}");
    assert_eq!(stage(&app, id).await, "proposed_not_to_approve");
    let too_soon = graphql(
        &app,
        &people.decision_maker,
        "mutation($id: ID!) { recordDecision(householdId: $id, \
        outcome: NOT_APPROVED, reasons: \"Final.\") }",
        household_id.clone(),
    )
    .await;
    assert_eq!(
        error_codes(&too_soon),
        ["CONFLICT"],
        "the household has its 28 days"
    );
    let (_, decider_page) = page(
        &app,
        &people.decision_maker,
        &format!("/enquiries/{id}/panel"),
    )
    .await;
    assert!(
        !decider_page.contains("value=\"not_approved\"")
            && decider_page.contains("to respond: you can make the final decision"),
        "the final decision is not offered inside the 28 days"
    );
    let answer_by = respond_by(&app, id).await;
    assert_eq!(answer_by, today(&app) + chrono::Days::new(28));
    let (_, own) = page(&app, &applicant, "/application/decision").await;
    assert!(
        own.contains("Independent Review Mechanism")
            && own.contains(&answer_by.format("%-d %B %Y").to_string()),
        "{own}"
    );
    let empty = submit(
        &app,
        &applicant,
        "/application/decision",
        "/application/decision",
        &[("response", "representations")],
    )
    .await;
    assert_eq!(
        empty.status().as_u16(),
        400,
        "representations say something"
    );

    // Nothing in 28 days: the hourly job makes it final, once.
    assert_eq!(
        domain::applications::decision::finalise_proposals(&app.ctx, &domain::Actor::System)
            .await
            .expect("ran"),
        0,
        "not yet"
    );
    app.advance_past(answer_by);
    sign_in_by_link(&app, &applicant, "sam@example.org").await;
    let late = submit(
        &app,
        &applicant,
        "/application/decision",
        "/application/decision",
        &[("response", "independent_review")],
    )
    .await;
    assert_eq!(late.status().as_u16(), 400, "the 28 days have passed");
    assert!(
        late.text()
            .await
            .expect("a page")
            .contains("The 28 days to respond have passed")
    );
    assert_eq!(
        domain::applications::decision::finalise_proposals(&app.ctx, &domain::Actor::System)
            .await
            .expect("ran"),
        1
    );
    assert_eq!(
        domain::applications::decision::finalise_proposals(&app.ctx, &domain::Actor::System)
            .await
            .expect("ran"),
        0,
        "once"
    );
    let steps = crate::factories::workflow_steps(&app, "proposal", id).await;
    assert_eq!(
        steps,
        [(
            "lapsed".to_owned(),
            "awaiting_response".to_owned(),
            "final".to_owned()
        )],
        "the proposal's history: it lapsed"
    );
    let row = household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(
        (row.status.as_str(), row.closure.as_deref()),
        ("closed", Some("not_approved"))
    );
    app.run_pending_jobs().await;
    let told: Vec<String> = app
        .emails()
        .into_iter()
        .filter(|e| {
            e.contains("To: sam@example.org")
                && e.contains("Subject: The decision on your application to foster")
        })
        .collect();
    assert_eq!(told.len(), 2, "the proposal, then the final decision");
    assert!(
        told.iter()
            .any(|e| e.contains("final decision not to approve"))
    );
    let officer = browser();
    sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;
    let record = format!("/enquiries/{id}");
    let reopened = submit(&app, &officer, &record, &format!("{record}/reopen"), &[]).await;
    assert_eq!(reopened.status().as_u16(), 409, "a final decision is final");
}

#[db_test]
async fn a_response_to_a_proposal_waits_for_the_decision_maker_who_may_still_approve(app: TestApp) {
    let (id, applicant) = invited_applicant(&app).await;
    send_application(&app, &applicant).await;
    proceed_to_stage_two(&app, id).await;
    let people = panel_staff(&app, organisation_of(&app, id).await).await;
    heard_at_panel(&app, id, &people, "approve").await;
    let path = format!("/enquiries/{id}/panel");
    submit(
        &app,
        &people.decision_maker,
        &path,
        &format!("{path}/decision"),
        &[
            ("outcome", "proposed_not_to_approve"),
            ("reasons", "Concerns."),
        ],
    )
    .await;
    let asked = submit(
        &app,
        &applicant,
        "/application/decision",
        "/application/decision",
        &[("response", "independent_review")],
    )
    .await;
    assert_eq!(asked.status().as_u16(), 303);
    // The response can be checked before it is sent, and changed until
    // the decision maker acts.
    let checked = submit(
        &app,
        &applicant,
        "/application/decision",
        "/application/decision/check",
        &[
            ("response", "representations"),
            ("text", "More about our support"),
        ],
    )
    .await;
    assert_eq!(checked.status().as_u16(), 200);
    let check = checked.text().await.expect("a page");
    assert!(
        check.contains("Check your response before sending it")
            && check.contains("More about our support"),
        "{check}"
    );
    assert_eq!(
        stage(&app, id).await,
        "proposed_not_to_approve",
        "nothing sent by the check"
    );
    let again = graphql(
        &app,
        &applicant,
        "mutation { respondToProposal(response: REPRESENTATIONS, text: \"More\") }",
        json!({}),
    )
    .await;
    assert_eq!(again["data"]["respondToProposal"], true, "changed: {again}");
    let back = graphql(
        &app,
        &applicant,
        "mutation { respondToProposal(response: INDEPENDENT_REVIEW, text: \"\") }",
        json!({}),
    )
    .await;
    assert_eq!(back["data"]["respondToProposal"], true, "and back: {back}");
    let (_, decider_page) = page(&app, &people.decision_maker, &path).await;
    assert!(
        decider_page.contains("value=\"not_approved\""),
        "once the household responds, the final decision is offered"
    );
    app.advance_past(respond_by(&app, id).await);
    sign_in_by_link(&app, &applicant, "sam@example.org").await;
    people.sign_in_again(&app).await;
    assert_eq!(
        domain::applications::decision::finalise_proposals(&app.ctx, &domain::Actor::System)
            .await
            .expect("ran"),
        0,
        "a review is waited for"
    );
    let (_, staff_view) = page(&app, &people.decision_maker, &path).await;
    assert!(
        staff_view.contains("Review by the Independent Review Mechanism"),
        "{staff_view}"
    );
    let approved = graphql(
        &app,
        &people.decision_maker,
        "mutation($id: ID!) { recordDecision(householdId: $id, \
        outcome: APPROVED, terms: { children: 1, ageFrom: 0, ageTo: \
        4, kinds: [\"short_breaks\"] }, reasons: \"The review found \
        the support network strong.\") }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(approved["data"]["recordDecision"], true, "{approved}");
    let steps = crate::factories::workflow_steps(&app, "proposal", id).await;
    let moves: Vec<(&str, &str, &str)> = steps
        .iter()
        .map(|(e, f, t)| (e.as_str(), f.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        moves,
        [
            ("independent_review", "awaiting_response", "answered"),
            ("representations", "answered", "answered"),
            ("independent_review", "answered", "answered"),
            ("approved", "answered", "final")
        ],
        "the proposal's history"
    );
    let panel = graphql(
        &app,
        &people.decision_maker,
        "query($id: ID!) { householdPanel(householdId: $id) { state { \
        stage } recommendation decision { outcome response terms { \
        children kinds } } } }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(
        panel["data"]["householdPanel"]["decision"],
        json!({
            "outcome": "APPROVED", "response": "INDEPENDENT_REVIEW",
            "terms": { "children": 1, "kinds": ["short_breaks"] },
        }),
        "{panel}"
    );
    let logged = domain::audit::entity::Entity::find()
        .filter(domain::audit::entity::Column::Subject.eq("panel_and_decision"))
        .filter(domain::audit::entity::Column::SubjectId.eq(id))
        .all(&app.ctx.db)
        .await
        .expect("the log");
    assert!(
        !logged.is_empty(),
        "reads of the panel and decision are in the access log"
    );
    staff(
        &app,
        "manager@tees.example.org",
        &[(organisation_of(&app, id).await, Role::RecruitmentManager)],
    )
    .await;
    let manager = browser();
    sign_in(&app, &manager, "manager@tees.example.org", PASSWORD).await;
    let withheld = graphql(
        &app,
        &manager,
        "query($id: ID!) { householdPanel(householdId: $id) { \
        recommendation recommendationReasons decision { outcome \
        reasons } } }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(
        withheld["data"]["householdPanel"],
        json!({
            "recommendation": "APPROVE", "recommendationReasons": null,
            "decision": { "outcome": "APPROVED", "reasons": null },
        }),
        "the reasons are for the roles that read health: {withheld}"
    );
    let theirs = graphql(
        &app,
        &applicant,
        "query($id: ID!) { householdPanel(householdId: $id) { recommendation } }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(
        error_codes(&theirs),
        ["NOT_FOUND"],
        "the applicant reads their own page, not the panel's"
    );
}

#[db_test]
async fn a_joint_application_is_shared_by_two_applicants_each_checked_and_approved(app: TestApp) {
    let (id, applicant) = invited_applicant(&app).await;
    let own = submit(
        &app,
        &applicant,
        "/application/joint",
        "/application/joint",
        &[("name", "Alex Jones"), ("email", "sam@example.org")],
    )
    .await;
    assert_eq!(
        own.status().as_u16(),
        400,
        "a partner has their own address"
    );
    let added = submit(
        &app,
        &applicant,
        "/application/joint",
        "/application/joint",
        &[("name", "Alex Jones"), ("email", "alex@example.org")],
    )
    .await;
    assert_eq!(added.status().as_u16(), 303);
    let next = added
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("on to the task list")
        .to_owned();
    let (_, told) = page(&app, &applicant, &next).await;
    assert!(
        told.contains("banner__heading\">Your partner is invited to apply with you")
            && !told.contains("banner__heading\">Your answers are saved"),
        "the banner says what happened: {told}"
    );
    app.run_pending_jobs().await;
    assert!(
        app.emails()
            .iter()
            .any(|e| e.contains("To: alex@example.org")
                && e.contains("Subject: You have been invited to apply to foster jointly"))
    );
    let partner = browser();
    sign_in_by_link(&app, &partner, "alex@example.org").await;
    assert_eq!(
        page(&app, &partner, "/application").await.0,
        404,
        "nothing until they accept"
    );
    let (_, account) = page(&app, &partner, "/account").await;
    assert!(
        account.contains("Sam Jones has invited you to apply to foster with them"),
        "{account}"
    );
    let accepted = submit(
        &app,
        &partner,
        "/account",
        "/application/joint/accept",
        &[("household", &id.to_string())],
    )
    .await;
    assert_eq!(accepted.status().as_u16(), 303);
    let (status, tasks) = page(&app, &partner, "/application").await;
    assert_eq!(status, 200);
    assert!(
        tasks.contains("About your partner") && tasks.contains("Sam Jones and Alex Jones"),
        "{tasks}"
    );
    let saved = save(
        &app,
        &partner,
        "about_your_partner",
        &[
            ("full_name", "Alex Jones"),
            ("date_of_birth", "2"),
            ("date_of_birth-month", "11"),
            ("date_of_birth-year", "1983"),
            ("phone", "07700 900 111"),
            ("relationship_since", "8 years"),
        ],
        "continue",
    )
    .await;
    assert_eq!(
        saved.status().as_u16(),
        303,
        "the partner fills in the shared application"
    );
    send_application(&app, &applicant).await;
    let checked: Vec<(String, String)> = stage_one_check::Entity::find()
        .filter(stage_one_check::Column::HouseholdId.eq(id))
        .all(&app.ctx.db)
        .await
        .expect("checks")
        .into_iter()
        .map(|c| (c.person, c.kind))
        .collect();
    for kind in ["dbs", "local_authority", "medical"] {
        assert!(
            checked.contains(&("Alex Jones".to_owned(), kind.to_owned())),
            "{kind} for the joint applicant: {checked:?}"
        );
    }
    let mine = graphql(&app, &partner, "{ myEnquiries { applicants } }", json!({})).await;
    assert_eq!(
        mine["data"]["myEnquiries"][0]["applicants"],
        json!(["Sam Jones", "Alex Jones"]),
        "{mine}"
    );

    proceed_to_stage_two(&app, id).await;
    let people = panel_staff(&app, organisation_of(&app, id).await).await;
    heard_at_panel(&app, id, &people, "approve").await;
    let approved = graphql(
        &app,
        &people.decision_maker,
        "mutation($id: ID!) { recordDecision(householdId: $id, \
        outcome: APPROVED, terms: { children: 3, ageFrom: 5, ageTo: \
        15, kinds: [\"sibling_groups\"] }, reasons: \"Together they \
        offer a great deal.\") }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(approved["data"]["recordDecision"], true, "{approved}");
    let carers = membership::Entity::find()
        .filter(membership::Column::Role.eq("foster_carer"))
        .all(&app.ctx.db)
        .await
        .expect("roles");
    assert_eq!(carers.len(), 2, "both applicants are foster carers");
}

#[db_test]
async fn nobody_joins_an_application_without_accepting_and_it_waits_for_them(app: TestApp) {
    let (id, applicant) = invited_applicant(&app).await;
    // Someone who already has an account, applying elsewhere.
    let officer = domain::accounts::entities::person::Entity::find()
        .filter(domain::accounts::entities::person::Column::Email.eq("officer@tees.example.org"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the officer")
        .id;
    crate::factories::invited_household(&app, officer, "kim@example.org").await;
    let invited = graphql(
        &app,
        &applicant,
        "mutation { addJointApplicant(name: \"A Partner\", email: \"kim@example.org\") }",
        json!({}),
    )
    .await;
    assert_eq!(
        invited["data"]["addJointApplicant"], true,
        "the same answer whether or not the address has an account"
    );
    let mine = graphql(
        &app,
        &applicant,
        "{ myEnquiries { applicants } }",
        json!({}),
    )
    .await;
    assert_eq!(
        mine["data"]["myEnquiries"][0]["applicants"],
        json!(["Sam Jones"]),
        "not joined: {mine}"
    );
    let (_, tasks) = page(&app, &applicant, "/application").await;
    assert!(
        tasks.contains("You have invited A Partner"),
        "the name typed, not the account's: {tasks}"
    );
    let kim = browser();
    sign_in_by_link(&app, &kim, "kim@example.org").await;
    let (_, own) = page(&app, &kim, "/application").await;
    assert!(
        !own.contains("Sam Jones"),
        "Kim still sees only their own application"
    );
    fill_application(&app, &applicant).await;
    let waiting = submit(
        &app,
        &applicant,
        "/application/check-answers",
        "/application/submit",
        &[],
    )
    .await;
    assert_eq!(
        waiting.status().as_u16(),
        400,
        "the application waits for the partner"
    );
    assert!(
        waiting
            .text()
            .await
            .expect("a page")
            .contains("A Partner has not yet accepted")
    );
    assert_eq!(stage(&app, id).await, "application_invited");
    let removed = submit(
        &app,
        &applicant,
        "/application/joint",
        "/application/joint/remove",
        &[],
    )
    .await;
    assert_eq!(removed.status().as_u16(), 303);
    let late = graphql(
        &app,
        &kim,
        "mutation($id: ID!) { acceptJointInvitation(householdId: $id) }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    assert_eq!(
        error_codes(&late),
        ["NOT_FOUND"],
        "a withdrawn invitation cannot be accepted"
    );
    let sent = submit(
        &app,
        &applicant,
        "/application/check-answers",
        "/application/submit",
        &[],
    )
    .await;
    assert_eq!(sent.status().as_u16(), 303);
    assert_eq!(stage(&app, id).await, "application_submitted");
}

#[db_test]
async fn a_connected_person_is_assessed_under_a_temporary_approval_extended_once(app: TestApp) {
    let rcc = crate::factories::rcc(&app, "Tees Valley Care Cooperative").await;
    staff(
        &app,
        "assessor@tees.example.org",
        &[(rcc, Role::AssessingSocialWorker)],
    )
    .await;
    let assessor = browser();
    sign_in(&app, &assessor, "assessor@tees.example.org", PASSWORD).await;
    let placed = today(&app) - chrono::Days::new(7);
    let mut form = date_boxes("approved_on", placed).to_vec();
    for (k, v) in [
        ("organisation", rcc.to_string()),
        ("name", "Pat Grant".into()),
        ("email", "pat.grant@example.org".into()),
        ("phone", "07700 900 222".into()),
        ("postcode", "TS24 7AA".into()),
        ("child_initials", "J5".into()),
        ("child_reference", "HP-1234".into()),
        ("relationship", "Grandmother".into()),
    ] {
        form.push((k.into(), v));
    }
    let refused = submit(
        &app,
        &assessor,
        "/connected-persons/new",
        "/connected-persons/new",
        &fields(&form),
    )
    .await;
    assert_eq!(refused.status().as_u16(), 400, "initials only");
    form.retain(|(k, _)| k != "child_initials");
    form.push(("child_initials".into(), "J.S.".into()));
    let recorded = submit(
        &app,
        &assessor,
        "/connected-persons/new",
        "/connected-persons/new",
        &fields(&form),
    )
    .await;
    assert_eq!(
        recorded.status().as_u16(),
        303,
        "{}",
        recorded.text().await.unwrap_or_default()
    );
    let row = household::Entity::find()
        .filter(household::Column::Email.eq("pat.grant@example.org"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(row.stage, "stage_2", "straight to the assessment");
    let carers = carer_household_of(&app, row.id)
        .await
        .expect("a temporary approval makes a carer household");
    assert_eq!(
        (carers.connected_person, carers.approved_on, carers.children),
        (true, placed, None),
        "for the one child, from the day of placement, with no terms yet"
    );
    let checks = stage_one_check::Entity::find()
        .filter(stage_one_check::Column::HouseholdId.eq(row.id))
        .all(&app.ctx.db)
        .await
        .expect("checks");
    assert_eq!(checks.len(), 3, "the carer's own checks");
    let path = format!("/enquiries/{}/panel", row.id);
    let (_, html) = page(&app, &assessor, &path).await;
    let until = placed + chrono::Days::new(16 * 7);
    assert!(
        html.contains(&until.format("%-d %B %Y").to_string()),
        "16 weeks: {html}"
    );
    let extended = submit(
        &app,
        &assessor,
        &path,
        &format!("{path}/temporary-approval"),
        &[("reason", "Waiting for the medical")],
    )
    .await;
    assert_eq!(extended.status().as_u16(), 303);
    let (_, html) = page(&app, &assessor, &path).await;
    assert!(
        html.contains(
            &(until + chrono::Days::new(8 * 7))
                .format("%-d %B %Y")
                .to_string()
        ),
        "and 8 more"
    );
    let twice = graphql(
        &app,
        &assessor,
        "mutation($id: ID!) { extendTemporaryApproval(householdId: $id, reason: \"Again\") }",
        json!({ "id": format!("Household:{}", row.id) }),
    )
    .await;
    assert_eq!(error_codes(&twice), ["CONFLICT"], "once only");

    // Past its end with no decision, the household is overdue.
    use domain::applications::entities::temporary_approval;
    let until = temporary_approval::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the approval")
        .until;
    app.advance_past(until);
    staff(
        &app,
        "manager@tees.example.org",
        &[(rcc, Role::RecruitmentManager)],
    )
    .await;
    let manager = browser();
    sign_in(&app, &manager, "manager@tees.example.org", PASSWORD).await;
    let queue = graphql(
        &app,
        &manager,
        "query($org: ID!) { enquiries(organisationId: $org) { nodes { overdue } } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(
        queue["data"]["enquiries"]["nodes"][0]["overdue"], true,
        "{queue}"
    );
    let carer = browser();
    sign_in_by_link(&app, &carer, "pat.grant@example.org").await;
    let (_, account) = page(&app, &carer, "/account").await;
    assert!(
        account.contains("Stage 2 assessment"),
        "the carer follows their assessment: {account}"
    );
}
