//! Integration tests for `accord-documents`: what each document shows, and what its
//! fingerprint notices.

mod fixture;

mod documents;
mod fingerprints;
