//! Copies GOV.UK Frontend's built CSS and JavaScript (from the npm lockfile's package in
//! `node_modules/`) into `ui/vendor/`, without its fonts, then runs Tauri's build step.

use std::fs;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dist = root.join("node_modules/govuk-frontend/dist/govuk");
    let vendor = root.join("ui/vendor");
    println!("cargo:rerun-if-changed={}", dist.display());
    println!("cargo:rerun-if-changed=build.rs");
    let css = fs::read_to_string(dist.join("govuk-frontend.min.css")).unwrap_or_else(|_| {
        panic!(
            "GOV.UK Frontend is not installed at {}. Run `npm ci` in the repository root (scripts/setup.sh does this).",
            dist.display()
        )
    });
    fs::create_dir_all(&vendor).expect("create ui/vendor");
    fs::write(vendor.join("govuk-frontend.min.css"), without_fonts(&css))
        .expect("write ui/vendor css");
    fs::copy(
        dist.join("govuk-frontend.min.js"),
        vendor.join("govuk-frontend.min.js"),
    )
    .expect("copy ui/vendor js");
    tauri_build::build()
}

/// Drops every `@font-face` rule and the "GDS Transport" family (a font only GOV.UK
/// services may use): text falls back to Arial, as the Design System asks elsewhere.
fn without_fonts(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("@font-face") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.replace("\"GDS Transport\",", "")
}
