//! Carer households: the record a service keeps of a household after its
//! approval. Approval itself makes one (`panel.rs` follows a household
//! there); here, what the migration made of households approved before.

use domain::carers::entities::carer_household;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{EntityTrait, QueryOrder};

use crate::harness::{TestApp, db_test};

/// Every carer household's facts, by household.
async fn carer_households(app: &TestApp) -> Vec<carer_household::Model> {
    carer_household::Entity::find()
        .order_by_asc(carer_household::Column::HouseholdId)
        .all(&app.ctx.db)
        .await
        .expect("carer households")
}

#[db_test]
async fn households_approved_before_carer_households_existed_become_them_as_approval_makes_them(
    app: TestApp,
) {
    seed::load_demo_data(&app.ctx).await.expect("demo data");
    let made = carer_households(&app).await;
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
    assert_eq!(facts(&carer_households(&app).await), facts(&made));
}
