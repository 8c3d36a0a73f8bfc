//! One contract, two adapters: every case runs on the embedded index and on
//! a real Meilisearch, each with indexes of its own.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;

use domain::search::port::{Document, Filter, First, Query, Schema, SearchIndex};
use search::testing::{TestMeilisearch, test_meilisearch};
use search::{EmbeddedIndex, MeilisearchIndex};

const PEOPLE: Schema = Schema {
    name: "people",
    searchable: &["name", "email"],
    keywords: &["organisation"],
    numbers: &["due"],
    // Organisation 1's people first, as households still being worked come
    // before closed ones.
    first: Some(First {
        keyword: "organisation",
        values: &["1"],
    }),
};

fn person(id: &str, name: &str, organisation: &str) -> Document {
    Document::new(id)
        .text("name", name)
        .text("email", format!("{}@example.com", id))
        .keyword("organisation", organisation)
}

async fn on_embedded<F, Fut>(case: F)
where
    F: FnOnce(Arc<dyn SearchIndex>) -> Fut,
    Fut: Future<Output = ()>,
{
    let folder = tempfile::tempdir().expect("a folder");
    let index: Arc<dyn SearchIndex> =
        Arc::new(EmbeddedIndex::at(folder.path().join("search")).expect("the index opens"));
    index.prepare(&PEOPLE).await.expect("prepared");
    case(index).await;
}

async fn on_meilisearch<F, Fut>(case: F)
where
    F: FnOnce(Arc<dyn SearchIndex>) -> Fut,
    Fut: Future<Output = ()>,
{
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let Some(server): Option<TestMeilisearch> = test_meilisearch(&repository).await else {
        return;
    };
    let prefix = format!("t{}_", uuid::Uuid::new_v4().simple());
    let index: Arc<dyn SearchIndex> =
        Arc::new(MeilisearchIndex::new(&server.url, Some(&server.key), &prefix).expect("a client"));
    index.prepare(&PEOPLE).await.expect("prepared");
    case(index).await;
}

/// Each case as two tests, `name::embedded` and `name::meilisearch`.
macro_rules! contract {
    ($name:ident, $case:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn embedded() {
                on_embedded($case).await
            }

            #[tokio::test]
            async fn meilisearch() {
                on_meilisearch($case).await
            }
        }
    };
}

async fn found(index: &Arc<dyn SearchIndex>, words: &str) -> Vec<String> {
    let query = Query {
        words: words.to_owned(),
        filters: Vec::new(),
        offset: 0,
        limit: 20,
    };
    let mut ids = index.search(&PEOPLE, &query).await.expect("a search").ids;
    ids.sort();
    ids
}

async fn people(index: &Arc<dyn SearchIndex>) {
    let documents = vec![
        person("imran", "Imran Hussain", "1"),
        person("clarke", "Jo Clarke", "1"),
        person("sarah", "Sarah Williams", "2"),
        person("long", "Christopher Montgomery", "2"),
    ];
    index
        .apply(&PEOPLE, documents, Vec::new())
        .await
        .expect("indexed");
}

contract!(
    one_typo_is_allowed_from_five_letters_and_none_below,
    |index: Arc<dyn SearchIndex>| async move {
        people(&index).await;
        assert_eq!(
            found(&index, "Husain").await,
            ["imran"],
            "one typo in 6 letters"
        );
        assert_eq!(
            found(&index, "Husain Imrn").await,
            Vec::<String>::new(),
            "4 letters: exact"
        );
        assert_eq!(
            found(&index, "Hossein Imran").await,
            Vec::<String>::new(),
            "two typos in 7 letters"
        );
    }
);

contract!(a_typo_on_the_first_letter_counts_as_two, |index: Arc<
    dyn SearchIndex,
>| async move {
    people(&index).await;
    assert_eq!(
        found(&index, "Blarke").await,
        Vec::<String>::new(),
        "6 letters allow one typo; the first letter's is two"
    );
    assert_eq!(
        found(&index, "Lcarke").await,
        Vec::<String>::new(),
        "a swapped first pair changes the first letter"
    );
    assert_eq!(
        found(&index, "Hristopher").await,
        ["long"],
        "10 letters allow two: the first letter's alone"
    );
    assert_eq!(
        found(&index, "Khristopjer").await,
        Vec::<String>::new(),
        "the first letter's and another"
    );
});

contract!(
    the_records_that_come_first_rank_before_better_matches,
    |index: Arc<dyn SearchIndex>| async move {
        let documents = vec![
            person("exact", "Sam Clarke", "2"),
            person("typo", "Sam Clarkr", "1"),
        ];
        index
            .apply(&PEOPLE, documents, Vec::new())
            .await
            .expect("indexed");
        let query = Query {
            words: "Sam Clarke".into(),
            filters: Vec::new(),
            offset: 0,
            limit: 20,
        };
        let hits = index.search(&PEOPLE, &query).await.expect("a search");
        assert_eq!(hits.ids, ["typo", "exact"]);
    }
);

contract!(two_typos_are_allowed_from_nine_letters, |index: Arc<
    dyn SearchIndex,
>| async move {
    people(&index).await;
    assert_eq!(
        found(&index, "Christofer").await,
        ["long"],
        "two typos in 10 letters"
    );
    assert_eq!(
        found(&index, "Mongomary Christopher").await,
        ["long"],
        "two in 9"
    );
    assert_eq!(
        found(&index, "Mngomary Christopher").await,
        Vec::<String>::new(),
        "three typos"
    );
});

contract!(a_swapped_pair_of_letters_is_one_typo, |index: Arc<
    dyn SearchIndex,
>| async move {
    people(&index).await;
    assert_eq!(found(&index, "Imarn Husain").await, ["imran"]);
});

contract!(the_last_word_also_matches_as_a_prefix, |index: Arc<
    dyn SearchIndex,
>| async move {
    people(&index).await;
    assert_eq!(found(&index, "Clar").await, ["clarke"]);
    assert_eq!(found(&index, "Jo Clar").await, ["clarke"]);
    assert_eq!(
        found(&index, "Clar Jo").await,
        Vec::<String>::new(),
        "only the last word"
    );
    assert_eq!(found(&index, "Sara").await, ["sarah"]);
    assert_eq!(found(&index, "Sara Williams").await, Vec::<String>::new());
});

contract!(
    every_word_must_match_and_case_and_accents_do_not_matter,
    |index: Arc<dyn SearchIndex>| async move {
        people(&index).await;
        assert_eq!(found(&index, "Imran Clarke").await, Vec::<String>::new());
        assert_eq!(found(&index, "IMRÁN hussain").await, ["imran"]);
        assert_eq!(found(&index, "sarah@example.com").await, ["sarah"]);
    }
);

contract!(filters_narrow_inside_the_index, |index: Arc<
    dyn SearchIndex,
>| async move {
    let documents = vec![
        person("a", "Ann Smith", "1").number("due", 100),
        person("b", "Ben Smith", "2").number("due", 300),
        person("c", "Cal Smith", "1"),
    ];
    index
        .apply(&PEOPLE, documents, Vec::new())
        .await
        .expect("indexed");
    let search = |filters: Vec<Filter>| {
        let index = index.clone();
        async move {
            let query = Query {
                words: "smith".into(),
                filters,
                offset: 0,
                limit: 10,
            };
            let mut ids = index.search(&PEOPLE, &query).await.expect("a search").ids;
            ids.sort();
            ids
        }
    };
    let organisation = |values: &[&str]| Filter::AnyOf {
        field: "organisation",
        values: values.iter().map(|v| (*v).to_owned()).collect(),
    };
    assert_eq!(search(vec![organisation(&["1"])]).await, ["a", "c"]);
    assert_eq!(
        search(vec![organisation(&["1", "2"])]).await,
        ["a", "b", "c"]
    );
    assert_eq!(
        search(vec![organisation(&[])]).await,
        Vec::<String>::new(),
        "no organisation, nothing"
    );
    let before = Filter::Below {
        field: "due",
        value: 200,
    };
    assert_eq!(
        search(vec![before.clone()]).await,
        ["a"],
        "none without the field"
    );
    assert_eq!(
        search(vec![before, organisation(&["2"])]).await,
        Vec::<String>::new()
    );
    let quoted = organisation(&["1\" OR organisation IN [\"2"]);
    assert_eq!(
        search(vec![quoted]).await,
        Vec::<String>::new(),
        "a value cannot widen the filter"
    );
});

contract!(
    empty_words_find_everything_the_filters_allow,
    |index: Arc<dyn SearchIndex>| async move {
        people(&index).await;
        let query = Query {
            words: String::new(),
            filters: vec![Filter::AnyOf {
                field: "organisation",
                values: vec!["2".into()],
            }],
            offset: 0,
            limit: 10,
        };
        let hits = index.search(&PEOPLE, &query).await.expect("a search");
        assert_eq!(hits.total, 2);
    }
);

contract!(replacing_and_deleting_change_what_is_found, |index: Arc<
    dyn SearchIndex,
>| async move {
    people(&index).await;
    index
        .apply(
            &PEOPLE,
            vec![person("imran", "Imran Patel", "1")],
            vec!["clarke".into()],
        )
        .await
        .expect("changed");
    assert_eq!(found(&index, "Hussain").await, Vec::<String>::new());
    assert_eq!(found(&index, "Patel").await, ["imran"]);
    assert_eq!(found(&index, "Clarke").await, Vec::<String>::new());
    assert_eq!(index.count(&PEOPLE).await.expect("a count"), 3);
    let stored = index
        .documents(&PEOPLE, &["imran".to_owned(), "clarke".to_owned()])
        .await
        .expect("documents");
    assert_eq!(stored, vec![person("imran", "Imran Patel", "1")]);
});

contract!(
    results_come_a_page_at_a_time_with_the_total,
    |index: Arc<dyn SearchIndex>| async move {
        let documents = (0..25)
            .map(|i| person(&format!("p{i:02}"), "Sam Jones", "1"))
            .collect();
        index
            .apply(&PEOPLE, documents, Vec::new())
            .await
            .expect("indexed");
        let mut seen = Vec::new();
        for page in 0..3 {
            let query = Query {
                words: "jones".into(),
                filters: Vec::new(),
                offset: page * 10,
                limit: 10,
            };
            let hits = index.search(&PEOPLE, &query).await.expect("a page");
            assert_eq!(hits.total, 25);
            seen.extend(hits.ids);
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 25, "every one once");
    }
);

contract!(
    a_rebuild_answers_from_the_old_index_until_it_is_swapped_in,
    |index: Arc<dyn SearchIndex>| async move {
        people(&index).await;
        let mut rebuild = index.rebuild(&PEOPLE).await.expect("a rebuild");
        rebuild
            .add(vec![person("new", "Imran Hussain", "3")])
            .await
            .expect("filled");
        assert_eq!(
            found(&index, "Hussain").await,
            ["imran"],
            "the old one answers"
        );
        rebuild.swap_in().await.expect("swapped in");
        assert_eq!(found(&index, "Hussain").await, ["new"]);
        assert_eq!(index.count(&PEOPLE).await.expect("a count"), 1);
    }
);

#[tokio::test]
async fn the_embedded_index_folder_is_for_its_owner_alone() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().expect("a folder");
    let root = folder.path().join("search");
    let index = EmbeddedIndex::at(root.clone()).expect("the index opens");
    index.prepare(&PEOPLE).await.expect("prepared");
    index
        .apply(
            &PEOPLE,
            vec![person("imran", "Imran Hussain", "1")],
            Vec::new(),
        )
        .await
        .expect("indexed");
    for path in [root.clone(), root.join("people")] {
        let mode = std::fs::metadata(&path)
            .expect("there")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700, "{}", path.display());
    }
}
