//! Reports for recruitment teams: households with known histories give
//! exactly the figures `docs/reports.md` defines, each reader sees only
//! their own organisations', and the summaries always equal the history
//! replayed.

use domain::accounts::Role;
use domain::recruitment::NewEnquiry;
use domain::recruitment::contact::ClosureReason;
use domain::recruitment::interest::CallTime;
use sea_orm::{EntityTrait, QueryOrder};
use seed::builders::{Journey, Officer};
use serde_json::{Value, json};

use crate::browser::{browser, graphql, page, sign_in, submit};
use crate::factories::{PASSWORD, national_administrator, rcc, rcc_over, signed_in, staff};
use crate::harness::{TestApp, db_test, error_codes};

const FUNNEL: &str = "query($input: ReportInput) { funnelReport(input: $input) { \
    range { from to } \
    total { cohort { enquiries enquiryToApplication enquiryToApproval \
    stages { stage households fromPrevious } } \
    period { entered { stage households } withdrew advisedNotToProceed notApproved } } \
    groups { key label cohort { enquiries } period { entered { stage households } } } } }";

const TIME: &str = "query($input: ReportInput) { timeReport(input: $input) { \
    stages { stage days { households median p90 } } \
    firstContact { households inTime share } overdueNow } }";

const REASONS: &str = "query($input: ReportInput) { stopReasonsReport(input: $input) { \
    reasons { stage closure reason households } } }";

const ANOTHER: &str = "Another Cooperative";

fn enquiry(n: usize) -> NewEnquiry {
    NewEnquiry {
        name: format!("Household {n}"),
        email: format!("household{n}@example.org"),
        phone: format!("07700 900 {n:03}"),
        postcode: "TS24 7AB".into(),
        best_time_to_call: Some(CallTime::Evening),
        consent_to_contact: true,
        ..NewEnquiry::default()
    }
}

/// An RCC (over Hartlepool and Middlesbrough, unless it is another one
/// over Redcar and Stockton), with an officer who is also its recruitment
/// manager, signed in.
async fn service(app: &TestApp, name: &str, email: &str) -> (i32, i32, reqwest::Client) {
    let organisation = if name == ANOTHER {
        rcc_over(app, name, &["E06000003", "E06000004"]).await
    } else {
        rcc(app, name).await
    };
    let person = staff(
        app,
        email,
        &[
            (organisation, Role::RecruitmentOfficer),
            (organisation, Role::RecruitmentManager),
        ],
    )
    .await;
    let client = browser();
    let answered = sign_in(app, &client, email, PASSWORD).await;
    assert_eq!(answered.status().as_u16(), 303, "{email} signs in");
    (organisation, person, client)
}

fn stage<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .and_then(|l| l.iter().find(|s| s["stage"] == name))
        .unwrap_or_else(|| panic!("no {name} in {list}"))
}

#[db_test]
async fn households_with_known_histories_give_exactly_the_cohort_and_period_counts(app: TestApp) {
    let (_, person, manager) = service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    let actor = signed_in(&app, person).await;
    let officer = Officer {
        actor: &actor,
        id: person,
    };
    // Sixteen enquire on 1 August 2026 (the clock stands at 10 November).
    // Five go on to apply, a day apart in how soon they were first called;
    // ten withdraw, one of them twice with a reopening between; the last
    // withdraws and comes back.
    for n in 0..16 {
        let journey = Journey::enquire(&app.ctx, officer, &enquiry(n), 101)
            .await
            .expect("enquired");
        match n {
            0..=4 => to_application(journey, 100 - n as i64, 80, 78).await,
            5..=14 => {
                journey
                    .withdrew(ClosureReason::TimingNotRight, 90)
                    .await
                    .expect("withdrew");
            }
            _ => {
                journey
                    .withdrew(ClosureReason::WorkCommitments, 90)
                    .await
                    .expect("withdrew")
                    .reopened(60)
                    .await
                    .expect("came back");
            }
        }
    }
    // Five enquired in April, before the range, and apply in it.
    for n in 16..21 {
        let journey = Journey::enquire(&app.ctx, officer, &enquiry(n), 200)
            .await
            .expect("enquired");
        to_application(journey, 199, 150, 77).await;
    }
    let input = json!({ "input": { "from": "2026-07-01", "to": "2026-11-10" } });
    let answer = graphql(&app, &manager, FUNNEL, input.clone()).await;
    let report = &answer["data"]["funnelReport"];
    assert_eq!(
        report["range"],
        json!({ "from": "2026-07-01", "to": "2026-11-10" }),
        "{answer}"
    );
    let cohort = &report["total"]["cohort"];
    assert_eq!(
        cohort["enquiries"], 15,
        "16, rounded to the nearest 5: {answer}"
    );
    assert_eq!(stage(&cohort["stages"], "CONTACTED")["households"], 5);
    assert_eq!(
        stage(&cohort["stages"], "APPLICATION_SUBMITTED")["households"],
        5
    );
    assert_eq!(stage(&cohort["stages"], "APPROVED")["households"], 0);
    assert_eq!(
        stage(&cohort["stages"], "CONTACTED")["fromPrevious"],
        31.3,
        "5 of the 16, from the counts before rounding"
    );
    assert_eq!(
        stage(&cohort["stages"], "APPLICATION_SUBMITTED")["fromPrevious"],
        100.0
    );
    assert_eq!(
        stage(&cohort["stages"], "INFORMATION_EVENT")["fromPrevious"],
        Value::Null
    );
    assert_eq!(cohort["enquiryToApplication"], 31.3);
    assert_eq!(
        cohort["enquiryToApproval"],
        Value::Null,
        "no approvals: no rate"
    );
    let period = &report["total"]["period"];
    assert_eq!(stage(&period["entered"], "ENQUIRY")["households"], 15);
    assert_eq!(
        stage(&period["entered"], "APPLICATION_SUBMITTED")["households"],
        10,
        "the cohort's five and April's five: {answer}"
    );
    assert_eq!(
        period["withdrew"], 10,
        "the one who came back has not withdrawn in the range"
    );
    assert_eq!(period["advisedNotToProceed"], 0);

    // Before the withdrawals, a range ending the day after them still
    // counts the one who came back later.
    let early = json!({ "input": { "from": "2026-08-01", "to": "2026-08-12" } });
    let answer = graphql(&app, &manager, FUNNEL, early).await;
    assert_eq!(
        answer["data"]["funnelReport"]["total"]["period"]["withdrew"], 10,
        "{answer}"
    );

    let answer = graphql(&app, &manager, TIME, input.clone()).await;
    let time = &answer["data"]["timeReport"];
    let enquiry_days = &stage(&time["stages"], "ENQUIRY")["days"];
    assert_eq!(
        enquiry_days,
        &json!({ "households": 5, "median": 3, "p90": 5 }),
        "first called after 1 to 5 days: {answer}"
    );
    assert_eq!(time["firstContact"]["households"], 5);
    let trend = "query($input: ReportInput) { trendReport(input: $input) { \
        months { month entered { stage households } } } }";
    let answer = graphql(&app, &manager, trend, input.clone()).await;
    let months = answer["data"]["trendReport"]["months"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        months.len(),
        4,
        "August to November: July, before anything happened, is left out: {answer}"
    );
    assert_eq!(months[0]["month"], "2026-08-01");
    assert_eq!(
        stage(&months[0]["entered"], "ENQUIRY")["households"],
        15,
        "{answer}"
    );
    assert_eq!(
        stage(&months[0]["entered"], "APPLICATION_SUBMITTED")["households"],
        10
    );
    assert_eq!(stage(&months[1]["entered"], "ENQUIRY")["households"], 0);
    let answer = graphql(&app, &manager, REASONS, input).await;
    assert_eq!(
        answer["data"]["stopReasonsReport"]["reasons"],
        json!([{
            "stage": "ENQUIRY",
            "closure": "WITHDRAWN",
            "reason": "The timing is not right",
            "households": 10
        }]),
        "{answer}"
    );
    assert_summaries_equal_the_history(&app).await;
}

/// `count` households enquiring `days_ago` through the officer `person`,
/// the first `applying` of them called, visited and applying 1, 10 and 20
/// days later.
async fn enquiries_applying(
    app: &TestApp,
    person: i32,
    count: usize,
    days_ago: i64,
    applying: usize,
) {
    let actor = signed_in(app, person).await;
    let officer = Officer {
        actor: &actor,
        id: person,
    };
    for n in 0..count {
        let journey = Journey::enquire(&app.ctx, officer, &enquiry(n), days_ago)
            .await
            .expect("enquired");
        if n < applying {
            to_application(journey, days_ago - 1, days_ago - 10, days_ago - 20).await;
        }
    }
}

/// A household called `called` days ago, visited, invited and applying
/// `applied` days ago.
async fn to_application(journey: Journey<'_>, called: i64, visited: i64, applied: i64) {
    journey
        .first_call(called)
        .await
        .expect("called")
        .visited(visited)
        .await
        .expect("visited")
        .invited_to_apply(visited - 1)
        .await
        .expect("invited")
        .applied(applied)
        .await
        .expect("applied");
}

#[db_test]
async fn a_manager_sees_only_their_own_organisations_figures(app: TestApp) {
    let (tees, person, tees_manager) =
        service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    let (_, _, other_manager) = service(&app, ANOTHER, "m@other.example.org").await;
    let actor = signed_in(&app, person).await;
    let officer = Officer {
        actor: &actor,
        id: person,
    };
    for n in 0..6 {
        Journey::enquire(&app.ctx, officer, &enquiry(n), 20)
            .await
            .expect("enquired");
    }
    let mine = graphql(&app, &tees_manager, FUNNEL, json!({})).await;
    assert_eq!(
        mine["data"]["funnelReport"]["total"]["cohort"]["enquiries"], 5,
        "{mine}"
    );
    let theirs = graphql(&app, &other_manager, FUNNEL, json!({})).await;
    assert_eq!(
        theirs["data"]["funnelReport"]["total"]["cohort"]["enquiries"], 0,
        "the other cooperative counts none of Tees Valley's: {theirs}"
    );
    let asked =
        json!({ "input": { "filters": { "organisationId": format!("Organisation:{tees}") } } });
    let refused = graphql(&app, &other_manager, FUNNEL, asked.clone()).await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"], "{refused}");
    let by_organisation = json!({ "input": { "breakdown": "ORGANISATION" } });
    let groups = graphql(&app, &other_manager, FUNNEL, by_organisation.clone()).await;
    assert_eq!(
        groups["data"]["funnelReport"]["groups"],
        json!([]),
        "{groups}"
    );

    // A member of the public, and a role without reports, are refused.
    let anonymous = graphql(&app, &browser(), FUNNEL, json!({})).await;
    assert_eq!(error_codes(&anonymous), ["UNAUTHENTICATED"], "{anonymous}");
    staff(
        &app,
        "assessor@tees.example.org",
        &[(tees, Role::AssessingSocialWorker)],
    )
    .await;
    let assessor = browser();
    sign_in(&app, &assessor, "assessor@tees.example.org", PASSWORD).await;
    let refused = graphql(&app, &assessor, FUNNEL, json!({})).await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"], "{refused}");

    // The national programme sees every organisation, by name.
    national_administrator(&app).await;
    let national = browser();
    sign_in(&app, &national, "ada@example.org", PASSWORD).await;
    let all = graphql(&app, &national, FUNNEL, by_organisation).await;
    assert_eq!(
        all["data"]["funnelReport"]["groups"],
        json!([{
            "key": tees.to_string(),
            "label": "Tees Valley Fostering",
            "cohort": { "enquiries": 5 },
            "period": all["data"]["funnelReport"]["groups"][0]["period"].clone()
        }]),
        "{all}"
    );
    let theirs = graphql(&app, &national, FUNNEL, asked).await;
    assert_eq!(
        theirs["data"]["funnelReport"]["total"]["cohort"]["enquiries"], 5,
        "{theirs}"
    );
}

#[db_test]
async fn a_household_moved_to_another_service_counts_under_the_new_one(app: TestApp) {
    use domain::accounts::entities::organisation;
    use domain::geography::entities::local_authority;
    let (_, person, tees_manager) =
        service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    let hartlepool_council = local_authority::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("read")
        .into_iter()
        .find(|la| la.gss_code == "E06000001")
        .expect("Hartlepool")
        .id;
    let hartlepool = organisation::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("read")
        .into_iter()
        .find(|o| o.local_authority_id == Some(hartlepool_council))
        .expect("Hartlepool's own service")
        .id;
    staff(
        &app,
        "m@hartlepool.example.org",
        &[(hartlepool, Role::RecruitmentManager)],
    )
    .await;
    let hartlepool_manager = browser();
    sign_in(
        &app,
        &hartlepool_manager,
        "m@hartlepool.example.org",
        PASSWORD,
    )
    .await;
    let actor = signed_in(&app, person).await;
    let officer = Officer {
        actor: &actor,
        id: person,
    };
    for n in 0..5 {
        let journey = Journey::enquire(&app.ctx, officer, &enquiry(n), 30)
            .await
            .expect("enquired")
            .first_call(28)
            .await
            .expect("called");
        domain::recruitment::reassign_household(
            &app.ctx,
            &actor,
            journey.household_id,
            hartlepool,
            "",
        )
        .await
        .expect("moved");
    }
    let tees_report = graphql(&app, &tees_manager, FUNNEL, json!({})).await;
    let total = &tees_report["data"]["funnelReport"]["total"];
    assert_eq!(total["cohort"]["enquiries"], 0, "{tees_report}");
    assert_eq!(
        stage(&total["period"]["entered"], "CONTACTED")["households"],
        0
    );
    let their_report = graphql(&app, &hartlepool_manager, FUNNEL, json!({})).await;
    let total = &their_report["data"]["funnelReport"]["total"];
    assert_eq!(total["cohort"]["enquiries"], 5, "{their_report}");
    assert_eq!(
        stage(&total["period"]["entered"], "CONTACTED")["households"],
        5,
        "its history moved with it"
    );
    assert_summaries_equal_the_history(&app).await;
}

#[db_test]
async fn bad_report_input_gets_field_errors(app: TestApp) {
    let (_, _, manager) = service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    let backwards = json!({ "input": { "from": "2026-05-01", "to": "2026-04-01" } });
    let answer = graphql(&app, &manager, FUNNEL, backwards).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"], "{answer}");
    assert_eq!(
        answer["errors"][0]["extensions"]["fields"][0]["path"],
        json!(["to"]),
        "{answer}"
    );
    let half = json!({ "input": { "from": "2026-05-01" } });
    let answer = graphql(&app, &manager, FUNNEL, half).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"], "{answer}");
    let long = json!({ "input": { "filters": { "campaign": "x".repeat(201) } } });
    let answer = graphql(&app, &manager, FUNNEL, long).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"], "{answer}");
    let wrong_kind = json!({ "input": { "filters": { "regionId": "Organisation:1" } } });
    let answer = graphql(&app, &manager, FUNNEL, wrong_kind).await;
    assert_eq!(error_codes(&answer), ["INVALID_INPUT"], "{answer}");
}

#[db_test(demo)]
async fn the_summaries_always_equal_the_history_replayed(app: TestApp) {
    assert_summaries_equal_the_history(&app).await;
}

#[db_test]
async fn made_up_history_is_one_the_funnel_accepts(app: TestApp) {
    use domain::recruitment::entities::household_history;
    use domain::recruitment::funnel::{Event, State, transition};
    use seed::made_up::{Plan, Service, write_history};
    let (organisation, _, manager) =
        service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    let plan = Plan {
        years: 2,
        seed: 7,
        now: app.now(),
    };
    let tees = Service {
        organisation_id: organisation,
        local_authority: true,
        places: vec![(1, vec!["TS24".to_owned(), "TS25".to_owned()])],
        enquiries_per_year: 150,
    };
    let written = write_history(&app.ctx, std::slice::from_ref(&tees), &plan, |_, _| {})
        .await
        .expect("written");
    assert_eq!(written, 300);
    let again = seed::made_up::households_of(&tees, &plan);
    assert_eq!(
        again.iter().map(|h| h.email.clone()).collect::<Vec<_>>(),
        seed::made_up::households_of(&tees, &plan)
            .iter()
            .map(|h| h.email.clone())
            .collect::<Vec<_>>(),
        "the same seed makes the same households"
    );
    let rows = household_history::Entity::find()
        .order_by_asc(household_history::Column::HouseholdId)
        .order_by_asc(household_history::Column::At)
        .order_by_asc(household_history::Column::Id)
        .all(&app.ctx.db)
        .await
        .expect("read");
    let until = app.now().date_naive();
    let events = [
        Event::Contacted,
        Event::AttendedInformationEvent,
        Event::VisitCompleted,
        Event::InvitedToApply,
        Event::SubmittedApplication,
        Event::ProceededToStage2,
        Event::BookedForPanel,
        Event::PanelRecommended,
        Event::ProposedNotToApprove,
        Event::Approved,
        Event::DecidedNotToApprove,
        Event::Withdrew,
        Event::AdvisedNotToProceed,
        Event::PutOnHold { until },
        Event::Resumed,
        Event::Reopened,
    ];
    let stored = |state: State| -> (String, String) {
        let (status, stage) = match state {
            State::Open(stage) => ("open", stage),
            State::OnHold { stage, .. } => ("on_hold", stage),
            State::Closed { stage, .. } => ("closed", stage),
        };
        (status.to_owned(), stage.as_str().to_owned())
    };
    let mut state = State::Open(domain::recruitment::funnel::Stage::Enquiry);
    let mut household = 0;
    let mut replayed = 0;
    for row in rows {
        if row.household_id != household {
            household = row.household_id;
            assert_eq!(
                row.event, "enquired",
                "household {household} begins with its enquiry"
            );
            state = State::Open(domain::recruitment::funnel::Stage::Enquiry);
            continue;
        }
        assert_eq!(
            (
                row.from_status.clone().unwrap_or_default(),
                row.from_stage.clone().unwrap_or_default()
            ),
            stored(state),
            "household {household}: each row starts where the last ended"
        );
        let next = events
            .iter()
            .filter(|e| e.recorded_as().as_str() == row.event)
            .filter_map(|e| transition(state, *e).ok())
            .find(|to| stored(*to) == (row.to_status.clone(), row.to_stage.clone()))
            .unwrap_or_else(|| {
                panic!("household {household}: the funnel refuses {row:?} from {state:?}")
            });
        state = next;
        replayed += 1;
    }
    assert!(replayed > 300, "moves were replayed: {replayed}");
    // Each made-up household's record opens as any other's.
    for id in [household, household - 1, household - 150] {
        let (status, html) = page(&app, &manager, &format!("/enquiries/{id}")).await;
        assert_eq!(status, 200, "household {id}: {html}");
    }
    assert_summaries_equal_the_history(&app).await;
    // Two years of a local authority's enquiries give the reports something
    // to show.
    let answer = graphql(
        &app,
        &manager,
        FUNNEL,
        json!({ "input": { "preset": "ALL_TIME" } }),
    )
    .await;
    let cohort = &answer["data"]["funnelReport"]["total"]["cohort"];
    assert_eq!(cohort["enquiries"], 300, "{answer}");
    assert!(
        cohort["enquiryToApplication"].as_f64().is_some(),
        "{answer}"
    );
}

/// The cells of the table captioned `{slug}-caption` on `html`: its
/// headings, then each row, as text.
fn table_on(html: &str, slug: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("id=\"{slug}-caption\""))
        .unwrap_or_else(|| panic!("no {slug} table"));
    let table = &html[start..start + html[start..].find("</table>").expect("the table ends")];
    let unescape = |text: &str| {
        text.replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&#34;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    table
        .split("<tr")
        .skip(1)
        .map(|row| {
            // Each cell's text is what lies between its opening tag and
            // the next tag.
            let mut cells = Vec::new();
            let mut rest = row;
            while let Some(open) = rest.find("<t") {
                let after = &rest[open..];
                let Some(tag_end) = after.find('>') else {
                    break;
                };
                let tag = &after[..tag_end];
                let body = &after[tag_end + 1..];
                if tag.starts_with("<th") || tag.starts_with("<td") {
                    let text = &body[..body.find("</t").unwrap_or(body.len())];
                    // A figure that links to its households: the link's text.
                    let text = match (text.find("<a "), text.find("</a>")) {
                        (Some(a), Some(end)) => {
                            let inner = &text[a..end];
                            &inner[inner.find('>').map_or(0, |i| i + 1)..]
                        }
                        _ => text,
                    };
                    cells.push(unescape(text.trim()));
                }
                rest = body;
            }
            cells
        })
        .collect()
}

#[db_test]
async fn each_report_table_downloads_as_csv_equal_to_it(app: TestApp) {
    use domain::recruitment::Campaign;
    let (_, person, manager) = service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    let actor = signed_in(&app, person).await;
    let officer = Officer {
        actor: &actor,
        id: person,
    };
    for n in 0..12 {
        let mut asked = enquiry(n);
        asked.campaign = Campaign {
            source: Some("leaflet".into()),
            campaign: Some(if n % 2 == 0 {
                "=HYPERLINK(\"x\")".into()
            } else {
                "autumn, 2026".into()
            }),
            ..Campaign::default()
        };
        let journey = Journey::enquire(&app.ctx, officer, &asked, 40)
            .await
            .expect("enquired");
        if n < 6 {
            journey.first_call(39 - n as i64).await.expect("called");
        }
    }
    for (report, tables) in [
        ("funnel", &["cohort", "period", "breakdown"][..]),
        ("time", &["stages", "deadlines", "now"][..]),
        ("reasons", &["reasons"][..]),
        ("trend", &["months"][..]),
    ] {
        let query = "range=this_year&breakdown=campaign";
        let path = if report == "funnel" {
            format!("/reports?{query}")
        } else {
            format!("/reports/{report}?{query}")
        };
        let (status, html) = page(&app, &manager, &path).await;
        assert_eq!(status, 200, "{path}: {html}");
        for slug in tables {
            let on_page = table_on(&html, slug);
            let csv_path =
                format!("/reports/{report}/{slug}.csv?range=this_year&breakdown=campaign");
            let answer = manager
                .get(app.url(&csv_path))
                .send()
                .await
                .expect("answered");
            assert_eq!(answer.status().as_u16(), 200, "{csv_path}");
            assert_eq!(
                answer.headers()["content-type"],
                "text/csv; charset=utf-8",
                "{csv_path}"
            );
            let body = answer.text().await.expect("CSV");
            let downloaded: Vec<Vec<String>> = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(body.as_bytes())
                .records()
                .map(|r| r.expect("a record").iter().map(str::to_owned).collect())
                .collect();
            let expected: Vec<Vec<String>> = on_page
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|cell| {
                            if cell.starts_with(['=', '+', '-', '@']) {
                                format!("'{cell}")
                            } else {
                                cell.clone()
                            }
                        })
                        .collect()
                })
                .collect();
            assert_eq!(downloaded, expected, "{csv_path}");
            assert!(!downloaded.is_empty(), "{csv_path} has rows");
        }
        if report == "funnel" {
            assert!(
                html.contains("=HYPERLINK"),
                "the campaign is on the page, as text"
            );
            assert!(html.contains("<svg"), "the funnel is drawn");
        }
    }
    // Another organisation's manager sees none of it, on the page or in
    // the download.
    let (_, _, other) = service(&app, ANOTHER, "m@other.example.org").await;
    let (_, html) = page(&app, &other, "/reports?breakdown=campaign").await;
    assert!(
        !html.contains("autumn, 2026"),
        "no other service's campaign"
    );
    let body = other
        .get(app.url("/reports/funnel/breakdown.csv?breakdown=campaign"))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("CSV");
    assert_eq!(body.lines().count(), 1, "headings only: {body}");
}

#[db_test]
async fn a_report_form_with_a_bad_range_says_what_is_wrong(app: TestApp) {
    let (_, _, manager) = service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    let (status, html) = page(
        &app,
        &manager,
        "/reports?range=between&from=31&from-month=2&from-year=2026&to=1&to-month=1&to-year=2026",
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("govuk-error-summary"), "{html}");
    assert!(
        html.contains("href=\"#from\""),
        "the first day is not a real date"
    );
    let (status, html) = page(&app, &manager, "/reports?range=forever&organisation=9999").await;
    assert_eq!(status, 400);
    assert!(html.contains("Choose a range from the list"), "{html}");
    assert!(
        html.contains("Choose an organisation from the list"),
        "{html}"
    );
    assert!(
        html.contains("id=\"organisation\""),
        "the field the error names is there"
    );
    let (status, _) = page(&app, &browser(), "/reports").await;
    assert_eq!(status, 303, "signed out: sent to sign in");
}

/// Every household's stored summaries equal its history summarised afresh,
/// and the monthly counts equal the summaries counted afresh.
async fn assert_summaries_equal_the_history(app: &TestApp) {
    use domain::recruitment::entities::{household, household_history};
    use domain::reporting::entities::{report_closure, report_household, report_stage_spell};
    use domain::reporting::summaries::summarise;
    let households = household::Entity::find()
        .order_by_asc(household::Column::Id)
        .all(&app.ctx.db)
        .await
        .expect("read");
    let history = household_history::Entity::find()
        .order_by_asc(household_history::Column::At)
        .order_by_asc(household_history::Column::Id)
        .all(&app.ctx.db)
        .await
        .expect("read");
    let facts = report_household::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("read");
    let spells = report_stage_spell::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("read");
    let closures = report_closure::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("read");
    let regions: std::collections::HashMap<i32, i32> =
        domain::geography::entities::local_authority::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("read")
            .into_iter()
            .map(|la| (la.id, la.region_id))
            .collect();
    // Carer households a service brought to Hearth have no recruitment
    // history, so nothing to summarise.
    let recruited = households
        .iter()
        .filter(|h| history.iter().any(|step| step.household_id == h.id))
        .count();
    assert_eq!(
        facts.len(),
        recruited,
        "every household recruited is summarised"
    );
    for row in &households {
        let steps: Vec<_> = history
            .iter()
            .filter(|h| h.household_id == row.id)
            .cloned()
            .collect();
        if steps.is_empty() {
            continue;
        }
        let region = row
            .local_authority_id
            .and_then(|la| regions.get(&la).copied());
        let expected = summarise(row, region, &steps)
            .expect("replayed")
            .expect("a history");
        let stored = facts
            .iter()
            .find(|f| f.household_id == row.id)
            .expect("stored");
        assert_eq!(stored, &expected.household, "household {}", row.id);
        let without_ids = |mut s: report_stage_spell::Model| {
            s.id = 0;
            s
        };
        let mut stored_spells: Vec<_> = spells
            .iter()
            .filter(|s| s.household_id == row.id)
            .cloned()
            .map(without_ids)
            .collect();
        stored_spells.sort_by(|a, b| a.entered_on.cmp(&b.entered_on).then(a.stage.cmp(&b.stage)));
        let mut expected_spells = expected.spells.clone();
        expected_spells.sort_by(|a, b| a.entered_on.cmp(&b.entered_on).then(a.stage.cmp(&b.stage)));
        assert_eq!(stored_spells, expected_spells, "household {}", row.id);
        let stored_closures: Vec<_> = closures
            .iter()
            .filter(|c| c.household_id == row.id)
            .cloned()
            .map(|mut c| {
                c.id = 0;
                c
            })
            .collect();
        assert_eq!(stored_closures, expected.closures, "household {}", row.id);
    }
    let disagreements = domain::reporting::months::disagreements(&app.ctx.db)
        .await
        .expect("recounted");
    assert!(
        disagreements.is_empty(),
        "the monthly counts equal the summaries recounted: {disagreements:#?}"
    );
}

#[db_test]
async fn the_annual_counts_are_ofsteds_for_the_last_financial_year(app: TestApp) {
    let (organisation, person, manager) =
        service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    let actor = signed_in(&app, person).await;
    let officer = Officer {
        actor: &actor,
        id: person,
    };
    // The clock stands at 10 November 2026: the last financial year ran
    // from 1 April 2025 to 31 March 2026.
    for n in 0..10 {
        let journey = Journey::enquire(&app.ctx, officer, &enquiry(n), 400)
            .await
            .expect("enquired");
        if n < 5 {
            to_application(journey, 399, 380, 300).await;
        } else {
            journey
                .withdrew(ClosureReason::HousingOrSpace, 350)
                .await
                .expect("withdrew");
        }
    }
    // This year's enquiries are not last year's.
    for n in 10..15 {
        Journey::enquire(&app.ctx, officer, &enquiry(n), 30)
            .await
            .expect("enquired");
    }
    let query = "query($input: ReportInput) { annualCounts(input: $input) { range { from to } \
        services { organisationId organisation initialEnquiries applications approvals \
        withdrewBeforeApplying withdrewAfterApplying } } }";
    let input = json!({ "input": { "preset": "LAST_FINANCIAL_YEAR" } });
    let answer = graphql(&app, &manager, query, input).await;
    let counts = &answer["data"]["annualCounts"];
    assert_eq!(
        counts["range"],
        json!({ "from": "2025-04-01", "to": "2026-03-31" }),
        "{answer}"
    );
    assert_eq!(
        counts["services"],
        json!([{
            "organisationId": format!("Organisation:{organisation}"),
            "organisation": "Tees Valley Fostering",
            "initialEnquiries": 10,
            "applications": 5,
            "approvals": 0,
            "withdrewBeforeApplying": 5,
            "withdrewAfterApplying": 0,
        }]),
        "{answer}"
    );
    let (status, html) = page(&app, &manager, "/reports/annual-counts?range=last_year").await;
    assert_eq!(status, 200);
    assert!(html.contains("Tees Valley Fostering"), "{html}");
}

#[db_test]
async fn equality_by_stage_is_for_those_who_work_enquiries(app: TestApp) {
    let (organisation, _, manager) =
        service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    let query = "query { equalityByStage { groups { group households \
        questions { question notAnswered } } } }";
    let answer = graphql(&app, &manager, query, json!({})).await;
    let groups = &answer["data"]["equalityByStage"]["groups"];
    assert_eq!(groups.as_array().map(Vec::len), Some(3), "{answer}");
    assert_eq!(groups[0]["group"], "ENQUIRED");
    assert_eq!(groups[0]["questions"][0]["question"], "Ethnic group");
    staff(
        &app,
        "admin@tees.example.org",
        &[(organisation, Role::Administrator)],
    )
    .await;
    let administrator = browser();
    sign_in(&app, &administrator, "admin@tees.example.org", PASSWORD).await;
    let refused = graphql(&app, &administrator, query, json!({})).await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"], "{refused}");
    let (_, html) = page(&app, &administrator, "/reports").await;
    assert!(
        !html.contains("/reports/equality"),
        "an administrator is not offered the equality figures"
    );
    let (status, _) = page(&app, &administrator, "/reports/equality").await;
    assert_eq!(status, 403);
    let (_, html) = page(&app, &manager, "/reports").await;
    assert!(
        html.contains("/reports/equality"),
        "a manager is offered them"
    );
}

#[db_test]
async fn the_homes_a_service_needs_most_are_set_against_its_pipeline(app: TestApp) {
    use domain::recruitment::interest::FosteringKind;
    use domain::recruitment::service_profile::{ProfileChange, update_service_profile};
    let (organisation, person, manager) =
        service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    let actor = signed_in(&app, person).await;
    let change = ProfileChange {
        about: "We look after children across the Tees Valley.".into(),
        homes_needed: vec![FosteringKind::Teenagers, FosteringKind::SiblingGroups],
        first_contact_working_days: Some(2),
        ..ProfileChange::default()
    };
    update_service_profile(&app.ctx, &actor, organisation, &change)
        .await
        .expect("the profile");
    let officer = Officer {
        actor: &actor,
        id: person,
    };
    for n in 0..12 {
        let mut asked = enquiry(n);
        asked.interests = if n < 7 {
            vec![FosteringKind::Teenagers]
        } else {
            vec![FosteringKind::ShortBreaks]
        };
        let journey = Journey::enquire(&app.ctx, officer, &asked, 60)
            .await
            .expect("enquired");
        if n == 6 {
            // One who stopped is no longer in the pipeline.
            journey
                .withdrew(ClosureReason::TimingNotRight, 50)
                .await
                .expect("withdrew");
        }
    }
    let query = "query { sufficiencyReport { services { organisation \
        homes { kind enquiring applying approved } } } }";
    let answer = graphql(&app, &manager, query, json!({})).await;
    assert_eq!(
        answer["data"]["sufficiencyReport"]["services"],
        json!([{
            "organisation": "Tees Valley Fostering",
            "homes": [
                { "kind": "TEENAGERS", "enquiring": 5, "applying": 0, "approved": 0 },
                { "kind": "SIBLING_GROUPS", "enquiring": 0, "applying": 0, "approved": 0 },
            ]
        }]),
        "six teenagers' households open (rounded to 5), none for brothers and sisters: {answer}"
    );
}

#[db_test]
async fn a_manager_sets_their_services_target_and_england_defaults_to_3000(app: TestApp) {
    let (organisation, _, manager) =
        service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    let (status, html) = page(&app, &manager, "/reports/targets").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Not set"), "no target yet: {html}");
    let form = format!("/reports/targets/{organisation}");
    let refused = submit(&app, &manager, &form, &form, &[("approvals", "lots")]).await;
    assert_eq!(refused.status().as_u16(), 400);
    let body = refused.text().await.expect("a page");
    assert!(
        body.contains("govuk-error-summary") && body.contains("href=\"#approvals\""),
        "{body}"
    );
    let saved = submit(&app, &manager, &form, &form, &[("approvals", "1,20")]).await;
    assert_eq!(saved.status().as_u16(), 303);
    let (_, html) = page(&app, &manager, "/reports/targets?done=set").await;
    assert!(html.contains("Target saved"), "{html}");
    assert!(html.contains(">120<"), "the target is shown: {html}");

    staff(
        &app,
        "o@tees.example.org",
        &[(organisation, Role::RecruitmentOfficer)],
    )
    .await;
    let officer = browser();
    sign_in(&app, &officer, "o@tees.example.org", PASSWORD).await;
    let (_, html) = page(&app, &officer, "/reports/targets").await;
    assert!(!html.contains(&form), "an officer is not offered the form");
    let (status, _) = page(&app, &officer, &form).await;
    assert_eq!(status, 403);

    let set = "mutation($org: ID!, $n: Int!) { setRecruitmentTarget(organisationId: $org, approvals: $n) }";
    let vars = json!({ "org": format!("Organisation:{organisation}"), "n": 150 });
    let refused = graphql(&app, &officer, set, vars.clone()).await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"], "{refused}");
    let answer = graphql(&app, &manager, set, vars).await;
    assert_eq!(answer["data"]["setRecruitmentTarget"], true, "{answer}");
    let query = "{ targetsReport { year { from to } lines { name target approved settable } } }";
    let answer = graphql(&app, &manager, query, json!({})).await;
    assert_eq!(
        answer["data"]["targetsReport"],
        json!({
            "year": { "from": "2026-04-01", "to": "2027-03-31" },
            "lines": [{ "name": "Tees Valley Fostering", "target": 150, "approved": 0, "settable": true }]
        }),
        "{answer}"
    );

    national_administrator(&app).await;
    let national = browser();
    sign_in(&app, &national, "ada@example.org", PASSWORD).await;
    let (_, html) = page(&app, &national, "/reports/targets").await;
    assert!(html.contains("England") && html.contains("3,000"), "{html}");
    let answer = graphql(&app, &national, query, json!({})).await;
    assert_eq!(
        answer["data"]["targetsReport"]["lines"][0]["name"], "England",
        "{answer}"
    );
    assert_eq!(answer["data"]["targetsReport"]["lines"][0]["target"], 3000);
}

const PUBLIC: &str = "{ publicStatistics { year { from to } \
    regions { name enquiries enquiryToApplication applicationToApproval } \
    services { name enquiries enquiryToApplication applicationToApproval } } }";

#[db_test]
async fn the_public_statistics_show_a_services_rates_only_once_its_manager_publishes_them(
    app: TestApp,
) {
    let (organisation, person, manager) =
        service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    // Ten enquire in June 2025, in the last full financial year; five of
    // them apply.
    enquiries_applying(&app, person, 10, 500, 5).await;
    let anyone = browser();
    let (status, html) = page(&app, &anyone, "/statistics").await;
    assert_eq!(status, 200, "no sign-in needed: {html}");
    assert!(
        html.contains("No figures have been published yet") && !html.contains("Tees Valley"),
        "nothing is shown before the manager publishes: {html}"
    );
    let nothing = graphql(&app, &anyone, PUBLIC, json!({})).await;
    assert_eq!(
        nothing["data"]["publicStatistics"],
        json!({
            "year": { "from": "2025-04-01", "to": "2026-03-31" },
            "regions": [],
            "services": []
        }),
        "{nothing}"
    );

    // Another service's manager may not publish Tees Valley's figures.
    let (_, _, other_manager) = service(&app, ANOTHER, "m@another.example.org").await;
    let publish = "mutation($org: ID!, $yes: Boolean!) { \
        publishStatistics(organisationId: $org, published: $yes) }";
    let vars = json!({ "org": format!("Organisation:{organisation}"), "yes": true });
    let refused = graphql(&app, &other_manager, publish, vars).await;
    assert_eq!(error_codes(&refused), ["FORBIDDEN"], "{refused}");
    let action = format!("/reports/publishing/{organisation}");
    let refused = submit(
        &app,
        &other_manager,
        "/reports/publishing",
        &action,
        &[("published", "yes")],
    )
    .await;
    assert_eq!(refused.status().as_u16(), 403);

    let (status, html) = page(&app, &manager, "/reports/publishing").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Not published"), "{html}");
    let garbled = submit(
        &app,
        &manager,
        "/reports/publishing",
        &action,
        &[("published", "perhaps")],
    )
    .await;
    assert_eq!(garbled.status().as_u16(), 400, "neither yes nor no");
    let still = graphql(&app, &anyone, PUBLIC, json!({})).await;
    assert_eq!(
        still["data"]["publicStatistics"]["services"],
        json!([]),
        "nothing was published: {still}"
    );
    let published = submit(
        &app,
        &manager,
        "/reports/publishing",
        &action,
        &[("published", "yes")],
    )
    .await;
    assert_eq!(published.status().as_u16(), 303);
    let answer = graphql(&app, &anyone, PUBLIC, json!({})).await;
    assert_eq!(
        answer["data"]["publicStatistics"]["services"],
        json!([{
            "name": "Tees Valley Fostering",
            "enquiries": 10,
            "enquiryToApplication": 50.0,
            "applicationToApproval": null
        }]),
        "five of ten applied; none approved, too few to give a rate: {answer}"
    );
    assert_eq!(
        answer["data"]["publicStatistics"]["regions"],
        json!([]),
        "regions wait for the national programme: {answer}"
    );
    let (_, html) = page(&app, &anyone, "/statistics").await;
    assert!(
        html.contains("Tees Valley Fostering") && html.contains("50.0%"),
        "{html}"
    );

    national_administrator(&app).await;
    let national = browser();
    sign_in(&app, &national, "ada@example.org", PASSWORD).await;
    let (_, html) = page(&app, &national, "/reports/publishing").await;
    assert!(
        html.contains("England&#x27;s regions") || html.contains("England's regions"),
        "{html}"
    );
    let national_id = domain::accounts::national_programme_id(&app.ctx, &domain::Actor::System)
        .await
        .expect("the programme");
    let vars = json!({ "org": format!("Organisation:{national_id}"), "yes": true });
    let answer = graphql(&app, &national, publish, vars).await;
    assert_eq!(answer["data"]["publishStatistics"], true, "{answer}");
    let answer = graphql(&app, &anyone, PUBLIC, json!({})).await;
    assert_eq!(
        answer["data"]["publicStatistics"]["regions"],
        json!([{
            "name": "North East",
            "enquiries": 10,
            "enquiryToApplication": 50.0,
            "applicationToApproval": null
        }]),
        "{answer}"
    );

    // Stopping takes the figures off the page.
    let stopped = submit(
        &app,
        &manager,
        "/reports/publishing",
        &action,
        &[("published", "no")],
    )
    .await;
    assert_eq!(stopped.status().as_u16(), 303);
    let answer = graphql(&app, &anyone, PUBLIC, json!({})).await;
    assert_eq!(
        answer["data"]["publicStatistics"]["services"],
        json!([]),
        "{answer}"
    );
}

#[db_test]
async fn those_who_work_enquiries_see_the_households_behind_a_figure_and_no_one_elses(
    app: TestApp,
) {
    let (_, person, manager) = service(&app, "Tees Valley Fostering", "m@tees.example.org").await;
    enquiries_applying(&app, person, 7, 30, 2).await;
    let (status, html) = page(&app, &manager, "/reports?range=this_year").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("/reports/households?range=this_year&#38;reached=application_submitted"),
        "the count links to its households: {html}"
    );
    let (status, html) = page(
        &app,
        &manager,
        "/reports/households?range=this_year&reached=application_submitted",
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("Household 0")
            && html.contains("Household 1")
            && !html.contains("Household 2"),
        "the two that applied, by name: {html}"
    );
    let query = "query($input: ReportInput) { householdsBehind(input: $input, closed: WITHDRAWN) { totalCount } \
        entered: householdsBehind(input: $input, entered: ENQUIRY, first: 3) { totalCount edges { node { name stage } } } }";
    let answer = graphql(&app, &manager, query, json!({})).await;
    assert_eq!(
        answer["data"]["householdsBehind"]["totalCount"], 0,
        "{answer}"
    );
    assert_eq!(answer["data"]["entered"]["totalCount"], 7, "{answer}");
    let both = "{ householdsBehind(reached: ENQUIRY, entered: ENQUIRY) { totalCount } }";
    let refused = graphql(&app, &manager, both, json!({})).await;
    assert_eq!(
        error_codes(&refused),
        ["INVALID_INPUT"],
        "one figure at a time: {refused}"
    );
    let (status, _) = page(&app, &manager, "/reports/households?range=this_year").await;
    assert_eq!(status, 404, "no figure named, no list");
    assert_eq!(
        answer["data"]["entered"]["edges"][0]["node"]["name"], "Household 0",
        "the earliest enquiry first: {answer}"
    );

    // The national programme sees every figure, and no one behind them.
    national_administrator(&app).await;
    let national = browser();
    sign_in(&app, &national, "ada@example.org", PASSWORD).await;
    let (_, html) = page(&app, &national, "/reports?range=this_year").await;
    assert!(!html.contains("/reports/households"), "counts only: {html}");
    let (status, _) = page(
        &app,
        &national,
        "/reports/households?range=this_year&reached=enquiry",
    )
    .await;
    assert_eq!(status, 403);
    let refused = graphql(&app, &national, query, json!({})).await;
    assert_eq!(
        error_codes(&refused),
        ["FORBIDDEN", "FORBIDDEN"],
        "{refused}"
    );

    // Another service's manager sees only their own: none here.
    let (_, _, other) = service(&app, ANOTHER, "m@another.example.org").await;
    let (status, html) = page(
        &app,
        &other,
        "/reports/households?range=this_year&reached=enquiry",
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert!(!html.contains("Household 0"), "{html}");
}

/// `value` without its `range`, which is all two answers for different
/// ranges may differ in.
fn without_range(mut value: Value) -> Value {
    if let Some(report) = value.as_object_mut() {
        report.remove("range");
    }
    value
}

#[db_test(demo)]
async fn reports_read_from_the_monthly_counts_equal_those_counted_from_the_summaries(app: TestApp) {
    // From a month's first day, the monthly counts answer; from the day
    // after, the summaries do. Nothing happened on 1 January 2010.
    let months = json!({ "from": "2010-01-01", "to": "2026-11-10" });
    let summaries = json!({ "from": "2010-01-02", "to": "2026-11-10" });
    let queries = [
        ("funnelReport", FUNNEL),
        (
            "timeReport",
            "query($input: ReportInput) { timeReport(input: $input) { \
             stages { stage days { households median p90 } } \
             enquiryToApprovalDays { households median p90 } \
             firstContact { households inTime share } firstContactHours { median p90 } \
             stageOne { households inTime share } stageTwo { households inTime share } \
             overdueNow } }",
        ),
        ("stopReasonsReport", REASONS),
        (
            "equalityByStage",
            "query($input: ReportInput) { equalityByStage(input: $input) { range { from to } \
             groups { group households questions { question notAnswered \
             answers { answer households } } } } }",
        ),
        (
            "trendReport",
            "query($input: ReportInput) { trendReport(input: $input) { \
             range { from to } months { month entered { stage households } } } }",
        ),
        (
            "annualCounts",
            "query($input: ReportInput) { annualCounts(input: $input) { \
             range { from to } services { organisation initialEnquiries applications \
             approvals withdrewBeforeApplying withdrewAfterApplying } } }",
        ),
    ];
    for email in [
        "administrator.national@example.org",
        "recruitment-manager.north-east@example.org",
    ] {
        let reader = browser();
        sign_in(&app, &reader, email, seed::DEMO_PASSWORD).await;
        for breakdown in [
            None,
            Some("ORGANISATION"),
            Some("REGION"),
            Some("LOCAL_AUTHORITY"),
            Some("ENQUIRY_MONTH"),
        ] {
            for (name, query) in queries {
                let ask = |range: &Value| {
                    let mut input = range.clone();
                    if let Some(breakdown) = breakdown {
                        input["breakdown"] = json!(breakdown);
                    }
                    json!({ "input": input })
                };
                let from_months = graphql(&app, &reader, query, ask(&months)).await;
                let from_summaries = graphql(&app, &reader, query, ask(&summaries)).await;
                assert!(from_months["errors"].is_null(), "{from_months}");
                if name == "funnelReport" {
                    assert_ne!(
                        from_months["data"][name]["total"]["cohort"]["enquiries"], 0,
                        "there is something to count: {from_months}"
                    );
                }
                assert_eq!(
                    without_range(from_months["data"][name].clone()),
                    without_range(from_summaries["data"][name].clone()),
                    "{email}, {name} by {breakdown:?}"
                );
            }
        }
    }
}
