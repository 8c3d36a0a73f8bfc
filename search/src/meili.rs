//! Meilisearch, for production and for several Hearth processes at once:
//! they share the server. Index settings are applied at start-up
//! (`prepare`); every write waits for its task, so a job that returns has
//! its documents searchable.

use std::time::Duration;

use domain::search::port::{
    Document, Filter, Hits, Query, Rebuild, Schema, SearchError, SearchIndex,
};
use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::{Error, ErrorType};
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::MatchingStrategies;
use meilisearch_sdk::settings::{
    MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde_json::{Map, Value};

/// How long a write waits for Meilisearch to finish its task.
const TASK_WAIT: Duration = Duration::from_secs(120);
const TASK_POLL: Duration = Duration::from_millis(20);
/// How many results Meilisearch counts exactly.
const MOST_COUNTED: usize = 10_000;

/// Down, unreachable or failing inside is "not available, try later";
/// a request it refuses is a failure of ours.
fn from_meilisearch(error: Error) -> SearchError {
    match &error {
        Error::HttpError(_) | Error::Timeout | Error::MeilisearchCommunication(_) => {
            SearchError::Unavailable(error.to_string())
        }
        Error::Meilisearch(e) if e.error_type == ErrorType::Internal => {
            SearchError::Unavailable(error.to_string())
        }
        _ => SearchError::Failed(error.to_string()),
    }
}

pub struct MeilisearchIndex {
    client: Client,
    /// Put before every index's name: tests give each test its own.
    prefix: String,
}

/// Without the client, which holds the key.
impl std::fmt::Debug for MeilisearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MeilisearchIndex")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl MeilisearchIndex {
    pub fn new(url: &str, key: Option<&str>, prefix: &str) -> Result<Self, SearchError> {
        let client = Client::new(url, key).map_err(from_meilisearch)?;
        Ok(Self {
            client,
            prefix: prefix.to_owned(),
        })
    }

    fn uid(&self, schema: &Schema) -> String {
        format!("{}{}", self.prefix, schema.name)
    }

    fn index(&self, schema: &Schema) -> Index {
        self.client.index(self.uid(schema))
    }

    /// Waits for `task` and answers whether it succeeded.
    async fn settled(&self, task: TaskInfo) -> Result<(), SearchError> {
        match task
            .wait_for_completion(&self.client, Some(TASK_POLL), Some(TASK_WAIT))
            .await
            .map_err(from_meilisearch)?
        {
            Task::Failed { content } => Err(SearchError::Failed(content.error.to_string())),
            _ => Ok(()),
        }
    }

    async fn make(&self, uid: &str, schema: &Schema) -> Result<(), SearchError> {
        let created = self
            .client
            .create_index(uid, Some("id"))
            .await
            .map_err(from_meilisearch)?;
        // Already there is as good as made.
        let _ = created
            .wait_for_completion(&self.client, Some(TASK_POLL), Some(TASK_WAIT))
            .await
            .map_err(from_meilisearch)?;
        let task = self
            .client
            .index(uid)
            .set_settings(&settings(schema))
            .await
            .map_err(from_meilisearch)?;
        self.settled(task).await
    }
}

/// Searchable in the schema's order, filterable on its keywords and
/// numbers, and the typo rules written out, though they are Meilisearch's
/// defaults: the embedded index follows the same (`words::typos_allowed`).
fn settings(schema: &Schema) -> Settings {
    let filterable: Vec<&str> = schema
        .keywords
        .iter()
        .chain(schema.numbers)
        .copied()
        .collect();
    let mut sortable: Vec<&str> = schema.numbers.to_vec();
    if schema.first.is_some() {
        sortable.push(FIRST);
    }
    Settings::new()
        .with_searchable_attributes(schema.searchable.iter().copied())
        .with_filterable_attributes(filterable.iter().copied())
        .with_sortable_attributes(sortable.iter().copied())
        // Meilisearch's default rules, with its sort first so the records
        // that come first do (it sorts only where a search asks).
        .with_ranking_rules([
            "sort",
            "words",
            "typo",
            "proximity",
            "attribute",
            "exactness",
        ])
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            disable_on_attributes: Some(Vec::new()),
            disable_on_words: Some(Vec::new()),
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(5),
                two_typos: Some(9),
            }),
            disable_on_numbers: None,
        })
        .with_pagination(PaginationSetting {
            max_total_hits: MOST_COUNTED,
        })
}

/// The attribute that puts the records that come first before the rest
/// (`Schema::first`): 0 for them, 1 for the others, sorted on before any
/// other ranking rule.
const FIRST: &str = "_first";
const FIRST_SORTED: &[&str] = &["_first:asc"];

/// A document as Meilisearch holds it: one flat object.
fn to_json(schema: &Schema, document: &Document) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), Value::String(document.id.clone()));
    if let Some(first) = &schema.first {
        object.insert(FIRST.into(), Value::from(u8::from(!first.holds(document))));
    }
    for (name, value) in &document.text {
        object.insert(name.clone(), Value::String(value.clone()));
    }
    for (name, values) in &document.keywords {
        object.insert(
            name.clone(),
            Value::Array(values.iter().cloned().map(Value::String).collect()),
        );
    }
    for (name, value) in &document.numbers {
        object.insert(name.clone(), Value::from(*value));
    }
    Value::Object(object)
}

fn from_json(schema: &Schema, value: &Value) -> Option<Document> {
    let object = value.as_object()?;
    let mut document = Document::new(object.get("id")?.as_str()?);
    for name in schema.searchable {
        if let Some(text) = object.get(*name).and_then(Value::as_str) {
            document = document.text(name, text);
        }
    }
    for name in schema.keywords {
        for value in object
            .get(*name)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(value) = value.as_str() {
                document = document.keyword(name, value);
            }
        }
    }
    for name in schema.numbers {
        if let Some(number) = object.get(*name).and_then(Value::as_i64) {
            document = document.number(name, number);
        }
    }
    Some(document)
}

/// Meilisearch's filter expression for the filters, values quoted.
fn filter_expression(filters: &[Filter]) -> Option<String> {
    let quoted = |value: &str| format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
    let parts: Vec<String> = filters
        .iter()
        .map(|filter| match filter {
            Filter::AnyOf { field, values } if values.is_empty() => {
                // Nothing allowed matches nothing.
                format!("{field} IN []")
            }
            Filter::AnyOf { field, values } => format!(
                "{field} IN [{}]",
                values
                    .iter()
                    .map(|v| quoted(v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Filter::Below { field, value } => format!("{field} < {value}"),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

#[async_trait::async_trait]
impl SearchIndex for MeilisearchIndex {
    fn shared(&self) -> bool {
        true
    }

    async fn prepare(&self, schema: &Schema) -> Result<(), SearchError> {
        self.make(&self.uid(schema), schema).await
    }

    async fn apply(
        &self,
        schema: &Schema,
        documents: Vec<Document>,
        deleted: Vec<String>,
    ) -> Result<(), SearchError> {
        let index = self.index(schema);
        if !deleted.is_empty() {
            let task = index
                .delete_documents(&deleted)
                .await
                .map_err(from_meilisearch)?;
            self.settled(task).await?;
        }
        if !documents.is_empty() {
            let rows: Vec<Value> = documents.iter().map(|d| to_json(schema, d)).collect();
            let task = index
                .add_or_replace(&rows, Some("id"))
                .await
                .map_err(from_meilisearch)?;
            self.settled(task).await?;
        }
        Ok(())
    }

    async fn search(&self, schema: &Schema, query: &Query) -> Result<Hits, SearchError> {
        let index = self.index(schema);
        let filter = filter_expression(&query.filters);
        let limit = query.limit.max(1);
        let mut search = index.search();
        search
            .with_query(&query.words)
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_attributes_to_retrieve(meilisearch_sdk::search::Selectors::Some(&["id"]));
        // Pages count exactly; an offset that is not a whole page is
        // counted as Meilisearch estimates.
        let paged = query.offset.is_multiple_of(limit);
        if paged {
            search
                .with_page(query.offset / limit + 1)
                .with_hits_per_page(limit);
        } else {
            search.with_offset(query.offset).with_limit(limit);
        }
        if let Some(filter) = &filter {
            search.with_filter(filter);
        }
        if schema.first.is_some() {
            search.with_sort(FIRST_SORTED);
        }
        let results = search
            .execute::<Map<String, Value>>()
            .await
            .map_err(from_meilisearch)?;
        let ids = results
            .hits
            .iter()
            .filter_map(|hit| hit.result.get("id").and_then(Value::as_str))
            .map(str::to_owned)
            .collect();
        let total = results
            .total_hits
            .or(results.estimated_total_hits)
            .unwrap_or(0);
        Ok(Hits { ids, total })
    }

    async fn count(&self, schema: &Schema) -> Result<usize, SearchError> {
        let stats = self
            .index(schema)
            .get_stats()
            .await
            .map_err(from_meilisearch)?;
        Ok(stats.number_of_documents)
    }

    async fn documents(
        &self,
        schema: &Schema,
        ids: &[String],
    ) -> Result<Vec<Document>, SearchError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let index = self.index(schema);
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let found = meilisearch_sdk::documents::DocumentsQuery::new(&index)
            .with_ids(ids.iter().copied())
            .with_limit(ids.len())
            .execute::<Value>()
            .await
            .map_err(from_meilisearch)?;
        Ok(found
            .results
            .iter()
            .filter_map(|value| from_json(schema, value))
            .collect())
    }

    async fn rebuild(&self, schema: &Schema) -> Result<Box<dyn Rebuild>, SearchError> {
        let building = format!(
            "{}_rebuild_{}",
            self.uid(schema),
            uuid::Uuid::new_v4().simple()
        );
        self.make(&building, schema).await?;
        Ok(Box::new(MeilisearchRebuild {
            index: Self {
                client: self.client.clone(),
                prefix: self.prefix.clone(),
            },
            schema: *schema,
            live: self.uid(schema),
            building,
        }))
    }
}

/// A new index filled beside the live one, then swapped with it in one
/// step (Meilisearch's index swap) and the old one deleted.
struct MeilisearchRebuild {
    index: MeilisearchIndex,
    schema: Schema,
    live: String,
    building: String,
}

#[async_trait::async_trait]
impl Rebuild for MeilisearchRebuild {
    async fn add(&mut self, documents: Vec<Document>) -> Result<(), SearchError> {
        let rows: Vec<Value> = documents.iter().map(|d| to_json(&self.schema, d)).collect();
        let task = self
            .index
            .client
            .index(&self.building)
            .add_or_replace(&rows, Some("id"))
            .await
            .map_err(from_meilisearch)?;
        self.index.settled(task).await
    }

    async fn swap_in(self: Box<Self>) -> Result<(), SearchError> {
        let swap = meilisearch_sdk::client::SwapIndexes {
            indexes: (self.live.clone(), self.building.clone()),
            rename: None,
        };
        let task = self
            .index
            .client
            .swap_indexes([&swap])
            .await
            .map_err(from_meilisearch)?;
        self.index.settled(task).await?;
        // After the swap the building name holds the old documents.
        let task = self
            .index
            .client
            .delete_index(&self.building)
            .await
            .map_err(from_meilisearch)?;
        self.index.settled(task).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_are_quoted_so_none_can_change_the_expression() {
        let filters = vec![
            Filter::AnyOf {
                field: "organisation",
                values: vec!["1".into(), "x\" OR organisation IN [\"2".into()],
            },
            Filter::Below {
                field: "due",
                value: 1_700_000_000,
            },
        ];
        assert_eq!(
            filter_expression(&filters).as_deref(),
            Some(
                "organisation IN [\"1\", \"x\\\" OR organisation IN [\\\"2\"] AND due < 1700000000"
            )
        );
    }
}
