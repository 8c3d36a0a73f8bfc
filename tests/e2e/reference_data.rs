use domain::geography::entities::{local_authority, postcode_district, region};
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};

use crate::harness::{TestApp, db_test};

async fn snapshot(
    app: &TestApp,
) -> (
    Vec<region::Model>,
    Vec<local_authority::Model>,
    Vec<postcode_district::Model>,
) {
    let db = &app.ctx.db;
    (
        region::Entity::find()
            .order_by_asc(region::Column::Id)
            .all(db)
            .await
            .expect("regions"),
        local_authority::Entity::find()
            .order_by_asc(local_authority::Column::Id)
            .all(db)
            .await
            .expect("authorities"),
        postcode_district::Entity::find()
            .order_by_asc(postcode_district::Column::Outcode)
            .all(db)
            .await
            .expect("districts"),
    )
}

#[db_test]
async fn seeding_loads_every_authority_region_and_district(app: TestApp) {
    let db = &app.ctx.db;
    assert_eq!(region::Entity::find().count(db).await.expect("count"), 9);
    assert_eq!(
        local_authority::Entity::find()
            .count(db)
            .await
            .expect("count"),
        153
    );
    assert_eq!(
        postcode_district::Entity::find()
            .count(db)
            .await
            .expect("count"),
        2864
    );
}

#[db_test]
async fn seeding_again_changes_nothing(app: TestApp) {
    let before = snapshot(&app).await;
    let summary = seed::load_reference_data(&app.ctx)
        .await
        .expect("seeds again");
    assert!(summary.changed_nothing(), "{summary:?}");
    assert_eq!(snapshot(&app).await, before);
}

#[db_test]
async fn an_english_district_belongs_to_its_authority(app: TestApp) {
    let db = &app.ctx.db;
    let district = postcode_district::Entity::find_by_id("DN15")
        .one(db)
        .await
        .expect("query")
        .expect("DN15 is loaded");
    let authority =
        local_authority::Entity::find_by_id(district.local_authority_id.expect("English"))
            .one(db)
            .await
            .expect("query")
            .expect("its authority");
    assert_eq!(authority.gss_code, district.authority_gss_code);
    let welsh = postcode_district::Entity::find_by_id("CF10")
        .one(db)
        .await
        .expect("query")
        .expect("CF10");
    assert_eq!(
        (welsh.country.as_str(), welsh.local_authority_id),
        ("Wales", None)
    );
}
