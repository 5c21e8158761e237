//! Integration tests for `accord-pdf`: every document rendered, then read back with real
//! PDF readers (poppler's `pdftotext`, `pdfinfo`, `pdffonts`, `qpdf --check`, and lopdf).
//!
//! On Windows (scripts/windows-test.sh runs these tests built for Windows under wine), the
//! tests that read a PDF back with poppler, qpdf or the Python validator are ignored, each
//! marked `#[cfg_attr(windows, ignore = ...)]`: those are Linux programs, and wine starts a
//! Linux program for a Windows process without a process handle to wait on (os error 6),
//! and there is no Windows build of them here. They run on Linux against the same renderer;
//! the rest run under wine, and scripts/windows-test.sh also reads a PDF that the Windows
//! `accord.exe` made back with poppler on Linux (tests/windows/installer.py).

#[path = "../../accord-documents/tests/fixture/mod.rs"]
mod fixture;

mod reader;

mod bad_input;
mod conformance;
mod documents;
mod signed;
mod tampered;
