//! Every document of the North Wales fixture, read back with poppler and qpdf.

use accord_documents::fingerprint;
use accord_domain::DocumentKind;

use crate::fixture;
use crate::reader::{Pdf, render};

/// The checks every Accord PDF must pass, whatever it holds.
pub fn assert_sound(pdf: &Pdf, kind: DocumentKind, project: &str) {
    pdf.assert_qpdf_clean();
    let pages = pdf.pages();
    assert_eq!(pdf.info("Pages"), pdf.rendered.pages.to_string());
    assert_eq!(pages.len(), pdf.rendered.pages, "pdftotext sees every page");
    assert!(pdf.info("Page size").contains("(A4)"));
    assert_eq!(pdf.info("PDF version"), "1.7");
    let name = accord_documents::document_name(kind);
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        assert!(
            page.contains(&format!("Page {n} of {}", pages.len())),
            "page {n} is numbered:\n{page}"
        );
        assert!(
            page.contains(&pdf.rendered.fingerprint.sha256),
            "page {n} shows the fingerprint"
        );
        assert!(page.contains(name), "page {n} names the document");
        assert!(
            page.contains("Workspace version 42 · Exported 26 November 2026"),
            "page {n} shows version and date"
        );
    }
    let title = pdf.info("Title");
    assert!(title.starts_with(&format!("{name}: ")), "{title}");
    let shown: String = project.chars().take(40).collect();
    assert!(
        title.contains(&shown),
        "the title names the project: {title}"
    );
    assert_eq!(pdf.info("CreationDate"), "Thu Nov 26 00:00:00 2026 UTC");
    assert!(
        pdf.info("Subject")
            .contains(&pdf.rendered.fingerprint.sha256)
    );
    let fonts = pdf.fonts();
    assert!(!fonts.is_empty());
    for (font, kind, embedded, subset) in fonts {
        assert!(
            font.contains("+DejaVuSans"),
            "{font} is a tagged subset of DejaVu Sans"
        );
        assert_eq!(
            (kind.as_str(), embedded.as_str(), subset.as_str()),
            ("CID TrueType", "yes", "yes"),
            "{font}"
        );
    }
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn every_document_is_sound_and_carries_its_fingerprint() {
    let ws = fixture::north_wales();
    for kind in DocumentKind::ALL {
        let pdf = render(&ws, *kind);
        assert_eq!(pdf.rendered.fingerprint, fingerprint(&ws, *kind));
        assert_sound(&pdf, *kind, &ws.project.title);
        assert!(
            pdf.rendered.missing_characters.is_empty(),
            "{:?}",
            pdf.rendered.missing_characters
        );
    }
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn welsh_accents_quotes_dashes_and_pounds_come_back_as_typed() {
    let ws = fixture::north_wales();
    let text = render(&ws, DocumentKind::Pack).text();
    for typed in [
        "Siân Llŷr",
        "Gwenllïan Ŵyn",
        "Zoë Brontë-O’Neill",
        "Cyngor Sir Ynys Môn",
        "Bins that get collected – North Wales",
        "Our shared aims are “fewer missed bins” and ‘plain words’ — in Welsh and English.",
        "Each partner contributes £8,000 a year – £24,000 in all – for 2026–2027.",
        "Pennaeth Digidol / Head of Digital",
        "Y:\\Rhannu\\DPIA.docx",
    ] {
        assert!(text.contains(typed), "pdftotext gives back {typed:?}");
    }
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn agreement_shows_sections_with_status_in_order() {
    let ws = fixture::north_wales();
    let text = render(&ws, DocumentKind::Agreement).text();
    let positions: Vec<usize> = [
        "1. Parties\nAgreed",
        "2. Purpose and shared aims\nAgreed",
        "3. Scope\nDraft: not yet agreed",
        "19. Term and review",
    ]
    .iter()
    .map(|s| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s:?} is in the agreement"))
    })
    .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sections are in order"
    );
    assert!(text.contains("Agreement version: 1"));
    assert!(text.contains("Status: in review"));
    assert!(text.contains("Sections agreed: 4 of 19"));
    assert!(text.contains("Not legally binding"));
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn decisions_show_supersession_both_ways() {
    let ws = fixture::north_wales();
    let text = render(&ws, DocumentKind::Decisions).text();
    let d2 = &text[text.find("D-002 Use SMS reminders").expect("D-002")
        ..text.find("D-003 Use email").expect("D-003")];
    assert!(d2.contains("Superseded by D-003"), "{d2}");
    let d3 =
        &text[text.find("D-003 Use email").unwrap()..text.find("D-004 Add Welsh").expect("D-004")];
    assert!(
        d3.contains("Supersedes D-002") && d3.contains("Replacement proposed in D-004"),
        "{d3}"
    );
    assert!(text.contains(
        "Options:\n1. Do nothing\n2. Buy a product – £12,500\n3. Build on GOV.UK Notify"
    ));
    assert!(text.contains("Deciders: Siân Llŷr, Gwenllïan Ŵyn"));
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn raci_has_legend_and_header_on_every_page_and_signatures_at_the_end() {
    let ws = fixture::north_wales();
    let pdf = render(&ws, DocumentKind::Raci);
    let pages = pdf.pages();
    let table_pages: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("Owning the service"))
        .collect();
    assert!(!table_pages.is_empty());
    for page in &table_pages {
        assert!(
            page.contains(accord_pdf_legend()),
            "the legend is on every table page:\n{page}"
        );
        assert!(
            page.contains("Activity"),
            "the header row is on every table page"
        );
    }
    let last = pages.last().unwrap();
    assert!(
        last.contains("Signatures")
            && last.contains("For Gwynedd Council")
            && last.contains("Signature")
    );
    assert!(!last.contains("Denbighshire"), "observers do not sign");
}

fn accord_pdf_legend() -> &'static str {
    "R Responsible: does the work · A Accountable: answers for it (exactly one) · C Consulted: asked before · I Informed: told after"
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn handover_pack_names_roles_open_decisions_and_people() {
    let ws = fixture::north_wales();
    let text = render(&ws, DocumentKind::Handover).text();
    assert!(text.contains("Handover: Delivery lead for Conwy"));
    assert!(text.contains("Handed over by: Rhys Jones"));
    assert!(text.contains("To: Zoë Brontë-O’Neill"));
    assert!(
        text.contains("What only you know: Ynys Môn’s crews start at 06:00 — call before 14:00.")
    );
    assert!(
        text.contains(
            "Responsible or Accountable for:\n• Owning the data (R)\n• Holding the licences (A)"
        ),
        "{text}"
    );
    let open = &text[text.find("Decisions still open").expect("open decisions")..];
    assert!(open.contains("D-004 Add Welsh-first reminders"));
    assert!(
        !open[..open.find("Key people").expect("key people")].contains("D-001"),
        "only open decisions"
    );
    assert!(text.contains("Signatory for Gwynedd Council; Accountable for Maintaining the code"));
    assert!(
        text.contains("Handed over by (Delivery lead for Conwy)")
            && text.contains("Received by (Delivery lead for Conwy)")
    );
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn pack_contents_point_at_the_right_pages() {
    let ws = fixture::north_wales();
    let pdf = render(&ws, DocumentKind::Pack);
    let pages = pdf.pages();
    assert!(pages[0].contains("Exported on 26 November 2026 from workspace version 42."));
    let contents = &pages[1];
    for part in [
        "1. Collaboration agreement",
        "2. RACI matrix",
        "3. Decisions log",
        "4. Handover pack",
        "Signatures",
    ] {
        let line = contents
            .lines()
            .find(|l| l.starts_with(part))
            .unwrap_or_else(|| panic!("{part} is listed:\n{contents}"));
        let number: usize = line
            .rsplit(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{part} has its page number on its line: {line:?}"));
        let body = pages[number - 1]
            .lines()
            .skip(3)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            body.contains(part),
            "{part} starts on page {number}:\n{body}"
        );
    }
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn same_input_gives_the_same_bytes_and_the_date_is_not_in_the_fingerprint() {
    let ws = fixture::north_wales();
    let a = render(&ws, DocumentKind::Agreement);
    let b = render(&ws, DocumentKind::Agreement);
    assert_eq!(a.rendered.pdf, b.rendered.pdf, "rendering is deterministic");
    let later = accord_pdf::render_with_report(
        &ws,
        DocumentKind::Agreement,
        &accord_pdf::RenderOptions {
            date: fixture::date(2027, 1, 5),
            workspace_version: "43".into(),
        },
    )
    .unwrap();
    assert_ne!(later.pdf, a.rendered.pdf);
    assert_eq!(later.fingerprint, a.rendered.fingerprint);
    let text = crate::reader::from_bytes(later).text();
    assert!(text.contains("Workspace version 43 · Exported 5 January 2027"));
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn the_shared_fixture_workspace_renders_soundly() {
    // The repository's own fixture (`accord-fixtures`), as the store and CLI tests use it.
    let ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    for kind in DocumentKind::ALL {
        let pdf = render(&ws, *kind);
        assert_sound(&pdf, *kind, &ws.project.title);
        let signed = accord_pdf::read_fingerprint(&pdf.rendered.pdf).unwrap();
        assert_eq!(signed.fingerprint, fingerprint(&ws, *kind));
    }
    let text = render(&ws, DocumentKind::Pack).text();
    assert!(text.contains("Ynys Môn and Gwynedd agreed to pilot the service"));
    assert!(text.contains("Siân, Zoë and Søren hold the supplier relationships"));
}
