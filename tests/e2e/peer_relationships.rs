//! A mentoring relationship over its life, on the demo: the supporter logs
//! meetings, the coordinator sees quiet pairs and pays hours and miles
//! from a CSV; either side can say "I'm worried" without the other
//! seeing; the relationship ends on its date after a reminder, with
//! feedback seen only in aggregate; and a service can offer everyone
//! invited to apply a supporter.

use chrono::{Days, TimeDelta};
use chrono_tz::Europe::London;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::browser::{browser, graphql, page, sign_in, sign_in_by_link};
use crate::harness::{TestApp, db_test, error_codes};

const MENTEE: &str = "household6.north-east@example.org";
const SUPPORTER: &str = "peer-supporter.north-east@example.org";
const COORDINATOR: &str = "peer-support-coordinator.north-east@example.org";

async fn by_link(app: &TestApp, email: &str) -> reqwest::Client {
    let client = browser();
    sign_in_by_link(app, &client, email).await;
    client
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = browser();
    sign_in(app, &client, email, seed::DEMO_PASSWORD).await;
    client
}

async fn relationship_of(app: &TestApp, client: &reqwest::Client) -> Value {
    let mine = graphql(
        app,
        client,
        "{ myMentoringRelationships { id } }",
        json!({}),
    )
    .await;
    mine["data"]["myMentoringRelationships"][0]["id"].clone()
}

async fn organisation_of(app: &TestApp, client: &reqwest::Client) -> Value {
    let viewer = graphql(
        app,
        client,
        "{ viewer { organisations { id } } }",
        json!({}),
    )
    .await;
    viewer["data"]["viewer"]["organisations"][0]["id"].clone()
}

const LOG: &str = "mutation($id: ID!, $input: PeerSupportMeetingLogInput!) { logPeerSupportMeeting(relationshipId: $id, input: $input) }";
const SETTINGS: &str = "mutation($org: ID!, $input: PeerSupportSettingsInput!) { savePeerSupportSettings(organisationId: $org, input: $input) }";
const OVERSEEN: &str = "query($org: ID!) { mentoringRelationships(organisationId: $org) { id mentee lastMet quiet endingSoon } }";

fn settings(mentor_at_invitation: bool, pays_mileage: bool) -> Value {
    json!({ "mentorAtInvitation": mentor_at_invitation, "changeNoticeHours": 2, "meetingsAMonth": 2,
        "paysMileage": pays_mileage, "ownAgreement": "" })
}

#[db_test(demo)]
async fn the_supporter_logs_meetings_and_the_coordinator_pays_hours_and_miles_from_a_formula_safe_csv(
    app: TestApp,
) {
    let mentee = by_link(&app, MENTEE).await;
    let id = relationship_of(&app, &mentee).await;
    let coordinator = signed_in(&app, COORDINATOR).await;
    let organisation = organisation_of(&app, &coordinator).await;
    // Twenty days after the demo's first call, with nothing logged since,
    // the pair is quiet (two meetings a month: one every fifteen days).
    app.advance(TimeDelta::days(20));
    let supporter = signed_in(&app, SUPPORTER).await;
    let coordinator = signed_in(&app, COORDINATOR).await;
    let seen = graphql(&app, &coordinator, OVERSEEN, json!({ "org": organisation })).await;
    let pair = seen["data"]["mentoringRelationships"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == id))
        .unwrap_or_else(|| panic!("the pair: {seen}"))
        .clone();
    assert_eq!(pair["quiet"], true, "{pair}");
    let yesterday = (app.now().with_timezone(&London).date_naive() - Days::new(1)).to_string();
    let meeting = json!({ "heldOn": yesterday, "way": "IN_PERSON", "minutes": 75,
        "topics": ["PANEL", "SKILLS_TO_FOSTER"], "miles": 12 });
    let unpaid = graphql(&app, &supporter, LOG, json!({ "id": id, "input": meeting })).await;
    assert_eq!(
        error_codes(&unpaid),
        ["INVALID_INPUT"],
        "no mileage unless the scheme pays it"
    );
    let saved = graphql(
        &app,
        &coordinator,
        SETTINGS,
        json!({ "org": organisation, "input": settings(false, true) }),
    )
    .await;
    assert!(saved["errors"].is_null(), "{saved}");
    let logged = graphql(&app, &supporter, LOG, json!({ "id": id, "input": meeting })).await;
    assert!(logged["errors"].is_null(), "{logged}");
    let mentee = by_link(&app, MENTEE).await;
    let theirs = graphql(&app, &mentee, LOG, json!({ "id": id, "input": meeting })).await;
    assert_eq!(
        error_codes(&theirs),
        ["FORBIDDEN"],
        "the supporter logs what they are paid for"
    );
    let seen = graphql(&app, &coordinator, OVERSEEN, json!({ "org": organisation })).await;
    assert!(seen.to_string().contains(&yesterday), "{seen}");
    let month = app.now().with_timezone(&London).date_naive() - Days::new(1);
    let hours = graphql(
        &app,
        &coordinator,
        "query($org: ID!, $month: NaiveDate!) { peerSupporterHours(organisationId: $org, month: $month) { supporter meetings minutes miles } }",
        json!({ "org": organisation, "month": month.to_string() }),
    )
    .await;
    let row = hours["data"]["peerSupporterHours"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["meetings"] == 2))
        .unwrap_or_else(|| panic!("the supporter's month: {hours}"))
        .clone();
    assert_eq!(
        (row["minutes"].clone(), row["miles"].clone()),
        (json!(120), json!(12))
    );
    let number: String = organisation
        .as_str()
        .unwrap_or("?")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let (status, csv) = page(
        &app,
        &coordinator,
        &format!(
            "/peer-support/hours/{number}.csv?month={}",
            month.format("%Y-%m")
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        csv.starts_with("Month,Supporter,Meetings,Hours,Miles"),
        "{csv}"
    );
    assert!(csv.contains(",2,2.00,12"), "{csv}");
    let (status, html) = page(&app, &coordinator, "/peer-support/relationships").await;
    assert_eq!(status, 200);
    assert!(html.contains("Peer support relationships"));
    let (status, _) = page(
        &app,
        &supporter,
        &format!("/peer-support/hours/{number}.csv"),
    )
    .await;
    assert_eq!(status, 403, "only coordinators");
}

const WORRIED: &str = "mutation($id: ID!, $what: String!) { raisePeerSupportConcern(relationshipId: $id, what: $what, aboutAChildsSafety: true) }";

#[db_test(demo)]
async fn a_worry_reaches_the_coordinator_and_safeguarding_lead_and_never_the_other_side(
    app: TestApp,
) {
    let mentee = by_link(&app, MENTEE).await;
    let id = relationship_of(&app, &mentee).await;
    let raised = graphql(
        &app,
        &mentee,
        WORRIED,
        json!({ "id": id, "what": "Something my supporter said about a child worried me." }),
    )
    .await;
    assert!(raised["errors"].is_null(), "{raised}");
    let concern = raised["data"]["raisePeerSupportConcern"].clone();
    let read = "query($id: ID!) { concern(id: $id) { what } }";
    for reader in [COORDINATOR, "safeguarding-lead.north-east@example.org"] {
        let client = signed_in(&app, reader).await;
        let seen = graphql(&app, &client, read, json!({ "id": concern })).await;
        assert!(seen.to_string().contains("worried me"), "{reader}: {seen}");
    }
    let supporter = signed_in(&app, SUPPORTER).await;
    let hidden = graphql(&app, &supporter, read, json!({ "id": concern })).await;
    assert_eq!(
        error_codes(&hidden),
        ["NOT_FOUND"],
        "the other side never sees it"
    );
    let number: String = concern
        .as_str()
        .unwrap_or("?")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let (status, _) = page(&app, &supporter, &format!("/concerns/{number}")).await;
    assert_eq!(status, 404);
    let logged = domain::audit::entity::Entity::find()
        .filter(domain::audit::entity::Column::Subject.eq("concern"))
        .all(&app.ctx.db)
        .await
        .expect("the access log");
    assert!(logged.len() >= 2, "every staff read is logged");
    // Nobody outside the pair can raise one about it.
    let other = by_link(&app, "household6.south-london@example.org").await;
    let refused = graphql(&app, &other, WORRIED, json!({ "id": id, "what": "x" })).await;
    assert_eq!(error_codes(&refused), ["NOT_FOUND"]);
    app.run_pending_jobs().await;
    assert!(
        !app.emails().iter().any(|e| e.contains("worried me")),
        "no email carries what was written"
    );
}

const FEEDBACK: &str = "mutation($id: ID!, $helped: Int, $recommend: Boolean) { givePeerSupportFeedback(relationshipId: $id, helped: $helped, wouldRecommend: $recommend) }";

#[db_test(demo)]
async fn a_relationship_ends_on_its_date_after_a_reminder_and_feedback_is_counted_only_in_aggregate(
    app: TestApp,
) {
    let mentee = by_link(&app, MENTEE).await;
    let id = relationship_of(&app, &mentee).await;
    let early = graphql(
        &app,
        &mentee,
        FEEDBACK,
        json!({ "id": id, "helped": 5, "recommend": true }),
    )
    .await;
    assert_eq!(error_codes(&early), ["CONFLICT"], "feedback is for the end");
    let ends_on = graphql(
        &app,
        &mentee,
        "query($id: ID!) { mentoringRelationship(id: $id) { endsOn } }",
        json!({ "id": id }),
    )
    .await["data"]["mentoringRelationship"]["endsOn"]
        .as_str()
        .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
        .expect("an end date");
    let end = domain::peer_support::end_mentoring_relationships;
    let noon = |day: chrono::NaiveDate| {
        day.and_hms_opt(12, 0, 0)
            .and_then(|t| t.and_local_timezone(London).single())
            .expect("noon")
            .with_timezone(&chrono::Utc)
    };
    app.advance_to(noon(ends_on - Days::new(10)));
    for _ in 0..2 {
        assert_eq!(
            end(&app.ctx, &domain::Actor::System)
                .await
                .expect("the job"),
            0
        );
    }
    app.run_pending_jobs().await;
    let told = |app: &TestApp, to: &str| {
        app.emails()
            .iter()
            .filter(|e| {
                e.contains(&format!("To: {to}")) && e.contains("/peer-support/relationships/")
            })
            .count()
    };
    let reminded = told(&app, MENTEE);
    assert!(reminded >= 1, "reminded once before the end");
    app.advance_to(noon(ends_on + Days::new(1)));
    // Each demo cooperative's pair ends that day.
    assert_eq!(
        end(&app.ctx, &domain::Actor::System)
            .await
            .expect("the job"),
        2
    );
    let mentee = by_link(&app, MENTEE).await;
    let seen = graphql(
        &app,
        &mentee,
        "query($id: ID!) { mentoringRelationship(id: $id) { active feedbackOpen } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        seen["data"]["mentoringRelationship"],
        json!({ "active": false, "feedbackOpen": true }),
        "{seen}"
    );
    let bad = graphql(&app, &mentee, FEEDBACK, json!({ "id": id, "helped": 9 })).await;
    assert_eq!(error_codes(&bad), ["INVALID_INPUT"], "{bad}");
    let given = graphql(
        &app,
        &mentee,
        FEEDBACK,
        json!({ "id": id, "helped": 5, "recommend": true }),
    )
    .await;
    assert!(given["errors"].is_null(), "{given}");
    let again = graphql(
        &app,
        &mentee,
        FEEDBACK,
        json!({ "id": id, "helped": 1, "recommend": false }),
    )
    .await;
    assert_eq!(error_codes(&again), ["CONFLICT"], "once a side");
    let coordinator = signed_in(&app, COORDINATOR).await;
    let organisation = organisation_of(&app, &coordinator).await;
    let figures = graphql(&app, &coordinator, "query($org: ID!) { peerSupportFeedback(organisationId: $org) { side answers wouldRecommend } }", json!({ "org": organisation })).await;
    assert_eq!(
        figures["data"]["peerSupportFeedback"][0],
        json!({ "side": "MENTEE", "answers": null, "wouldRecommend": null }),
        "one answer is never shown as one: {figures}"
    );
    let history = domain::workflow::entity::Entity::find()
        .filter(domain::workflow::entity::Column::Workflow.eq("mentoring_relationship"))
        .filter(domain::workflow::entity::Column::Event.eq("end"))
        .all(&app.ctx.db)
        .await
        .expect("history");
    assert!(!history.is_empty(), "the end is in the history");
}

#[db_test(demo)]
async fn everyone_invited_to_apply_is_offered_a_supporter_where_the_service_says_so(app: TestApp) {
    let coordinator = signed_in(&app, COORDINATOR).await;
    let organisation = organisation_of(&app, &coordinator).await;
    let saved = graphql(
        &app,
        &coordinator,
        SETTINGS,
        json!({ "org": organisation, "input": settings(true, false) }),
    )
    .await;
    assert!(saved["errors"].is_null(), "{saved}");
    let household = domain::recruitment::entities::household::Entity::find()
        .filter(
            domain::recruitment::entities::household::Column::Email
                .eq("household4.north-east@example.org"),
        )
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the household");
    let officer = signed_in(&app, "recruitment-officer.north-east@example.org").await;
    let invited = graphql(
        &app,
        &officer,
        "mutation($id: ID!) { moveHousehold(input: { householdId: $id, move: INVITE_TO_APPLY }) { id } }",
        json!({ "id": format!("Household:{}", household.id) }),
    )
    .await;
    assert!(invited["errors"].is_null(), "{invited}");
    let waiting = graphql(
        &app,
        &coordinator,
        "query($org: ID!) { peopleToMatch(organisationId: $org) { name matchedWith } }",
        json!({ "org": organisation }),
    )
    .await;
    assert!(
        waiting["data"]["peopleToMatch"]
            .as_array()
            .is_some_and(|p| p
                .iter()
                .any(|p| p["name"] == household.name.as_str() && p["matchedWith"].is_null())),
        "offered a supporter at invitation: {waiting}"
    );
}
