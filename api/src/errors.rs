use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextRequest};
use async_graphql::indexmap::IndexMap;
use async_graphql::{Error, ErrorExtensionValues, Name, Response, ServerError, Value};
use domain::{DomainError, ErrorCode};
use std::sync::Arc;

fn with_code(code: ErrorCode) -> ErrorExtensionValues {
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code.as_str());
    extensions
}

/// An error in the request as a whole (too many operations, too large, not
/// GraphQL at all), before any operation runs.
pub fn request_error(message: &str) -> ServerError {
    coded(message, ErrorCode::InvalidInput)
}

/// A request refused as a whole for who sent it.
pub fn forbidden_error(message: &str) -> ServerError {
    coded(message, ErrorCode::Forbidden)
}

/// A request refused as a whole because its credentials are no good.
pub fn unauthenticated_error(message: &str) -> ServerError {
    coded(message, ErrorCode::Unauthenticated)
}

/// A request stopped for a fault of ours, such as running out of time.
pub fn internal_error(message: &str) -> ServerError {
    coded(message, ErrorCode::Internal)
}

fn coded(message: &str, code: ErrorCode) -> ServerError {
    let mut error = ServerError::new(message, None);
    error.extensions = Some(with_code(code));
    error
}

const INTERNAL_MESSAGE: &str = "Something went wrong. Try again later.";

/// A domain error as a GraphQL error: the code in `extensions.code`, and for
/// invalid input, each field at fault with its path as the client named it.
pub(crate) fn to_graphql(error: DomainError) -> Error {
    let code = error.code();
    let message = match &error {
        DomainError::Internal(source) => {
            // The cause goes to the log only: it may hold database text.
            tracing::error!(error = %source, "internal error while resolving");
            INTERNAL_MESSAGE.to_owned()
        }
        other => other.to_string(),
    };
    let fields: Vec<Value> = error
        .field_errors()
        .iter()
        .map(|field| {
            let path = field.field.split('.').map(path_segment).collect();
            Value::Object(IndexMap::from([
                (Name::new("path"), Value::List(path)),
                (Name::new("message"), Value::from(field.message.as_str())),
            ]))
        })
        .collect();
    let mut extensions = with_code(code);
    if !fields.is_empty() {
        extensions.set("fields", Value::List(fields));
    }
    Error {
        message,
        source: None,
        extensions: Some(extensions),
    }
}

/// `household.postcode` becomes `["household", "postcode"]`, `first_name`
/// becomes `firstName` and `members.0` keeps its index as a number.
fn path_segment(segment: &str) -> Value {
    if let Ok(index) = segment.parse::<i32>() {
        return Value::from(index);
    }
    let mut camel = String::with_capacity(segment.len());
    let mut upper = false;
    for c in segment.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            camel.extend(c.to_uppercase());
            upper = false;
        } else {
            camel.push(c);
        }
    }
    Value::from(camel)
}

/// Gives every error a code, so a client can always branch on
/// `extensions.code`. An error with no path was refused before anything ran
/// (a syntax error, an unknown field, too deep or too complex): the request's
/// own fault, so invalid input. One with a path that did not come from the
/// domain is a fault of ours: its text goes to the log, not the client.
pub(crate) struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

#[async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            let extensions = error.extensions.get_or_insert_with(Default::default);
            if extensions.get("code").is_some() {
                continue;
            }
            if error.path.is_empty() {
                extensions.set("code", ErrorCode::InvalidInput.as_str());
            } else {
                tracing::error!(error = %error.message, "a resolver failed outside the domain");
                extensions.set("code", ErrorCode::Internal.as_str());
                error.message = INTERNAL_MESSAGE.to_owned();
            }
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::FieldError;

    #[test]
    fn field_paths_are_named_as_the_client_names_them() {
        let error = to_graphql(DomainError::InvalidInput(vec![
            FieldError::new("household.first_name", "Enter a first name"),
            FieldError::new("members.2.date_of_birth", "Enter a date of birth"),
        ]));
        let fields = error
            .extensions
            .as_ref()
            .and_then(|e| e.get("fields"))
            .cloned()
            .expect("the fields at fault")
            .into_json()
            .expect("JSON");
        assert_eq!(
            fields,
            serde_json::json!([
                { "path": ["household", "firstName"], "message": "Enter a first name" },
                { "path": ["members", 2, "dateOfBirth"], "message": "Enter a date of birth" },
            ])
        );
    }

    #[test]
    fn every_domain_error_carries_its_code() {
        let error = to_graphql(DomainError::Forbidden);
        let code = error
            .extensions
            .as_ref()
            .and_then(|e| e.get("code"))
            .cloned();
        assert_eq!(code, Some(Value::from("FORBIDDEN")));
    }
}
