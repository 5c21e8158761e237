//! The governance pack as an HTML file with the same content, for LibreOffice to convert.

use accord_documents::{Body, DecisionEntry, Document};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{}</title><style>\
         body{{font-family:'DejaVu Sans';font-size:10pt}} h1{{page-break-before:always}} \
         table{{border-collapse:collapse;font-size:7pt}} td,th{{border:1px solid #999;padding:2px}}\
         </style></head><body>{body}</body></html>",
        esc(title)
    )
}

fn decision(d: &DecisionEntry, out: &mut String) {
    out.push_str(&format!(
        "<h3>{} {}</h3><p><b>Status:</b> {} <b>Date:</b> {}</p>",
        d.number,
        esc(&d.title),
        d.status,
        d.date
    ));
    if let Some(s) = &d.supersedes {
        out.push_str(&format!("<p><b>Supersedes {s}</b></p>"));
    }
    if !d.superseded_by.is_empty() {
        out.push_str(&format!(
            "<p><b>Superseded by {}</b></p>",
            d.superseded_by.join(", ")
        ));
    }
    out.push_str(&format!("<p><b>Context:</b> {}</p><ol>", esc(&d.context)));
    for o in &d.options {
        out.push_str(&format!("<li>{}</li>", esc(o)));
    }
    out.push_str(&format!(
        "</ol><p><b>Decision:</b> {}</p><p><b>Consequences:</b> {}</p><p><b>Deciders:</b> {} <b>Consulted:</b> {} <b>Informed:</b> {}</p><hr>",
        esc(&d.decision),
        esc(&d.consequences),
        esc(&d.deciders.join(", ")),
        esc(&d.consulted.join(", ")),
        esc(&d.informed.join(", "))
    ));
}

/// The pack: title, contents, agreement, RACI table, decisions, handover, signatures.
pub fn pack(doc: &Document, fingerprint: &str) -> String {
    let Body::Pack(p) = &doc.body else {
        panic!("a governance pack")
    };
    let mut out = String::new();
    out.push_str(&format!(
        "<h2>Governance pack</h2><p style=\"font-size:24pt\"><b>{}</b></p>",
        esc(&doc.project.title)
    ));
    out.push_str(&format!(
        "<p><b>Problem:</b> {}</p><p><b>Outcomes:</b> {}</p><p><b>Parties:</b></p><ul>",
        esc(&doc.project.problem),
        esc(&doc.project.outcomes)
    ));
    for o in &doc.parties {
        out.push_str(&format!(
            "<li>{} ({}, {})</li>",
            esc(&o.name),
            o.role,
            o.kind
        ));
    }
    out.push_str("</ul><h1>Contents</h1><ol><li>Collaboration agreement</li><li>RACI matrix</li><li>Decisions log</li><li>Handover pack</li></ol>");
    out.push_str(&format!(
        "<h1>1. Collaboration agreement</h1><p>Version {} ({})</p>",
        p.agreement.version, p.agreement.status
    ));
    for (i, s) in p.agreement.sections.iter().enumerate() {
        out.push_str(&format!(
            "<h2>{}. {}</h2><p><i>{}</i></p><p>{}</p>",
            i + 1,
            esc(&s.title),
            s.status,
            esc(&s.body)
        ));
    }
    out.push_str("<h1>2. RACI matrix</h1><p>R Responsible · A Accountable · C Consulted · I Informed</p><table><thead><tr><th>Activity</th>");
    for party in &p.raci.parties {
        out.push_str(&format!("<th>{}</th>", esc(&party.label)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &p.raci.rows {
        out.push_str(&format!(
            "<tr><td><b>{}</b><br>{}</td>",
            esc(&row.activity),
            esc(&row.description)
        ));
        for party in &p.raci.parties {
            let cell = row
                .cells
                .iter()
                .find(|(l, _)| l == &party.label)
                .map(|(_, r)| r.as_str())
                .unwrap_or("");
            out.push_str(&format!("<td>{cell}</td>"));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table><h1>3. Decisions log</h1>");
    for d in &p.decisions.decisions {
        decision(d, &mut out);
    }
    out.push_str("<h1>4. Handover pack</h1>");
    for note in &p.handover.notes {
        out.push_str(&format!("<h2>Handover: {}</h2>", esc(&note.role)));
        for (h, t) in &note.parts {
            out.push_str(&format!("<p><b>{}:</b> {}</p>", esc(h), esc(t)));
        }
    }
    out.push_str("<h2>Decisions still open</h2>");
    for d in &p.handover.open_decisions {
        decision(d, &mut out);
    }
    out.push_str("<h2>Key people</h2>");
    for k in &p.handover.key_people {
        out.push_str(&format!(
            "<p><b>{}</b>: {}</p>",
            esc(&k.name),
            esc(&k.why.join("; "))
        ));
    }
    out.push_str(&format!(
        "<h1>Signatures</h1><p>Content fingerprint (SHA-256) {fingerprint}</p>"
    ));
    for s in &doc.signatures {
        out.push_str(&format!(
            "<h3>{}</h3><p>Name: {}</p><p>Organisation: {}</p><p>Signature: ____________________</p><p>Date: __________</p>",
            esc(&s.capacity),
            esc(s.name.as_deref().unwrap_or("")),
            esc(s.organisation.as_deref().unwrap_or(""))
        ));
    }
    page(&format!("Governance pack: {}", doc.project.title), &out)
}
