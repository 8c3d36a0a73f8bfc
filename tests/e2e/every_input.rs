//! Every argument the API takes, walked from the schema itself: a string
//! holding a control character is refused against its own path whatever
//! the operation, and signed out, every mutation that needs a sign-in says
//! so. A new argument or mutation is covered the day it is added.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::harness::{TestApp, db_test, error_codes};

/// Mutations anyone may call, signed in or not.
const PUBLIC_MUTATIONS: &[&str] = &[
    "registerInterest",
    "answerEqualityQuestions",
    "registerForEvent",
    "registerAsKinshipCarer",
    "giveReference",
    "declineReference",
];

const SCHEMA: &str = r#"{ __schema { types {
    kind name
    fields { name type { ...T } args { name type { ...T } } }
    inputFields { name type { ...T } }
    enumValues { name }
} } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }"#;

/// A type as introspection describes it: its wrappers peeled into `list`
/// and `required`.
#[derive(Clone, Debug)]
struct TypeRef {
    name: String,
    kind: String,
    required: bool,
    list: bool,
}

impl TypeRef {
    fn of(value: &Value) -> Self {
        let mut required = false;
        let mut list = false;
        let mut current = value;
        loop {
            match current["kind"].as_str() {
                Some("NON_NULL") if !list => required = true,
                Some("LIST") => list = true,
                Some("NON_NULL") => {}
                _ => break,
            }
            current = &current["ofType"];
        }
        Self {
            name: current["name"].as_str().unwrap_or_default().to_owned(),
            kind: current["kind"].as_str().unwrap_or_default().to_owned(),
            required,
            list,
        }
    }

    /// How GraphQL writes it, for a variable's declaration.
    fn declared(&self) -> String {
        let inner = if self.list {
            format!("[{}!]", self.name)
        } else {
            self.name.clone()
        };
        if self.required {
            format!("{inner}!")
        } else {
            inner
        }
    }
}

struct Schema {
    types: HashMap<String, Value>,
}

impl Schema {
    async fn of(app: &TestApp) -> Self {
        let answer = app.graphql(SCHEMA, json!({})).await;
        let types = answer["data"]["__schema"]["types"]
            .as_array()
            .expect("types")
            .iter()
            .map(|t| (t["name"].as_str().unwrap_or_default().to_owned(), t.clone()))
            .collect();
        Self { types }
    }

    fn fields(&self, root: &str) -> Vec<Value> {
        self.types[root]["fields"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// A value of this type that parses: the fewest fields an input needs.
    fn sample(&self, ty: &TypeRef, ids: &HashMap<String, String>, path: &str) -> Value {
        let one = match (ty.kind.as_str(), ty.name.as_str()) {
            ("SCALAR", "String") => json!("x"),
            // By its path, or by its own name: resolvers name an input's id
            // fields without the input's name.
            ("SCALAR", "ID") => json!(
                ids.get(path)
                    .or_else(|| ids.get(path.rsplit('.').next().unwrap_or_default()))
                    .cloned()
                    .unwrap_or_else(|| "Unknown:1".into())
            ),
            ("SCALAR", "Int") => json!(1),
            ("SCALAR", "Float") => json!(1.0),
            ("SCALAR", "Boolean") => json!(false),
            ("SCALAR", "DateTime") => json!("2030-01-01T12:00:00Z"),
            ("SCALAR", "NaiveDate") => json!("2030-01-01"),
            ("SCALAR", "NaiveTime") => json!("12:00:00"),
            ("ENUM", name) => self.types[name]["enumValues"][0]["name"].clone(),
            ("INPUT_OBJECT", name) => {
                let mut object = Map::new();
                for field in self.types[name]["inputFields"]
                    .as_array()
                    .into_iter()
                    .flatten()
                {
                    let field_type = TypeRef::of(&field["type"]);
                    let field_name = field["name"].as_str().unwrap_or_default();
                    if field_type.required {
                        let nested = format!("{path}.{field_name}");
                        object.insert(
                            field_name.to_owned(),
                            self.sample(&field_type, ids, &nested),
                        );
                    }
                }
                Value::Object(object)
            }
            other => panic!("no sample for {other:?}"),
        };
        if ty.list { json!([one]) } else { one }
    }

    /// Every path to a String inside this argument: `input.note`,
    /// `input.members.0.name`.
    fn string_paths(&self, ty: &TypeRef, path: &str, depth: usize) -> Vec<String> {
        let path = if ty.list {
            format!("{path}.0")
        } else {
            path.to_owned()
        };
        match ty.kind.as_str() {
            "SCALAR" if ty.name == "String" => vec![path],
            "INPUT_OBJECT" if depth < 4 => self.types[&ty.name]["inputFields"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|field| {
                    let nested = format!("{path}.{}", field["name"].as_str().unwrap_or_default());
                    self.string_paths(&TypeRef::of(&field["type"]), &nested, depth + 1)
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The value at `path` (below the argument) set to `text`, adding the
    /// optional objects on the way.
    fn set(&self, value: &mut Value, ty: &TypeRef, path: &[&str], text: &str) {
        let Some((first, rest)) = path.split_first() else {
            *value = json!(text);
            return;
        };
        if ty.list {
            let element = TypeRef {
                list: false,
                ..ty.clone()
            };
            let items = value.as_array_mut().expect("a list");
            let index: usize = first.parse().expect("an index");
            self.set(&mut items[index], &element, rest, text);
            return;
        }
        let field = self.types[&ty.name]["inputFields"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|f| f["name"] == *first)
            .expect("the field");
        let field_type = TypeRef::of(&field["type"]);
        let object = value.as_object_mut().expect("an object");
        let slot = object
            .entry(first.to_string())
            .or_insert_with(|| self.sample(&field_type, &HashMap::new(), ""));
        self.set(slot, &field_type, rest, text);
    }
}

/// An operation calling `field` with every argument as a variable, and the
/// variables: required ones sampled, `target` (a path) holding `text`.
fn request(
    schema: &Schema,
    operation: &str,
    field: &Value,
    ids: &HashMap<String, String>,
    target: Option<(&str, &str)>,
) -> Value {
    let name = field["name"].as_str().unwrap_or_default();
    let mut declarations = Vec::new();
    let mut arguments = Vec::new();
    let mut variables = Map::new();
    for arg in field["args"].as_array().into_iter().flatten() {
        let arg_name = arg["name"].as_str().unwrap_or_default();
        let ty = TypeRef::of(&arg["type"]);
        let targeted = target.filter(|(path, _)| path.split('.').next() == Some(arg_name));
        if !ty.required && targeted.is_none() {
            continue;
        }
        let mut value = schema.sample(&ty, ids, arg_name);
        if let Some((path, text)) = targeted {
            let below: Vec<&str> = path.split('.').skip(1).collect();
            schema.set(&mut value, &ty, &below, text);
        }
        declarations.push(format!("${arg_name}: {}", ty.declared()));
        arguments.push(format!("{arg_name}: ${arg_name}"));
        variables.insert(arg_name.to_owned(), value);
    }
    let declared = if declarations.is_empty() {
        String::new()
    } else {
        format!("({})", declarations.join(", "))
    };
    let called = if arguments.is_empty() {
        String::new()
    } else {
        format!("({})", arguments.join(", "))
    };
    // A scalar is asked for bare; anything else for its type's name.
    let returns = TypeRef::of(&field["type"]);
    let selection = if matches!(returns.kind.as_str(), "SCALAR" | "ENUM") {
        ""
    } else {
        " { __typename }"
    };
    json!({
        "query": format!("{operation}{declared} {{ {name}{called}{selection} }}"),
        "variables": variables,
    })
}

/// The kind an id argument wants, from the refusal of one of another kind
/// ("Give the id of a Household, like Household:12"), by path.
fn wanted_kind(answer: &Value) -> Option<(String, String)> {
    let field = &answer["errors"][0]["extensions"]["fields"][0];
    let message = field["message"].as_str()?;
    let kind = message
        .strip_prefix("Give the id of a ")?
        .split(',')
        .next()?;
    let path: Vec<String> = field["path"]
        .as_array()?
        .iter()
        .map(|segment| match segment {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    Some((path.join("."), format!("{kind}:1")))
}

/// Sends `field` with sampled arguments until every id it takes is of the
/// kind it wants; returns the last answer.
async fn call(
    app: &TestApp,
    schema: &Schema,
    operation: &str,
    field: &Value,
    target: Option<(&str, &str)>,
) -> Value {
    let mut ids = HashMap::new();
    loop {
        let answer = app
            .post_graphql(request(schema, operation, field, &ids, target))
            .await;
        match wanted_kind(&answer) {
            Some((path, id)) if ids.get(&path) != Some(&id) => {
                ids.insert(path, id);
            }
            _ => return answer,
        }
    }
}

#[db_test]
async fn a_control_character_in_any_string_argument_is_refused_at_its_path(app: TestApp) {
    let schema = Schema::of(&app).await;
    let mut checked = 0;
    for (operation, root) in [("query", "Query"), ("mutation", "Mutation")] {
        for field in schema.fields(root) {
            let name = field["name"].as_str().unwrap_or_default().to_owned();
            for arg in field["args"].as_array().into_iter().flatten() {
                let arg_name = arg["name"].as_str().unwrap_or_default();
                for path in schema.string_paths(&TypeRef::of(&arg["type"]), arg_name, 0) {
                    let body = request(
                        &schema,
                        operation,
                        &field,
                        &HashMap::new(),
                        Some((&path, "a\u{0}b")),
                    );
                    let answer = app.post_graphql(body).await;
                    assert_eq!(
                        error_codes(&answer),
                        ["INVALID_INPUT"],
                        "{name} {path}: {answer}"
                    );
                    let said: Vec<String> = answer["errors"][0]["extensions"]["fields"][0]["path"]
                        .as_array()
                        .map(|p| {
                            p.iter()
                                .map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default();
                    assert_eq!(said.join("."), path, "{name}: {answer}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} string arguments were found");
}

#[db_test]
async fn signed_out_every_mutation_that_needs_a_sign_in_is_unauthenticated(app: TestApp) {
    let schema = Schema::of(&app).await;
    let mut wrong = Vec::new();
    for field in schema.fields("Mutation") {
        let name = field["name"].as_str().unwrap_or_default().to_owned();
        if PUBLIC_MUTATIONS.contains(&name.as_str()) {
            continue;
        }
        let answer = call(&app, &schema, "mutation", &field, None).await;
        if error_codes(&answer) != ["UNAUTHENTICATED"] {
            wrong.push(format!("{name}: {answer}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "signed out, these did not say UNAUTHENTICATED:\n{}",
        wrong.join("\n")
    );
}
