//! What one GraphQL request may cost, checked on its raw text before
//! anything parses it.
//!
//! The parser and the validator recurse: a few KB of `[[[[…]]]]` in an
//! argument overflows a thread's stack, which aborts the whole process (a
//! stack overflow cannot be caught), and fragments that each spread the next
//! one twice make validation take 2^k steps. So one pass over the text,
//! with no recursion of its own, measures what the later stages would face
//! and refuses anything past a limit before they start.

use std::collections::HashMap;

use async_graphql::{ServerError, Value, Variables};

use crate::errors::request_error;

/// How deeply brackets (`{`, `[`, `(`) may nest outside strings, in the
/// query, and how deeply lists and objects may nest in its variables.
pub const MAX_NESTING: usize = 32;
/// The longest query text.
pub const MAX_DOCUMENT_BYTES: usize = 32 * 1024;
/// The most tokens (names, punctuation, values) a query may hold.
pub const MAX_TOKENS: usize = 10_000;
/// The most fields a request may select once every fragment spread is
/// replaced by the fragment it names.
pub const MAX_EXPANDED_FIELDS: u64 = 2_000;
/// The most fragment spreads a request may make, counted the same way.
pub const MAX_EXPANDED_SPREADS: u64 = 500;
/// The most aliases a query may give.
pub const MAX_ALIASES: usize = 100;
/// The most directives a query may use.
pub const MAX_DIRECTIVES: usize = 50;

/// Refuses a request whose query or variables go past a limit, with an
/// error naming that limit.
pub fn check(query: &str, variables: &Variables) -> Result<(), ServerError> {
    check_query(query).map_err(|limit| request_error(&limit.message()))?;
    if variables_depth(variables) > MAX_NESTING {
        return Err(request_error(&Limit::VariablesNesting.message()));
    }
    Ok(())
}

/// The limit a request went past.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Limit {
    Size,
    Nesting,
    VariablesNesting,
    Tokens,
    Aliases,
    Directives,
    ExpandedFields,
    ExpandedSpreads,
    FragmentCycle,
}

impl Limit {
    fn message(self) -> String {
        match self {
            Self::Size => format!("A query may be at most {} KiB", MAX_DOCUMENT_BYTES / 1024),
            Self::Nesting => {
                format!("A query may nest brackets at most {MAX_NESTING} deep (the nesting limit)")
            }
            Self::VariablesNesting => format!(
                "Variables may nest lists and objects at most {MAX_NESTING} deep (the nesting limit)"
            ),
            Self::Tokens => format!("A query may hold at most {MAX_TOKENS} tokens"),
            Self::Aliases => format!("A query may give at most {MAX_ALIASES} aliases"),
            Self::Directives => format!("A query may use at most {MAX_DIRECTIVES} directives"),
            Self::ExpandedFields => format!(
                "A query may select at most {MAX_EXPANDED_FIELDS} fields once its fragments are expanded"
            ),
            Self::ExpandedSpreads => format!(
                "A query may spread fragments at most {MAX_EXPANDED_SPREADS} times once they are expanded"
            ),
            Self::FragmentCycle => "Fragments must not spread each other in a cycle".to_owned(),
        }
    }
}

/// One top-level definition: an operation or a named fragment.
#[derive(Default)]
struct Definition {
    fragment: Option<String>,
    fields: u64,
    /// The fragments it spreads, once per spread.
    spreads: Vec<String>,
}

/// What the token before this one was, as far as counting needs to know.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Previous {
    Nothing,
    /// A name in a selection set that names a field (or, if a colon
    /// follows, an alias).
    Field,
    Spread,
    /// `on` after `...`: a type name follows.
    TypeCondition,
    At,
    /// `fragment` at the top level: its name follows.
    FragmentKeyword,
    Other,
}

fn check_query(query: &str) -> Result<(), Limit> {
    if query.len() > MAX_DOCUMENT_BYTES {
        return Err(Limit::Size);
    }
    let bytes = query.as_bytes();
    let mut brackets: Vec<u8> = Vec::with_capacity(MAX_NESTING + 1);
    let mut tokens = 0usize;
    let mut aliases = 0usize;
    let mut directives = 0usize;
    let mut definitions: Vec<Definition> = Vec::new();
    // The definition whose text we are in, once one has begun.
    let mut current: Option<usize> = None;
    let mut previous = Previous::Nothing;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        // Names are counted as fields only directly inside selection sets:
        // not in arguments, variables or values.
        let in_selection = !brackets.is_empty() && brackets.iter().all(|&b| b == b'{');
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                i = skip_string(bytes, i);
                previous = Previous::Other;
            }
            b'{' | b'[' | b'(' => {
                brackets.push(byte);
                if brackets.len() > MAX_NESTING {
                    return Err(Limit::Nesting);
                }
                if byte == b'{' && brackets.len() == 1 && current.is_none() {
                    // A query's shorthand: `{ … }` with no keyword.
                    definitions.push(Definition::default());
                    current = Some(definitions.len() - 1);
                }
                previous = Previous::Other;
                i += 1;
            }
            b'}' | b']' | b')' => {
                brackets.pop();
                if brackets.is_empty() && byte == b'}' {
                    current = None;
                }
                previous = Previous::Other;
                i += 1;
            }
            b'.' if bytes[i..].starts_with(b"...") => {
                previous = Previous::Spread;
                i += 3;
            }
            b'@' => {
                directives += 1;
                if directives > MAX_DIRECTIVES {
                    return Err(Limit::Directives);
                }
                previous = Previous::At;
                i += 1;
            }
            b':' => {
                if in_selection && previous == Previous::Field {
                    // What was counted as a field is an alias: the field's
                    // own name follows and is counted then.
                    aliases += 1;
                    if aliases > MAX_ALIASES {
                        return Err(Limit::Aliases);
                    }
                    if let Some(definition) = current.map(|d| &mut definitions[d]) {
                        definition.fields -= 1;
                    }
                }
                previous = Previous::Other;
                i += 1;
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                let start = i;
                while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                let name = &query[start..i];
                previous = match previous {
                    _ if brackets.is_empty() => {
                        if previous == Previous::FragmentKeyword {
                            if let Some(d) = current {
                                definitions[d].fragment = Some(name.to_owned());
                            }
                            Previous::Other
                        } else if matches!(name, "query" | "mutation" | "subscription" | "fragment")
                            && current.is_none()
                        {
                            definitions.push(Definition::default());
                            current = Some(definitions.len() - 1);
                            if name == "fragment" {
                                Previous::FragmentKeyword
                            } else {
                                Previous::Other
                            }
                        } else {
                            Previous::Other
                        }
                    }
                    Previous::Spread if name == "on" => Previous::TypeCondition,
                    Previous::Spread => {
                        if let Some(d) = current {
                            definitions[d].spreads.push(name.to_owned());
                        }
                        Previous::Other
                    }
                    Previous::TypeCondition | Previous::At => Previous::Other,
                    _ if in_selection => {
                        if let Some(d) = current {
                            definitions[d].fields += 1;
                        }
                        Previous::Field
                    }
                    _ => Previous::Other,
                };
            }
            _ => {
                // A number, `$`, `=`, `!`, `|`, `&` or anything the parser
                // will refuse: one token, one character at a time for what
                // is not ASCII.
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.')
                    && !bytes[i..].starts_with(b"...")
                {
                    i += 1;
                }
                previous = Previous::Other;
            }
        }
        tokens += 1;
        if tokens > MAX_TOKENS {
            return Err(Limit::Tokens);
        }
    }
    check_expansion(&definitions)
}

/// The index just past the string starting at `start`: a block string
/// (`"""…"""`, where only `\"""` escapes) or a one-line string.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    if bytes[start..].starts_with(b"\"\"\"") {
        let mut i = start + 3;
        while i < bytes.len() {
            if bytes[i..].starts_with(b"\\\"\"\"") {
                i += 4;
            } else if bytes[i..].starts_with(b"\"\"\"") {
                return i + 3;
            } else {
                i += 1;
            }
        }
        return i;
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            // An unterminated string: the parser reports it.
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    i
}

/// Counts what validation would walk once every spread is replaced by its
/// fragment, without walking it: each fragment's totals are worked out once,
/// those it spreads first, so the count is linear in the text however the
/// spreads multiply.
fn check_expansion(definitions: &[Definition]) -> Result<(), Limit> {
    let index: HashMap<&str, usize> = definitions
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.fragment.as_deref().map(|name| (name, i)))
        .collect();
    // For each definition, the definitions it spreads that exist (validation
    // reports the others).
    let targets: Vec<Vec<usize>> = definitions
        .iter()
        .map(|d| {
            d.spreads
                .iter()
                .filter_map(|name| index.get(name.as_str()).copied())
                .collect()
        })
        .collect();
    let mut waiting_on: Vec<usize> = targets.iter().map(Vec::len).collect();
    let mut spread_by: Vec<Vec<usize>> = vec![Vec::new(); definitions.len()];
    for (from, to) in targets.iter().enumerate() {
        for &target in to {
            spread_by[target].push(from);
        }
    }
    let mut ready: Vec<usize> = (0..definitions.len())
        .filter(|&d| waiting_on[d] == 0)
        .collect();
    // (fields, spreads) after expansion.
    let mut totals: Vec<Option<(u64, u64)>> = vec![None; definitions.len()];
    while let Some(d) = ready.pop() {
        let mut fields = definitions[d].fields;
        let mut spreads = 0u64;
        for &target in &targets[d] {
            let (f, s) = totals[target].unwrap_or_default();
            fields = fields.saturating_add(f);
            spreads = spreads.saturating_add(s).saturating_add(1);
        }
        totals[d] = Some((fields, spreads));
        for &parent in &spread_by[d] {
            waiting_on[parent] -= 1;
            if waiting_on[parent] == 0 {
                ready.push(parent);
            }
        }
    }
    let mut request_fields = 0u64;
    let mut request_spreads = 0u64;
    for (definition, total) in definitions.iter().zip(&totals) {
        let Some((fields, spreads)) = *total else {
            return Err(Limit::FragmentCycle);
        };
        // Every operation is validated, and so is each fragment.
        let (fields, spreads) = if definition.fragment.is_none() {
            request_fields = request_fields.saturating_add(fields);
            request_spreads = request_spreads.saturating_add(spreads);
            (request_fields, request_spreads)
        } else {
            (fields, spreads)
        };
        if spreads > MAX_EXPANDED_SPREADS {
            return Err(Limit::ExpandedSpreads);
        }
        if fields > MAX_EXPANDED_FIELDS {
            return Err(Limit::ExpandedFields);
        }
    }
    Ok(())
}

/// How deeply the variables' lists and objects nest, measured without
/// recursion.
fn variables_depth(variables: &Variables) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&Value, usize)> = variables.values().map(|v| (v, 1)).collect();
    while let Some((value, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if deepest > MAX_NESTING {
            break;
        }
        match value {
            Value::List(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(fields) => stack.extend(fields.values().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, close: &str, depth: usize) -> String {
        format!(
            "{{ localAuthority(gssCode: {}1{}) {{ name }} }}",
            open.repeat(depth),
            close.repeat(depth)
        )
    }

    /// Fragments that each spread the next one twice: 2^k spreads.
    fn doubling_fragments(k: usize) -> String {
        let mut query = String::from("{ ...F0 }\n");
        for i in 0..k {
            query.push_str(&format!(
                "fragment F{i} on Query {{ ...F{} ...F{} }}\n",
                i + 1,
                i + 1
            ));
        }
        query.push_str(&format!("fragment F{k} on Query {{ viewer {{ id }} }}\n"));
        query
    }

    #[test]
    fn a_list_literal_nested_past_the_limit_is_refused() {
        assert_eq!(check_query(&nested("[", "]", 5_000)), Err(Limit::Nesting));
    }

    #[test]
    fn an_object_literal_nested_past_the_limit_is_refused() {
        assert_eq!(
            check_query(&nested("{a: ", "}", MAX_NESTING)),
            Err(Limit::Nesting)
        );
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        let deep = format!(
            "{{ localAuthority(gssCode: \"{}\") {{ name }} }}",
            "[".repeat(500)
        );
        assert_eq!(check_query(&deep), Ok(()));
        let block = format!(
            "{{ localAuthority(gssCode: \"\"\"{} \\\"\"\" \"\"\") {{ name }} }}",
            "{".repeat(500)
        );
        assert_eq!(check_query(&block), Ok(()));
        let comment = format!("# {}\n{{ viewer {{ id }} }}", "(".repeat(500));
        assert_eq!(check_query(&comment), Ok(()));
    }

    #[test]
    fn nesting_at_the_limit_is_allowed() {
        // The query's own braces and the argument's parenthesis are three.
        assert_eq!(check_query(&nested("[", "]", MAX_NESTING - 3)), Ok(()));
    }

    #[test]
    fn fragments_that_double_are_refused_before_expansion() {
        assert_eq!(
            check_query(&doubling_fragments(40)),
            Err(Limit::ExpandedSpreads)
        );
        assert_eq!(check_query(&doubling_fragments(5)), Ok(()));
    }

    #[test]
    fn a_fragment_that_fans_out_many_fields_is_refused() {
        let fields = "a b c d e f g h i j ".repeat(30);
        let query = format!(
            "{{ ...A ...A ...A ...A ...A ...A ...A ...A }} fragment A on Query {{ {fields} }}"
        );
        assert_eq!(check_query(&query), Err(Limit::ExpandedFields));
    }

    #[test]
    fn fragments_in_a_cycle_are_refused() {
        let query = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
        assert_eq!(check_query(query), Err(Limit::FragmentCycle));
    }

    #[test]
    fn aliases_past_the_limit_are_refused() {
        let aliases: String = (0..=MAX_ALIASES)
            .map(|i| format!("a{i}: viewer {{ id }} "))
            .collect();
        assert_eq!(
            check_query(&format!("{{ {aliases} }}")),
            Err(Limit::Aliases)
        );
    }

    #[test]
    fn arguments_are_not_aliases() {
        let arguments: String = (0..=MAX_ALIASES).map(|i| format!("a{i}: 1 ")).collect();
        assert_eq!(
            check_query(&format!("{{ viewer(x: {{ {arguments} }}) {{ id }} }}")),
            Ok(())
        );
    }

    #[test]
    fn directives_past_the_limit_are_refused() {
        let directives = "@include(if: true) ".repeat(MAX_DIRECTIVES + 1);
        assert_eq!(
            check_query(&format!("{{ viewer {directives} {{ id }} }}")),
            Err(Limit::Directives)
        );
    }

    #[test]
    fn too_many_tokens_are_refused() {
        let query = format!("{{ viewer(ids: [{}]) {{ id }} }}", "1 ".repeat(MAX_TOKENS));
        assert_eq!(check_query(&query), Err(Limit::Tokens));
    }

    #[test]
    fn a_long_document_is_refused() {
        let query = format!("{{ viewer {{ id }} }} #{}", "x".repeat(MAX_DOCUMENT_BYTES));
        assert_eq!(check_query(&query), Err(Limit::Size));
    }

    #[test]
    fn the_introspection_query_passes() {
        let query = include_str!("fixtures/introspection.graphql");
        assert_eq!(check_query(query), Ok(()));
    }

    #[test]
    fn variables_nested_past_the_limit_are_refused() {
        let mut value = serde_json::json!(1);
        for _ in 0..MAX_NESTING {
            value = serde_json::json!([value]);
        }
        let variables = Variables::from_json(serde_json::json!({ "v": value }));
        assert!(check("{ viewer { id } }", &variables).is_err());
    }
}
