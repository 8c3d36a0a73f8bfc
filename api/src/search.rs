//! Staff find households by words: `searchHouseholds`, typos forgiven,
//! only ever the households the reader may read.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use domain::search::find::{FoundHousehold, HouseholdSearch, Matched, search_households};
use domain::search::port::SearchIndex;

use crate::connections::{Listed, connection, page_request};
use crate::errors::to_graphql;
use crate::ids::{from_id, to_id};
use crate::recruitment::Stage;
use crate::schema::{actor, storage};

/// Narrows a search of households; each narrows it further.
#[derive(InputObject, Default)]
pub struct HouseholdSearchFilters {
    pub stage: Option<Stage>,
    /// Households given to this person.
    pub owner_id: Option<ID>,
    /// Only households with a deadline passed, as of the search.
    #[graphql(default)]
    pub overdue: bool,
}

/// A piece of a field's text: `matched` when a searched word found it.
#[derive(SimpleObject)]
pub struct MatchedText {
    pub text: String,
    pub matched: bool,
}

/// A field of the household that the search matched.
#[derive(SimpleObject)]
pub struct MatchedField {
    /// What the field is: Name, Email, Telephone, Postcode or Household
    /// number.
    pub field: String,
    pub pieces: Vec<MatchedText>,
}

impl From<Matched> for MatchedField {
    fn from(matched: Matched) -> Self {
        Self {
            field: matched.field.to_owned(),
            pieces: matched
                .pieces
                .into_iter()
                .map(|p| MatchedText {
                    text: p.text,
                    matched: p.matched,
                })
                .collect(),
        }
    }
}

/// A household found by a search.
#[derive(SimpleObject)]
pub struct HouseholdSearchResult {
    /// The household's id, as `household(id:)` takes it.
    pub household_id: ID,
    pub name: String,
    pub stage: Stage,
    /// Closed households are found too, and marked.
    pub closed: bool,
    pub organisation_id: ID,
    pub organisation_name: String,
    /// Why it matched.
    pub matched: Vec<MatchedField>,
}

impl From<FoundHousehold> for HouseholdSearchResult {
    fn from(found: FoundHousehold) -> Self {
        Self {
            household_id: to_id("Household", found.id),
            name: found.name,
            stage: found.stage.into(),
            closed: found.closed,
            organisation_id: to_id("Organisation", found.organisation_id),
            organisation_name: found.organisation,
            matched: found.matched.into_iter().map(Into::into).collect(),
        }
    }
}

/// The ids of the public records of `kind` matching `words`, if any were
/// given: what a public list narrows itself to. `field` names the argument.
pub(crate) async fn public_words(
    ctx: &Context<'_>,
    kind: domain::search::public::Listed,
    words: Option<&str>,
    field: &str,
) -> async_graphql::Result<Option<Vec<i32>>> {
    let Some(words) = words.map(str::trim).filter(|w| !w.is_empty()) else {
        return Ok(None);
    };
    let index = ctx.data::<Arc<dyn SearchIndex>>()?;
    domain::search::public::public_matches(index.as_ref(), kind, words, field)
        .await
        .map(Some)
        .map_err(to_graphql)
}

#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Households in the reader's own services whose applicants' names,
    /// email addresses or telephone numbers (however written), postcode
    /// (with or without its space) or household number match `query`:
    /// one typo forgiven from 5 letters, two from 9, and the last word
    /// matched as a start. Best matches first, a page at a time. For staff
    /// who work the enquiry queue; the search is in the access log, never
    /// its words.
    #[allow(clippy::too_many_arguments)]
    async fn search_households(
        &self,
        ctx: &Context<'_>,
        query: String,
        filters: Option<HouseholdSearchFilters>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Listed<HouseholdSearchResult>> {
        let page = page_request(first, after, last, before)?;
        let filters = filters.unwrap_or_default();
        let search = HouseholdSearch {
            words: query,
            stage: filters.stage.map(Into::into),
            owner_id: match &filters.owner_id {
                Some(id) => Some(from_id("Person", id, "filters.ownerId")?),
                None => None,
            },
            overdue: filters.overdue,
        };
        let index = ctx.data::<Arc<dyn SearchIndex>>()?;
        let found = search_households(storage(ctx)?, actor(ctx), index.as_ref(), &search, &page)
            .await
            .map_err(to_graphql)?;
        Ok(connection(found, HouseholdSearchResult::from))
    }
}
