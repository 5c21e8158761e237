//! The workspace as one JSON document: writing it, reading it with errors that name the
//! bad field's path, and its JSON Schema.

use accord_domain::Workspace;

use crate::InterchangeError;

/// The workspace as pretty-printed JSON with a final newline. The same workspace always
/// gives the same bytes.
pub fn to_json(ws: &Workspace) -> String {
    let mut out = serde_json::to_string_pretty(ws).expect("a workspace always serialises");
    out.push('\n');
    out
}

/// Reads a workspace document. Errors name the path of the bad field, such as
/// `decisions[3].status: unknown variant "done", expected one of "proposed", ...`,
/// and then every reference that points at nothing.
pub fn from_json(text: &str) -> Result<Workspace, InterchangeError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let ws: Workspace = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_eof() || (inner.is_syntax() && path == ".") {
            InterchangeError::Syntax(inner.to_string())
        } else {
            // A syntax error inside a field keeps its line and column; a type error does not need them.
            let message = if inner.is_syntax() {
                inner.to_string().replace('`', "\"")
            } else {
                tidy(&inner.to_string())
            };
            InterchangeError::Field {
                path: if path == "." {
                    "(document)".into()
                } else {
                    path
                },
                message,
            }
        }
    })?;
    de.end()
        .map_err(|e| InterchangeError::Syntax(e.to_string()))?;
    let problems = ws.problems();
    if problems.is_empty() {
        Ok(ws)
    } else {
        Err(InterchangeError::Inconsistent(problems))
    }
}

/// serde's messages quote with backticks and end with a position; keep the words.
fn tidy(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    message.replace('`', "\"")
}

/// The JSON Schema of the workspace document, as committed in `docs/workspace.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Workspace);
    let mut out = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    out.push('\n');
    out
}
