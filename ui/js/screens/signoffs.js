// Sign-offs: who signed which document, how and when, and whether each still matches the
// workspace. A sign-off is never edited or deleted; a later change makes it stale.

import { act, call, choices, labelOf, vocabulary } from "../api.js";
import { button, field, form, h, heading, table, tag } from "../dom.js";


export async function render(main) {
  const [states, parties, vocab] = await Promise.all([call("signoffs"), call("parties"), vocabulary()]);
  const container = h("div", { class: "accord-form" });
  main.append(container);
  container.append(...heading("Sign-offs"),
    h("p", { class: "govuk-body", text: "A sign-off records that someone signed a document with exactly this content. If the content changes afterwards, the sign-off is shown as stale." }));
  const rows = states.map((s) => h("tr", { class: "govuk-table__row", dataset: { current: String(s.current) } },
    h("td", { class: "govuk-table__cell", text: s.signoff.signed_on }),
    h("td", { class: "govuk-table__cell", text: s.document_name }),
    h("td", { class: "govuk-table__cell", text: s.signed_by_name }),
    h("td", { class: "govuk-table__cell", text: labelOf(vocab.signoff_methods, s.signoff.method) }),
    h("td", { class: "govuk-table__cell" }, s.current ? tag("Current", "green") : tag("Stale: changed since", "red")),
    h("td", { class: "govuk-table__cell accord-path", text: s.signoff.fingerprint })));
  container.append(states.length ? table({ head: ["Signed", "Document", "By", "How", "State", "Fingerprint"], rows, id: "signoff-list" }) : h("p", { class: "govuk-body", text: "No sign-offs yet." }));

  const pdf = field({ id: "signoff-pdf", label: "The signed PDF", hint: "The PDF Accord exported that was signed. The sign-off is recorded against the fingerprint it carries, even if the workspace has changed since." });
  const by = field({ id: "signoff-by", label: "Signed by", kind: "select", options: [["", "Choose a person"], ...parties.people.map((p) => [p.id, p.name])] });
  const method = field({ id: "signoff-method", label: "How", kind: "select", value: "wet_ink", options: choices(vocab.signoff_methods) });
  const on = field({ id: "signoff-on", label: "Date signed", hint: "YYYY-MM-DD; today if left empty.", width: 10 });
  const note = field({ id: "signoff-note", label: "Note (optional)", hint: "For example, the meeting and minute number." });
  // The command names the field it refuses (pdf, by, method, on); this screen's ids carry a prefix.
  const record = () => call("record_signoff", { pdf: pdf.control.value, by: by.control.value, method: method.control.value, on: on.control.value, note: note.control.value })
    .catch((e) => { if (e && e.field) e.field = `signoff-${e.field}`; throw e; });
  container.append(form({ id: "signoff-form" }, async () => {
    const s = await act(container, record, "signoff-pdf");
    if (s) { main.replaceChildren(); await render(main); }
  }, h("h2", { class: "govuk-heading-m", text: "Record a sign-off" }),
    h("p", { class: "govuk-body", text: "Choose the PDF that was signed. Its document and fingerprint are recorded; if the workspace has changed since that PDF was exported, the sign-off is shown as stale straight away." }),
    pdf.group,
    button("Choose the PDF…", async (e) => { e.preventDefault(); const p = await call("choose_file", { purpose: "signed_pdf" }); if (p) pdf.control.value = p; }, { secondary: true, small: true }),
    by.group, method.group, on.group, note.group,
    button("Record sign-off", null, { id: "record-signoff", submit: true })));
}
