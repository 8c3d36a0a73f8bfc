//! Carer households: the record a service keeps of a household after its
//! approval. Approval itself makes one (`panel.rs` follows a household
//! there); here, what the migration made of households approved before.

use domain::Actor;
use domain::accounts::entities::{organisation, person};
use domain::carers::entities::carer_household;
use domain::recruitment::closure_reasons::ReasonChoice;
use domain::recruitment::contact::ClosureReason;
use domain::recruitment::entities::household;
use domain::recruitment::{HouseholdMove, move_household, reassign_household};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use crate::browser::{browser, graphql, sign_in, submit};
use crate::factories::signed_in;
use crate::harness::{TestApp, db_test, error_codes};

/// Every carer household's facts, by household.
async fn carer_households(app: &TestApp) -> Vec<carer_household::Model> {
    carer_household::Entity::find()
        .order_by_asc(carer_household::Column::HouseholdId)
        .all(&app.ctx.db)
        .await
        .expect("carer households")
}

#[db_test(demo)]
async fn households_approved_before_carer_households_existed_become_them_as_approval_makes_them(
    app: TestApp,
) {
    // Those the demo imported have no decision to make them again.
    let approved_here = |rows: Vec<carer_household::Model>| -> Vec<carer_household::Model> {
        rows.into_iter()
            .filter(|c| c.service_reference.is_none())
            .collect()
    };
    let made = approved_here(carer_households(&app).await);
    assert!(
        made.iter().any(|c| c.connected_person) && made.iter().any(|c| c.children.is_some()),
        "the demo approves households and a connected person: {made:?}"
    );
    // Back to before carer households existed, and forward again.
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let at = names
        .iter()
        .position(|n| n == "m20261208_000034_carer_households")
        .expect("the migration");
    let since = u32::try_from(names.len() - at).expect("a few");
    Migrator::down(&app.ctx.db, Some(since))
        .await
        .expect("rolled back");
    Migrator::up(&app.ctx.db, None).await.expect("migrated");
    let facts = |rows: &[carer_household::Model]| {
        rows.iter()
            .map(|c| {
                (
                    c.household_id,
                    c.organisation_id,
                    c.approved_on,
                    c.connected_person,
                    (c.children, c.age_from, c.age_to, c.kinds.clone()),
                    c.review_due_on,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        facts(&approved_here(carer_households(&app).await)),
        facts(&made)
    );
}

/// The id of the north east carer household with this household name, as
/// its fostering team manager (signed in on `manager`) lists it: the demo
/// approves "Peter and Ann Forster" by decision, and temporarily approves
/// "Margaret Lowes" as a connected person.
pub(crate) async fn north_east_carer_household(
    app: &TestApp,
    manager: &reqwest::Client,
    name: &str,
) -> String {
    let list = graphql(
        app,
        manager,
        "{ carerHouseholds(first: 100) { nodes { id name } } }",
        json!({}),
    )
    .await;
    list["data"]["carerHouseholds"]["nodes"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| n["name"] == name))
        .and_then(|n| n["id"].as_str())
        .unwrap_or_else(|| panic!("{name}: {list}"))
        .to_owned()
}

/// The household ids on the fostering team manager's list, through the
/// API the page shares.
async fn listed_for_north_east_manager(app: &TestApp) -> Vec<String> {
    let manager = browser();
    sign_in(
        app,
        &manager,
        "fostering-team-manager.north-east@example.org",
        seed::DEMO_PASSWORD,
    )
    .await;
    let answer = graphql(
        app,
        &manager,
        "{ carerHouseholds(first: 100) { nodes { householdId } } }",
        json!({}),
    )
    .await;
    answer["data"]["carerHouseholds"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {answer}"))
        .iter()
        .map(|n| n["householdId"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The north east cooperative's recruitment manager, as they act.
async fn north_east_recruitment_manager(app: &TestApp) -> Actor {
    let id = demo_person(app, "recruitment-manager.north-east@example.org").await;
    signed_in(app, id).await
}

#[db_test(demo)]
async fn a_carer_household_moved_to_another_service_is_listed_there_not_here(app: TestApp) {
    let carers = carer_households(&app).await;
    let (approved, household) = {
        let mut found = None;
        for c in carers.iter().filter(|c| !c.connected_person) {
            let row = household::Entity::find_by_id(c.household_id)
                .one(&app.ctx.db)
                .await
                .expect("read")
                .expect("there");
            if row.organisation_id == c.organisation_id && row.local_authority_id.is_some() {
                found = Some((c.clone(), row));
                break;
            }
        }
        found.expect("an approved demo household with a local authority")
    };
    let theirs = format!("Household:{}", approved.household_id);
    assert!(listed_for_north_east_manager(&app).await.contains(&theirs));
    // Its own local authority's fostering service takes it on.
    let destination = organisation::Entity::find()
        .filter(organisation::Column::LocalAuthorityId.eq(household.local_authority_id))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the authority's own service")
        .id;
    let manager = north_east_recruitment_manager(&app).await;
    reassign_household(&app.ctx, &manager, household.id, destination, "Moved house")
        .await
        .expect("moved");
    assert!(
        !listed_for_north_east_manager(&app).await.contains(&theirs),
        "no longer the cooperative's"
    );
    let moved = carer_households(&app)
        .await
        .into_iter()
        .find(|c| c.household_id == household.id)
        .expect("still a carer household");
    assert_eq!(
        (moved.organisation_id, moved.supervising_social_worker_id),
        (destination, None)
    );
}

#[db_test(demo)]
async fn a_connected_person_who_withdraws_is_no_longer_listed_as_a_carer(app: TestApp) {
    let connected = carer_households(&app)
        .await
        .into_iter()
        .find(|c| c.connected_person && c.children.is_none())
        .expect("the demo's connected person");
    let theirs = format!("Household:{}", connected.household_id);
    assert!(listed_for_north_east_manager(&app).await.contains(&theirs));
    let manager = north_east_recruitment_manager(&app).await;
    let withdraw = HouseholdMove::Withdraw {
        reason: Some(ReasonChoice::Standard(ClosureReason::FamilyCircumstances)),
        detail: String::new(),
    };
    move_household(&app.ctx, &manager, connected.household_id, &withdraw)
        .await
        .expect("withdrew");
    assert!(!listed_for_north_east_manager(&app).await.contains(&theirs));
}

/// The id of a person of the demo, by their address.
pub(crate) async fn demo_person(app: &TestApp, email: &str) -> i32 {
    person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("a demo person")
        .id
}

#[db_test(demo)]
async fn a_fostering_team_manager_gives_a_household_its_supervising_social_worker_who_then_lists_it(
    app: TestApp,
) {
    let (manager, worker) = (browser(), browser());
    let worker_email = "supervising-social-worker.north-east@example.org";
    sign_in(
        &app,
        &manager,
        "fostering-team-manager.north-east@example.org",
        seed::DEMO_PASSWORD,
    )
    .await;
    sign_in(&app, &worker, worker_email, seed::DEMO_PASSWORD).await;
    let list = "{ carerHouseholds(first: 100) { nodes { id supervisingSocialWorker } } }";
    let carer = north_east_carer_household(&app, &manager, "Peter and Ann Forster").await;
    let number = carer.trim_start_matches("CarerHousehold:").to_owned();
    let give = "mutation($c: ID!, $p: ID!) { giveSupervisingSocialWorker(carerHouseholdId: $c, personId: $p) }";
    let worker_id = demo_person(&app, worker_email).await;
    let officer_id = demo_person(&app, "recruitment-officer.north-east@example.org").await;
    let person = |id: i32| format!("Person:{id}");

    let by_worker = graphql(
        &app,
        &worker,
        give,
        json!({ "c": carer, "p": person(worker_id) }),
    )
    .await;
    assert_eq!(
        error_codes(&by_worker),
        ["FORBIDDEN"],
        "only a manager gives one"
    );
    let not_a_worker = graphql(
        &app,
        &manager,
        give,
        json!({ "c": carer, "p": person(officer_id) }),
    )
    .await;
    assert_eq!(
        error_codes(&not_a_worker),
        ["INVALID_INPUT"],
        "{not_a_worker}"
    );
    let theirs = |answer: &serde_json::Value| -> Vec<serde_json::Value> {
        answer["data"]["carerHouseholds"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let before = theirs(&graphql(&app, &worker, list, json!({})).await);
    assert!(
        !before.iter().any(|n| n["id"] == carer.as_str()),
        "not given yet: {before:?}"
    );

    let path = format!("/carers/{number}/supervising-social-worker");
    let given = submit(
        &app,
        &manager,
        &path,
        &path,
        &[("supervising_social_worker", &worker_id.to_string())],
    )
    .await;
    assert_eq!(given.status().as_u16(), 303);
    let after = theirs(&graphql(&app, &worker, list, json!({})).await);
    assert!(
        after.contains(&json!({ "id": carer, "supervisingSocialWorker": "Catherine Doyle" })),
        "{after:?}"
    );
    assert_eq!(after.len(), before.len() + 1);
}
