//! Printing: JSON for machines (`--json`), short aligned text for people.
//!
//! Everything the command line prints goes through [`visible`] (the `say!` and `tell!`
//! macros, [`table`] and [`json`]), because much of it is text someone else wrote: a
//! workspace's records, a server's listings and refusals. A control character or a bidi
//! override in that text is shown as an escape such as `\u{202e}`, never passed to the
//! terminal, where it could move the cursor, recolour, hide or reorder what follows.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;

/// Prints a line to standard output, with [`visible`] applied to the whole of it.
macro_rules! say {
    () => {
        println!()
    };
    ($($arg:tt)*) => {
        println!("{}", $crate::output::visible(&format!($($arg)*)))
    };
}

/// Prints a line to standard error, with [`visible`] applied to the whole of it.
macro_rules! tell {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::output::visible(&format!($($arg)*)))
    };
}

/// Whether a character would be interpreted by a terminal or reorder text, rather than shown:
/// C0 controls but line feed and tab, DEL, C1 controls (`\u{9b}` starts an escape sequence on
/// some terminals), and the bidi marks, embeddings, overrides and isolates.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Text made safe for a terminal: each [hidden](is_hidden) character written as `\u{..}`,
/// everything else as it is. The one function every printed line goes through.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Prints a value as JSON. serde_json already escapes C0 controls; the C1 controls and bidi
/// characters it leaves raw are written as JSON escapes (`\u202e`), so the value is the same
/// and the terminal shows them rather than obeys them.
pub fn json<T: Serialize + ?Sized>(value: &T) {
    let text = serde_json::to_string_pretty(value).expect("output serialises");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    println!("{out}");
}

/// Prints rows as columns padded to the widest cell; the last column is not padded. Each
/// cell is made [`visible`] before it is measured, so escapes keep the columns straight.
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    let visible_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|c| visible(c).into_owned()).collect())
        .collect();
    let rows = &visible_rows;
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        let text: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == last {
                    c.to_string()
                } else {
                    format!("{c:<w$}", w = widths[i])
                }
            })
            .collect();
        println!("{}", text.join("  ").trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// The first line of a longer text, cut to `max` characters.
pub fn brief(text: &str, max: usize) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    if first.chars().count() > max {
        format!(
            "{}…",
            first
                .chars()
                .take(max.saturating_sub(1))
                .collect::<String>()
        )
    } else if text.trim().lines().count() > 1 {
        format!("{first} …")
    } else {
        first.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_shown_not_obeyed() {
        assert_eq!(visible("plain text\n\tindented"), "plain text\n\tindented");
        assert_eq!(
            visible("abc\u{202e}fed\u{1b}[31mred\u{7}\r\u{9b}"),
            "abc\\u{202e}fed\\u{1b}[31mred\\u{7}\\u{d}\\u{9b}"
        );
        assert!(matches!(visible("fine"), Cow::Borrowed(_)));
    }
}
