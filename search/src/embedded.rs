//! The embedded index: tantivy, on disk under the data folder. One process
//! holds its writer (tantivy locks the folder), so it serves one `hearth
//! serve` with its workers in-process; several processes use Meilisearch.
//!
//! Each index lives in generations: `<root>/<name>/<generation>/`, with
//! `<root>/<name>/CURRENT` naming the one in use. A rebuild fills a new
//! generation while the old one answers, then writes `CURRENT` anew (a
//! rename, so never half-written) and drops the old folder.

use std::collections::{BTreeMap, HashMap};
use std::fs::DirBuilder;
use std::ops::Bound;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use domain::search::port::{
    Document, Filter, Hits, Query, Rebuild, Schema, SearchError, SearchIndex,
};
use domain::search::words::typos_allowed;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, Query as TantivyQuery, RangeQuery, TermQuery,
    TermSetQuery,
};
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema as TantivySchema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::typos::NearWord;

/// The name the analyser is registered under in each index.
const ANALYSER: &str = "hearth";
/// What the records that come first gain: word scores stay in the tens.
const FIRST_BOOST: f32 = 10_000.0;
/// The writer's memory for everyday changes, and for a rebuild.
const WRITER_MEMORY: usize = 50_000_000;
const REBUILD_MEMORY: usize = 200_000_000;

/// Words split at anything not a letter or digit, lower case, accents
/// dropped: as Meilisearch's tokenizer treats English text.
fn analyser() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn failed(error: impl std::fmt::Display) -> SearchError {
    SearchError::Failed(error.to_string())
}

/// The tantivy fields of one schema.
struct Fields {
    id: Field,
    text: Field,
    source: Field,
    keywords: BTreeMap<&'static str, Field>,
    numbers: BTreeMap<&'static str, Field>,
}

fn tantivy_schema(schema: &Schema) -> (TantivySchema, Fields) {
    let mut builder = TantivySchema::builder();
    let id = builder.add_text_field("_id", STRING | STORED);
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYSER)
        .set_index_option(IndexRecordOption::WithFreqs);
    let text = builder.add_text_field(
        "_text",
        TextOptions::default().set_indexing_options(indexing),
    );
    let source = builder.add_text_field("_source", STORED);
    let keywords = schema
        .keywords
        .iter()
        .map(|name| (*name, builder.add_text_field(name, STRING)))
        .collect();
    let numbers = schema
        .numbers
        .iter()
        .map(|name| (*name, builder.add_i64_field(name, INDEXED)))
        .collect();
    let fields = Fields {
        id,
        text,
        source,
        keywords,
        numbers,
    };
    (builder.build(), fields)
}

/// One generation of one index, open for reading and writing.
struct Generation {
    folder: PathBuf,
    schema: Schema,
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
}

impl Generation {
    fn open(folder: PathBuf, schema: Schema, memory: usize) -> Result<Self, SearchError> {
        owner_only_folder(&folder)?;
        let (tantivy_schema, fields) = tantivy_schema(&schema);
        let directory = tantivy::directory::MmapDirectory::open(&folder).map_err(failed)?;
        let index = Index::open_or_create(directory, tantivy_schema).map_err(failed)?;
        index.tokenizers().register(ANALYSER, analyser());
        let writer = index.writer(memory).map_err(|error| match error {
            tantivy::TantivyError::LockFailure(..) => SearchError::InUse(format!(
                "the search index at {} is in use by another process: an embedded \
                 index serves one `hearth serve`; set HEARTH_MEILISEARCH_URL to share one",
                folder.display()
            )),
            other => failed(other),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(failed)?;
        Ok(Self {
            folder,
            schema,
            fields,
            reader,
            writer: Mutex::new(writer),
        })
    }

    fn document(&self, document: &Document) -> Result<TantivyDocument, SearchError> {
        let mut row = TantivyDocument::default();
        row.add_text(self.fields.id, &document.id);
        // One text field for every searchable one: results are ranked by
        // words found, and why a result matched is worked out from the
        // record (`domain::search::words::mark`).
        for name in self.schema.searchable {
            if let Some(value) = document.text.get(*name) {
                row.add_text(self.fields.text, value);
            }
        }
        for (name, field) in &self.fields.keywords {
            for value in document.keywords.get(*name).into_iter().flatten() {
                row.add_text(*field, value);
            }
        }
        for (name, field) in &self.fields.numbers {
            if let Some(value) = document.numbers.get(*name) {
                row.add_i64(*field, *value);
            }
        }
        let source = serde_json::to_string(document).map_err(failed)?;
        row.add_text(self.fields.source, source);
        Ok(row)
    }

    fn write(&self, documents: &[Document], deleted: &[String]) -> Result<(), SearchError> {
        let mut writer = self
            .writer
            .lock()
            .map_err(|_| failed("the index writer was poisoned"))?;
        for id in deleted {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
        }
        for document in documents {
            writer.delete_term(Term::from_field_text(self.fields.id, &document.id));
            writer
                .add_document(self.document(document)?)
                .map_err(failed)?;
        }
        writer.commit().map_err(failed)?;
        self.reader.reload().map_err(failed)
    }

    fn query(&self, query: &Query) -> Box<dyn TantivyQuery> {
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        let mut analyser = analyser();
        let mut words = Vec::new();
        let mut stream = analyser.token_stream(&query.words);
        while let Some(token) = stream.next() {
            words.push(token.text.clone());
        }
        for (i, word) in words.iter().enumerate() {
            let term = Term::from_field_text(self.fields.text, word);
            let last = i + 1 == words.len();
            let near = Box::new(NearWord::new(
                self.fields.text,
                word,
                typos_allowed(word),
                last,
            ));
            // The word itself ranks above words near it.
            let exact = Box::new(BoostQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                2.0,
            ));
            clauses.push((
                Occur::Must,
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, exact),
                    (Occur::Should, near),
                ])),
            ));
        }
        for filter in &query.filters {
            clauses.push((Occur::Must, self.filter(filter)));
        }
        if words.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        if let Some(first) = self.first() {
            clauses.push((Occur::Should, first));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// A score the records that come first (`Schema::first`) gain, far
    /// above any a match of words gives, so they rank before the rest.
    fn first(&self) -> Option<Box<dyn TantivyQuery>> {
        let first = self.schema.first?;
        let field = *self.fields.keywords.get(first.keyword)?;
        let values = first.values.iter().map(|v| Term::from_field_text(field, v));
        Some(Box::new(BoostQuery::new(
            Box::new(TermSetQuery::new(values)),
            FIRST_BOOST,
        )))
    }

    fn filter(&self, filter: &Filter) -> Box<dyn TantivyQuery> {
        match filter {
            Filter::AnyOf { field, values } => match self.fields.keywords.get(field) {
                Some(f) => Box::new(TermSetQuery::new(
                    values.iter().map(|v| Term::from_field_text(*f, v)),
                )),
                None => Box::new(tantivy::query::EmptyQuery),
            },
            Filter::Below { field, value } => match self.fields.numbers.get(field) {
                Some(f) => Box::new(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Excluded(Term::from_field_i64(*f, *value)),
                )),
                None => Box::new(tantivy::query::EmptyQuery),
            },
        }
    }

    fn search(&self, query: &Query) -> Result<Hits, SearchError> {
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(query.limit.max(1))
            .and_offset(query.offset)
            .order_by_score();
        let (found, total) = searcher
            .search(&self.query(query), &(top, Count))
            .map_err(failed)?;
        let mut ids = Vec::with_capacity(found.len());
        for (_, address) in found.into_iter().take(query.limit) {
            let row: TantivyDocument = searcher.doc(address).map_err(failed)?;
            if let Some(id) = row.get_first(self.fields.id).and_then(|v| v.as_str()) {
                ids.push(id.to_owned());
            }
        }
        Ok(Hits { ids, total })
    }

    fn documents(&self, ids: &[String]) -> Result<Vec<Document>, SearchError> {
        let searcher = self.reader.searcher();
        let mut documents = Vec::new();
        for id in ids {
            let query = TermQuery::new(
                Term::from_field_text(self.fields.id, id),
                IndexRecordOption::Basic,
            );
            let found = searcher
                .search(&query, &TopDocs::with_limit(1).order_by_score())
                .map_err(failed)?;
            for (_, address) in found {
                let row: TantivyDocument = searcher.doc(address).map_err(failed)?;
                if let Some(source) = row.get_first(self.fields.source).and_then(|v| v.as_str()) {
                    documents.push(serde_json::from_str(source).map_err(failed)?);
                }
            }
        }
        Ok(documents)
    }
}

fn owner_only_folder(path: &Path) -> Result<(), SearchError> {
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(failed)?;
    // A folder made before may have other permissions.
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .map_err(failed)
}

/// Where `CURRENT` says the index in use is, if anywhere.
fn current_generation(index_folder: &Path) -> Option<String> {
    let name = std::fs::read_to_string(index_folder.join("CURRENT")).ok()?;
    let name = name.trim().to_owned();
    index_folder.join(&name).is_dir().then_some(name)
}

/// Writes `CURRENT` naming `generation`, by renaming a whole new file over
/// it so a crash leaves the old name or the new one, never half of one.
fn make_current(index_folder: &Path, generation: &str) -> Result<(), SearchError> {
    let written = index_folder.join("CURRENT.new");
    std::fs::write(&written, generation).map_err(failed)?;
    std::fs::rename(&written, index_folder.join("CURRENT")).map_err(failed)
}

fn new_generation_name() -> String {
    format!("g{}", uuid::Uuid::new_v4().simple())
}

/// The embedded search index under `root`.
pub struct EmbeddedIndex {
    root: PathBuf,
    open: Arc<RwLock<HashMap<&'static str, Arc<Generation>>>>,
}

impl std::fmt::Debug for EmbeddedIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the embedded index at {}", self.root.display())
    }
}

impl EmbeddedIndex {
    /// The index kept under `root` (the data folder's `search`), made
    /// owner-only.
    pub fn at(root: PathBuf) -> Result<Self, SearchError> {
        owner_only_folder(&root)?;
        Ok(Self {
            root,
            open: Arc::default(),
        })
    }

    fn generation(&self, schema: &Schema) -> Result<Arc<Generation>, SearchError> {
        if let Some(open) = self
            .open
            .read()
            .map_err(|_| failed("poisoned"))?
            .get(schema.name)
        {
            return Ok(open.clone());
        }
        let mut open = self.open.write().map_err(|_| failed("poisoned"))?;
        if let Some(generation) = open.get(schema.name) {
            return Ok(generation.clone());
        }
        let index_folder = self.root.join(schema.name);
        owner_only_folder(&index_folder)?;
        let name = match current_generation(&index_folder) {
            Some(name) => name,
            None => {
                let name = new_generation_name();
                make_current(&index_folder, &name)?;
                name
            }
        };
        let generation = Arc::new(Generation::open(
            index_folder.join(name),
            *schema,
            WRITER_MEMORY,
        )?);
        open.insert(schema.name, generation.clone());
        Ok(generation)
    }

    /// Runs `work` on the blocking pool: tantivy's calls block.
    async fn blocking<T: Send + 'static>(
        &self,
        schema: &Schema,
        work: impl FnOnce(&Generation) -> Result<T, SearchError> + Send + 'static,
    ) -> Result<T, SearchError> {
        let generation = self.generation(schema)?;
        tokio::task::spawn_blocking(move || work(&generation))
            .await
            .map_err(failed)?
    }
}

#[async_trait::async_trait]
impl SearchIndex for EmbeddedIndex {
    fn shared(&self) -> bool {
        false
    }

    async fn prepare(&self, schema: &Schema) -> Result<(), SearchError> {
        self.generation(schema).map(|_| ())
    }

    async fn apply(
        &self,
        schema: &Schema,
        documents: Vec<Document>,
        deleted: Vec<String>,
    ) -> Result<(), SearchError> {
        self.blocking(schema, move |g| g.write(&documents, &deleted))
            .await
    }

    async fn search(&self, schema: &Schema, query: &Query) -> Result<Hits, SearchError> {
        let query = query.clone();
        self.blocking(schema, move |g| g.search(&query)).await
    }

    async fn count(&self, schema: &Schema) -> Result<usize, SearchError> {
        self.blocking(schema, |g| {
            usize::try_from(g.reader.searcher().num_docs()).map_err(failed)
        })
        .await
    }

    async fn documents(
        &self,
        schema: &Schema,
        ids: &[String],
    ) -> Result<Vec<Document>, SearchError> {
        let ids = ids.to_vec();
        self.blocking(schema, move |g| g.documents(&ids)).await
    }

    async fn rebuild(&self, schema: &Schema) -> Result<Box<dyn Rebuild>, SearchError> {
        let index_folder = self.root.join(schema.name);
        owner_only_folder(&index_folder)?;
        let name = new_generation_name();
        let folder = index_folder.join(&name);
        let schema = *schema;
        let generation =
            tokio::task::spawn_blocking(move || Generation::open(folder, schema, REBUILD_MEMORY))
                .await
                .map_err(failed)??;
        Ok(Box::new(EmbeddedRebuild {
            root: self.root.clone(),
            open: self.open.clone(),
            name,
            generation: Arc::new(generation),
        }))
    }
}

/// A new generation being filled.
struct EmbeddedRebuild {
    root: PathBuf,
    open: Arc<RwLock<HashMap<&'static str, Arc<Generation>>>>,
    name: String,
    generation: Arc<Generation>,
}

#[async_trait::async_trait]
impl Rebuild for EmbeddedRebuild {
    async fn add(&mut self, documents: Vec<Document>) -> Result<(), SearchError> {
        let generation = self.generation.clone();
        tokio::task::spawn_blocking(move || {
            let writer = generation.writer.lock().map_err(|_| failed("poisoned"))?;
            for document in &documents {
                writer
                    .add_document(generation.document(document)?)
                    .map_err(failed)?;
            }
            Ok(())
        })
        .await
        .map_err(failed)?
    }

    async fn swap_in(self: Box<Self>) -> Result<(), SearchError> {
        let generation = self.generation.clone();
        tokio::task::spawn_blocking(move || generation.write(&[], &[]))
            .await
            .map_err(failed)??;
        let schema = self.generation.schema;
        let index_folder = self.root.join(schema.name);
        make_current(&index_folder, &self.name)?;
        let old = self
            .open
            .write()
            .map_err(|_| failed("poisoned"))?
            .insert(schema.name, self.generation.clone());
        // The old generation goes once nothing reads it: searches in flight
        // hold it until they end.
        if let Some(old) = old {
            let folder = old.folder.clone();
            drop(old);
            let _ = std::fs::remove_dir_all(folder);
        } else {
            // Opened by nobody yet: any earlier generation is unused.
            for entry in std::fs::read_dir(&index_folder).map_err(failed)?.flatten() {
                let path = entry.path();
                if path.is_dir() && path.file_name().is_some_and(|n| n != self.name.as_str()) {
                    let _ = std::fs::remove_dir_all(path);
                }
            }
        }
        Ok(())
    }
}
