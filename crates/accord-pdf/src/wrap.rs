//! Breaking text into lines that fit a width, measured with the font's glyph widths.
//! printpdf does not wrap, so this is where every line break in a document is decided.

use crate::font::Face;

/// Breaks `text` into lines no wider than `width` points at `size`. Line breaks in the
/// text are kept (an empty line stays an empty line); lines break at spaces; a word
/// wider than the line is broken between characters.
pub(crate) fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    wrap_hanging(face, text, size, width, width)
}

/// Like [`wrap`], with the first line `first` points wide (it follows a label).
pub(crate) fn wrap_hanging(
    face: &Face,
    text: &str,
    size: f32,
    first: f32,
    rest: f32,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut width = first;
    let space = face.width(" ", size);
    for hard in text.split('\n') {
        let mut line = String::new();
        let mut used = 0.0_f32;
        for word in hard.split(' ').filter(|w| !w.is_empty()) {
            let w = face.width(word, size);
            let gap = if line.is_empty() { 0.0 } else { space };
            if used + gap + w <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                width = rest;
                used = 0.0;
            }
            if w <= width {
                line.push_str(word);
                used = w;
            } else {
                // A word longer than the line (a URL, a path, a run of digits): break it.
                for c in word.chars() {
                    let cw = face.width(c.encode_utf8(&mut [0; 4]), size);
                    if used + cw > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        width = rest;
                        used = 0.0;
                    }
                    line.push(c);
                    used += cw;
                }
            }
        }
        lines.push(line);
        width = rest;
    }
    lines
}

/// `text` on one line no wider than `width`, cut with an ellipsis when too long.
pub(crate) fn fit(face: &Face, text: &str, size: f32, width: f32) -> String {
    if face.width(text, size) <= width {
        return text.to_string();
    }
    let ellipsis = face.width("…", size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let cw = face.width(c.encode_utf8(&mut [0; 4]), size);
        if used + cw + ellipsis > width {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::{Fonts, Style};

    fn face() -> &'static Face {
        Fonts::get().face(Style::Regular)
    }

    #[test]
    fn every_line_fits_and_no_word_is_lost() {
        let text = "Gwynedd Council and the Isle of Anglesey County Council share one problem: residents can’t tell when their bins will be collected.";
        for width in [60.0, 120.0, 300.0] {
            let lines = wrap(face(), text, 10.0, width);
            assert!(
                lines.iter().all(|l| face().width(l, 10.0) <= width + 0.01),
                "{lines:?}"
            );
            assert_eq!(lines.join(" "), text);
        }
    }

    #[test]
    fn long_words_break_and_blank_lines_stay() {
        let lines = wrap(
            face(),
            "a\n\nhttps://www.gwynedd.llyw.cymru/cy/Cynghorwyr-a-phwyllgorau",
            10.0,
            80.0,
        );
        assert_eq!(lines[..2], ["a".to_string(), String::new()]);
        assert!(lines.len() > 3);
        assert_eq!(
            lines[2..].concat(),
            "https://www.gwynedd.llyw.cymru/cy/Cynghorwyr-a-phwyllgorau"
        );
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        let long = "Ŵ".repeat(500);
        let cut = fit(face(), &long, 8.0, 100.0);
        assert!(cut.ends_with('…') && face().width(&cut, 8.0) <= 100.0);
        assert_eq!(fit(face(), "Short", 8.0, 100.0), "Short");
    }
}
