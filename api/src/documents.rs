//! Documents' details. The files themselves go up as multipart forms to
//! `/application/documents` or `/enquiries/{id}/documents` and come down
//! from each document's `downloadUrl`, with a session or an API token:
//! `/graphql` takes JSON only, so no cross-site form can reach it.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::applications::documents::{DocumentEntry, household_documents, own_documents};

use crate::connections::{Listed, connection, page_request};
use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::schema::{actor, storage};

/// A document uploaded to a household's application or assessment.
#[derive(SimpleObject)]
pub struct Document {
    pub id: ID,
    pub file_name: String,
    /// As Hearth found it from the file's bytes: a PDF, JPEG or PNG.
    pub content_type: String,
    /// In bytes.
    pub size: i64,
    /// What it is for: `section:<section>`, `check:<id>`, `assessment` or
    /// `panel`.
    pub attached_to: String,
    /// The same, as people read it.
    pub attached_label: String,
    pub uploaded_by: Option<String>,
    pub by_household: bool,
    pub uploaded_at: DateTime<Utc>,
    /// Where to GET the file, relative to Hearth's address.
    pub download_url: String,
}

impl From<DocumentEntry> for Document {
    fn from(entry: DocumentEntry) -> Self {
        Self {
            id: to_id("Document", entry.id),
            download_url: format!("/documents/{}", entry.id),
            attached_to: entry.attached_to.stored(),
            attached_label: entry.attached_label,
            file_name: entry.file_name,
            content_type: entry.content_type,
            size: entry.size,
            uploaded_by: entry.uploaded_by,
            by_household: entry.by_household,
            uploaded_at: entry.uploaded_at,
        }
    }
}

#[derive(Default)]
pub struct DocumentsQuery;

#[Object]
impl DocumentsQuery {
    /// A household's documents, for its organisation's staff (those about
    /// health for the roles that read health). Each read is logged.
    async fn household_documents(
        &self,
        ctx: &Context<'_>,
        household_id: ID,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Listed<Document>> {
        let id = from_id("Household", &household_id, "householdId")?;
        let page = page_request(first, after, last, before)?;
        let found = household_documents(storage(ctx)?, actor(ctx), id, &page)
            .await
            .map_err(to_graphql)?;
        Ok(connection(found, Document::from))
    }

    /// The documents the signed-in applicant sent with their application.
    async fn my_documents(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Document>> {
        let found = own_documents(storage(ctx)?, actor(ctx))
            .await
            .map_err(to_graphql)?;
        Ok(found.into_iter().map(Into::into).collect())
    }
}
