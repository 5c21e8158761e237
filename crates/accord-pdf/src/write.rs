//! Turns laid-out pages into PDF bytes with printpdf: the two weights of the typeface,
//! each subset to the characters the document uses, and one content stream per page in
//! which each run of text is marked as its structure element's content or as an
//! artifact (the structure tree itself is `tagging`'s).

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Color, DictItem, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};

use crate::error::PdfError;
use crate::font::{Fonts, Style};
use crate::metadata::{Stamp, stamp};
use crate::page::{Mark, Node, Page};
use crate::structure::{Bookmark, Tree};
use crate::tagging::{Marked, tag};

/// What the layout knows about the document's structure.
pub(crate) struct Structure<'a> {
    pub(crate) tree: &'a Tree,
    pub(crate) bookmarks: &'a [Bookmark],
    pub(crate) lang: &'a str,
}

fn font_id(style: Style) -> FontId {
    FontId(match style {
        Style::Regular => "DejaVuSans".into(),
        Style::Bold => "DejaVuSansBold".into(),
    })
}

fn grey(g: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: g.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

/// The finished PDF, and the digest of each of its pages as drawn.
pub(crate) fn write(
    pages: &[Page],
    structure: &Structure,
    meta: &Stamp,
) -> Result<(Vec<u8>, Vec<String>), PdfError> {
    let fonts = Fonts::get();
    let mut used: BTreeMap<Style, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        for mark in &page.marks {
            if let Mark::Text { style, text, .. } = mark {
                used.entry(*style).or_default().extend(text.chars());
            }
        }
    }
    let mut doc = PdfDocument::new(&meta.title);
    for (style, chars) in &used {
        let font = fonts.face(*style).subset(chars)?;
        doc.resources
            .fonts
            .map
            .insert(font_id(*style), printpdf::PdfFont::new(font));
    }
    let mut marked: Marked = Vec::with_capacity(pages.len());
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|p| {
            let (ops, mcids) = ops(p, structure.tree);
            marked.push(mcids);
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    doc.with_pages(pdf_pages);
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&options, &mut warnings);
    tag(
        &mut lo,
        structure.tree,
        &marked,
        structure.bookmarks,
        structure.lang,
    )
    .map_err(PdfError::Write)?;
    let digests = crate::integrity::page_digests(&lo);
    stamp(&mut lo, meta, digests.clone())?;
    // printpdf writes a 1.3 header; the metadata stream, the attached file and /AF are
    // PDF 1.4 to 1.7 features, so say 1.7.
    lo.version = "1.7".to_string();
    compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok((bytes, digests))
}

/// The start of a marked-content sequence for text that is `node`; an element's content
/// gets the next MCID, recorded in `mcids`.
fn begin(node: Node, tree: &Tree, mcids: &mut Vec<usize>) -> Op {
    match node {
        Node::Elem(e) => {
            let mcid = mcids.len();
            mcids.push(e);
            Op::BeginMarkedContentWithProperties {
                tag: tree.elems[e].role.name().to_string(),
                properties: DictItem::Dict {
                    map: [("MCID".to_string(), DictItem::Int(mcid as i64))].into(),
                },
            }
        }
        Node::Pagination => Op::BeginMarkedContentWithProperties {
            tag: "Artifact".to_string(),
            properties: DictItem::Dict {
                map: [("Type".to_string(), DictItem::Name(b"Pagination".to_vec()))].into(),
            },
        },
        Node::Layout => Op::BeginMarkedContentWithProperties {
            tag: "Artifact".to_string(),
            properties: DictItem::Dict {
                map: [("Type".to_string(), DictItem::Name(b"Layout".to_vec()))].into(),
            },
        },
    }
}

/// The drawing operations for one page: shapes first (all artifacts), then all text in
/// one text object, each run of one node's text marked; and the element of each MCID.
fn ops(page: &Page, tree: &Tree) -> (Vec<Op>, Vec<usize>) {
    let mut ops = Vec::with_capacity(page.marks.len() * 3 + 8);
    let mut mcids = Vec::new();
    let shapes = page.marks.iter().any(|m| !matches!(m, Mark::Text { .. }));
    if shapes {
        ops.push(begin(Node::Layout, tree, &mut mcids));
    }
    for mark in &page.marks {
        match *mark {
            Mark::Fill {
                x,
                y,
                w,
                h,
                grey: g,
            } => {
                ops.push(Op::SetFillColor { col: grey(g) });
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(x),
                        y: Pt(y),
                        width: Pt(w),
                        height: Pt(h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Mark::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
                grey: g,
            } => {
                ops.push(Op::SetOutlineColor { col: grey(g) });
                ops.push(Op::SetOutlineThickness { pt: Pt(width) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: Pt(x1),
                                    y: Pt(y1),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: Pt(x2),
                                    y: Pt(y2),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Mark::Text { .. } => {}
        }
    }
    if shapes {
        ops.push(Op::EndMarkedContentWithProperties);
    }
    ops.push(Op::StartTextSection);
    let mut font: Option<(Style, f32)> = None;
    let mut colour: Option<f32> = None;
    let mut open: Option<Node> = None;
    for mark in &page.marks {
        if let Mark::Text {
            x,
            y,
            size,
            style,
            grey: g,
            text,
            node,
        } = mark
        {
            if open != Some(*node) {
                if open.is_some() {
                    ops.push(Op::EndMarkedContentWithProperties);
                }
                ops.push(begin(*node, tree, &mut mcids));
                open = Some(*node);
            }
            if font != Some((*style, *size)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font_id(*style)),
                    size: Pt(*size),
                });
                font = Some((*style, *size));
            }
            if colour != Some(*g) {
                ops.push(Op::SetFillColor { col: grey(*g) });
                colour = Some(*g);
            }
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(*x), Pt(*y)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text.clone())],
            });
        }
    }
    if open.is_some() {
        ops.push(Op::EndMarkedContentWithProperties);
    }
    ops.push(Op::EndTextSection);
    (ops, mcids)
}

/// Deflates every stream not yet compressed, at a middle level and on every core.
/// (lopdf's own `compress` uses the slowest level, which took half the time of a
/// 5,000-page pack for a few per cent of size.)
fn compress(doc: &mut lopdf::Document) {
    use std::io::Write;

    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some(s)
            }
            _ => None,
        })
        .collect();
    let deflate = |s: &mut lopdf::Stream| {
        // A stream that ends in a line-end byte reads, to a strict PDF/A validator, as
        // one byte shorter than its /Length (the byte looks like the end-of-line before
        // `endstream`): try the neighbouring levels, which compress differently.
        for level in [6, 5, 7, 4, 8] {
            let mut encoder = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(s.content.len() / 3),
                flate2::Compression::new(level),
            );
            if encoder.write_all(&s.content).is_ok()
                && let Ok(compressed) = encoder.finish()
                && compressed.len() + 19 < s.content.len()
            {
                if matches!(compressed.last(), Some(b'\r' | b'\n')) {
                    continue;
                }
                s.dict.set("Filter", "FlateDecode");
                s.set_content(compressed);
            }
            return;
        }
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if threads < 2 || streams.len() < 64 {
        streams.into_iter().for_each(deflate);
        return;
    }
    let per = streams.len().div_ceil(threads);
    std::thread::scope(|scope| {
        for chunk in streams.chunks_mut(per) {
            scope.spawn(move || chunk.iter_mut().for_each(|s| deflate(s)));
        }
    });
}
