// Handover notes, one per role, and the "prepare handover" path that walks the holder
// through each part in turn. Every part is saved as it is typed.

import { act, autosave, call } from "../api.js";
import { button, field, form, h, heading, statusColour, table, tag, words } from "../dom.js";
import { go } from "../app.js";

export async function render(main, [noteId, step]) {
  const view = await call("handover_notes");
  if (noteId) return prepare(main, view, noteId, Number(step ?? 0));
  const container = h("div", { class: "accord-form" });
  main.append(container);
  container.append(...heading("Handover notes"),
    h("p", { class: "govuk-body", text: "Write down what only you know, so the project does not depend on one person. Start a note for each role you hold, and finish it before you leave." }));
  const rows = view.notes.map((n) => h("tr", { class: "govuk-table__row" },
    h("td", { class: "govuk-table__cell" }, h("a", { class: "govuk-link", href: `#/handover/${n.note.id}`, text: n.note.role })),
    h("td", { class: "govuk-table__cell", text: n.holder_name }),
    h("td", { class: "govuk-table__cell", text: n.successor_name ?? "Not named" }),
    h("td", { class: "govuk-table__cell" }, tag(words(n.note.status), statusColour[n.note.status])),
    h("td", { class: "govuk-table__cell", text: `${view.parts.length - n.missing_parts.length} of ${view.parts.length} parts written` })));
  container.append(view.notes.length ? table({ head: ["Role", "Holder", "Successor", "Status", "Progress"], rows, id: "handover-list" }) : h("p", { class: "govuk-body", text: "No handover notes yet." }));

  const role = field({ id: "handover-role", label: "Role being handed over", hint: "For example, Service owner for Worthing" });
  const holder = field({ id: "handover-holder", label: "Who holds it now", kind: "select", options: [["", "Choose a person"], ...view.people.map((p) => [p.id, p.name])] });
  container.append(form({ id: "start-handover-form" }, async () => {
    const n = await act(container, () => call("start_handover", { role: role.control.value, holder: holder.control.value }), "handover-role");
    if (n) go(`#/handover/${n.id}/0`);
  }, h("h2", { class: "govuk-heading-m", text: "Prepare a handover" }), role.group, holder.group,
    view.people.length ? "" : h("p", { class: "govuk-body" }, "First add the people on the project: ", h("a", { class: "govuk-link", href: "#/people", text: "People and organisations" }), "."),
    button("Start the handover note", null, { id: "start-handover", submit: true })));
}

async function prepare(main, view, noteId, step) {
  const entry = view.notes.find((n) => n.note.id === noteId);
  if (!entry) { main.append(h("p", { class: "govuk-body", text: "That handover note is not in this workspace." })); return; }
  const n = entry.note;
  const parts = view.parts;
  const steps = parts.length + 1;
  const current = Math.min(Math.max(step, 0), steps - 1);
  const nav = (to) => go(`#/handover/${noteId}/${to}`);
  let flush = async () => {};
  // The submit button is "Next part" (Enter in a one-line field goes on); on the last part, Enter saves.
  const container = form({ class: "accord-form" }, () => flush().then(() => current < steps - 1 && nav(current + 1)));
  main.append(container);
  container.append(h("a", { class: "govuk-back-link", href: "#/handover", text: "Back to handover notes" }),
    ...heading(n.role, `Handover from ${entry.holder_name}`));
  container.append(h("p", { class: "govuk-body", id: "handover-step", text: `Part ${current + 1} of ${steps}` }));
  if (current < parts.length) {
    const part = parts[current];
    const f = field({ id: `part-${part.field}`, label: part.heading, hint: part.prompt, kind: "textarea", value: n[part.field], rows: 10 });
    f.group.querySelector("label").className = "govuk-label govuk-label--m";
    container.append(f.group);
    flush = autosave(container, f.control, (value) => call("set_handover_field", { note: noteId, field: part.field, value }));
  } else {
    const successor = field({ id: "part-successor", label: "Successor", kind: "select", value: n.successor ?? "", options: [["", "Not named yet"], ...view.people.filter((p) => p.id !== n.holder).map((p) => [p.id, p.name])] });
    const date = field({ id: "part-handover_date", label: "Handover date", hint: "YYYY-MM-DD", value: n.handover_date ?? "", width: 10 });
    container.append(h("h2", { class: "govuk-heading-m", text: "Who takes over, and when" }), successor.group, date.group);
    const f1 = autosave(container, successor.control, (value) => call("set_handover_field", { note: noteId, field: "successor", value }));
    const f2 = autosave(container, date.control, (value) => call("set_handover_field", { note: noteId, field: "handover_date", value }));
    flush = () => Promise.all([f1(), f2()]);
    const missing = entry.missing_parts;
    container.append(h("p", { class: "govuk-body" }, "This note is ", tag(words(n.status), statusColour[n.status]), missing.length ? `. Still to write: ${missing.join(", ")}.` : ". Every part is written."));
    const setStatus = (s) => flush().then(() => act(container, () => call("set_handover_field", { note: noteId, field: "status", value: s }), "part-successor")).then((r) => r && render(main.replaceChildren() || main, [noteId, String(current)]));
    container.append(h("div", { class: "govuk-button-group" },
      button("Mark ready to hand over", () => setStatus("ready"), { id: "handover-ready" }),
      button("Mark handed over", () => setStatus("handed_over"), { secondary: true, id: "handover-done" })));
  }
  container.append(h("div", { class: "govuk-button-group" },
    current > 0 ? button("Previous part", () => flush().then(() => nav(current - 1)), { secondary: true, id: "handover-prev" }) : null,
    current < steps - 1 ? button("Next part", null, { id: "handover-next", submit: true }) : null));
}
