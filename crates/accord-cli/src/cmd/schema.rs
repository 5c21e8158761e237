//! `accord schema`: the JSON Schema of the exported workspace document.

use crate::failure::Outcome;

pub fn run() -> Outcome {
    print!("{}", accord_interchange::json_schema());
    Ok(())
}
