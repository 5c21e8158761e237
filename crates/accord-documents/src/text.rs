//! The text a document shows: what was typed, made printable and canonical, so that the
//! same visible text always gives the same fingerprint.
//!
//! The rules: Unicode NFC (a `ŵ` typed as `w` + combining circumflex is the same `ŵ`);
//! `\r\n`, `\r`, U+2028 and U+2029 become `\n`; a tab becomes a space; other control
//! characters (C0, DEL, C1) are dropped, because they show nothing; spaces at the end of
//! a line and blank lines at either end are dropped.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// `s` as a document shows it (see the module documentation for the rules).
pub fn shown(s: &str) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        clean(s.chars())
    } else {
        clean(s.nfc())
    }
}

fn clean(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    // Trailing spaces on each line show nothing.
    if out.lines().any(|l| l.ends_with(' ')) {
        out = out
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n");
    }
    let trimmed = out.trim_matches(|c: char| c == '\n' || c == ' ');
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

/// A one-line form of `s` (titles, names): [`shown`], with line breaks as spaces.
pub fn one_line(s: &str) -> String {
    let s = shown(s);
    if s.contains('\n') {
        s.split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_and_controls_are_canonical() {
        assert_eq!(shown("a\r\nb\rc\u{2028}d"), "a\nb\nc\nd");
        assert_eq!(shown("x\u{0}y\u{7}z\u{9b}"), "xyz");
        assert_eq!(shown("  \n  text  \n\n"), "text");
        assert_eq!(shown("tab\there"), "tab here");
    }

    #[test]
    fn welsh_is_composed() {
        assert_eq!(
            shown("Cyngor Gwynedd: w\u{0302}y\u{0302}"),
            "Cyngor Gwynedd: ŵŷ"
        );
    }

    #[test]
    fn one_line_joins_lines() {
        assert_eq!(one_line("A\r\nB \n\n C"), "A B C");
    }
}
