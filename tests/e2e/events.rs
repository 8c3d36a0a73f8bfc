//! Information events and initial home visits: the journey from an enquiry
//! to an invitation to apply, and who may see and change what.

use chrono::{Datelike, TimeDelta};
use chrono_tz::Europe::London;
use domain::Actor;
use domain::accounts::Role;
use domain::recruitment::entities::{
    event_registration, home_visit, household, household_history, information_event,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::browser::{browser, graphql, page, sign_in, submit};
use crate::factories::{PASSWORD, information_event, rcc, rcc_over, signed_in, staff};
use crate::harness::{TestApp, db_test, error_codes};

const REGISTER: &str = "mutation($input: RegisterInterestInput!) { \
    registerInterest(input: $input) { organisationName } }";
const REGISTER_FOR_EVENT: &str = "mutation($id: ID!, $email: String!) { \
    registerForEvent(input: { eventId: $id, name: \"Sam Jones\", \
    email: $email }) { placesLeft } }";

async fn enquire(app: &TestApp, email: &str) {
    let answer = app
        .graphql(
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
        .await;
    assert!(answer["errors"].is_null(), "{answer}");
}

/// The emails sent to `to` (in any case), their soft line breaks undone.
fn emails_to(app: &TestApp, to: &str) -> Vec<String> {
    app.emails()
        .into_iter()
        .map(|e| e.replace("=\r\n", "").replace("=\n", ""))
        .filter(|e| {
            e.to_lowercase()
                .contains(&format!("to: {}", to.to_lowercase()))
        })
        .collect()
}

fn with_subject<'a>(emails: &'a [String], subject: &str) -> &'a str {
    emails
        .iter()
        .find(|e| e.contains(&format!("Subject: {subject}")))
        .unwrap_or_else(|| panic!("an email \"{subject}\" among {emails:?}"))
}

fn carries_a_calendar_entry(email: &str) -> bool {
    email.contains("Content-Type: text/calendar")
        && email.contains("BEGIN:VEVENT")
        && email.contains("DTSTART:")
}

/// A date's boxes and a time, `days` from now in London.
fn date_fields(app: &TestApp, days: i64) -> (String, String, String) {
    let day = (app.now() + TimeDelta::days(days)).with_timezone(&London);
    (
        day.day().to_string(),
        day.month().to_string(),
        day.year().to_string(),
    )
}

async fn stage_of(app: &TestApp, id: i32) -> String {
    household::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the household")
        .stage
}

/// An RCC over Hartlepool with a signed-in officer; returns the RCC, the
/// officer's id and browser.
async fn rcc_with_officer(app: &TestApp) -> (i32, i32, reqwest::Client) {
    let rcc = rcc(app, "Tees Valley Care Cooperative").await;
    let officer = staff(
        app,
        "officer@tees.example.org",
        &[(rcc, Role::RecruitmentOfficer)],
    )
    .await;
    let browser = browser();
    sign_in(app, &browser, "officer@tees.example.org", PASSWORD).await;
    (rcc, officer, browser)
}

#[db_test]
async fn a_household_goes_from_its_enquiry_through_an_event_and_a_visit_to_an_invitation_to_apply(
    app: TestApp,
) {
    let (_, officer_id, officer) = rcc_with_officer(&app).await;
    enquire(&app, "sam@example.org").await;
    app.run_pending_jobs().await;
    with_subject(
        &emails_to(&app, "sam@example.org"),
        "Thank you for your interest in fostering",
    );
    let id = household::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("a household")
        .id;
    let (_, queue) = page(&app, &officer, "/enquiries").await;
    assert!(queue.contains("Sam Jones"), "{queue}");
    let record = format!("/enquiries/{id}");
    let contacted = submit(
        &app,
        &officer,
        &record,
        &format!("{record}/contacts"),
        &[("method", "call"), ("outcome", "reached")],
    )
    .await;
    assert_eq!(contacted.status().as_u16(), 303);

    // The officer publishes an event, and Sam finds it near home and books.
    let (day, month, year) = date_fields(&app, 10);
    let published = submit(
        &app,
        &officer,
        "/manage/events/new",
        "/manage/events/new",
        &[
            ("title", "Could you foster? An evening with carers"),
            ("description", "Meet carers and ask anything."),
            ("date", &day),
            ("date-month", &month),
            ("date-year", &year),
            ("starts_at", "6:30pm"),
            ("ends_at", "20:30"),
            ("capacity", "30"),
            ("format", "in_person"),
            ("venue", "Central Library, York Road, Hartlepool"),
            ("postcode", "TS26 9DE"),
        ],
    )
    .await;
    assert_eq!(
        published.status().as_u16(),
        303,
        "{}",
        published.text().await.unwrap_or_default()
    );
    let event = information_event::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the event");
    let visitor = browser();
    let (_, near) = page(&app, &visitor, "/events?postcode=TS24+7AB").await;
    assert!(
        near.contains("An evening with carers") && near.contains("mile"),
        "{near}"
    );
    let event_page = format!("/events/{}", event.id);
    let booked = submit(
        &app,
        &visitor,
        &event_page,
        &event_page,
        &[("name", "Sam Jones"), ("email", "Sam@Example.org")],
    )
    .await;
    assert_eq!(booked.status().as_u16(), 303);
    app.run_pending_jobs().await;
    let emails = emails_to(&app, "Sam@Example.org");
    let confirmation = with_subject(&emails, "You have a place at an information event");
    assert!(carries_a_calendar_entry(confirmation), "{confirmation}");

    // The day before, a reminder with the event for the calendar.
    app.advance_to(event.starts_at - TimeDelta::days(1));
    let send = domain::recruitment::event_registrations::send_event_reminders;
    assert_eq!(send(&app.ctx, &Actor::System).await.expect("queued"), 1);
    assert_eq!(
        send(&app.ctx, &Actor::System).await.expect("queued"),
        0,
        "one reminder each"
    );
    app.run_pending_jobs().await;
    let reminder = emails_to(&app, "Sam@Example.org")
        .into_iter()
        .find(|e| e.contains("Subject: Your information event is tomorrow"))
        .expect("a reminder");
    assert!(carries_a_calendar_entry(&reminder));

    // Sam comes; the officer records it and the household moves on.
    crate::factories::until_the_event_has_begun(&app, event.id).await;
    sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;
    let registration = event_registration::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("registered");
    assert_eq!(
        registration.household_id,
        Some(id),
        "the registration joins the enquiry"
    );
    let manage = format!("/manage/events/{}", event.id);
    let came = submit(
        &app,
        &officer,
        &manage,
        &format!("{manage}/registrations/{}/attendance", registration.id),
        &[("attendance", "attended")],
    )
    .await;
    assert_eq!(came.status().as_u16(), 303);
    assert_eq!(stage_of(&app, id).await, "information_event");

    // A home visit is booked, happens, and the household is invited to apply.
    let (day, month, year) = date_fields(&app, 3);
    let visit = submit(
        &app,
        &officer,
        &record,
        &format!("{record}/visits"),
        &[
            ("officer_id", &officer_id.to_string()),
            ("starts_at", &day),
            ("starts_at-month", &month),
            ("starts_at-year", &year),
            ("starts_at-time", "10:30"),
            ("place", "12 Church Street, Hartlepool"),
        ],
    )
    .await;
    assert_eq!(
        visit.status().as_u16(),
        303,
        "{}",
        visit.text().await.unwrap_or_default()
    );
    let (_, booked) = page(&app, &officer, &record).await;
    assert!(
        booked.contains("Place: 12 Church Street, Hartlepool"),
        "the place stands on its own, whatever was typed: {booked}"
    );
    app.run_pending_jobs().await;
    let booked_email = emails_to(&app, "sam@example.org")
        .into_iter()
        .find(|e| e.contains("Subject: Your home visit is booked"))
        .expect("the visit's email");
    assert!(
        carries_a_calendar_entry(&booked_email) && booked_email.contains("10:30am"),
        "{booked_email}"
    );
    let visit = home_visit::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("a visit");
    app.advance_to(visit.starts_at + TimeDelta::hours(2));
    sign_in(&app, &officer, "officer@tees.example.org", PASSWORD).await;
    let outcome = format!("{record}/visits/{}/outcome", visit.id);
    let done = submit(
        &app,
        &officer,
        &record,
        &outcome,
        &[("visit_outcome", "completed")],
    )
    .await;
    assert_eq!(done.status().as_u16(), 303);
    let steps = crate::factories::workflow_steps(&app, "home_visit", visit.id).await;
    assert_eq!(
        steps,
        [(
            "completed".to_owned(),
            "booked".to_owned(),
            "completed".to_owned()
        )],
        "the visit's history"
    );
    let invited = submit(
        &app,
        &officer,
        &record,
        &format!("{record}/invite-to-apply"),
        &[],
    )
    .await;
    assert_eq!(invited.status().as_u16(), 303);
    assert_eq!(stage_of(&app, id).await, "application_invited");
    let history: Vec<String> = household_history::Entity::find()
        .filter(household_history::Column::HouseholdId.eq(id))
        .all(&app.ctx.db)
        .await
        .expect("history")
        .into_iter()
        .map(|h| h.event)
        .collect();
    assert_eq!(
        history,
        [
            "enquired",
            "contacted",
            "attended_information_event",
            "visit_completed",
            "invited_to_apply"
        ]
    );
    let (_, shown) = page(&app, &officer, &record).await;
    assert!(
        shown.contains("An evening with carers") && shown.contains("The visit took place"),
        "the record shows its events and visits"
    );
}

#[db_test]
async fn a_full_event_refuses_another_registration_and_a_repeat_takes_no_second_place(
    app: TestApp,
) {
    let (rcc, officer_id, _) = rcc_with_officer(&app).await;
    let officer = signed_in(&app, officer_id).await;
    let event = information_event(&app, &officer, rcc, false, 1, 5).await;
    let id = json!(format!("InformationEvent:{event}"));
    let first = app
        .graphql(
            REGISTER_FOR_EVENT,
            json!({ "id": id, "email": "sam@example.org" }),
        )
        .await;
    assert_eq!(
        first["data"]["registerForEvent"]["placesLeft"], 0,
        "{first}"
    );
    let repeat = app
        .graphql(
            REGISTER_FOR_EVENT,
            json!({ "id": id, "email": "SAM@example.org" }),
        )
        .await;
    assert!(
        repeat["errors"].is_null(),
        "the same answer again: {repeat}"
    );
    let full = app
        .graphql(
            REGISTER_FOR_EVENT,
            json!({ "id": id, "email": "alex@example.org" }),
        )
        .await;
    assert_eq!(error_codes(&full), ["CONFLICT"]);
    assert_eq!(
        event_registration::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("read")
            .len(),
        1
    );
    let bad = app
        .graphql(
            REGISTER_FOR_EVENT,
            json!({ "id": id, "email": "not an address" }),
        )
        .await;
    assert_eq!(error_codes(&bad), ["INVALID_INPUT"]);
    assert_eq!(
        bad["errors"][0]["extensions"]["fields"][0]["path"],
        json!(["email"])
    );
}

#[db_test]
async fn the_public_see_no_joining_link_and_those_registered_are_emailed_it(app: TestApp) {
    let (rcc, officer_id, _) = rcc_with_officer(&app).await;
    let officer = signed_in(&app, officer_id).await;
    let event = information_event(&app, &officer, rcc, false, 10, 5).await;
    let (_, public) = page(&app, &browser(), &format!("/events/{event}")).await;
    assert!(!public.contains("meet.example.org"), "{public}");
    let fields = app
        .graphql(
            "query($id: ID!) { event(id: $id) { title registrations { nodes { email } } } }",
            json!({ "id": format!("InformationEvent:{event}") }),
        )
        .await;
    assert_eq!(
        error_codes(&fields),
        ["UNAUTHENTICATED"],
        "the public cannot list who registered"
    );
    app.graphql(
        REGISTER_FOR_EVENT,
        json!({ "id": format!("InformationEvent:{event}"), "email": "sam@example.org" }),
    )
    .await;
    app.run_pending_jobs().await;
    let emails = emails_to(&app, "sam@example.org");
    assert!(with_subject(&emails, "You have a place").contains("https://meet.example.org/abc"));
}

#[db_test]
async fn an_enquirer_finds_the_events_they_booked_with_the_joining_link_on_their_account(
    app: TestApp,
) {
    let (rcc, officer_id, _) = rcc_with_officer(&app).await;
    let officer = signed_in(&app, officer_id).await;
    let event = information_event(&app, &officer, rcc, false, 10, 5).await;
    enquire(&app, "sam@example.org").await;
    app.graphql(
        REGISTER_FOR_EVENT,
        json!({ "id": format!("InformationEvent:{event}"), "email": "sam@example.org" }),
    )
    .await;
    let sam = browser();
    crate::browser::sign_in_by_link(&app, &sam, "sam@example.org").await;
    let (_, account) = page(&app, &sam, "/account").await;
    assert!(
        account.contains("Events you booked")
            && account.contains("Could you foster? (online)")
            && account.contains("href=\"https://meet.example.org/abc\""),
        "{account}"
    );
    let mine = graphql(
        &app,
        &sam,
        "{ myEnquiries { serviceContact events { title joiningLink place } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        mine["data"]["myEnquiries"][0]["events"][0]["joiningLink"], "https://meet.example.org/abc",
        "{mine}"
    );
}

#[db_test]
async fn events_near_a_postcode_are_those_within_reach_and_the_local_services_online_ones(
    app: TestApp,
) {
    let (rcc, officer_id, _) = rcc_with_officer(&app).await;
    let officer = signed_in(&app, officer_id).await;
    information_event(&app, &officer, rcc, true, 10, 5).await;
    let london = rcc_over(&app, "South London Care Cooperative", &["E09000023"]).await;
    let london_officer = staff(
        &app,
        "officer@south.example.org",
        &[(london, Role::RecruitmentOfficer)],
    )
    .await;
    let london_officer = signed_in(&app, london_officer).await;
    information_event(&app, &london_officer, london, false, 10, 6).await;
    information_event(&app, &officer, rcc, false, 10, 7).await;
    let starts = app.now() + TimeDelta::days(8);
    let far = domain::recruitment::events::NewEvent {
        organisation_id: london,
        title: "Fostering in Lewisham".into(),
        description: "In person, far from Hartlepool.".into(),
        format: Some(domain::recruitment::events::EventFormat::InPerson),
        starts_at: Some(starts),
        ends_at: Some(starts + TimeDelta::hours(2)),
        venue: "Community Hall, Lewisham High Street".into(),
        postcode: "SE13 6LG".into(),
        capacity: Some(10),
        ..Default::default()
    };
    domain::recruitment::events::publish_event(&app.ctx, &london_officer, &far)
        .await
        .expect("published");
    let near = app
        .graphql(
            "{ events(near: \"TS24\") { organisationName format milesAway } }",
            json!({}),
        )
        .await;
    let found: Vec<(String, String)> = near["data"]["events"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| {
            (
                e["organisationName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                e["format"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "Tees Valley Care Cooperative".to_owned(),
                "IN_PERSON".to_owned()
            ),
            (
                "Tees Valley Care Cooperative".to_owned(),
                "ONLINE".to_owned()
            )
        ],
        "{near}"
    );
    assert!(
        near["data"]["events"][0]["milesAway"]
            .as_f64()
            .is_some_and(|m| m < 5.0)
    );
    let everywhere = app.graphql("{ events { title } }", json!({})).await;
    assert_eq!(
        everywhere["data"]["events"].as_array().map(Vec::len),
        Some(4)
    );
    let unknown = app
        .graphql("{ events(near: \"nowhere\") { title } }", json!({}))
        .await;
    assert_eq!(error_codes(&unknown), ["INVALID_INPUT"]);
    assert_eq!(
        unknown["errors"][0]["extensions"]["fields"][0]["path"],
        json!(["near"])
    );
    let (status, page_html) = page(&app, &browser(), "/events?postcode=nowhere").await;
    assert_eq!(status, 400);
    assert!(page_html.contains("govuk-error-summary"));
}

#[db_test]
async fn an_event_form_with_problems_names_each_and_publishes_nothing(app: TestApp) {
    let (_, _, officer) = rcc_with_officer(&app).await;
    let refused = submit(
        &app,
        &officer,
        "/manage/events/new",
        "/manage/events/new",
        &[
            ("title", ""),
            ("date", "31"),
            ("date-month", "2"),
            ("date-year", "2027"),
            ("starts_at", "soon"),
            ("ends_at", "20:00"),
            ("capacity", "0"),
            ("format", "online"),
            ("joining_link", "http://insecure.example.org"),
        ],
    )
    .await;
    assert_eq!(refused.status().as_u16(), 400);
    let html = refused.text().await.expect("a page");
    for field in [
        "#title",
        "#description",
        "#date",
        "#starts_at",
        "#capacity",
        "#joining_link",
    ] {
        assert!(
            html.contains(&format!("href=\"{field}\"")),
            "{field} in {html}"
        );
    }
    assert!(
        information_event::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("read")
            .is_empty()
    );
}

#[db_test]
async fn someone_who_did_not_come_gets_one_friendly_follow_up(app: TestApp) {
    let (rcc, officer_id, officer_browser) = rcc_with_officer(&app).await;
    let officer = signed_in(&app, officer_id).await;
    let event = information_event(&app, &officer, rcc, true, 10, 5).await;
    app.graphql(
        REGISTER_FOR_EVENT,
        json!({ "id": format!("InformationEvent:{event}"), "email": "alex@example.org" }),
    )
    .await;
    let registration = event_registration::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("registered")
        .id;
    let early = graphql(
        &app,
        &officer_browser,
        "mutation($id: ID!) { recordAttendance(registrationId: $id, attendance: DID_NOT_ATTEND) }",
        json!({ "id": format!("EventRegistration:{registration}") }),
    )
    .await;
    assert_eq!(error_codes(&early), ["CONFLICT"], "not before the event");
    crate::factories::until_the_event_has_begun(&app, event).await;
    sign_in(&app, &officer_browser, "officer@tees.example.org", PASSWORD).await;
    for _ in 0..2 {
        let missed = graphql(
            &app,
            &officer_browser,
            "mutation($id: ID!) { recordAttendance(registrationId: $id, \
            attendance: DID_NOT_ATTEND) }",
            json!({ "id": format!("EventRegistration:{registration}") }),
        )
        .await;
        assert_eq!(missed["data"]["recordAttendance"], true, "{missed}");
    }
    app.run_pending_jobs().await;
    let follow_ups = emails_to(&app, "alex@example.org")
        .into_iter()
        .filter(|e| e.contains("Subject: Sorry we missed you"))
        .count();
    assert_eq!(follow_ups, 1);
}

#[db_test]
async fn another_organisations_staff_cannot_see_or_record_an_events_registrations(app: TestApp) {
    let (rcc, officer_id, _) = rcc_with_officer(&app).await;
    let officer = signed_in(&app, officer_id).await;
    let event = information_event(&app, &officer, rcc, true, 10, 5).await;
    app.graphql(
        REGISTER_FOR_EVENT,
        json!({ "id": format!("InformationEvent:{event}"), "email": "alex@example.org" }),
    )
    .await;
    let other = rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    staff(
        &app,
        "officer@durham.example.org",
        &[(other, Role::RecruitmentOfficer)],
    )
    .await;
    let outsider = browser();
    sign_in(&app, &outsider, "officer@durham.example.org", PASSWORD).await;
    assert_eq!(
        page(&app, &outsider, &format!("/manage/events/{event}"))
            .await
            .0,
        404
    );
    let read = graphql(
        &app,
        &outsider,
        "query($id: ID!) { event(id: $id) { registrations { nodes { email } } } }",
        json!({ "id": format!("InformationEvent:{event}") }),
    )
    .await;
    assert_eq!(error_codes(&read), ["NOT_FOUND"]);
    crate::factories::until_the_event_has_begun(&app, event).await;
    sign_in(&app, &outsider, "officer@durham.example.org", PASSWORD).await;
    let registration = event_registration::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("registered")
        .id;
    let record = graphql(
        &app,
        &outsider,
        "mutation($id: ID!) { recordAttendance(registrationId: $id, attendance: ATTENDED) }",
        json!({ "id": format!("EventRegistration:{registration}") }),
    )
    .await;
    assert_eq!(error_codes(&record), ["NOT_FOUND"]);
    let stored = event_registration::Entity::find_by_id(registration)
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(stored.attendance, None, "nothing recorded");
    let publish = graphql(
        &app,
        &outsider,
        "mutation($org: ID!) { publishEvent(input: { organisationId: \
        $org, title: \"x\", description: \"x\", format: ONLINE, \
        startsAt: \"2099-01-01T18:00:00Z\", endsAt: \
        \"2099-01-01T19:00:00Z\", joiningLink: \
        \"https://meet.example.org/x\", capacity: 5 }) { id } }",
        json!({ "org": format!("Organisation:{rcc}") }),
    )
    .await;
    assert_eq!(error_codes(&publish), ["FORBIDDEN"]);
    assert_eq!(
        information_event::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("read")
            .len(),
        1
    );
}

#[db_test]
async fn cancelling_an_event_tells_everyone_registered(app: TestApp) {
    let (rcc, officer_id, officer_browser) = rcc_with_officer(&app).await;
    let officer = signed_in(&app, officer_id).await;
    let event = information_event(&app, &officer, rcc, true, 10, 5).await;
    for email in ["sam@example.org", "alex@example.org"] {
        app.graphql(
            REGISTER_FOR_EVENT,
            json!({ "id": format!("InformationEvent:{event}"), "email": email }),
        )
        .await;
    }
    let path = format!("/manage/events/{event}");
    let cancelled = submit(
        &app,
        &officer_browser,
        &path,
        &format!("{path}/cancel"),
        &[],
    )
    .await;
    assert_eq!(cancelled.status().as_u16(), 303);
    app.run_pending_jobs().await;
    for email in ["sam@example.org", "alex@example.org"] {
        with_subject(
            &emails_to(&app, email),
            "An event you registered for is cancelled",
        );
    }
    crate::factories::until_the_event_has_begun(&app, event).await;
    sign_in(&app, &officer_browser, "officer@tees.example.org", PASSWORD).await;
    let registration = event_registration::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("registered")
        .id;
    let attended = graphql(
        &app,
        &officer_browser,
        "mutation($id: ID!) { recordAttendance(registrationId: $id, attendance: DID_NOT_ATTEND) }",
        json!({ "id": format!("EventRegistration:{registration}") }),
    )
    .await;
    assert_eq!(
        error_codes(&attended),
        ["CONFLICT"],
        "nobody attends a cancelled event"
    );
    let late = app
        .graphql(
            REGISTER_FOR_EVENT,
            json!({ "id": format!("InformationEvent:{event}"), "email": "kim@example.org" }),
        )
        .await;
    assert_eq!(error_codes(&late), ["CONFLICT"]);
    let listed = app.graphql("{ events { id } }", json!({})).await;
    assert_eq!(
        listed["data"]["events"],
        json!([]),
        "a cancelled event is not listed"
    );
}

#[db_test]
async fn a_visit_is_booked_only_once_the_household_has_been_contacted(app: TestApp) {
    let (_, officer_id, officer) = rcc_with_officer(&app).await;
    enquire(&app, "sam@example.org").await;
    let id = household::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("a household")
        .id;
    let book = "mutation($input: BookVisitInput!) { bookVisit(input: $input) { visits { id } } }";
    let input = |starts: &str| {
        json!({ "input": {
            "householdId": format!("Household:{id}"), "officerId": format!("Person:{officer_id}"),
            "startsAt": starts, "place": "Their home",
        } })
    };
    let early = graphql(&app, &officer, book, input("2099-03-01T10:30:00Z")).await;
    assert_eq!(error_codes(&early), ["CONFLICT"]);
    assert_eq!(
        early["errors"][0]["message"],
        "Record a first contact before the initial home visit"
    );
    graphql(
        &app,
        &officer,
        "mutation($id: ID!) { recordContact(input: { householdId: \
        $id, method: CALL, outcome: REACHED }) { id } }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    let past = graphql(&app, &officer, book, input("2020-03-01T10:30:00Z")).await;
    assert_eq!(error_codes(&past), ["INVALID_INPUT"]);
    assert_eq!(
        past["errors"][0]["extensions"]["fields"][0]["path"],
        json!(["startsAt"])
    );
    let record = format!("/enquiries/{id}");
    let unreadable = submit(
        &app,
        &officer,
        &record,
        &format!("{record}/visits"),
        &[
            ("starts_at", "31"),
            ("starts_at-month", "2"),
            ("starts_at-year", "2099"),
            ("starts_at-time", "half ten"),
        ],
    )
    .await;
    assert_eq!(unreadable.status().as_u16(), 400);
    let html = unreadable.text().await.expect("a page");
    for field in ["#officer_id", "#starts_at", "#starts_at-time", "#place"] {
        assert!(
            html.contains(&format!("href=\"{field}\"")),
            "{field} in {html}"
        );
    }
    assert!(
        home_visit::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("read")
            .is_empty()
    );
    let booked = graphql(&app, &officer, book, input("2099-03-01T10:30:00Z")).await;
    assert_eq!(
        booked["data"]["bookVisit"]["visits"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "{booked}"
    );
}

#[db_test]
async fn a_visit_outcome_sent_without_a_choice_is_refused_on_the_visits_own_form(app: TestApp) {
    let (_, officer_id, officer) = rcc_with_officer(&app).await;
    enquire(&app, "sam@example.org").await;
    let id = household::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("a household")
        .id;
    graphql(
        &app,
        &officer,
        "mutation($id: ID!) { recordContact(input: { householdId: \
        $id, method: CALL, outcome: REACHED }) { id } }",
        json!({ "id": format!("Household:{id}") }),
    )
    .await;
    let book = "mutation($input: BookVisitInput!) { bookVisit(input: $input) { visits { id } } }";
    let visit = json!({ "input": {
        "householdId": format!("Household:{id}"), "officerId": format!("Person:{officer_id}"),
        "startsAt": "2099-03-01T10:30:00Z", "place": "Their home",
    } });
    let booked = graphql(&app, &officer, book, visit).await;
    let visit = booked["data"]["bookVisit"]["visits"][0]["id"]
        .as_str()
        .expect("a visit")
        .trim_start_matches("HomeVisit:")
        .to_owned();
    let record = format!("/enquiries/{id}");
    let elsewhere = format!("/enquiries/{}/visits/{visit}/outcome", id + 1000);
    let misplaced = submit(
        &app,
        &officer,
        &record,
        &elsewhere,
        &[("visit_outcome", "did_not_happen")],
    )
    .await;
    assert_eq!(
        misplaced.status().as_u16(),
        404,
        "a visit is found only under its own household"
    );
    let outcome = format!("{record}/visits/{visit}/outcome");
    let refused = submit(
        &app,
        &officer,
        &record,
        &outcome,
        &[("visit_note", "They were out")],
    )
    .await;
    assert_eq!(refused.status().as_u16(), 400);
    let html = refused.text().await.expect("a page");
    assert!(
        html.contains(r##"href="#visit_outcome""##) && html.contains("id=\"visit_outcome-error\""),
        "{html}"
    );
    assert!(html.contains("They were out"), "the note is kept");
    let early = graphql(
        &app,
        &officer,
        "mutation($id: ID!) { recordVisitOutcome(input: { visitId: $id, outcome: COMPLETED }) }",
        json!({ "id": format!("HomeVisit:{visit}") }),
    )
    .await;
    assert_eq!(error_codes(&early), ["CONFLICT"], "not before its time");
    assert_eq!(stage_of(&app, id).await, "contacted");
}

#[db_test]
async fn a_list_of_events_reads_all_their_registrations_in_the_same_few_statements(app: TestApp) {
    let (rcc, officer_id, officer_browser) = rcc_with_officer(&app).await;
    let officer = signed_in(&app, officer_id).await;
    let list = "{ organisationEvents { nodes { title \
        registrations(first: 1) { totalCount pageInfo { hasNextPage } nodes { email } } } } }";
    let mut events = Vec::new();
    let mut statements = Vec::new();
    for n in 1..=3 {
        let event = information_event(&app, &officer, rcc, n % 2 == 0, 10, n).await;
        for email in ["sam", "alex"] {
            app.graphql(
                REGISTER_FOR_EVENT,
                json!({
                    "id": format!("InformationEvent:{event}"),
                    "email": format!("{email}.{n}@example.org"),
                }),
            )
            .await;
        }
        events.push(event);
        let mut answer = Value::Null;
        let made = app
            .statements_made_by(async {
                answer = graphql(&app, &officer_browser, list, json!({})).await;
            })
            .await;
        statements.push(made);
        let nodes = answer["data"]["organisationEvents"]["nodes"]
            .as_array()
            .expect("the events")
            .clone();
        assert_eq!(nodes.len(), n as usize, "{answer}");
        for (node, m) in nodes.iter().zip(1..) {
            assert_eq!(
                node["registrations"],
                json!({
                    "totalCount": 2,
                    "pageInfo": { "hasNextPage": true },
                    "nodes": [{ "email": format!("sam.{m}@example.org") }],
                }),
                "each event its own first page, in order: {answer}"
            );
        }
    }
    assert!(
        statements.windows(2).all(|pair| pair[0] == pair[1]),
        "one, two and three events cost the same: {statements:?}"
    );
    let logged = domain::audit::entity::Entity::find()
        .filter(domain::audit::entity::Column::Subject.eq("event_registrations"))
        .all(&app.ctx.db)
        .await
        .expect("the access log");
    assert_eq!(
        logged.iter().map(|row| row.reads).sum::<i32>(),
        1 + 2 + 3,
        "each event's list read is in the access log"
    );
    assert_eq!(
        logged.len(),
        3,
        "one entry per event for reads within five minutes"
    );

    // Staff of another service see the events, never who registered.
    let other = rcc_over(&app, "Durham Care Cooperative", &["E06000047"]).await;
    staff(
        &app,
        "officer@durham.example.org",
        &[(other, Role::RecruitmentOfficer)],
    )
    .await;
    let outsider = browser();
    sign_in(&app, &outsider, "officer@durham.example.org", PASSWORD).await;
    let theirs = graphql(
        &app,
        &outsider,
        "{ events { title registrations(first: 1) { totalCount nodes { email } } } }",
        json!({}),
    )
    .await;
    assert_eq!(error_codes(&theirs), ["NOT_FOUND"; 3], "{theirs}");
    assert!(!theirs.to_string().contains("@example.org"), "{theirs}");
}
