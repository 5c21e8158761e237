//! Proof against an edited page: a digest of each page as it is drawn (its content, with
//! the fonts and everything else its resources hold), recorded in the attached
//! `accord-fingerprint.json` at export and computed again from the PDF by `verify`.
//!
//! The digest is over what is drawn, not over the file's bytes: a stream's compression,
//! the spacing of its operators and the numbering of objects do not count, so a PDF
//! rewritten by a tool (qpdf, a viewer's "save as") without a visible change still
//! verifies, while a changed word, a removed or added page or a swapped font does not.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// The name of the digest recorded in the attachment, so that a later change to the
/// digest can be told apart from an altered page.
pub const PAGE_DIGEST: &str = "accord-page-1";

/// One SHA-256 (hex) per page, in page order.
pub(crate) fn page_digests(doc: &Document) -> Vec<String> {
    let mut digester = Digester {
        doc,
        memo: HashMap::new(),
    };
    doc.get_pages()
        .values()
        .map(|id| {
            let mut out = Vec::new();
            match doc.get_dictionary(*id) {
                Ok(page) => digester.page(page, &mut out),
                Err(_) => out.extend_from_slice(b"missing page"),
            }
            accord_documents::fingerprint::sha256_hex(&out)
        })
        .collect()
}

struct Digester<'a> {
    doc: &'a Document,
    /// Digests of objects already seen (fonts are shared by every page). `None` while an
    /// object is being digested, so a cycle ends instead of recursing.
    memo: HashMap<ObjectId, Option<String>>,
}

impl<'a> Digester<'a> {
    /// A page: its own entries (not its place in the page tree, nor the tagging's
    /// back-pointer), with `/Contents` read as drawing operations, and what it inherits.
    fn page(&mut self, page: &'a Dictionary, out: &mut Vec<u8>) {
        out.extend_from_slice(b"page<");
        for key in ["MediaBox", "CropBox", "Rotate", "Resources"] {
            let value = page.get(key.as_bytes()).ok().or_else(|| {
                // MediaBox, CropBox, Rotate and Resources may be inherited.
                self.inherited(page, key.as_bytes())
            });
            if let Some(value) = value {
                out.extend_from_slice(key.as_bytes());
                out.push(b'=');
                self.object(value, out);
                out.push(b';');
            }
        }
        out.extend_from_slice(b"Contents=");
        let content = self.contents(page);
        match lopdf::content::Content::decode(&content) {
            Ok(ops) => {
                for op in ops.operations {
                    for operand in &op.operands {
                        self.object(operand, out);
                        out.push(b' ');
                    }
                    out.extend_from_slice(op.operator.as_bytes());
                    out.push(b'\n');
                }
            }
            Err(_) => out.extend_from_slice(&content),
        }
        out.push(b'>');
    }

    /// An entry a page inherits from its ancestors in the page tree.
    fn inherited(&self, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        let doc: &'a Document = self.doc;
        let mut node = page;
        for _ in 0..64 {
            let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
            node = doc.get_dictionary(parent).ok()?;
            if let Ok(value) = node.get(key) {
                return Some(value);
            }
        }
        None
    }

    /// The page's content streams, decoded and joined.
    fn contents(&self, page: &Dictionary) -> Vec<u8> {
        let refs: Vec<&Object> = match page.get(b"Contents") {
            Ok(Object::Array(items)) => items.iter().collect(),
            Ok(o) => vec![o],
            Err(_) => vec![],
        };
        let mut content = Vec::new();
        for r in refs {
            if let Ok((_, Object::Stream(s))) = self.doc.dereference(r) {
                content.extend(decoded(s));
                content.push(b'\n');
            }
        }
        content
    }

    fn object(&mut self, o: &Object, out: &mut Vec<u8>) {
        match o {
            Object::Reference(id) => {
                let digest = self.referenced(*id);
                out.extend_from_slice(b"@");
                out.extend_from_slice(digest.as_bytes());
            }
            Object::Dictionary(d) => self.dictionary(d, out),
            Object::Stream(s) => {
                out.extend_from_slice(b"stream");
                self.dictionary(&s.dict, out);
                let content = decoded(s);
                out.extend_from_slice(format!("{}:", content.len()).as_bytes());
                out.extend_from_slice(&content);
            }
            Object::Array(items) => {
                out.push(b'[');
                for item in items {
                    self.object(item, out);
                    out.push(b' ');
                }
                out.push(b']');
            }
            Object::Null => out.extend_from_slice(b"null"),
            Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            // A number is a number, however it was written (72, 72.0, 72.00001).
            Object::Integer(i) => out.extend_from_slice(format!("n{:.3}", *i as f64).as_bytes()),
            Object::Real(r) => out.extend_from_slice(format!("n{:.3}", *r as f64).as_bytes()),
            Object::Name(n) => {
                out.push(b'/');
                out.extend_from_slice(format!("{}:", n.len()).as_bytes());
                out.extend_from_slice(n);
            }
            Object::String(s, _) => {
                out.push(b'(');
                out.extend_from_slice(format!("{}:", s.len()).as_bytes());
                out.extend_from_slice(s);
            }
        }
    }

    /// A dictionary in key order, without what only says how a stream is stored.
    fn dictionary(&mut self, d: &Dictionary, out: &mut Vec<u8>) {
        let mut entries: Vec<(&Vec<u8>, &Object)> = d
            .iter()
            .filter(|(k, _)| {
                !matches!(
                    k.as_slice(),
                    b"Length" | b"Filter" | b"DecodeParms" | b"Parent" | b"StructParents"
                )
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        out.push(b'<');
        for (k, v) in entries {
            out.extend_from_slice(format!("{}:", k.len()).as_bytes());
            out.extend_from_slice(k);
            out.push(b'=');
            self.object(v, out);
            out.push(b';');
        }
        out.push(b'>');
    }

    fn referenced(&mut self, id: ObjectId) -> String {
        match self.memo.get(&id) {
            Some(Some(digest)) => return digest.clone(),
            Some(None) => return "cycle".into(),
            None => {}
        }
        self.memo.insert(id, None);
        let mut out = Vec::new();
        match self.doc.get_object(id) {
            Ok(o) => self.object(o, &mut out),
            Err(_) => out.extend_from_slice(b"missing"),
        }
        let digest = accord_documents::fingerprint::sha256_hex(&out);
        self.memo.insert(id, Some(digest.clone()));
        digest
    }
}

/// A stream's content as drawn: decompressed when it is compressed (up to a bound, so a
/// hostile file cannot exhaust memory), otherwise as stored.
fn decoded(s: &lopdf::Stream) -> Vec<u8> {
    if s.dict.get(b"Filter").is_err() {
        return s.content.clone();
    }
    s.decompressed_content_with_limit(256 << 20)
        .unwrap_or_else(|_| s.content.clone())
}
