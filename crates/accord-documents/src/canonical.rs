//! The canonical JSON form that fingerprints are taken over.
//!
//! A value is written as compact JSON (no whitespace), with every object's keys in
//! byte order, arrays in their order, strings escaped as `serde_json` escapes them
//! (`"`, `\`, control characters; everything else as UTF-8), and numbers as integers.
//! Text has already been made canonical by [`crate::text::shown`] (NFC, `\n` newlines),
//! and dates are ISO 8601 (`2026-11-26`). This is the same idea as RFC 8785 (JCS) for the
//! values documents hold (no floating-point numbers).

use serde::Serialize;
use serde_json::Value;

/// `value` as canonical JSON.
pub fn to_canonical_json<T: Serialize>(value: &T) -> String {
    let value =
        serde_json::to_value(value).expect("document values are plain data and always serialise");
    let mut out = String::new();
    write(&value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {
            out.push_str(&serde_json::to_string(value).expect("a JSON scalar always serialises"))
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).expect("a JSON key always serialises"));
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_at_every_level() {
        let v = serde_json::json!({"b": 1, "a": {"z": [true, null], "y": "ŵ\n\"q\""}});
        assert_eq!(
            to_canonical_json(&v),
            r#"{"a":{"y":"ŵ\n\"q\"","z":[true,null]},"b":1}"#
        );
    }
}
