//! Organisations and who may set them up.

use domain::accounts::entities::{organisation, person, rcc_local_authority};
use domain::accounts::{
    Actor, NewOrganisation, OrganisationKind, Role, create_organisation, load_actor,
};
use domain::{DomainError, ErrorCode};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

use crate::factories::{self, national_administrator, signed_in};
use crate::harness::{TestApp, db_test};

/// A signed-in administrator of the national programme.
async fn administrator(app: &TestApp) -> Actor {
    signed_in(app, national_administrator(app).await).await
}

/// A signed-in person who holds no role.
async fn member_of_the_public(app: &TestApp) -> Actor {
    signed_in(
        app,
        factories::member_of_the_public(app, "sam@example.org").await,
    )
    .await
}

fn rcc(name: &str, codes: &[&str]) -> NewOrganisation {
    NewOrganisation {
        kind: OrganisationKind::RegionalCareCooperative,
        name: name.into(),
        local_authorities: codes.iter().map(|c| (*c).to_owned()).collect(),
    }
}

#[db_test]
async fn seeding_gives_each_local_authority_an_organisation_once(app: TestApp) {
    // The template holds the reference data: this loads it again.
    app.seed_reference_data().await;
    let organisations = organisation::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("organisations");
    assert_eq!(organisations.len(), 153);
    assert!(
        organisations
            .iter()
            .all(|o| o.kind == "local_authority" && o.local_authority_id.is_some())
    );
}

#[db_test]
async fn an_administrator_is_signed_in_with_their_role_in_the_national_programme(app: TestApp) {
    let Actor::Person(signed_in) = administrator(&app).await else {
        panic!("a person");
    };
    assert_eq!(signed_in.memberships.len(), 1);
    assert_eq!(signed_in.memberships[0].role, Role::Administrator);
    assert_eq!(
        signed_in.memberships[0].organisation_kind,
        OrganisationKind::NationalProgramme
    );
}

#[db_test]
async fn a_national_administrator_sets_up_an_rcc_over_local_authorities(app: TestApp) {
    let admin = administrator(&app).await;
    let id = create_organisation(
        &app.ctx,
        &admin,
        &rcc("Tees Valley Care Cooperative", &["E06000001", "E06000002"]),
    )
    .await
    .expect("set up");
    let areas = rcc_local_authority::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("areas");
    assert_eq!(areas.len(), 2);
    assert!(areas.iter().all(|a| a.organisation_id == id));
}

#[db_test]
async fn only_a_national_administrator_may_set_up_an_rcc(app: TestApp) {
    let input = rcc("Tees Valley Care Cooperative", &["E06000001"]);
    let anonymous = create_organisation(&app.ctx, &Actor::Anonymous, &input).await;
    assert!(matches!(anonymous, Err(DomainError::Unauthenticated)));
    let public = member_of_the_public(&app).await;
    let refused = create_organisation(&app.ctx, &public, &input).await;
    assert!(matches!(refused, Err(DomainError::Forbidden)));
    assert_eq!(
        rcc_local_authority::Entity::find()
            .count(&app.ctx.db)
            .await
            .expect("count"),
        0
    );
}

#[db_test]
async fn an_authority_already_served_or_unknown_is_refused_and_nothing_is_stored(app: TestApp) {
    let admin = administrator(&app).await;
    create_organisation(&app.ctx, &admin, &rcc("First", &["E06000001"]))
        .await
        .expect("set up");
    let before = organisation::Entity::find()
        .count(&app.ctx.db)
        .await
        .expect("count");

    let taken = create_organisation(
        &app.ctx,
        &admin,
        &rcc("Second", &["E06000002", "E06000001"]),
    )
    .await
    .expect_err("Hartlepool is served already");
    assert_eq!(taken.code(), ErrorCode::InvalidInput);
    assert_eq!(taken.field_errors()[0].field, "local_authorities");

    let unknown = create_organisation(&app.ctx, &admin, &rcc(" ", &["Kent", "E06999999"]))
        .await
        .expect_err("no such authorities");
    let fields: Vec<&str> = unknown
        .field_errors()
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(
        fields,
        ["name", "local_authorities.0", "local_authorities.1"],
        "each named by its place in the input"
    );
    assert_eq!(
        organisation::Entity::find()
            .count(&app.ctx.db)
            .await
            .expect("count"),
        before
    );
}

#[db_test]
async fn a_deactivated_person_is_not_signed_in(app: TestApp) {
    let Actor::Person(signed_in) = administrator(&app).await else {
        panic!("a person");
    };
    let mut person: person::ActiveModel = person::Entity::find_by_id(signed_in.person_id)
        .one(&app.ctx.db)
        .await
        .expect("query")
        .expect("the person")
        .into();
    person.deactivated_at = Set(Some(app.now()));
    person.update(&app.ctx.db).await.expect("deactivated");
    assert!(matches!(
        load_actor(&app.ctx, signed_in.person_id).await,
        Err(DomainError::Unauthenticated)
    ));
}

#[db_test]
async fn the_demo_data_sets_up_two_illustrative_rccs_and_their_people_once(app: TestApp) {
    let people = seed::demo_accounts().len();
    // Ten per RCC, six more that applied and a connected person; and
    // one invitation to a role waiting for its answer.
    let households = 34;
    // Three couples in each RCC apply jointly: the partners sign in too.
    let partners = 6;
    // Each RCC imports 24 carer households: the first is the demo foster
    // carer's, and eight are couples.
    let carers = 2 * 24;
    let carer_people = 2 * (23 + 8);
    let invitations = 1;
    // Each RCC sets up two Mockingbird constellations.
    let constellations = 2 * 2;
    // A charity runs three kinship groups, and each RCC one.
    let (charity, kinship_groups) = (1, 3 + 2);
    // Each RCC's demo peer supporter has a profile.
    let supporters = 2;
    assert_eq!(
        seed::load_demo_data(&app.ctx).await.expect("demo data"),
        2 + people
            + households
            + carers
            + invitations
            + constellations
            + charity
            + kinship_groups
            + supporters
    );
    assert_eq!(
        seed::load_demo_data(&app.ctx).await.expect("demo data"),
        0,
        "running it again adds nothing"
    );
    let rccs: Vec<String> = organisation::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("organisations")
        .into_iter()
        .filter(|o| o.kind == "regional_care_cooperative")
        .map(|o| o.name)
        .collect();
    assert_eq!(rccs.len(), 2);
    assert!(rccs.iter().all(|name| name.ends_with("(illustrative)")));
    assert_eq!(
        rcc_local_authority::Entity::find()
            .count(&app.ctx.db)
            .await
            .expect("count"),
        22
    );
    assert_eq!(
        person::Entity::find()
            .count(&app.ctx.db)
            .await
            .expect("count") as usize,
        people + households + partners + carer_people,
        "each household signs in as itself, and each partner applying jointly, and each carer"
    );
    let stages: std::collections::BTreeSet<String> =
        domain::recruitment::entities::household::Entity::find()
            .all(&app.ctx.db)
            .await
            .expect("households")
            .into_iter()
            .map(|h| format!("{} {}", h.status, h.stage))
            .collect();
    for expected in [
        "open enquiry",
        "open contacted",
        "open information_event",
        "open initial_visit",
        "open application_invited",
        "open application_submitted",
        "open stage_2",
        "open panel",
        "open recommended",
        "open approved",
        "open proposed_not_to_approve",
        "on_hold contacted",
        "closed contacted",
    ] {
        assert!(stages.contains(expected), "{expected} in {stages:?}");
    }
}
