//! Every link a person is offered leads somewhere they may go: each demo
//! person, signed in, follows the links from where they land (three links
//! deep, and opens the links on those pages too; at most 200 pages) and
//! meets no 403, 404 or server error. A page
//! that shows a link, button or form its reader cannot use fails here.

use crate::browser::{browser, page, sign_in, sign_in_by_link};
use crate::crawl::explore;
use crate::every_form::APPLICANTS;
use crate::harness::{TestApp, db_test};

const DEPTH: usize = 4;
const PAGES: usize = 200;

/// The broken links `client` meets from where it lands.
async fn broken_from(app: &TestApp, client: &reqwest::Client, landing: &str) -> Vec<String> {
    explore(app, client, &[landing, "/"], DEPTH, PAGES)
        .await
        .broken
}

#[db_test(demo)]
async fn every_link_each_demo_person_is_offered_opens(app: TestApp) {
    let mut broken = Vec::new();
    let mut people = 0;
    for account in seed::demo_accounts() {
        let client = browser();
        let landing = if account.has_password {
            let signed_in = sign_in(&app, &client, &account.email, seed::DEMO_PASSWORD).await;
            assert_eq!(
                signed_in.status().as_u16(),
                303,
                "{} signs in",
                account.email
            );
            signed_in
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or("/")
                .to_owned()
        } else {
            sign_in_by_link(&app, &client, &account.email).await;
            "/account".to_owned()
        };
        for found in broken_from(&app, &client, &landing).await {
            broken.push(format!("{} ({}): {found}", account.email, account.what));
        }
        people += 1;
    }
    for email in APPLICANTS {
        let client = browser();
        sign_in_by_link(&app, &client, email).await;
        for found in broken_from(&app, &client, "/application").await {
            broken.push(format!("{email}: {found}"));
        }
        people += 1;
    }
    for found in broken_from(&app, &browser(), "/").await {
        broken.push(format!("signed out: {found}"));
    }
    assert!(people > 20, "only {people} people walked the demo");
    assert!(
        broken.is_empty(),
        "links that do not open:\n{}",
        broken.join("\n")
    );
}

#[db_test(demo)]
async fn staff_are_not_offered_panel_pages_or_forms_their_role_cannot_use(app: TestApp) {
    use domain::accounts::entities::organisation;
    use domain::recruitment::entities::household;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let north_east = organisation::Entity::find()
        .filter(organisation::Column::Name.starts_with("North East Care Cooperative"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the demo RCC");
    let in_stage_2 = household::Entity::find()
        .filter(household::Column::Stage.eq("stage_2"))
        .filter(household::Column::OrganisationId.eq(north_east.id))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("a demo household in Stage 2");
    let officer = browser();
    let email = "recruitment-officer.north-east@example.org";
    sign_in(&app, &officer, email, seed::DEMO_PASSWORD).await;
    let (status, html) = page(&app, &officer, &format!("/enquiries/{}", in_stage_2.id)).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("/panel\""),
        "an officer is offered the panel page"
    );
    let manager = browser();
    let email = "recruitment-manager.north-east@example.org";
    sign_in(&app, &manager, email, seed::DEMO_PASSWORD).await;
    let (_, html) = page(&app, &manager, &format!("/enquiries/{}", in_stage_2.id)).await;
    assert!(
        html.contains("/panel\""),
        "a manager is offered the panel page"
    );

    let decider = browser();
    let email = "agency-decision-maker.north-east@example.org";
    sign_in(&app, &decider, email, seed::DEMO_PASSWORD).await;
    let (status, html) = page(&app, &decider, "/panels").await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("Add a panel date"),
        "a decision maker is offered the form"
    );
    let (_, html) = page(&app, &manager, "/panels").await;
    assert!(
        html.contains("Add a panel date"),
        "a manager adds panel dates"
    );
}
