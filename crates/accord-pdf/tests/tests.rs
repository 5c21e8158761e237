//! Integration tests for `accord-pdf`: every document rendered, then read back with real
//! PDF readers (poppler's `pdftotext`, `pdfinfo`, `pdffonts`, `qpdf --check`, and lopdf).

#[path = "../../accord-documents/tests/fixture/mod.rs"]
mod fixture;

mod reader;

mod bad_input;
mod conformance;
mod documents;
mod signed;
mod tampered;
