//! Keeping the search index current: a change and the job that indexes it
//! commit together, and the workers bring the index up to date from the
//! records as they are.

use domain::recruitment::NewEnquiry;
use domain::recruitment::interest::CallTime;
use domain::search::households::HOUSEHOLDS;
use domain::search::port::{Filter, Query};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::factories::{rcc_over, signed_in, staff};
use crate::harness::{TestApp, db_test};

async fn enquiry(app: &TestApp, name: &str, email: &str) -> i32 {
    let input = NewEnquiry {
        name: name.into(),
        email: email.into(),
        phone: "07700 900 982".into(),
        postcode: "TS24 7AB".into(),
        best_time_to_call: Some(CallTime::Evening),
        consent_to_contact: true,
        ..NewEnquiry::default()
    };
    domain::recruitment::register_interest(&app.ctx, &domain::Actor::Anonymous, &input, "test")
        .await
        .expect("registered")
        .household_id
        .expect("a household")
}

async fn found(app: &TestApp, words: &str, organisation: i32) -> Vec<String> {
    let query = Query {
        words: words.into(),
        filters: vec![Filter::AnyOf {
            field: "organisation",
            values: vec![organisation.to_string()],
        }],
        offset: 0,
        limit: 10,
    };
    app.search
        .search(&HOUSEHOLDS, &query)
        .await
        .expect("a search")
        .ids
}

/// The changes noted and not yet indexed.
async fn waiting(app: &TestApp) -> u64 {
    use sea_orm::{ColumnTrait, QueryFilter};
    domain::search::entities::search_change::Entity::find()
        .filter(domain::search::entities::search_change::Column::IndexedAt.is_null())
        .count(&app.ctx.db)
        .await
        .expect("the notes")
}

#[db_test]
async fn a_worker_killed_between_the_change_and_the_indexing_leaves_it_to_the_next(app: TestApp) {
    use chrono::TimeDelta;
    use domain::search::UpdateSearchIndex;
    use sea_orm::{ColumnTrait, QueryFilter};
    use workers::{HandlerError, Handlers, Runner, RunnerConfig};
    let organisation = rcc_over(&app, "North East", &["E06000001"]).await;
    let id = enquiry(&app, "Imran Hussain", "imran@example.org").await;
    let job = domain::jobs::entity::Entity::find()
        .filter(domain::jobs::entity::Column::Kind.eq("update_search_index"))
        .one(&app.ctx.db)
        .await
        .expect("the queue")
        .expect("queued with the enquiry");
    // A worker that claims the job and dies before it indexes anything.
    let config = RunnerConfig {
        lease: TimeDelta::seconds(30),
        ..RunnerConfig::default()
    };
    let hangs = Handlers::new()
        .register(|_, _: UpdateSearchIndex| std::future::pending::<Result<(), HandlerError>>());
    let dying = Runner::new(app.ctx.clone(), hangs, config);
    let run = tokio::spawn(async move { dying.run_one().await });
    let started = std::time::Instant::now();
    while crate::harness::job(&app.ctx, job.id).await.state != "running" {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "never claimed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    run.abort();
    assert_eq!(
        found(&app, "Hussain", organisation).await,
        Vec::<String>::new()
    );
    app.advance(TimeDelta::seconds(31));
    app.run_pending_jobs().await;
    assert_eq!(found(&app, "Hussain", organisation).await, [id.to_string()]);
}

#[db_test]
async fn a_new_enquiry_waits_in_the_database_until_a_worker_indexes_it(app: TestApp) {
    let organisation = rcc_over(&app, "North East", &["E06000001"]).await;
    let id = enquiry(&app, "Imran Hussain", "imran@example.org").await;
    // Committed with the enquiry, as a worker killed before it ran would
    // leave it: nothing is in the index yet, and nothing is lost.
    assert_eq!(waiting(&app).await, 1);
    assert_eq!(
        found(&app, "Hussain", organisation).await,
        Vec::<String>::new()
    );
    assert!(app.run_pending_jobs().await >= 1);
    assert_eq!(
        found(&app, "Imarn Husain", organisation).await,
        [id.to_string()]
    );
    assert_eq!(
        found(&app, "07700900982", organisation).await,
        [id.to_string()]
    );
    assert_eq!(found(&app, "TS247AB", organisation).await, [id.to_string()]);
    assert_eq!(
        found(&app, "ts24 7ab", organisation).await,
        [id.to_string()]
    );
    assert_eq!(waiting(&app).await, 0, "the notes are dealt with");
}

/// Hartlepool's own fostering service, which the reference data makes.
async fn hartlepools_service(app: &TestApp) -> i32 {
    use domain::accounts::entities::organisation;
    use domain::geography::entities::local_authority;
    let authority = local_authority::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("read")
        .into_iter()
        .find(|la| la.gss_code == "E06000001")
        .expect("Hartlepool")
        .id;
    organisation::Entity::find()
        .all(&app.ctx.db)
        .await
        .expect("read")
        .into_iter()
        .find(|o| o.local_authority_id == Some(authority))
        .expect("Hartlepool's own service")
        .id
}

#[db_test]
async fn a_household_moved_to_another_service_leaves_the_first_ones_results(app: TestApp) {
    use domain::accounts::Role;
    let first = rcc_over(&app, "North East", &["E06000001"]).await;
    let second = hartlepools_service(&app).await;
    let manager = staff(
        &app,
        "manager@example.org",
        &[(first, Role::RecruitmentManager)],
    )
    .await;
    let id = enquiry(&app, "Imran Hussain", "imran@example.org").await;
    app.run_pending_jobs().await;
    assert_eq!(found(&app, "Hussain", first).await, [id.to_string()]);
    let actor = signed_in(&app, manager).await;
    domain::recruitment::reassign_household(&app.ctx, &actor, id, second, "")
        .await
        .expect("moved");
    app.run_pending_jobs().await;
    assert_eq!(found(&app, "Hussain", first).await, Vec::<String>::new());
    assert_eq!(found(&app, "Hussain", second).await, [id.to_string()]);
}

/// Households made straight in the database (as `hearth seed --national`
/// does), which the index has not heard of.
async fn written_in_bulk(database: &crate::harness::TestDatabase) -> i32 {
    use sea_orm::{ColumnTrait, QueryFilter};
    let ctx = domain::Ctx::new(
        hearth::database::connect(database.url(), 2)
            .await
            .expect("a pool"),
    );
    let input = NewEnquiry {
        name: "Imran Hussain".into(),
        email: "imran@example.org".into(),
        phone: "07700 900 982".into(),
        postcode: "TS24 7AB".into(),
        best_time_to_call: Some(CallTime::Evening),
        consent_to_contact: true,
        ..NewEnquiry::default()
    };
    let id = domain::recruitment::register_interest(&ctx, &domain::Actor::Anonymous, &input, "x")
        .await
        .expect("registered")
        .household_id
        .expect("a household");
    // As if written in bulk: nothing noted for the index.
    domain::search::entities::search_change::Entity::delete_many()
        .filter(domain::search::entities::search_change::Column::RecordId.eq(id.to_string()))
        .exec(&ctx.db)
        .await
        .expect("forgotten");
    id
}

fn reindex(database: &crate::harness::TestDatabase) -> std::process::Output {
    std::process::Command::new(crate::harness::hearth_binary())
        .arg("reindex")
        .env_remove("HEARTH_CONFIG")
        .env_remove("HEARTH_MEILISEARCH_URL")
        .env("HEARTH_DATA_DIR", database.data_dir())
        .env("HEARTH_DATABASE_URL", database.url())
        .output()
        .expect("hearth reindex runs")
}

#[tokio::test]
async fn hearth_reindex_builds_the_embedded_index_from_the_database() {
    let database = crate::harness::TestDatabase::create(crate::harness::Db::Sqlite).await;
    let id = written_in_bulk(&database).await;
    let output = reindex(&database);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        said.contains("households: 1 indexed and swapped in"),
        "{said}"
    );
    let index = search::EmbeddedIndex::at(database.data_dir().join("search")).expect("opens");
    let query = Query {
        words: "Husain".into(),
        filters: Vec::new(),
        offset: 0,
        limit: 10,
    };
    let hits = domain::search::port::SearchIndex::search(&index, &HOUSEHOLDS, &query)
        .await
        .expect("a search");
    assert_eq!(hits.ids, [id.to_string()]);
}

#[tokio::test]
async fn hearth_reindex_has_the_server_holding_the_embedded_index_rebuild_it() {
    let database = crate::harness::TestDatabase::create(crate::harness::Db::Postgres).await;
    written_in_bulk(&database).await;
    let server = crate::harness::ServeProcess::start(&database, &[]).await;
    let output = reindex(&database);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        said.contains("hearth serve holds the search index"),
        "{said}"
    );
    assert!(
        said.contains("1 records indexed and swapped in by the server"),
        "{said}"
    );
    drop(server);
}

#[db_test]
async fn the_nightly_check_shows_national_administrators_an_index_that_has_drifted(app: TestApp) {
    use crate::browser::{browser, page, sign_in};
    use domain::search::drift::check_search_index;
    let organisation = rcc_over(&app, "North East", &["E06000001"]).await;
    let id = enquiry(&app, "Imran Hussain", "imran@example.org").await;
    enquiry(&app, "Jo Clarke", "jo@example.org").await;
    app.run_pending_jobs().await;
    crate::factories::national_administrator(&app).await;
    let administrator = browser();
    sign_in(
        &app,
        &administrator,
        "ada@example.org",
        crate::factories::PASSWORD,
    )
    .await;
    let (_, html) = page(&app, &administrator, "/admin/jobs").await;
    assert!(html.contains("has not been checked yet"), "{html}");

    let checks = check_search_index(&app.ctx, app.search.as_ref())
        .await
        .expect("checked");
    assert!(!checks.iter().any(|c| c.drifted()), "{checks:?}");
    let (_, html) = page(&app, &administrator, "/admin/jobs").await;
    assert!(!html.contains("differs from the database"), "{html}");

    // The index loses a household behind Hearth's back.
    app.search
        .apply(&HOUSEHOLDS, Vec::new(), vec![id.to_string()])
        .await
        .expect("removed");
    assert_eq!(
        found(&app, "Hussain", organisation).await,
        Vec::<String>::new()
    );
    let checks = check_search_index(&app.ctx, app.search.as_ref())
        .await
        .expect("checked");
    let households = checks
        .iter()
        .find(|c| c.index_name == "households")
        .expect("the households index");
    assert!(households.drifted(), "{households:?}");
    assert_eq!((households.in_database, households.in_index), (2, 1));
    let (_, html) = page(&app, &administrator, "/admin/jobs").await;
    assert!(
        html.contains("The households index differs from the database"),
        "{html}"
    );
    assert!(html.contains("hearth reindex --only households"));
}
