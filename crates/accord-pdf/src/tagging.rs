//! The PDF's logical structure (PDF/UA-1): the structure tree from the layout's
//! [`Tree`], each element pointing at the marked content of its text on each page, the
//! parent tree that leads back from the content to the elements, the document's
//! language, the title shown in the viewer's title bar, and bookmarks for the headings.

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::metadata::text;
use crate::structure::{Bookmark, Role, Tree};

/// What the content streams marked: for each page, the element each MCID belongs to.
pub(crate) type Marked = Vec<Vec<usize>>;

/// Adds the structure tree, the parent tree, the mark-up flags and the bookmarks.
pub(crate) fn tag(
    doc: &mut Document,
    tree: &Tree,
    marked: &Marked,
    bookmarks: &[Bookmark],
    lang: &str,
) -> Result<(), String> {
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    if pages.len() != marked.len() {
        return Err("the pages and their marked content do not agree".into());
    }
    let n = tree.elems.len();
    // Each element's content: (page, MCID) in reading order.
    let mut content: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    for (page, elems) in marked.iter().enumerate() {
        for (mcid, e) in elems.iter().enumerate() {
            content[*e].push((page, mcid as i64));
        }
    }
    // Keep elements with content or kept children (children come after their parent),
    // and table cells even when empty, so every row has its columns.
    let mut keep = vec![false; n];
    for e in (0..n).rev() {
        let elem = &tree.elems[e];
        keep[e] = e == 0
            || !content[e].is_empty()
            || matches!(elem.role, Role::Header { .. } | Role::Cell)
            || elem.kids.iter().any(|k| keep[*k]);
    }
    let root_id = doc.new_object_id();
    let ids: Vec<Option<ObjectId>> = keep
        .iter()
        .map(|k| k.then(|| doc.new_object_id()))
        .collect();
    for e in 0..n {
        let Some(id) = ids[e] else { continue };
        let elem = &tree.elems[e];
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"StructElem".to_vec()));
        dict.set("S", Object::Name(elem.role.name().as_bytes().to_vec()));
        dict.set(
            "P",
            Object::Reference(elem.parent.and_then(|p| ids[p]).unwrap_or(root_id)),
        );
        let mut kids: Vec<Object> = Vec::new();
        let one_page = content[e]
            .first()
            .map(|(p, _)| *p)
            .filter(|p| content[e].iter().all(|(q, _)| q == p));
        if let Some(p) = one_page {
            dict.set("Pg", Object::Reference(pages[p]));
            kids.extend(content[e].iter().map(|(_, mcid)| Object::Integer(*mcid)));
        } else {
            kids.extend(content[e].iter().map(|(p, mcid)| {
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"MCR".to_vec())),
                    ("Pg", Object::Reference(pages[*p])),
                    ("MCID", Object::Integer(*mcid)),
                ]))
            }));
        }
        kids.extend(
            elem.kids
                .iter()
                .filter_map(|k| ids[*k])
                .map(Object::Reference),
        );
        if !kids.is_empty() {
            dict.set("K", Object::Array(kids));
        }
        if let Role::Header { column } = elem.role {
            dict.set(
                "A",
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("O", Object::Name(b"Table".to_vec())),
                    (
                        "Scope",
                        Object::Name(if column {
                            b"Column".to_vec()
                        } else {
                            b"Row".to_vec()
                        }),
                    ),
                ])),
            );
        }
        if let Role::List { numbered } = elem.role {
            dict.set(
                "A",
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("O", Object::Name(b"List".to_vec())),
                    (
                        "ListNumbering",
                        Object::Name(if numbered {
                            b"Decimal".to_vec()
                        } else {
                            b"Disc".to_vec()
                        }),
                    ),
                ])),
            );
        }
        doc.objects.insert(id, Object::Dictionary(dict));
    }
    // The parent tree: for page N (its StructParents), the element of each MCID.
    let mut nums = Vec::with_capacity(pages.len() * 2);
    for (p, elems) in marked.iter().enumerate() {
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(
            elems
                .iter()
                .map(|e| Object::Reference(ids[*e].expect("an element with content is kept")))
                .collect(),
        ));
    }
    let parent_tree = doc.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
    doc.objects.insert(
        root_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            (
                "K",
                Object::Reference(ids[0].expect("the document is kept")),
            ),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(pages.len() as i64)),
        ])),
    );
    for (p, id) in pages.iter().enumerate() {
        let page = doc.get_dictionary_mut(*id).map_err(|e| e.to_string())?;
        page.set("StructParents", Object::Integer(p as i64));
        // Tab order follows the structure (PDF/UA).
        page.set("Tabs", Object::Name(b"S".to_vec()));
    }
    let outlines = outlines(doc, bookmarks, &pages);
    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    catalog.set(
        "MarkInfo",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "Marked",
            Object::Boolean(true),
        )])),
    );
    catalog.set("Lang", text(lang));
    catalog.set(
        "ViewerPreferences",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "DisplayDocTitle",
            Object::Boolean(true),
        )])),
    );
    if let Some(outlines) = outlines {
        catalog.set("Outlines", Object::Reference(outlines));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    Ok(())
}

/// The bookmarks: each level-1 heading, with the level-2 headings under it (closed, so
/// a 10,000-decision log opens as one line).
fn outlines(doc: &mut Document, bookmarks: &[Bookmark], pages: &[ObjectId]) -> Option<ObjectId> {
    if bookmarks.is_empty() {
        return None;
    }
    // (bookmark, children) for each top-level entry.
    let mut top: Vec<(&Bookmark, Vec<&Bookmark>)> = Vec::new();
    for b in bookmarks {
        match top.last_mut() {
            Some((_, kids)) if b.level > 1 => kids.push(b),
            _ => top.push((b, Vec::new())),
        }
    }
    let root = doc.new_object_id();
    let dest = |b: &Bookmark| {
        Object::Array(vec![
            Object::Reference(pages[b.page.min(pages.len() - 1)]),
            Object::Name(b"XYZ".to_vec()),
            Object::Null,
            Object::Real(b.top),
            Object::Null,
        ])
    };
    let top_ids: Vec<ObjectId> = top.iter().map(|_| doc.new_object_id()).collect();
    for (i, (b, kids)) in top.iter().enumerate() {
        let mut item = Dictionary::from_iter(vec![
            ("Title", text(&b.title)),
            ("Parent", Object::Reference(root)),
            ("Dest", dest(b)),
        ]);
        if i > 0 {
            item.set("Prev", Object::Reference(top_ids[i - 1]));
        }
        if i + 1 < top_ids.len() {
            item.set("Next", Object::Reference(top_ids[i + 1]));
        }
        if !kids.is_empty() {
            let kid_ids: Vec<ObjectId> = kids.iter().map(|_| doc.new_object_id()).collect();
            for (j, k) in kids.iter().enumerate() {
                let mut kid = Dictionary::from_iter(vec![
                    ("Title", text(&k.title)),
                    ("Parent", Object::Reference(top_ids[i])),
                    ("Dest", dest(k)),
                ]);
                if j > 0 {
                    kid.set("Prev", Object::Reference(kid_ids[j - 1]));
                }
                if j + 1 < kid_ids.len() {
                    kid.set("Next", Object::Reference(kid_ids[j + 1]));
                }
                doc.objects.insert(kid_ids[j], Object::Dictionary(kid));
            }
            item.set("First", Object::Reference(kid_ids[0]));
            item.set(
                "Last",
                Object::Reference(*kid_ids.last().expect("not empty")),
            );
            // Negative: closed, with this many entries under it.
            item.set("Count", Object::Integer(-(kid_ids.len() as i64)));
        }
        doc.objects.insert(top_ids[i], Object::Dictionary(item));
    }
    doc.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Outlines".to_vec())),
            ("First", Object::Reference(top_ids[0])),
            (
                "Last",
                Object::Reference(*top_ids.last().expect("not empty")),
            ),
            ("Count", Object::Integer(top_ids.len() as i64)),
        ])),
    );
    Some(root)
}
