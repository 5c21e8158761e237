//! The typeface every document is set in (DejaVu Sans, shipped in `assets/fonts/`):
//! glyph widths for measuring text, which characters it can print, and a subset of it
//! holding only the glyphs a document uses, for embedding.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::ParsedFont;

use crate::error::PdfError;

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Shown in place of a character the font has no glyph for.
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// The two weights documents use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Style {
    Regular,
    Bold,
}

/// One weight of the typeface, parsed once per process.
pub(crate) struct Face {
    /// The PostScript name, used in the embedded font's `/BaseFont`.
    pub(crate) name: &'static str,
    bytes: &'static [u8],
    parsed: ParsedFont,
    units_per_em: f32,
    /// Advance widths in em of the first `FAST` code points; `f32::NAN` where the font
    /// has no glyph. Most text is in this range, so measuring is a table lookup.
    fast: Vec<f32>,
}

const FAST: usize = 0x2400;

impl Face {
    fn load(name: &'static str, bytes: &'static [u8]) -> Face {
        let parsed =
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the shipped font parses");
        let units_per_em = f32::from(parsed.units_per_em.max(1));
        let mut face = Face {
            name,
            bytes,
            parsed,
            units_per_em,
            fast: Vec::new(),
        };
        face.fast = (0..FAST as u32)
            .map(|cp| {
                char::from_u32(cp)
                    .and_then(|c| face.lookup(c))
                    .unwrap_or(f32::NAN)
            })
            .collect();
        face
    }

    fn lookup(&self, c: char) -> Option<f32> {
        let gid = self.parsed.lookup_glyph_index(c as u32)?;
        if gid == 0 {
            return None;
        }
        Some(f32::from(self.parsed.get_glyph_width(gid).unwrap_or(0)) / self.units_per_em)
    }

    /// The advance width of `c` in em, or `None` when the font cannot print it.
    pub(crate) fn advance(&self, c: char) -> Option<f32> {
        match self.fast.get(c as usize) {
            Some(w) if w.is_nan() => None,
            Some(w) => Some(*w),
            None => self.lookup(c),
        }
    }

    /// The width of `text` in points at `size`. Characters the font lacks must already
    /// have been replaced (see [`Fonts::printable`]); any left count as a replacement.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let replacement = self.advance(REPLACEMENT).unwrap_or(0.6);
        text.chars()
            .map(|c| self.advance(c).unwrap_or(replacement))
            .sum::<f32>()
            * size
    }

    /// A font program holding only the glyphs for `chars`, with a cmap for them, named
    /// with a subset tag (`ABCDEF+DejaVuSans`) derived from the characters it holds.
    pub(crate) fn subset(&self, chars: &BTreeSet<char>) -> Result<ParsedFont, PdfError> {
        let mut gids: Vec<u16> = vec![0];
        let mut seen: BTreeSet<u16> = BTreeSet::from([0]);
        for c in chars {
            if let Some(gid) = self.parsed.lookup_glyph_index(*c as u32)
                && seen.insert(gid)
            {
                gids.push(gid);
            }
        }
        let font = ReadScope::new(self.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| PdfError::Font(e.to_string()))?;
        let provider = font
            .table_provider(0)
            .map_err(|e| PdfError::Font(e.to_string()))?;
        let bytes = subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| PdfError::Font(e.to_string()))?;
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
            .ok_or_else(|| PdfError::Font("the subset font could not be read back".into()))?;
        parsed.font_name = Some(format!("{}+{}", subset_tag(chars), self.name));
        Ok(parsed)
    }
}

/// Six capital letters that differ between subsets (ISO 32000-1, 9.6.4), derived from
/// the characters in the subset so that the same document always gets the same tag.
fn subset_tag(chars: &BTreeSet<char>) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for c in chars {
        h = (h ^ *c as u64).wrapping_mul(0x100000001b3);
    }
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 8)) % 26) as u8) as char)
        .collect()
}

/// Both weights of the typeface.
pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Fonts {
    /// The typeface, parsed on first use.
    pub(crate) fn get() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts {
            regular: Face::load("DejaVuSans", REGULAR_TTF),
            bold: Face::load("DejaVuSans-Bold", BOLD_TTF),
        })
    }

    pub(crate) fn face(&self, style: Style) -> &Face {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }

    /// `text` with every character that `style` cannot print replaced by U+FFFD (or `?`),
    /// noting each such character in `missing`.
    pub(crate) fn printable<'a>(
        &self,
        text: &'a str,
        style: Style,
        missing: &mut BTreeMap<char, usize>,
    ) -> std::borrow::Cow<'a, str> {
        let face = self.face(style);
        let printable = |c: char| c == '\n' || face.advance(c).is_some();
        if text.chars().all(printable) {
            return std::borrow::Cow::Borrowed(text);
        }
        let stand_in = if face.advance(REPLACEMENT).is_some() {
            REPLACEMENT
        } else {
            '?'
        };
        std::borrow::Cow::Owned(
            text.chars()
                .map(|c| {
                    if printable(c) {
                        c
                    } else {
                        *missing.entry(c).or_default() += 1;
                        stand_in
                    }
                })
                .collect(),
        )
    }
}
