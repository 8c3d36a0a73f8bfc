//! Peer support meetings on the demo: the North East's sixth household is
//! matched with the cooperative's peer supporter, both have accepted the
//! agreement, and meetings are booked; they book, move, cancel and are
//! reminded, and nobody else sees any of it.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Europe::London;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::browser::{browser, followed, graphql, page, sign_in, sign_in_by_link, submit};
use crate::harness::{TestApp, db_test, error_codes};

const MENTEE: &str = "household6.north-east@example.org";
const SUPPORTER: &str = "peer-supporter.north-east@example.org";
const COORDINATOR: &str = "peer-support-coordinator.north-east@example.org";

const RELATIONSHIP: &str = "query($id: ID!) { mentoringRelationship(id: $id) { id side with videoLink youAgreed otherAgreed
    meetings { id startsAt way videoLink mayChange } freeSlots { startsAt } laterSlotsFrom } }";
const BOOK: &str = "mutation($id: ID!, $at: DateTime, $way: PeerSupportWay) { bookPeerSupportMeeting(relationshipId: $id, startsAt: $at, way: $way) }";
const MOVE: &str =
    "mutation($id: ID!, $at: DateTime) { movePeerSupportMeeting(meetingId: $id, startsAt: $at) }";
const CANCEL: &str = "mutation($id: ID!) { cancelPeerSupportMeeting(meetingId: $id) }";

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

/// The id of the viewer's first mentoring relationship.
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

async fn relationship(app: &TestApp, client: &reqwest::Client, id: &Value) -> Value {
    let seen = graphql(app, client, RELATIONSHIP, json!({ "id": id })).await;
    assert!(seen["errors"].is_null(), "{seen}");
    seen["data"]["mentoringRelationship"].clone()
}

fn instant(value: &Value) -> DateTime<Utc> {
    value
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a moment: {value}"))
}

fn free(relationship: &Value) -> Vec<DateTime<Utc>> {
    relationship["freeSlots"]
        .as_array()
        .map(|slots| slots.iter().map(|s| instant(&s["startsAt"])).collect())
        .unwrap_or_default()
}

/// How many emails to `to` have `subject` and say `when`.
fn emails_to(app: &TestApp, to: &str, subject: &str, when: DateTime<Utc>) -> usize {
    let when = domain::recruitment::london_display(when);
    app.emails()
        .iter()
        .filter(|e| {
            e.contains(&format!("To: {to}"))
                && e.contains(&format!("Subject: {subject}"))
                && e.contains(&when)
        })
        .count()
}

#[db_test(demo)]
async fn a_mentee_books_the_supporter_moves_both_are_emailed_and_reminded_and_late_cancels_are_refused(
    app: TestApp,
) {
    let mentee = by_link(&app, MENTEE).await;
    let id = relationship_of(&app, &mentee).await;
    let seen = relationship(&app, &mentee, &id).await;
    assert_eq!(seen["side"], "MENTEE");
    assert_eq!(
        (seen["youAgreed"].clone(), seen["otherAgreed"].clone()),
        (json!(true), json!(true))
    );
    // A time at least two days on, so there is a day before to remind.
    let now = app.now();
    let at = free(&seen)
        .into_iter()
        .find(|t| *t > now + TimeDelta::days(2))
        .unwrap_or_else(|| panic!("a free time: {seen}"));
    let booked = graphql(
        &app,
        &mentee,
        BOOK,
        json!({ "id": id, "at": at, "way": "VIDEO" }),
    )
    .await;
    assert!(booked["errors"].is_null(), "{booked}");
    let seen = relationship(&app, &mentee, &id).await;
    assert!(!free(&seen).contains(&at), "the time is no longer free");
    let meeting = seen["meetings"]
        .as_array()
        .and_then(|m| m.iter().find(|m| instant(&m["startsAt"]) == at))
        .unwrap_or_else(|| panic!("the meeting: {seen}"))
        .clone();
    assert_eq!(
        meeting["videoLink"],
        "https://meet.example.org/peer-support-demo"
    );
    app.run_pending_jobs().await;
    for to in [MENTEE, SUPPORTER] {
        assert_eq!(
            emails_to(&app, to, "Your peer support meeting is booked", at),
            1,
            "{to}"
        );
    }
    assert!(
        app.emails()
            .iter()
            .any(|e| e.contains(&format!("To: {MENTEE}")) && e.contains("text/calendar")),
        "with a calendar file"
    );
    // The supporter moves it to another free time: the new time is taken
    // and the old one free again.
    let supporter = signed_in(&app, SUPPORTER).await;
    let later = free(&seen)
        .into_iter()
        .find(|t| *t > at)
        .unwrap_or_else(|| panic!("a later time: {seen}"));
    let moved = graphql(
        &app,
        &supporter,
        MOVE,
        json!({ "id": meeting["id"], "at": later }),
    )
    .await;
    assert!(moved["errors"].is_null(), "{moved}");
    let seen = relationship(&app, &mentee, &id).await;
    assert!(
        free(&seen).contains(&at) && !free(&seen).contains(&later),
        "{seen}"
    );
    app.run_pending_jobs().await;
    for to in [MENTEE, SUPPORTER] {
        assert_eq!(
            emails_to(&app, to, "Your peer support meeting is booked", later),
            1,
            "{to}"
        );
    }
    // The old booking is gone: moving it again is refused.
    let again = graphql(
        &app,
        &mentee,
        MOVE,
        json!({ "id": meeting["id"], "at": at }),
    )
    .await;
    assert_eq!(error_codes(&again), ["CONFLICT"], "{again}");
    // The day before, both are reminded, once however often the job runs.
    app.advance_to(later - TimeDelta::hours(20));
    for _ in 0..2 {
        domain::peer_support::send_peer_meeting_reminders(&app.ctx, &domain::Actor::System)
            .await
            .expect("reminders");
    }
    app.run_pending_jobs().await;
    for to in [MENTEE, SUPPORTER] {
        assert_eq!(
            emails_to(&app, to, "Your peer support meeting is tomorrow", later),
            1,
            "{to}"
        );
    }
    // Within two hours of it, neither can cancel it.
    app.advance_to(later - TimeDelta::minutes(90));
    let mentee = by_link(&app, MENTEE).await;
    let late = graphql(
        &app,
        &mentee,
        CANCEL,
        json!({ "id": moved["data"]["movePeerSupportMeeting"] }),
    )
    .await;
    assert_eq!(error_codes(&late), ["CONFLICT"], "{late}");
}

#[db_test(demo)]
async fn a_mentee_cancels_from_their_page_and_the_supporter_is_told(app: TestApp) {
    let mentee = by_link(&app, MENTEE).await;
    let (_, account) = page(&app, &mentee, "/account").await;
    assert!(
        account.contains("Your next meeting:"),
        "the account page shows it"
    );
    let id = relationship_of(&app, &mentee).await;
    let seen = relationship(&app, &mentee, &id).await;
    let first = seen["meetings"][0].clone();
    let meeting_id = first["id"]
        .as_str()
        .unwrap_or("?")
        .rsplit(':')
        .next()
        .unwrap_or("?")
        .to_owned();
    let number: String = id
        .as_str()
        .unwrap_or("?")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let (status, html) = page(
        &app,
        &mentee,
        &format!("/peer-support/relationships/{number}"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("Book a meeting") && html.contains("Only the two of you see this"));
    let answer = submit(
        &app,
        &mentee,
        &format!("/peer-support/relationships/{number}"),
        &format!("/peer-support/meetings/{meeting_id}/cancel"),
        &[],
    )
    .await;
    let (_, html) = followed(&app, &mentee, answer).await;
    assert!(html.contains("Your meeting is cancelled"), "{html}");
    app.run_pending_jobs().await;
    assert!(
        app.emails()
            .iter()
            .any(|e| e.contains(&format!("To: {SUPPORTER}"))
                && e.contains(&format!("/peer-support/relationships/{number}"))),
        "the supporter is told there is something to see"
    );
    // Booking from the page with no time chosen says what to do.
    let answer = submit(
        &app,
        &mentee,
        &format!("/peer-support/relationships/{number}"),
        &format!("/peer-support/relationships/{number}/meetings"),
        &[("way", "phone")],
    )
    .await;
    assert_eq!(answer.status().as_u16(), 400);
    assert!(
        answer
            .text()
            .await
            .expect("a page")
            .contains("Choose a time")
    );
}

/// Matches `household` with the North East's supporter; returns the
/// relationship's id, as the mentee sees it, and the mentee.
async fn matched(app: &TestApp, household: &str) -> (Value, reqwest::Client) {
    let mentee = by_link(app, household).await;
    let asked = graphql(app, &mentee, "mutation { askForPeerSupporter }", json!({})).await;
    assert!(asked["errors"].is_null(), "{asked}");
    let coordinator = signed_in(app, COORDINATOR).await;
    let supporter = signed_in(app, SUPPORTER).await;
    let profile = graphql(
        app,
        &supporter,
        "{ myPeerSupportProfiles { id } }",
        json!({}),
    )
    .await;
    let confirmed = graphql(
        app,
        &coordinator,
        "mutation($request: ID!, $supporter: ID!) { confirmPeerSupportMatch(requestId: $request, supporterId: $supporter) }",
        json!({ "request": asked["data"]["askForPeerSupporter"], "supporter": profile["data"]["myPeerSupportProfiles"][0]["id"] }),
    )
    .await;
    assert!(confirmed["errors"].is_null(), "{confirmed}");
    (confirmed["data"]["confirmPeerSupportMatch"].clone(), mentee)
}

const AGREE: &str = "mutation($id: ID!) { acceptMentoringAgreement(relationshipId: $id) }";

#[db_test(demo)]
async fn booking_waits_until_both_have_accepted_the_agreement(app: TestApp) {
    let (id, mentee) = matched(&app, "household7.north-east@example.org").await;
    let supporter = signed_in(&app, SUPPORTER).await;
    let seen = relationship(&app, &supporter, &id).await;
    assert_eq!(seen["freeSlots"], json!([]), "the supporter books nothing");
    let profile = graphql(
        &app,
        &supporter,
        "{ myPeerSupportProfiles { id } }",
        json!({}),
    )
    .await;
    let slots = graphql(
        &app,
        &supporter,
        "query($id: ID!) { peerSupportSlots(supporterId: $id) { startsAt } }",
        json!({ "id": profile["data"]["myPeerSupportProfiles"][0]["id"] }),
    )
    .await;
    let at = slots["data"]["peerSupportSlots"][0]["startsAt"].clone();
    let early = graphql(
        &app,
        &mentee,
        BOOK,
        json!({ "id": id, "at": at, "way": "PHONE" }),
    )
    .await;
    assert_eq!(error_codes(&early), ["CONFLICT"], "{early}");
    assert_eq!(
        graphql(&app, &mentee, AGREE, json!({ "id": id })).await["data"]["acceptMentoringAgreement"],
        true
    );
    let waiting = graphql(
        &app,
        &mentee,
        BOOK,
        json!({ "id": id, "at": at, "way": "PHONE" }),
    )
    .await;
    assert!(
        waiting.to_string().contains("has not accepted"),
        "{waiting}"
    );
    assert_eq!(
        graphql(&app, &supporter, AGREE, json!({ "id": id })).await["data"]["acceptMentoringAgreement"],
        true
    );
    let booked = graphql(
        &app,
        &mentee,
        BOOK,
        json!({ "id": id, "at": at, "way": "PHONE" }),
    )
    .await;
    assert!(booked["errors"].is_null(), "{booked}");
    // The supporter does not book; a way they do not offer is refused.
    let theirs = graphql(
        &app,
        &supporter,
        BOOK,
        json!({ "id": id, "at": at, "way": "PHONE" }),
    )
    .await;
    assert_eq!(error_codes(&theirs), ["FORBIDDEN"], "{theirs}");
    let seen = relationship(&app, &mentee, &id).await;
    let other = free(&seen)[0];
    let in_person = graphql(
        &app,
        &mentee,
        BOOK,
        json!({ "id": id, "at": other, "way": "IN_PERSON" }),
    )
    .await;
    assert_eq!(error_codes(&in_person), ["INVALID_INPUT"], "{in_person}");
}

#[db_test(demo)]
async fn two_hundred_bookings_of_one_slot_at_once_leave_one_booked_and_the_rest_conflict(
    app: TestApp,
) {
    // Two mentees of the same supporter try for the same time.
    let (second, second_mentee) = matched(&app, "household7.north-east@example.org").await;
    let supporter = signed_in(&app, SUPPORTER).await;
    graphql(&app, &supporter, AGREE, json!({ "id": second })).await;
    graphql(&app, &second_mentee, AGREE, json!({ "id": second })).await;
    let first_mentee = by_link(&app, MENTEE).await;
    let first = relationship_of(&app, &first_mentee).await;
    let at = free(&relationship(&app, &first_mentee, &first).await)[0];
    let tries = (0..200).map(|n| {
        let (app, client, id) = if n % 2 == 0 {
            (&app, &first_mentee, &first)
        } else {
            (&app, &second_mentee, &second)
        };
        async move {
            graphql(
                app,
                client,
                BOOK,
                json!({ "id": id, "at": at, "way": "PHONE" }),
            )
            .await
        }
    });
    let answers = futures_util::future::join_all(tries).await;
    let booked = answers
        .iter()
        .filter(|a| a["data"]["bookPeerSupportMeeting"].is_string())
        .count();
    let refused: Vec<Vec<String>> = answers
        .iter()
        .filter(|a| !a["errors"].is_null())
        .map(error_codes)
        .collect();
    assert_eq!(booked, 1, "one gets the time");
    assert_eq!(refused.len(), 199);
    assert!(
        refused.iter().all(|codes| codes == &["CONFLICT"]),
        "the rest are told it has gone: {:?}",
        refused.iter().find(|c| c != &&["CONFLICT"])
    );
    let stored = domain::peer_support::entities::booking::Entity::find()
        .filter(domain::peer_support::entities::booking::Column::StartsAt.eq(at))
        .filter(domain::peer_support::entities::booking::Column::State.eq("booked"))
        .all(&app.ctx.db)
        .await
        .expect("bookings");
    assert_eq!(stored.len(), 1);
}

#[db_test(demo)]
async fn nobody_but_the_pair_sees_their_meetings_and_the_one_after_the_clocks_change_is_at_six(
    app: TestApp,
) {
    let mentee = by_link(&app, MENTEE).await;
    let id = relationship_of(&app, &mentee).await;
    let seen = relationship(&app, &mentee, &id).await;
    let meeting = seen["meetings"][0]["id"].clone();
    let number: String = id
        .as_str()
        .unwrap_or("?")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    // The South London mentee, the North East coordinator and another
    // applicant see nothing of it.
    let others = [
        by_link(&app, "household6.south-london@example.org").await,
        by_link(&app, "household7.north-east@example.org").await,
        signed_in(&app, COORDINATOR).await,
    ];
    for other in &others {
        let refused = graphql(&app, other, RELATIONSHIP, json!({ "id": id })).await;
        assert_eq!(error_codes(&refused), ["NOT_FOUND"], "{refused}");
        for (query, variables) in [
            (CANCEL, json!({ "id": meeting })),
            (
                MOVE,
                json!({ "id": meeting, "at": seen["freeSlots"][0]["startsAt"] }),
            ),
            (AGREE, json!({ "id": id })),
        ] {
            let refused = graphql(&app, other, query, variables).await;
            assert_eq!(error_codes(&refused), ["NOT_FOUND"], "{refused}");
        }
        let (status, _) = page(
            &app,
            other,
            &format!("/peer-support/relationships/{number}"),
        )
        .await;
        assert_eq!(status, 404);
    }
    let theirs = graphql(
        &app,
        &others[0],
        "{ myMentoringRelationships { with } }",
        json!({}),
    )
    .await;
    assert_eq!(
        theirs["data"]["myMentoringRelationships"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "only their own: {theirs}"
    );
    let anyone = app.graphql(RELATIONSHIP, json!({ "id": id })).await;
    assert_eq!(error_codes(&anyone), ["UNAUTHENTICATED"]);
    // The demo booked one meeting in November (GMT) and one after 28
    // March 2027 (BST): 18:00 in London both times, an hour apart in UTC.
    let meetings: Vec<DateTime<Utc>> = seen["meetings"]
        .as_array()
        .map(|m| m.iter().map(|m| instant(&m["startsAt"])).collect())
        .unwrap_or_default();
    assert_eq!(meetings.len(), 2, "{seen}");
    let london = |t: &DateTime<Utc>| t.with_timezone(&London).format("%H:%M").to_string();
    assert_eq!(
        (london(&meetings[0]), london(&meetings[1])),
        ("18:00".into(), "18:00".into())
    );
    assert_eq!(meetings[0].format("%H:%M").to_string(), "18:00");
    assert_eq!(
        meetings[1].format("%Y-%m-%d %H:%M").to_string(),
        "2027-03-30 17:00"
    );
}
