// The collaboration agreement: its status and version, and each section with its
// guidance, text (saved as typed) and status.

import { act, autosave, call } from "../api.js";
import { button, checkbox, field, form as formOf, h, heading, statusColour, tag, words } from "../dom.js";
import { conflictTag, conflictsByRecord } from "../sync.js";

export async function render(main, [focusKey]) {
  const [a, conflicts] = await Promise.all([call("agreement"), conflictsByRecord()]);
  const form = h("form", { class: "accord-form", novalidate: true, on: { submit: (e) => e.preventDefault() } });
  main.append(form);
  const open = a.open; // the domain says whether this version may still be changed
  form.append(...heading("Collaboration agreement", `Version ${a.version}`),
    h("p", { class: "govuk-body" }, "This version is ", tag(words(a.status), statusColour[a.status]), ". ",
      a.binding ? "It is legally binding." : "It is not legally binding: the parties agree it in good faith."));
  if (open) form.append(h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: "#/import/agreement", id: "agreement-import", text: "Import sections from a Word document (.docx)" })));

  const actions = h("div", { class: "govuk-button-group" });
  const reload = () => { main.replaceChildren(); return render(main, []); };
  if (a.status === "draft") actions.append(button("Send for review", () => act(form, () => call("set_agreement_status", { status: "in_review" })).then((r) => r && reload()), { secondary: true, id: "agreement-review" }));
  if (open) actions.append(button("Mark the agreement agreed", () => act(form, () => call("set_agreement_status", { status: "agreed" })).then((r) => r && reload()), { id: "agreement-agree" }));
  if (a.status === "agreed") actions.append(button(`Reopen as version ${a.version + 1}`, () => act(form, () => call("reopen_agreement")).then((r) => r && reload()), { secondary: true, id: "agreement-reopen" }));
  form.append(actions);

  if (open) {
    const details = h("div", { class: "accord-columns" });
    const binding = checkbox({ id: "binding", label: "Legally binding", checked: a.binding });
    const eff = field({ id: "effective_date", label: "Effective from", hint: "YYYY-MM-DD", value: a.effective_date ?? "", width: 10 });
    const rev = field({ id: "review_date", label: "Review by", hint: "YYYY-MM-DD", value: a.review_date ?? "", width: 10 });
    for (const [f, name] of [[binding, "binding"], [eff, "effective_date"], [rev, "review_date"]]) {
      details.append(f.group);
      autosave(form, f.control, (value) => call("set_agreement_field", { field: name, value }));
    }
    form.append(details);
  }

  const contents = h("ol", { class: "govuk-list govuk-list--number accord-contents" });
  form.append(h("h2", { class: "govuk-heading-m", text: "Sections" }), contents);
  for (const s of a.sections) {
    const inConflict = conflicts.get(`section/${s.key}`) ?? [];
    contents.append(h("li", {}, h("a", { class: "govuk-link", href: `#/agreement/${s.key}`, text: s.title }), " ",
      tag(s.empty ? "empty" : words(s.status), statusColour[s.empty ? "empty" : s.status]), inConflict.map((c) => [" ", conflictTag(c)])));
    form.append(section(form, s, open, inConflict));
  }
  if (open) main.append(addSection(form, reload));
  if (focusKey) {
    const el = document.getElementById(`section-${focusKey}`);
    if (el) setTimeout(() => { el.scrollIntoView({ block: "start" }); el.focus(); }, 0);
  }
}

function section(form, s, open, inConflict = []) {
  const id = `section-${s.key}`;
  const statusTag = h("span", { id: `${id}-status` }, tag(s.empty ? "empty" : words(s.status), statusColour[s.empty ? "empty" : s.status]));
  const changed = h("p", { class: "govuk-body-s accord-muted", id: `${id}-changed`, text: s.updated_by ? `Last changed ${s.updated_at} by ${s.updated_by}` : "Not written yet" });
  const box = h("section", { class: "accord-section", "aria-labelledby": `${id}-heading` },
    h("h3", { class: "govuk-heading-m", id: `${id}-heading` }, s.title, " ", statusTag, h("span", { id: `${id}-conflicts` }, inConflict.map((c) => [" ", conflictTag(c)]))));
  if (inConflict.length) box.append(h("p", { class: "govuk-body-s", id: `${id}-conflict` }, "Two councils changed this while apart: it shows one version until you ",
    h("a", { class: "govuk-link", href: `#/conflicts/${inConflict[0].id}`, text: "choose which to keep" }), "."));
  if (!open) {
    box.append(h("p", { class: "govuk-body accord-pre", text: s.body || "(empty)" }), changed);
    return box;
  }
  const f = field({ id, label: `Text of "${s.title}"`, hint: s.guidance ?? undefined, kind: "textarea", value: s.body, rows: 6 });
  const update = (v) => {
    statusTag.replaceChildren(tag(v.empty ? "empty" : words(v.status), statusColour[v.empty ? "empty" : v.status]));
    changed.textContent = v.updated_by ? `Last changed ${v.updated_at} by ${v.updated_by}` : "Not written yet";
    toggle.textContent = v.status === "agreed" ? "Mark as draft" : "Mark this section agreed";
    toggle.dataset.status = v.status;
  };
  // Each save says which version of the text it was typed over, so a change a sync brings
  // in meanwhile is kept beside it (merged, or a conflict), never overwritten.
  let version = s.version;
  const flush = autosave(form, f.control, (value) => call("write_section", { key: s.key, body: value, version }).then((v) => {
    version = v.version;
    // Typed over a text a sync changed: the conflict that keeps both is tagged at once.
    if (v.conflict && !box.querySelector(`[data-conflict="${v.conflict}"]`)) {
      document.getElementById(`${id}-conflicts`).replaceChildren(" ", conflictTag({ id: v.conflict, label: `Text of "${s.title}"` }));
    }
    update(v);
  }));
  const toggle = button(s.status === "agreed" ? "Mark as draft" : "Mark this section agreed", async () => {
    await flush();
    const next = toggle.dataset.status === "agreed" ? "draft" : "agreed";
    const v = await act(form, () => call("set_section_status", { key: s.key, status: next }), id);
    if (v) update(v);
  }, { secondary: true, id: `${id}-toggle`, small: true });
  toggle.dataset.status = s.status;
  box.append(f.group, changed, toggle);
  return box;
}

function addSection(form, reload) {
  const key = field({ id: "new-section-key", label: "Short key", hint: "Lower-case letters and underscores, such as training", width: 10 });
  const title = field({ id: "new-section-title", label: "Title", width: 20 });
  // A form of its own (forms do not nest), so that Enter in its fields adds the section.
  return formOf({ class: "accord-form", id: "add-section-form" }, () => act(form, () => call("add_section", { key: key.control.value, title: title.control.value }), "new-section-key").then((r) => r && reload()),
    h("details", { class: "govuk-details" },
      h("summary", { class: "govuk-details__summary" }, h("span", { class: "govuk-details__summary-text", text: "Add a section of your own" })),
      h("div", { class: "govuk-details__text" }, key.group, title.group,
        button("Add section", null, { secondary: true, id: "add-section", submit: true }))));
}
