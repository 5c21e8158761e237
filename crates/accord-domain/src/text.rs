//! Small rules about text that several records share: required text and tags.

use crate::RuleError;

/// Trims `value` and refuses it when nothing is left.
pub fn required(what: &'static str, value: &str) -> Result<String, RuleError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(RuleError::Empty { what });
    }
    Ok(trimmed.to_string())
}

/// Tags are topics people search by: lower-case, trimmed, no duplicates, in first-seen order.
pub fn normalise_tags<I, S>(tags: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.as_ref().trim().to_lowercase();
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// Names of enum values, for messages such as "expected one of draft, agreed".
pub fn one_of(values: &[&str]) -> String {
    values.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_lower_case_and_unique() {
        assert_eq!(normalise_tags([" Waste ", "waste", "Bins", ""]), vec!["waste", "bins"]);
    }

    #[test]
    fn required_text_is_trimmed() {
        assert_eq!(required("Title", "  x ").unwrap(), "x");
        assert_eq!(required("Title", "  ").unwrap_err().code(), "empty");
    }
}
