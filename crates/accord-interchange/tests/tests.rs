//! The open formats: the workspace JSON document and council registers in CSV.

mod register;
mod workspace_json;
