//! The OpenAPI 3.1 document, made from the same route table as the router, with schemas from the wire types.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::routes;

pub async fn document() -> axum::Json<Value> {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    axum::Json(DOCUMENT.get_or_init(build).clone())
}

fn json_content(schema: Value) -> Value {
    json!({ pipeline_protocol::JSON: { "schema": schema } })
}

/// Builds the document from [`routes`].
pub fn build() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut generator = settings.into_generator();
    let error = generator
        .subschema_for::<pipeline_protocol::ApiError>()
        .to_value();

    let mut paths = Map::new();
    for route in routes() {
        let mut parameters = Vec::new();
        for segment in route.path.split('/') {
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                parameters.push(json!({ "name": name, "in": "path", "required": true, "schema": path_schema(route.path, name) }));
            }
        }
        if let Some(query) = route.query {
            let schema = query(&mut generator).to_value();
            let resolved = resolve(&schema, &generator);
            if let Some(Value::Object(properties)) = resolved.get("properties") {
                for (name, property) in properties {
                    let mut property = property.clone();
                    if name == "region" {
                        // Only the register's regions are accepted (in any case).
                        property["enum"] = json!(crate::places::known_regions());
                    }
                    let mut parameter = json!({ "name": name, "in": "query", "required": false, "schema": property });
                    // A parameter without a description has no `description` key: `null` is
                    // not a string, and validators refuse it.
                    if let Some(description) = property.get("description").filter(|d| d.is_string())
                    {
                        parameter["description"] = description.clone();
                    }
                    parameters.push(parameter);
                }
            }
        }
        let mut responses = Map::new();
        let (status, body) = route.ok;
        let done = match body {
            Some(body) => {
                json!({ "description": "Done", "content": json_content(body(&mut generator).to_value()) })
            }
            None => json!({ "description": "Done; no body" }),
        };
        if let Some(also) = route.also {
            responses.insert(also.to_string(), done.clone());
        }
        responses.insert(status.to_string(), done);
        let refusal = route
            .refusal
            .map_or_else(|| error.clone(), |r| r(&mut generator).to_value());
        responses.insert("4XX".into(), json!({ "description": "Refused; the error says why", "content": json_content(refusal) }));
        let mut operation = json!({
            "summary": route.summary,
            "operationId": format!("{} {}", route.method, route.path),
            "parameters": parameters,
            "responses": responses,
        });
        if let Some(body) = route.body {
            operation["requestBody"] = json!({ "required": true, "content": json_content(body(&mut generator).to_value()) });
        }
        if route.auth {
            operation["security"] = json!([{ "bearer": [] }]);
        }
        let entry = paths
            .entry(route.path.to_string())
            .or_insert_with(|| json!({}));
        entry[route.method.as_str().to_lowercase()] = operation;
    }
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Pipeline",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "A directory of projects that councils run together. Reading is open to anyone; every change needs a bearer token, and acts for the token's organisation."
        },
        "paths": paths,
        "components": {
            "schemas": generator.take_definitions(true),
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } }
        }
    });
    no_nul(&mut document);
    document
}

/// No text the server takes may hold a NUL (it is refused, naming the field): every string
/// in the document says so, beside any pattern of its own.
fn no_nul(value: &mut Value) {
    const NO_NUL: &str = "^[^\\u0000]*$";
    match value {
        Value::Object(fields) => {
            let string = match fields.get("type") {
                Some(Value::String(t)) => t == "string",
                Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
                _ => false,
            };
            if string && !fields.contains_key("enum") && !fields.contains_key("const") {
                if fields.contains_key("pattern") {
                    let all = fields.entry("allOf").or_insert_with(|| json!([]));
                    if let Value::Array(all) = all {
                        all.push(json!({ "pattern": NO_NUL }));
                    }
                } else {
                    fields.insert("pattern".into(), json!(NO_NUL));
                }
            }
            for (_, v) in fields.iter_mut() {
                no_nul(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(no_nul),
        _ => {}
    }
}

const UUID: &str = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";

/// What a path parameter accepts: an id is a UUID, the legacy project id a number or a UUID,
/// a tag a tag.
fn path_schema(path: &str, name: &str) -> Value {
    if path.starts_with("/api/project/") {
        json!({ "type": "string", "pattern": format!("^([0-9]{{1,18}}|{UUID})$") })
    } else if name == "tag" {
        json!({ "type": "string", "minLength": 1, "maxLength": pipeline_protocol::LIMITS.tag, "pattern": "\\S" })
    } else {
        json!({ "type": "string", "format": "uuid", "pattern": format!("^{UUID}$") })
    }
}

/// Follows a `$ref` into the generator's definitions.
fn resolve(schema: &Value, generator: &schemars::SchemaGenerator) -> Value {
    match schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
    {
        Some(name) => generator
            .definitions()
            .get(name)
            .cloned()
            .unwrap_or(Value::Null),
        None => schema.clone(),
    }
}
