//! Every document of the North Wales fixture, read back with poppler.

use accord_documents::fingerprint;
use accord_domain::DocumentKind;

use crate::fixture;
use crate::reader::render;

#[test]
fn smoke() {
    let ws = fixture::north_wales();
    for kind in DocumentKind::ALL {
        let pdf = render(&ws, *kind);
        std::fs::write(format!("/tmp/accord-{kind}.pdf"), &pdf.rendered.pdf).unwrap();
        println!("{kind}: {} pages, {} bytes", pdf.rendered.pages, pdf.rendered.pdf.len());
        let _ = fingerprint(&ws, *kind);
    }
}
