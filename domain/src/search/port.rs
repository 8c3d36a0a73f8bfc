//! The search index as the domain needs it: documents in, ids out. Two
//! adapters implement it (the `search` crate): an embedded index on disk,
//! the default, and Meilisearch. Both follow Meilisearch's default typo
//! rules (`typos`), so one contract suite holds for both.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// An index's shape: what is searched by words and what is filtered on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schema {
    /// Its name; an adapter may put a prefix before it.
    pub name: &'static str,
    /// Fields searched by words, the most telling first.
    pub searchable: &'static [&'static str],
    /// Fields holding exact values (one or several) to filter on.
    pub keywords: &'static [&'static str],
    /// Fields holding whole numbers to filter on by range.
    pub numbers: &'static [&'static str],
    /// Records that come before the rest, however well the rest match.
    pub first: Option<First>,
}

/// Records whose `keyword` is one of `values` come first, each group then
/// in the order of how well it matched: the households still being worked
/// before closed ones, which staff find mostly to see an earlier enquiry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct First {
    pub keyword: &'static str,
    pub values: &'static [&'static str],
}

impl First {
    /// Whether `document` is among the records that come first.
    pub fn holds(&self, document: &Document) -> bool {
        document
            .keywords
            .get(self.keyword)
            .is_some_and(|values| values.iter().any(|v| self.values.contains(&v.as_str())))
    }
}

/// One record as the index holds it. Only what finding it needs: never
/// special category data (`households` and `public` say what goes in).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub text: BTreeMap<String, String>,
    pub keywords: BTreeMap<String, Vec<String>>,
    pub numbers: BTreeMap<String, i64>,
}

impl Document {
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            ..Self::default()
        }
    }

    pub fn text(mut self, field: &str, value: impl Into<String>) -> Self {
        self.text.insert(field.to_owned(), value.into());
        self
    }

    pub fn keyword(mut self, field: &str, value: impl Into<String>) -> Self {
        self.keywords
            .entry(field.to_owned())
            .or_default()
            .push(value.into());
        self
    }

    pub fn number(mut self, field: &str, value: i64) -> Self {
        self.numbers.insert(field.to_owned(), value);
        self
    }
}

/// A narrowing of the results, applied inside the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    /// The keyword field holds one of these values.
    AnyOf {
        field: &'static str,
        values: Vec<String>,
    },
    /// The number field holds a value below this one (a document without
    /// the field never matches).
    Below { field: &'static str, value: i64 },
}

/// Words to find, narrowed by every filter, one page of results. Empty
/// words find every document the filters allow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub words: String,
    pub filters: Vec<Filter>,
    pub offset: usize,
    pub limit: usize,
}

/// The ids of one page of results, best first, and how many there are in
/// all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hits {
    pub ids: Vec<String>,
    pub total: usize,
}

#[derive(Debug)]
pub enum SearchError {
    /// The index cannot be reached now (Meilisearch is down): try later.
    Unavailable(String),
    /// The embedded index is held by another process (`hearth serve`).
    InUse(String),
    /// Anything else: a bug or a broken index.
    Failed(String),
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(why) => write!(f, "search is not available: {why}"),
            Self::InUse(why) => write!(f, "{why}"),
            Self::Failed(why) => write!(f, "search failed: {why}"),
        }
    }
}

impl std::error::Error for SearchError {}

/// An index being filled from scratch while the one in use still answers;
/// `swap_in` replaces it.
#[async_trait::async_trait]
pub trait Rebuild: Send {
    async fn add(&mut self, documents: Vec<Document>) -> Result<(), SearchError>;
    /// Puts the new index in place of the one in use, at once.
    async fn swap_in(self: Box<Self>) -> Result<(), SearchError>;
}

/// Where Hearth keeps its search indexes.
#[async_trait::async_trait]
pub trait SearchIndex: Send + Sync + fmt::Debug {
    /// Whether several Hearth processes may use it at once.
    fn shared(&self) -> bool;

    /// Makes the index if it is missing and applies its settings.
    async fn prepare(&self, schema: &Schema) -> Result<(), SearchError>;

    /// Adds or replaces `documents` and removes `deleted`, as one commit.
    async fn apply(
        &self,
        schema: &Schema,
        documents: Vec<Document>,
        deleted: Vec<String>,
    ) -> Result<(), SearchError>;

    async fn search(&self, schema: &Schema, query: &Query) -> Result<Hits, SearchError>;

    /// How many documents it holds.
    async fn count(&self, schema: &Schema) -> Result<usize, SearchError>;

    /// The stored documents with these ids (those it holds).
    async fn documents(
        &self,
        schema: &Schema,
        ids: &[String],
    ) -> Result<Vec<Document>, SearchError>;

    /// A new, empty index of this shape to fill and swap in.
    async fn rebuild(&self, schema: &Schema) -> Result<Box<dyn Rebuild>, SearchError>;
}
