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

  const doc = field({ id: "signoff-document", label: "Document", kind: "select", value: "agreement", options: choices(vocab.documents) });
  const by = field({ id: "signoff-by", label: "Signed by", kind: "select", options: [["", "Choose a person"], ...parties.people.map((p) => [p.id, p.name])] });
  const method = field({ id: "signoff-method", label: "How", kind: "select", value: "wet_ink", options: choices(vocab.signoff_methods) });
  const on = field({ id: "signoff-on", label: "Date signed", hint: "YYYY-MM-DD; today if left empty.", width: 10 });
  const note = field({ id: "signoff-note", label: "Note (optional)", hint: "For example, the meeting and minute number." });
  container.append(form({ id: "signoff-form" }, async () => {
    const s = await act(container, () => call("record_signoff", { document: doc.control.value, by: by.control.value, method: method.control.value, on: on.control.value, note: note.control.value }), "signoff-by");
    if (s) { main.replaceChildren(); await render(main); }
  }, h("h2", { class: "govuk-heading-m", text: "Record a sign-off" }),
    h("p", { class: "govuk-body", text: "This records the document as it is now. Export it and have it signed first, so that the signed copy shows the same fingerprint." }),
    doc.group, by.group, method.group, on.group, note.group,
    button("Record sign-off", null, { id: "record-signoff", submit: true })));
}
