use async_graphql::{
    BatchRequest, BatchResponse, Context, EmptySubscription, MergedObject, Response, Schema,
    SchemaBuilder,
};
use domain::{Actor, Ctx, DomainError};

use crate::accounts::{AccountsMutation, AccountsQuery};
use crate::applications::{
    ApplicationsMutation, ApplicationsQuery, AssessmentMutation, AssessmentQuery, MessagesMutation,
    MessagesQuery, StageOneMutation, StageOneQuery,
};
use crate::carers::{CarersMutation, CarersQuery};
use crate::concerns::{ConcernsMutation, ConcernsQuery};
use crate::constellations::{ConstellationsMutation, ConstellationsQuery};
use crate::documents::DocumentsQuery;
use crate::errors::{ErrorCodes, request_error};
use crate::events::{EventsMutation, EventsQuery, TrainingMutation, TrainingQuery};
use crate::geography::GeographyQuery;
use crate::jobs::{JobsMutation, JobsQuery};
use crate::kinship::{KinshipMutation, KinshipQuery};
use crate::panel::{PanelMutation, PanelQuery};
use crate::peer_meetings::{PeerMeetingsMutation, PeerMeetingsQuery};
use crate::peer_oversight::PeerOversightQuery;
use crate::peer_support::{PeerSupportMutation, PeerSupportQuery};
use crate::recruitment::{
    EqualityMutation, EqualityQuery, HouseholdsMutation, RecruitmentMutation, RecruitmentQuery,
};
use crate::reports::{ReportsMutation, ReportsQuery};
use crate::request_limits;
use crate::search::SearchQuery;
use crate::services::{AccessLogQuery, ServicesMutation, ServicesQuery};
use crate::text_input::CleanText;
use crate::viewer::ViewerQuery;
use crate::work_lists::WorkListQuery;

/// How deeply a query may nest fields: deep enough for the standard
/// introspection query GraphiQL and code generators send (15 at most).
pub const MAX_DEPTH: usize = 15;
/// The most work one query may ask for, counting a list field by its page size.
pub const MAX_COMPLEXITY: usize = 2_000;
/// The most operations one HTTP request may batch together.
pub const MAX_OPERATIONS_PER_REQUEST: usize = 10;

#[derive(MergedObject, Default)]
pub struct Query(
    ViewerQuery,
    GeographyQuery,
    AccountsQuery,
    JobsQuery,
    RecruitmentQuery,
    EqualityQuery,
    EventsQuery,
    ServicesQuery,
    AccessLogQuery,
    ApplicationsQuery,
    StageOneQuery,
    MessagesQuery,
    TrainingQuery,
    AssessmentQuery,
    PanelQuery,
    DocumentsQuery,
    WorkListQuery,
    ReportsQuery,
    CarersQuery,
    ConstellationsQuery,
    KinshipQuery,
    ConcernsQuery,
    PeerSupportQuery,
    PeerMeetingsQuery,
    PeerOversightQuery,
    SearchQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    AccountsMutation,
    JobsMutation,
    RecruitmentMutation,
    HouseholdsMutation,
    EqualityMutation,
    EventsMutation,
    ServicesMutation,
    ApplicationsMutation,
    StageOneMutation,
    MessagesMutation,
    TrainingMutation,
    AssessmentMutation,
    PanelMutation,
    ReportsMutation,
    CarersMutation,
    ConstellationsMutation,
    KinshipMutation,
    ConcernsMutation,
    PeerSupportMutation,
    PeerMeetingsMutation,
);

pub type HearthSchema = Schema<Query, Mutation, EmptySubscription>;

fn builder() -> SchemaBuilder<Query, Mutation, EmptySubscription> {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .extension(ErrorCodes)
        .extension(CleanText)
}

/// The schema over this storage and search index. Each request adds its
/// [`Actor`] as data; without one, the request is treated as signed out.
pub fn build_schema(
    ctx: Ctx,
    search: std::sync::Arc<dyn domain::search::port::SearchIndex>,
) -> HearthSchema {
    builder()
        .data(crate::household_parts::loader(ctx.clone()))
        .data(ctx)
        .data(search)
        .finish()
}

/// The schema in SDL, as exported to `api/schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}

/// Runs a batch, refusing one with more operations than a request may carry
/// or past any limit on its text. The caller adds the request's data: its
/// actor, and the loaders made for them ([`for_actor`]).
pub async fn execute_batch(schema: &HearthSchema, batch: BatchRequest) -> BatchResponse {
    if let BatchRequest::Batch(requests) = &batch
        && requests.len() > MAX_OPERATIONS_PER_REQUEST
    {
        let error = request_error(&format!(
            "A request may carry at most {MAX_OPERATIONS_PER_REQUEST} operations"
        ));
        return BatchResponse::Single(Response::from_errors(vec![error]));
    }
    let refused = batch
        .iter()
        .find_map(|request| request_limits::check(&request.query, &request.variables).err());
    if let Some(error) = refused {
        return BatchResponse::Single(Response::from_errors(vec![error]));
    }
    schema.execute_batch(batch).await
}

/// The batch as `actor` sends it: who is asking, and the loaders that read
/// what they may see, made for this request alone.
pub fn for_actor(batch: BatchRequest, ctx: &Ctx, actor: Actor) -> BatchRequest {
    batch
        .data(crate::household_parts::record_loader(
            ctx.clone(),
            actor.clone(),
        ))
        .data(crate::events::registrations_loader(
            ctx.clone(),
            actor.clone(),
        ))
        .data(actor)
}

/// The storage the request works on.
pub(crate) fn storage<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a Ctx> {
    ctx.data::<Ctx>().map_err(|_| {
        crate::errors::to_graphql(DomainError::Internal("the schema has no Ctx".into()))
    })
}

/// Where the request came from, as the web server saw it: attempts are
/// counted per client.
#[derive(Clone, Debug)]
pub struct ClientAddress(pub String);

pub(crate) fn client_address<'a>(ctx: &'a Context<'_>) -> &'a str {
    ctx.data_opt::<ClientAddress>()
        .map(|address| address.0.as_str())
        .unwrap_or_default()
}

/// Who is asking: a request without an actor is treated as signed out.
pub(crate) fn actor<'a>(ctx: &'a Context<'_>) -> &'a Actor {
    const SIGNED_OUT: &Actor = &Actor::Anonymous;
    ctx.data_opt::<Actor>().unwrap_or(SIGNED_OUT)
}

#[cfg(test)]
mod tests {
    use async_graphql::Request;
    use serde_json::{Value, json};

    use super::*;

    /// The schema without storage: enough for what is decided before any
    /// resolver runs, and for the resolvers that need no database.
    fn schema() -> HearthSchema {
        builder().finish()
    }

    fn codes(response: &Response) -> Vec<String> {
        response
            .errors
            .iter()
            .map(|e| {
                e.extensions
                    .as_ref()
                    .and_then(|x| x.get("code"))
                    .map(|code| code.to_string().trim_matches('"').to_owned())
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn the_exported_schema_file_is_up_to_date() {
        let exported = include_str!("../schema.graphql");
        assert!(
            exported == sdl(),
            "api/schema.graphql is out of date: run `cargo run -- export-schema`"
        );
    }

    #[tokio::test]
    async fn a_syntax_error_is_invalid_input() {
        let response = schema().execute("{ viewer { id }").await;
        assert_eq!(codes(&response), ["INVALID_INPUT"]);
    }

    #[tokio::test]
    async fn a_missing_argument_is_invalid_input() {
        let response = schema().execute("{ localAuthority { name } }").await;
        assert_eq!(codes(&response), ["INVALID_INPUT"]);
    }

    #[tokio::test]
    async fn a_resolver_without_storage_is_an_internal_error() {
        let response = schema().execute("{ regions { name } }").await;
        assert_eq!(codes(&response), ["INTERNAL"]);
        assert_eq!(
            response.errors[0].message,
            "Something went wrong. Try again later."
        );
    }

    #[tokio::test]
    async fn a_signed_out_request_has_no_viewer() {
        let response = schema()
            .execute(Request::new("{ viewer { id } }").data(Actor::Anonymous))
            .await;
        let data: Value = response.data.into_json().expect("JSON");
        assert_eq!(data, json!({ "viewer": null }));
    }

    #[tokio::test]
    async fn the_standard_introspection_query_is_within_every_limit() {
        let query = include_str!("fixtures/introspection.graphql");
        let response = execute_batch(&schema(), BatchRequest::Single(Request::new(query))).await;
        match response {
            BatchResponse::Single(response) => {
                assert!(response.errors.is_empty(), "{:?}", response.errors)
            }
            BatchResponse::Batch(_) => panic!("one request answers with one response"),
        }
    }

    #[tokio::test]
    async fn a_batch_at_the_cap_runs_every_operation() {
        let batch = BatchRequest::Batch(
            (0..MAX_OPERATIONS_PER_REQUEST)
                .map(|_| Request::new("{ viewer { id } }"))
                .collect(),
        );
        match execute_batch(&schema(), batch).await {
            BatchResponse::Batch(responses) => {
                assert_eq!(responses.len(), MAX_OPERATIONS_PER_REQUEST)
            }
            BatchResponse::Single(_) => panic!("a batch answers with a batch"),
        }
    }

    #[tokio::test]
    async fn a_batch_over_the_cap_runs_nothing() {
        let batch = BatchRequest::Batch(
            (0..=MAX_OPERATIONS_PER_REQUEST)
                .map(|_| Request::new("{ viewer { id } }"))
                .collect(),
        );
        match execute_batch(&schema(), batch).await {
            BatchResponse::Single(response) => {
                assert_eq!(codes(&response), ["INVALID_INPUT"]);
                assert!(response.data == async_graphql::Value::Null);
            }
            BatchResponse::Batch(_) => panic!("the operations ran"),
        }
    }
}
