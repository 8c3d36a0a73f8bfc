//! Bringing carer households to Hearth from a CSV file on the
//! administrators' page: every problem by line and column with nothing
//! kept, a check that keeps nothing, and the same file twice adding its
//! households once. (`cli.rs` runs the same import from the command line.)

use domain::accounts::entities::organisation;
use domain::carers::entities::{carer_household, placement};
use reqwest::multipart::{Form, Part};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::browser::{browser, csrf_token, page, sign_in};
use crate::harness::{TestApp, db_test};

const HEADER: &str = "household_reference,carer_name,carer_email,second_carer_name,second_carer_email,phone,postcode,approved_on,children_approved,age_from,age_to,kinds,supervising_social_worker_email,review_due_on,child_first_name,child_family_initial,child_date_of_birth,placing_authority,placing_reference,legal_basis,placement_kind,placement_started_on,child_social_worker_name,child_social_worker_email";

/// Two children with one household, and a household with none.
const GOOD: &str = "\
IMP-1,Ruth Okafor,ruth.import@example.org,Dan Okafor,dan.import@example.org,07700 900101,TS24 7PW,2021-05-12,2,5,15,long_term;short_term,,,Leah,M,2014-02-03,E06000001,IMP-20331,care_order,long_term,2023-01-09,,
IMP-1,Ruth Okafor,ruth.import@example.org,Dan Okafor,dan.import@example.org,07700 900101,TS24 7PW,2021-05-12,2,5,15,long_term;short_term,,,Sam,M,2016-08-20,E06000001,IMP-20332,section_20,long_term,2023-01-09,,
IMP-2,Peter Hale,peter.import@example.org,,,07700 900102,TS25 1AA,2019-11-30,1,0,17,short_breaks,,,,,,,,,,,,
";

/// The north east cooperative, its administrator signed in.
async fn administrator(app: &TestApp) -> (reqwest::Client, String) {
    let admin = browser();
    sign_in(
        app,
        &admin,
        "administrator.north-east@example.org",
        seed::DEMO_PASSWORD,
    )
    .await;
    let id = organisation::Entity::find()
        .filter(organisation::Column::Name.eq("North East Care Cooperative (illustrative)"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the cooperative")
        .id;
    (admin, format!("/admin/organisations/{id}/carer-import"))
}

async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    action: &str,
    file: &str,
) -> (u16, String) {
    let (_, html) = page(app, client, path).await;
    let form = Form::new().text("action", action.to_owned()).part(
        "file",
        Part::bytes(format!("{HEADER}\n{file}").into_bytes()).file_name("carers.csv"),
    );
    let answer = client
        .post(app.url(&format!("{path}?csrf_token={}", csrf_token(&html))))
        .multipart(form)
        .send()
        .await
        .expect("answered");
    let status = answer.status().as_u16();
    (status, answer.text().await.expect("a page"))
}

async fn counts(app: &TestApp) -> (u64, u64) {
    (
        carer_household::Entity::find()
            .count(&app.ctx.db)
            .await
            .expect("count"),
        placement::Entity::find()
            .count(&app.ctx.db)
            .await
            .expect("count"),
    )
}

#[db_test(demo)]
async fn a_file_with_problems_lists_each_by_line_and_column_and_imports_nothing(app: TestApp) {
    let (admin, path) = administrator(&app).await;
    let before = counts(&app).await;
    let bad = GOOD
        .replacen("ruth.import@example.org", "not an address", 1)
        .replace("2019-11-30", "30/11/2019");
    let (status, html) = send(&app, &admin, &path, "import", &bad).await;
    assert_eq!(status, 400);
    assert!(html.contains("govuk-error-summary"), "{html}");
    for (line, column) in [
        (
            "<td class=\"govuk-table__cell\">2</td>",
            "<code>carer_email</code>",
        ),
        (
            "<td class=\"govuk-table__cell\">3</td>",
            "<code>household_reference</code>",
        ),
        (
            "<td class=\"govuk-table__cell\">4</td>",
            "<code>approved_on</code>",
        ),
    ] {
        assert!(
            html.contains(line) && html.contains(column),
            "{line} {column}: {html}"
        );
    }
    assert_eq!(counts(&app).await, before, "nothing kept");
}

#[db_test(demo)]
async fn a_checked_file_keeps_nothing_and_imported_twice_adds_its_households_once(app: TestApp) {
    let (admin, path) = administrator(&app).await;
    let (before_households, before_placements) = counts(&app).await;
    let (status, html) = send(&app, &admin, &path, "check", GOOD).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("Every row is valid: 2 households and 2 children placed"),
        "{html}"
    );
    assert_eq!(counts(&app).await, (before_households, before_placements));

    let (_, html) = send(&app, &admin, &path, "import", GOOD).await;
    assert!(
        html.contains("Imported 2 households (2 new) and 2 children placed (2 new)"),
        "{html}"
    );
    let after = counts(&app).await;
    assert_eq!(after, (before_households + 2, before_placements + 2));

    let (_, html) = send(&app, &admin, &path, "import", GOOD).await;
    assert!(html.contains("(0 new)"), "{html}");
    assert_eq!(
        counts(&app).await,
        after,
        "the same file again changes nothing"
    );

    // A placement imported, then ended, is not opened again by the file.
    let imported = placement::Entity::find()
        .filter(placement::Column::EndedOn.is_null())
        .all(&app.ctx.db)
        .await
        .expect("read")
        .into_iter()
        .max_by_key(|p| p.id)
        .expect("an imported placement");
    let manager = browser();
    sign_in(
        &app,
        &manager,
        "fostering-team-manager.north-east@example.org",
        seed::DEMO_PASSWORD,
    )
    .await;
    let today = domain::clock::london_day(app.ctx.clock.now()).to_string();
    let ended = crate::browser::graphql(
        &app,
        &manager,
        "mutation($input: EndPlacementInput!) { endPlacement(input: $input) }",
        serde_json::json!({ "input": { "placementId": format!("Placement:{}", imported.id),
            "endedOn": today, "ending": "PLANNED", "reason": "RETURNED_HOME" } }),
    )
    .await;
    assert_eq!(ended["data"]["endPlacement"], true, "{ended}");
    let (_, html) = send(&app, &admin, &path, "import", GOOD).await;
    assert!(html.contains("(0 new)"), "{html}");
    assert_eq!(counts(&app).await, after, "an ended placement stays ended");
}

#[db_test(demo)]
async fn only_the_organisations_administrators_may_import(app: TestApp) {
    let (_, path) = administrator(&app).await;
    let manager = browser();
    sign_in(
        &app,
        &manager,
        "fostering-team-manager.north-east@example.org",
        seed::DEMO_PASSWORD,
    )
    .await;
    let (status, _) = page(&app, &manager, &path).await;
    assert_eq!(status, 403);
}
