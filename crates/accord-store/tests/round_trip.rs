//! Import then export gives back exactly what went in, byte for byte.

use accord_store::WorkspaceFile;

use crate::{Dir, stamp};

#[test]
fn export_import_export_is_byte_identical() {
    let d = Dir::new();
    let original = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    let first = accord_interchange::to_json(&original);
    let ws = WorkspaceFile::import(
        d.path("a.accord"),
        &accord_interchange::from_json(&first).unwrap(),
        &stamp(),
    )
    .unwrap();
    let second = accord_interchange::to_json(&ws.load().unwrap());
    assert_eq!(first, second);
    let again = WorkspaceFile::import(
        d.path("b.accord"),
        &accord_interchange::from_json(&second).unwrap(),
        &stamp(),
    )
    .unwrap();
    assert_eq!(accord_interchange::to_json(&again.load().unwrap()), second);
    assert_eq!(ws.load().unwrap(), original);
}

#[test]
fn welsh_and_accented_text_survives_the_file() {
    let d = Dir::new();
    let mut ws =
        WorkspaceFile::create(d.path("cy.accord"), "Casgliadau biniau ar y cyd", &stamp()).unwrap();
    let text = "Bydd Cyngor Sir Ynys Môn a Gwynedd yn rhannu’r data — “yn ddidwyll”. Cost: £25,000. ŵ ŷ â ê Zoë Ørsted\n\tTab and\r\nCRLF kept.";
    ws.write_section("purpose", text, &stamp()).unwrap();
    drop(ws);
    let ws = WorkspaceFile::open(d.path("cy.accord")).unwrap();
    assert_eq!(
        ws.agreement().unwrap().section("purpose").unwrap().body,
        text
    );
}
