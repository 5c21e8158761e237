//! Awkward workspaces: each gives a readable, sound PDF or a clear error, never a panic.

use accord_domain::{Activity, Assignment, DocumentKind, RaciRole};

use crate::documents::assert_sound;
use crate::fixture;
use crate::reader::render;

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn an_empty_workspace_gives_every_document() {
    let ws = fixture::empty();
    for kind in DocumentKind::ALL {
        let pdf = render(&ws, *kind);
        assert_sound(&pdf, *kind, &ws.project.title);
    }
    let text = render(&ws, DocumentKind::Decisions).text();
    assert!(text.contains("No decisions have been recorded yet."));
    assert!(text.contains("Parties: No organisations have been added yet."));
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn a_one_megabyte_section_flows_over_many_pages() {
    let mut ws = fixture::north_wales();
    let para = fixture::prose(9, 150);
    let mut body = String::new();
    while body.len() < 1 << 20 {
        body.push_str(&para);
        body.push('\n');
    }
    body.push_str("THE END OF THE SECTION");
    ws.agreement.sections[2].body = body;
    let pdf = render(&ws, DocumentKind::Agreement);
    assert!(pdf.rendered.pages > 150, "{} pages", pdf.rendered.pages);
    assert_sound(&pdf, DocumentKind::Agreement, &ws.project.title);
    let text = pdf.text();
    assert!(text.contains("THE END OF THE SECTION"));
    assert!(text.contains("19. Term and review"));
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn a_500_character_title_wraps_on_the_page_and_is_cut_in_the_header() {
    let mut ws = fixture::north_wales();
    let title: String = "Cydweithio ar wasanaethau gwastraff a’r amgylchedd – "
        .repeat(10)
        .chars()
        .take(500)
        .collect();
    ws.project.title = title.clone();
    let pdf = render(&ws, DocumentKind::Pack);
    assert_sound(&pdf, DocumentKind::Pack, title.trim());
    let pages = pdf.pages();
    // The title page has it all, wrapped (pdftotext joins the lines with newlines).
    let first = pages[0].replace('\n', " ");
    assert!(first.contains(title.trim()), "{first}");
    // Every header cuts it to fit beside the document's name.
    assert!(
        pages[3]
            .lines()
            .any(|l| l.starts_with("Cydweithio ar wasanaethau") && l.ends_with('…')),
        "{}",
        pages[3]
    );
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn two_hundred_parties_split_the_raci_into_readable_tables() {
    let ws = fixture::big(200, 12, 0);
    let pdf = render(&ws, DocumentKind::Raci);
    assert_sound(&pdf, DocumentKind::Raci, &ws.project.title);
    let pages = pdf.pages();
    let text = pdf.text();
    assert!(text.contains("Parties 1–6 of 200") && text.contains("Parties 199–200 of 200"));
    for page in pages.iter().filter(|p| p.contains("Activity 1:")) {
        assert!(
            page.contains("R Responsible: does the work"),
            "legend on every table page"
        );
    }
    // Every party is named in a column header somewhere (names may wrap across lines).
    let joined = text.replace('\n', " ");
    for org in ws.organisations.iter().step_by(17) {
        let first_word = org.name.split(' ').next().unwrap();
        assert!(joined.contains(first_word), "{} heads a column", org.name);
    }
    // 34 tables of at most 6 parties, one or more pages each, then 200 signature blocks.
    assert!(
        pdf.rendered.pages >= 34 + 200 / 6,
        "{} pages",
        pdf.rendered.pages
    );
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn a_row_taller_than_a_page_continues_under_the_header() {
    let mut ws = fixture::north_wales();
    let id = uuid::Uuid::from_u128(77_777);
    ws.raci.activities.push(Activity {
        id,
        name: "Keeping the long list".into(),
        description: fixture::prose(3, 3000),
        phase: None,
    });
    ws.raci.assignments.push(Assignment {
        activity: id,
        party: ws.organisations[0].id,
        role: RaciRole::A,
    });
    let pdf = render(&ws, DocumentKind::Raci);
    assert_sound(&pdf, DocumentKind::Raci, &ws.project.title);
    let pages = pdf.pages();
    let with_row: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("residents") || p.contains("council"))
        .collect();
    assert!(with_row.len() >= 2, "the long row spans pages");
    for page in with_row {
        assert!(
            page.contains("Activity") && page.contains("R Responsible"),
            "header and legend repeat:\n{page}"
        );
    }
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn control_characters_never_reach_the_pdf() {
    let mut ws = fixture::north_wales();
    ws.project.title = "Bins\u{0}\u{7}\u{1b}[1m collected\r\n".into();
    ws.decisions[0].context = "Line one\u{8}\u{8}\u{c}\r\nLine two\u{85}\u{9f}".into();
    ws.people[0].name = "Siân\tLlŷr".into();
    for kind in DocumentKind::ALL {
        let pdf = render(&ws, *kind);
        assert_sound(&pdf, *kind, "Bins[1m collected");
        assert!(
            pdf.rendered.missing_characters.is_empty(),
            "{:?}",
            pdf.rendered.missing_characters
        );
    }
    let text = render(&ws, DocumentKind::Decisions).text();
    assert!(
        text.contains("Context: Context for D-001") || text.contains("Context: Line one\nLine two")
    );
    assert!(text.contains("Line one\nLine two"));
    assert!(text.contains("Siân Llŷr"));
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn characters_the_font_lacks_print_as_a_replacement_and_are_reported() {
    let mut ws = fixture::north_wales();
    ws.decisions[0].decision = "We agreed 🎉 with 協力 partners.".into();
    let pdf = render(&ws, DocumentKind::Decisions);
    assert_sound(&pdf, DocumentKind::Decisions, &ws.project.title);
    let missing: Vec<char> = pdf
        .rendered
        .missing_characters
        .iter()
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(missing, ['力', '協', '🎉']);
    assert!(
        pdf.text()
            .contains("Decision: We agreed \u{FFFD} with \u{FFFD}\u{FFFD} partners.")
    );
    // The fingerprint is of the text as typed: a different emoji is a different record.
    let mut other = ws.clone();
    other.decisions[0].decision = "We agreed 🎊 with 協力 partners.".into();
    assert_ne!(
        accord_documents::fingerprint(&ws, DocumentKind::Decisions),
        accord_documents::fingerprint(&other, DocumentKind::Decisions)
    );
}
