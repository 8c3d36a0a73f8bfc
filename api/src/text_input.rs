//! Every string a GraphQL request carries, in its variables or written in
//! the query, passes through [`domain::text::clean`] before any resolver
//! sees it: line endings become `\n`, and a control character is refused
//! with `INVALID_INPUT` naming the argument it was in. The schema keeps
//! `String`; this is the one place that looks.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest,
};
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Pos, Positioned, Request, ServerError, ServerResult, Value, Variables};
use async_graphql_value::Value as Literal;
use domain::text::{CONTROL_CHARACTER_MESSAGE, clean};
use domain::{DomainError, FieldError};
use std::borrow::Cow;

use crate::errors::to_graphql;

pub(crate) struct CleanText;

impl ExtensionFactory for CleanText {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(CleanText)
    }
}

#[async_trait::async_trait]
impl Extension for CleanText {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        for (name, value) in request.variables.iter_mut() {
            clean_value(value, &mut vec![name.to_string()]).map_err(|e| refusal(e, None))?;
        }
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let mut document = next.run(ctx, query, variables).await?;
        let operations: Vec<&mut Positioned<OperationDefinition>> = match &mut document.operations {
            DocumentOperations::Single(operation) => vec![operation],
            DocumentOperations::Multiple(operations) => operations.values_mut().collect(),
        };
        for operation in operations {
            for definition in &mut operation.node.variable_definitions {
                if let Some(default) = &mut definition.node.default_value {
                    let path = vec![definition.node.name.node.to_string()];
                    clean_const(&mut default.node, path, default.pos)?;
                }
            }
            clean_selections(&mut operation.node.selection_set)?;
        }
        for fragment in document.fragments.values_mut() {
            clean_selections(&mut fragment.node.selection_set)?;
        }
        Ok(document)
    }
}

fn refusal(path: Vec<String>, pos: Option<Pos>) -> ServerError {
    let error = DomainError::InvalidInput(vec![FieldError::new(
        path.join("."),
        CONTROL_CHARACTER_MESSAGE,
    )]);
    to_graphql(error).into_server_error(pos.unwrap_or_default())
}

fn clean_const(value: &mut Value, mut path: Vec<String>, pos: Pos) -> ServerResult<()> {
    value
        .clean(&mut path)
        .map_err(|path| refusal(path, Some(pos)))
}

fn clean_value(value: &mut Value, path: &mut Vec<String>) -> Result<(), Vec<String>> {
    value.clean(path)
}

/// A value whose strings can be cleaned in place: a variable's, or one
/// written in the query (which may also hold variables, already cleaned).
/// On a refusal, the path to the string. The request's nesting is already
/// bounded (`request_limits`), so the recursion is too.
trait Strings {
    fn clean(&mut self, path: &mut Vec<String>) -> Result<(), Vec<String>>;
}

impl Strings for Value {
    fn clean(&mut self, path: &mut Vec<String>) -> Result<(), Vec<String>> {
        match self {
            Self::String(text) => clean_string(text, path),
            Self::List(items) => clean_items(items, path),
            Self::Object(fields) => clean_fields(fields.iter_mut(), path),
            _ => Ok(()),
        }
    }
}

impl Strings for Literal {
    fn clean(&mut self, path: &mut Vec<String>) -> Result<(), Vec<String>> {
        match self {
            Self::String(text) => clean_string(text, path),
            Self::List(items) => clean_items(items, path),
            Self::Object(fields) => clean_fields(fields.iter_mut(), path),
            _ => Ok(()),
        }
    }
}

fn clean_string(text: &mut String, path: &[String]) -> Result<(), Vec<String>> {
    match clean(text) {
        Ok(Cow::Owned(cleaned)) => {
            *text = cleaned;
            Ok(())
        }
        Ok(Cow::Borrowed(_)) => Ok(()),
        Err(_) => Err(path.to_vec()),
    }
}

fn clean_items<T: Strings>(items: &mut [T], path: &mut Vec<String>) -> Result<(), Vec<String>> {
    for (i, item) in items.iter_mut().enumerate() {
        path.push(i.to_string());
        item.clean(path)?;
        path.pop();
    }
    Ok(())
}

fn clean_fields<'a, T: Strings + 'a>(
    fields: impl Iterator<Item = (&'a Name, &'a mut T)>,
    path: &mut Vec<String>,
) -> Result<(), Vec<String>> {
    for (name, field) in fields {
        path.push(name.to_string());
        field.clean(path)?;
        path.pop();
    }
    Ok(())
}

/// The literal strings written in arguments, anywhere in a selection set.
fn clean_selections(selections: &mut Positioned<SelectionSet>) -> ServerResult<()> {
    for selection in &mut selections.node.items {
        match &mut selection.node {
            Selection::Field(field) => {
                for (name, argument) in &mut field.node.arguments {
                    let mut path = vec![name.node.to_string()];
                    argument
                        .node
                        .clean(&mut path)
                        .map_err(|path| refusal(path, Some(argument.pos)))?;
                }
                clean_selections(&mut field.node.selection_set)?;
            }
            Selection::InlineFragment(fragment) => {
                clean_selections(&mut fragment.node.selection_set)?;
            }
            Selection::FragmentSpread(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variable_holding_nul_is_refused_at_its_path() {
        let mut value = Value::from_json(serde_json::json!({ "people": [{ "name": "a\u{0}" }] }))
            .expect("a value");
        let mut path = vec!["input".to_owned()];
        assert_eq!(
            value.clean(&mut path),
            Err(vec![
                "input".into(),
                "people".into(),
                "0".into(),
                "name".into()
            ])
        );
    }

    #[test]
    fn line_endings_in_a_variable_become_line_feeds() {
        let mut value = Value::from("one\r\ntwo\rthree");
        value.clean(&mut Vec::new()).expect("clean");
        assert_eq!(value, Value::from("one\ntwo\nthree"));
    }
}
