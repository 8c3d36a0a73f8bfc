//! The public find information events by words as well as by postcode,
//! misspellings included; the public index holds only what the public
//! pages list.

use domain::recruitment::events::{EventFormat, EventPurpose, NewEvent, publish_event};
use domain::search::public::{Listed, PUBLIC};
use serde_json::json;

use crate::browser::{browser, page};
use crate::factories::{rcc_over, signed_in, staff};
use crate::harness::{TestApp, db_test};

async fn event(
    app: &TestApp,
    officer: i32,
    organisation: i32,
    title: &str,
    purpose: EventPurpose,
) -> i32 {
    let starts = app.now() + chrono::TimeDelta::days(7);
    let input = NewEvent {
        organisation_id: organisation,
        purpose,
        title: title.into(),
        description: "Meet foster carers and ask anything.".into(),
        format: Some(EventFormat::InPerson),
        starts_at: Some(starts),
        ends_at: Some(starts + chrono::TimeDelta::hours(2)),
        venue: "Central Library, York Road, Hartlepool".into(),
        postcode: "TS26 9DE".into(),
        joining_link: String::new(),
        capacity: Some(20),
    };
    let actor = signed_in(app, officer).await;
    publish_event(&app.ctx, &actor, &input)
        .await
        .expect("published")
}

/// A cooperative over Hartlepool and its recruitment officer.
async fn north_east(app: &TestApp) -> (i32, i32) {
    use domain::accounts::Role;
    let organisation = rcc_over(app, "North East Cooperative", &["E06000001"]).await;
    let officer = staff(
        app,
        "officer@north.example.org",
        &[(organisation, Role::RecruitmentOfficer)],
    )
    .await;
    (organisation, officer)
}

#[db_test(search)]
async fn the_public_find_information_events_by_words_misspellings_included_and_never_training(
    app: TestApp,
) {
    let (organisation, officer) = north_east(&app).await;
    let teenagers = event(
        &app,
        officer,
        organisation,
        "Fostering teenagers evening",
        EventPurpose::Information,
    )
    .await;
    event(
        &app,
        officer,
        organisation,
        "Coffee morning with foster carers",
        EventPurpose::Information,
    )
    .await;
    let training = event(
        &app,
        officer,
        organisation,
        "Skills to Foster: teenagers",
        EventPurpose::Training,
    )
    .await;
    app.run_pending_jobs().await;

    let public = browser();
    let (status, html) = page(&app, &public, "/events?q=teenagres").await;
    assert_eq!(status, 200);
    assert!(html.contains("Fostering teenagers evening"), "{html}");
    assert!(!html.contains("Coffee morning"), "{html}");
    assert!(
        !html.contains("Skills to Foster"),
        "training is never listed"
    );
    let (_, html) = page(&app, &public, "/events?q=cofee+mornin&postcode=TS24+7AB").await;
    assert!(html.contains("Coffee morning with foster carers"), "{html}");
    assert!(!html.contains("Fostering teenagers evening"), "{html}");

    let answer = app
        .graphql(
            "query($w: String) { events(words: $w) { title } }",
            json!({ "w": "teenager evenin" }),
        )
        .await;
    assert_eq!(
        answer["data"]["events"],
        json!([{ "title": "Fostering teenagers evening" }]),
        "{answer}"
    );

    let held = app
        .search
        .documents(
            &PUBLIC,
            &[
                Listed::InformationEvent.document_id(teenagers),
                Listed::InformationEvent.document_id(training),
            ],
        )
        .await
        .expect("the documents");
    assert_eq!(
        held.len(),
        1,
        "the training course is not in the public index"
    );
    let fields: Vec<&String> = held[0].text.keys().chain(held[0].keywords.keys()).collect();
    assert_eq!(
        fields,
        ["about", "organisation", "place", "title", "kind"],
        "no people"
    );
}

#[db_test]
async fn a_cancelled_event_leaves_the_public_index(app: TestApp) {
    let (organisation, officer) = north_east(&app).await;
    let id = event(
        &app,
        officer,
        organisation,
        "Fostering teenagers evening",
        EventPurpose::Information,
    )
    .await;
    app.run_pending_jobs().await;
    let actor = signed_in(&app, officer).await;
    domain::recruitment::events::cancel_event(&app.ctx, &actor, id)
        .await
        .expect("cancelled");
    app.run_pending_jobs().await;
    let held = app
        .search
        .documents(&PUBLIC, &[Listed::InformationEvent.document_id(id)])
        .await
        .expect("the documents");
    assert!(held.is_empty(), "{held:?}");
}

#[db_test(demo)]
async fn kinship_carers_find_groups_by_words_with_or_without_a_postcode(app: TestApp) {
    app.run_pending_jobs().await;
    let public = browser();
    let (status, html) = page(&app, &public, "/kinship/groups?q=grandparant").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("Lewisham grandparents&#39; coffee morning")
            || html.contains("Lewisham grandparents' coffee morning"),
        "{html}"
    );
    assert!(!html.contains("Hartlepool kinship carers"), "{html}");
    let (_, html) = page(
        &app,
        &public,
        "/kinship/groups?q=grandparents&near=TS24+7AB",
    )
    .await;
    assert!(
        !html.contains("Lewisham grandparents"),
        "words and a postcode: both must hold"
    );
    assert!(html.contains("Try further away, other words"), "{html}");
    let (_, html) = page(&app, &public, "/kinship/groups?q=zzqxv").await;
    assert!(html.contains("No groups found"), "{html}");
    assert!(
        html.contains("Check the spelling") && !html.contains("further away"),
        "words alone, no distance to widen: {html}"
    );
    let answer = app
        .graphql(
            "query($w: String) { kinshipGroups(words: $w) { name } }",
            json!({ "w": "hartlepol" }),
        )
        .await;
    assert_eq!(
        answer["data"]["kinshipGroups"],
        json!([{ "name": "Hartlepool kinship carers' group" }]),
        "{answer}"
    );
}
