//! Small rules about text that several records share: required text, tags and dates.

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

/// A date as typed, YYYY-MM-DD (surrounding spaces ignored); `None` when nothing is typed.
pub fn date(typed: &str) -> Result<Option<chrono::NaiveDate>, RuleError> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse().map(Some).map_err(|_| {
        RuleError::Invalid(format!(
            "'{t}' is not a date: write it as YYYY-MM-DD, such as 2026-04-01."
        ))
    })
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
        assert_eq!(
            normalise_tags([" Waste ", "waste", "Bins", ""]),
            vec!["waste", "bins"]
        );
    }

    #[test]
    fn dates_are_year_month_day_and_nothing_typed_is_none() {
        assert_eq!(
            date(" 2026-04-01 ").unwrap(),
            chrono::NaiveDate::from_ymd_opt(2026, 4, 1)
        );
        assert_eq!(date("  ").unwrap(), None);
        assert_eq!(
            date("01/04/2026").unwrap_err().to_string(),
            "'01/04/2026' is not a date: write it as YYYY-MM-DD, such as 2026-04-01."
        );
        assert_eq!(date("2026-02-30").unwrap_err().code(), "invalid");
    }

    #[test]
    fn required_text_is_trimmed() {
        assert_eq!(required("Title", "  x ").unwrap(), "x");
        assert_eq!(required("Title", "  ").unwrap_err().code(), "empty");
    }
}
