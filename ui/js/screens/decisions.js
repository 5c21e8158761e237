// The decisions log: a list filtered by status and tag, a page at a time; one decision in
// full (editable while proposed, a read-only record once accepted); new and superseding
// decisions.

import { act, autosave, call, choices, vocabulary } from "../api.js";
import { button, field, h, heading, statusColour, summaryList, table, tag, words } from "../dom.js";
import { go } from "../app.js";
import { conflictTag, conflictsByRecord } from "../sync.js";

/** A decision's number, said to be provisional while it is (the next sync may change it). */
function numberOf(d, provisional) {
  return provisional ? [d.number, " ", h("strong", { class: "govuk-tag govuk-tag--yellow accord-provisional", text: "Provisional" }),
    h("span", { class: "govuk-visually-hidden", text: " number: the next sync may change it" })] : d.number;
}

const PAGE = 50;

export async function render(main, [id, extra]) {
  if (id === "new") return newDecision(main, extra);
  if (id) return oneDecision(main, id);
  return list(main);
}

async function list(main) {
  const params = new URLSearchParams(sessionStorage.getItem("decision-filter") || "");
  const container = h("div", { class: "accord-form" });
  main.append(container);
  container.append(...heading("Decisions log"),
    h("p", { class: "govuk-body", text: "An accepted decision is a record: it is never edited again, only superseded by a new decision or deprecated." }),
    button("Record a new decision", () => go("#/decisions/new"), { id: "new-decision" }));
  const status = field({ id: "filter-status", label: "Status", kind: "select", value: params.get("status") ?? "", options: [["", "Any status"], ...choices((await vocabulary()).decision_statuses)] });
  const tagField = field({ id: "filter-tag", label: "Tag", value: params.get("tag") ?? "", width: 10 });
  const filters = h("form", { class: "accord-filters", novalidate: true, on: { submit: (e) => { e.preventDefault(); load(0); } } },
    status.group, tagField.group, button("Filter", null, { secondary: true, id: "filter-apply", submit: true }));
  const results = h("div", { id: "decision-results" });
  container.append(filters, results);
  status.control.addEventListener("change", () => load(0));

  async function load(offset) {
    sessionStorage.setItem("decision-filter", new URLSearchParams({ status: status.control.value, tag: tagField.control.value }).toString());
    const [page, conflicts] = await Promise.all([act(container, () => call("decisions", { status: status.control.value, tag: tagField.control.value, offset, limit: PAGE })), conflictsByRecord()]);
    if (!page) return;
    const rows = page.rows.map((d) => h("tr", { class: "govuk-table__row", dataset: d.provisional ? { number: d.number, provisional: "true" } : { number: d.number } },
      h("td", { class: "govuk-table__cell" }, numberOf(d, d.provisional)),
      h("td", { class: "govuk-table__cell" }, h("a", { class: "govuk-link", href: `#/decisions/${d.id}`, text: d.title }),
        (conflicts.get(`decision/${d.id}`) ?? []).map((c) => [" ", conflictTag(c)])),
      h("td", { class: "govuk-table__cell", text: d.date }),
      h("td", { class: "govuk-table__cell" }, tag(d.status, statusColour[d.status])),
      h("td", { class: "govuk-table__cell", text: d.tags.join(", ") })));
    const last = Math.min(offset + PAGE, page.total);
    const pager = h("nav", { class: "govuk-pagination", "aria-label": "Pages of decisions" },
      offset > 0 ? h("div", { class: "govuk-pagination__prev" }, h("a", { class: "govuk-link govuk-pagination__link", href: "#", rel: "prev", on: { click: (e) => { e.preventDefault(); load(Math.max(0, offset - PAGE)); } } }, "Previous page")) : null,
      last < page.total ? h("div", { class: "govuk-pagination__next" }, h("a", { class: "govuk-link govuk-pagination__link", href: "#", rel: "next", id: "next-page", on: { click: (e) => { e.preventDefault(); load(offset + PAGE); } } }, "Next page")) : null);
    results.replaceChildren(
      h("p", { class: "govuk-body", id: "decision-count", text: page.total ? `Showing ${offset + 1} to ${last} of ${page.total} decisions` : "No decisions match." }),
      table({ head: ["Number", "Title", "Date", "Status", "Tags"], rows, id: "decision-list" }), pager);
  }
  await load(0);
}

async function oneDecision(main, id) {
  const [v, conflicts] = await Promise.all([call("decision", { decision: id }), conflictsByRecord()]);
  const d = v.decision;
  const container = h("div", { class: "accord-form" });
  main.append(container);
  container.append(h("a", { class: "govuk-back-link", href: "#/decisions", text: "Back to the decisions log" }),
    ...heading(d.title, v.provisional ? `${d.number} (provisional until the next sync)` : d.number), h("p", { class: "govuk-body" }, tag(d.status, statusColour[d.status]), ` ${d.date}`,
      (conflicts.get(`decision/${d.id}`) ?? []).map((c) => [" ", conflictTag(c)])));
  const links = [];
  if (v.supersedes) links.push(h("p", { class: "govuk-body", id: "supersedes" }, "Supersedes ", h("a", { class: "govuk-link", href: `#/decisions/${v.supersedes.id}`, text: `${v.supersedes.number} ${v.supersedes.title}` })));
  for (const s of v.superseded_by) links.push(h("p", { class: "govuk-body", id: "superseded-by" }, d.status === "superseded" ? "Superseded by " : "To be superseded by ", h("a", { class: "govuk-link", href: `#/decisions/${s.id}`, text: `${s.number} ${s.title}` })));
  container.append(...links);
  const reload = () => { main.replaceChildren(); return oneDecision(main, id); };
  const setStatus = (s) => act(container, () => call("set_decision_status", { decision: d.id, status: s })).then((r) => r && reload());

  if (v.editable) {
    const save = (name) => (value) => call("set_decision_field", { decision: d.id, field: name, value });
    const fields = [
      [field({ id: "d-title", label: "Title", value: d.title }), "title"],
      [field({ id: "d-date", label: "Date", hint: "YYYY-MM-DD", value: d.date, width: 10 }), "date"],
      [field({ id: "d-context", label: "Context", hint: "The situation that needs deciding.", kind: "textarea", value: d.context }), "context"],
      [field({ id: "d-options", label: "Options considered", hint: "One option on each line.", kind: "textarea", value: d.options.join("\n"), rows: 4 }), "options"],
      [field({ id: "d-decision", label: "Decision", hint: "What was decided.", kind: "textarea", value: d.decision }), "decision"],
      [field({ id: "d-consequences", label: "Consequences", kind: "textarea", value: d.consequences, rows: 4 }), "consequences"],
      [field({ id: "d-tags", label: "Tags", hint: "Separated by commas.", value: d.tags.join(", ") }), "tags"],
    ];
    const flushes = fields.map(([f, name]) => { container.append(f.group); return autosave(container, f.control, save(name)); });
    const flushAll = () => Promise.all(flushes.map((f) => f()));
    container.append(h("div", { class: "govuk-button-group" },
      button("Accept decision", () => flushAll().then(() => setStatus("accepted")), { id: "accept-decision" }),
      button("Reject decision", () => flushAll().then(() => setStatus("rejected")), { secondary: true, id: "reject-decision" })));
    return;
  }
  container.append(summaryList([
    ["Context", h("span", { class: "accord-pre", text: d.context })],
    d.options.length ? ["Options considered", h("ul", { class: "govuk-list govuk-list--bullet" }, d.options.map((o) => h("li", { text: o })))] : null,
    ["Decision", h("span", { class: "accord-pre", id: "d-decision-text", text: d.decision })],
    ["Consequences", h("span", { class: "accord-pre", text: d.consequences })],
    v.deciders.length ? ["Decided by", v.deciders.join(", ")] : null,
    d.tags.length ? ["Tags", d.tags.join(", ")] : null,
  ]));
  if (d.status === "accepted") {
    container.append(h("div", { class: "govuk-inset-text", text: "This decision is accepted: it is a record and cannot be edited. To change it, record a new decision that supersedes it." }),
      h("div", { class: "govuk-button-group" },
        button("Supersede this decision", () => go(`#/decisions/new/${d.id}`), { id: "supersede-decision" }),
        button("Deprecate", () => setStatus("deprecated"), { secondary: true, id: "deprecate-decision" })));
  }
}

async function newDecision(main, supersedes) {
  const container = h("form", { class: "accord-form", novalidate: true });
  main.append(container);
  let old = null;
  if (supersedes) old = (await call("decision", { decision: supersedes })).decision;
  container.append(h("a", { class: "govuk-back-link", href: "#/decisions", text: "Back to the decisions log" }),
    ...heading(old ? `Supersede ${old.number}` : "Record a new decision"));
  if (old) container.append(h("p", { class: "govuk-body", text: `This decision will replace ${old.number} "${old.title}" once it is accepted.` }));
  const f = {
    title: field({ id: "new-title", label: "Title", hint: "A short statement, such as Host the reporting form in Adur's tenancy." }),
    date: field({ id: "new-date", label: "Date", hint: "YYYY-MM-DD; today if left empty.", width: 10 }),
    context: field({ id: "new-context", label: "Context", kind: "textarea", value: old?.context ?? "" }),
    options: field({ id: "new-options", label: "Options considered", hint: "One option on each line.", kind: "textarea", rows: 4 }),
    decision: field({ id: "new-decision-text", label: "Decision", kind: "textarea" }),
    consequences: field({ id: "new-consequences", label: "Consequences", kind: "textarea", rows: 4 }),
    tags: field({ id: "new-tags", label: "Tags", hint: "Separated by commas.", value: old?.tags.join(", ") ?? "" }),
  };
  // What is typed here is kept as a draft for as long as the app is open (in memory, not
  // on disk), so leaving the form and coming back does not lose it.
  const draftKey = `decision-draft:${old?.id ?? "new"}`;
  const draft = JSON.parse(sessionStorage.getItem(draftKey) || "null");
  if (draft) {
    for (const [k, x] of Object.entries(f)) if (typeof draft[k] === "string") x.control.value = draft[k];
    container.append(h("div", { class: "govuk-inset-text", id: "draft-restored", text: "What you typed before is back: it is not saved until you choose Save." }));
  }
  for (const x of Object.values(f)) container.append(x.group);
  container.addEventListener("input", () => {
    sessionStorage.setItem(draftKey, JSON.stringify(Object.fromEntries(Object.entries(f).map(([k, x]) => [k, x.control.value]))));
  });
  const fieldIds = { title: "new-title", date: "new-date", decision: "new-decision-text" };
  const save = async (acceptNow) => {
    const body = Object.fromEntries(Object.entries(f).map(([k, x]) => [k, x.control.value]));
    // Saving and accepting is one change: when accepting is refused, nothing is saved and
    // the form stays as typed, with the error beside the field.
    // The app names the field it refuses ("title", "decision"): mark this form's own.
    const record = () => call("record_decision", { decision: { ...body, supersedes: old?.id ?? null, accept: acceptNow } })
      .catch((e) => { throw { ...e, field: fieldIds[e.field] ?? e.field }; });
    const created = await act(container, record, "new-title");
    if (!created) return;
    sessionStorage.removeItem(draftKey);
    go(`#/decisions/${created.id}`);
  };
  container.addEventListener("submit", (e) => { e.preventDefault(); save(false); });
  container.append(h("div", { class: "govuk-button-group" },
    button("Save as proposed", null, { id: "save-decision", submit: true }),
    button("Save and accept", () => save(true), { secondary: true, id: "save-accept-decision" })));
}
